"""GraphML and GEXF written as text in one pass, byte for byte what NetworkX writes.

NetworkX's GraphML and GEXF writers build an ElementTree of the whole graph and serialise it (NetworkX uses
lxml for GraphML only when it is installed, and lxml orders the keys differently); at 13,700 nodes that took
7 s of the build's 15 s of exports. The writers here produce the same bytes
(``tests/export/test_writers.py`` compares them with NetworkX's ElementTree writers on many graphs) for the
plain graphs the exports write: string, int, float and bool attributes, as
:func:`graph.export.formats.coerce_attributes` leaves them. Anything else (GEXF spells and dynamic values,
GraphML defaults, numpy values) goes to NetworkX's own writer, so the output is never wrong, only slower.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator, Mapping

import networkx as nx

__all__ = ["graphml_bytes", "graphml_chunks", "gexf_bytes", "gexf_chunks"]

_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_ATTRIB_SPECIAL = re.compile('[&<>"\r\n\t]')
_TEXT_SPECIAL = re.compile("[&<>]")


def _attrib(text: str) -> str:
    """An attribute value escaped as ElementTree escapes it (``xml.etree.ElementTree._escape_attrib``)."""
    if _ATTRIB_SPECIAL.search(text) is None:
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def _text(text: str) -> str:
    """Character data escaped as ElementTree escapes it (``_escape_cdata``)."""
    if _TEXT_SPECIAL.search(text) is None:
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _encode(parts: list[str]) -> bytes:
    # ElementTree writes through a TextIOWrapper with errors="xmlcharrefreplace" (a lone surrogate becomes &#…;)
    return "".join(parts).encode("utf-8", "xmlcharrefreplace")


class _UnsupportedError(Exception):
    """The graph holds something only NetworkX's own writer handles: fall back to it."""


# --- GraphML ---------------------------------------------------------------------------------------------------

# NetworkX's GraphML type names for the Python types (the last entry for a type in its table wins).
_GRAPHML_TYPES: dict[type, str] = {str: "string", int: "long", float: "double", bool: "boolean"}
_GRAPHML_ROOT = (
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)


def graphml_bytes(G: nx.Graph) -> bytes:
    """``G`` as ``nx.write_graphml_xml(G, …)`` writes it (UTF-8, pretty-printed), without building a tree.

    Keys are numbered ``d0, d1…`` in the order NetworkX meets them (graph data, then nodes, then edges) and
    listed in reverse, as its ``insert(0, …)`` leaves them; the graph's own data follows its edges.

    >>> G = nx.MultiDiGraph(); G.add_edge("a", "b", key="k", label="x & y")
    'k'
    >>> import io; buf = io.BytesIO(); nx.write_graphml_xml(G, buf); graphml_bytes(G) == buf.getvalue()
    True
    """
    return b"".join(graphml_chunks(G))


def graphml_chunks(G: nx.Graph) -> Iterator[bytes]:
    """:func:`graphml_bytes` in pieces, each node's and edge's made as it is written: the build writes the
    file from these, so the text is never held whole (at 100× the shipped data it was hundreds of MB, #15)."""
    try:
        keys, declared = _graphml_keys(G)
    except _UnsupportedError:
        buf = io.BytesIO()
        nx.write_graphml_xml(G, buf, encoding="utf-8")
        yield buf.getvalue()
        return
    yield _encode([_DECLARATION, _GRAPHML_ROOT, "\n", *reversed(declared)])
    yield from _batched(_graphml_body(G, keys))
    yield b"</graphml>\n"


def _graphml_items(G: nx.Graph) -> Iterator[tuple[str, Mapping]]:
    """(scope, data) in the order NetworkX meets them: the graph's data, then each node's, then each edge's."""
    yield "graph", G.graph
    for _, d in G.nodes(data=True):
        yield "node", d
    for *_, d in G.edges(data=True):
        yield "edge", d


def _graphml_keys(G: nx.Graph) -> tuple[dict[tuple[str, type, str], str], list[str]]:
    """The first pass: each (name, type, scope) its key id and declaration, or ``_UnsupportedError``."""
    if any(k in G.graph for k in ("id", "node_default", "edge_default")):
        raise _UnsupportedError
    keys: dict[tuple[str, type, str], str] = {}
    declared: list[str] = []
    for scope, d in _graphml_items(G):
        for k, v in d.items():
            name, kind = str(k), type(v)
            if (name, kind, scope) in keys:
                continue
            if kind not in _GRAPHML_TYPES:
                raise _UnsupportedError
            kid = f"d{len(keys)}"
            keys[name, kind, scope] = kid
            declared.append(f'  <key id="{kid}" for="{scope}" attr.name="{_attrib(name)}" '
                            f'attr.type="{_GRAPHML_TYPES[kind]}" />\n')
    return keys, declared


def _graphml_body(G: nx.Graph, keys: dict[tuple[str, type, str], str]) -> Iterator[str]:
    def data(d: Mapping, scope: str, pad: str) -> list[str]:
        lines = []
        for k, v in d.items():
            text = str(v)
            prefix = f'{pad}<data key="{keys[str(k), type(v), scope]}"'
            lines.append(f"{prefix}>{_text(text)}</data>\n" if text else f"{prefix} />\n")
        return lines

    graph_data = data(G.graph, "graph", "    ")
    edgedefault = "directed" if G.is_directed() else "undirected"
    if not (G.number_of_nodes() or graph_data):  # no node means no edge: an empty graph element
        yield f'  <graph edgedefault="{edgedefault}" />\n'
        return
    yield f'  <graph edgedefault="{edgedefault}">\n'
    for n, d in G.nodes(data=True):
        head = f'    <node id="{_attrib(str(n))}"'
        yield "".join([head + ">\n", *data(d, "node", "      "), "    </node>\n"]) if d else head + " />\n"
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, k, d in edges:
        head = f'    <edge source="{_attrib(str(u))}" target="{_attrib(str(v))}"'
        if k is not None:
            head += f' id="{_attrib(str(k))}"'
        yield "".join([head + ">\n", *data(d, "edge", "      "), "    </edge>\n"]) if d else head + " />\n"
    yield from graph_data
    yield "  </graph>\n"


def _batched(pieces: Iterator[str], size: int = 1 << 16) -> Iterator[bytes]:
    """``pieces`` encoded as ``_encode`` does, in chunks of about ``size`` characters (one write each)."""
    batch: list[str] = []
    held = 0
    for piece in pieces:
        batch.append(piece)
        held += len(piece)
        if held >= size:
            yield _encode(batch)
            batch, held = [], 0
    if batch:
        yield _encode(batch)


# --- GEXF ------------------------------------------------------------------------------------------------------

_GEXF_TYPES: dict[type, str] = {str: "string", int: "long", float: "double", bool: "boolean"}
# Node and edge data that NetworkX's GEXF writer turns into XML attributes, spells or parents: not handled here.
_NODE_SPECIAL = frozenset({"id", "pid", "start", "end", "parents", "spells", "slices"})
_EDGE_SPECIAL = frozenset({"id", "start", "end", "spells", "slices", "viz"})
_GEXF_NS = "http://www.gexf.net/1.2draft"


def _gexf_value(v: object) -> str:
    if type(v) is bool:
        return "true" if v else "false"
    text = str(v)
    if type(v) is float:
        text = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return text


def gexf_bytes(G: nx.Graph, *, viz: Mapping | None = None, renames: Mapping[str, str] | None = None) -> bytes:
    """``G`` as ``nx.write_gexf(H, …)`` writes it (GEXF 1.2draft, UTF-8, pretty-printed), where ``H`` is ``G``
    with ``viz[n]`` as each node's ``viz`` attribute and node and edge attributes renamed by ``renames``.

    ``G`` is not changed. Like NetworkX, the file says it was made by ``NetworkX <version>`` today.

    >>> G = nx.MultiDiGraph(); G.add_edge("a", "b", key="k", sector="x & y")
    'k'
    >>> import io; buf = io.BytesIO(); nx.write_gexf(G, buf); gexf_bytes(G) == buf.getvalue()
    True
    """
    return b"".join(gexf_chunks(G, viz=viz, renames=renames))


def gexf_chunks(G: nx.Graph, *, viz: Mapping | None = None,
                renames: Mapping[str, str] | None = None) -> Iterator[bytes]:
    """:func:`gexf_bytes` in pieces, each node's and edge's made as it is written (see :func:`graphml_chunks`)."""
    viz = viz or {}
    renames = renames or {}
    try:
        plan = _gexf_plan(G, viz, renames)
    except _UnsupportedError:
        H = G.copy()
        for n, d in H.nodes(data=True):
            if n in viz:
                d["viz"] = viz[n]
        for d in [d for _, d in H.nodes(data=True)] + [d for *_, d in H.edges(data=True)]:
            for old, new in renames.items():
                if old in d:
                    d[new] = d.pop(old)
        buf = io.BytesIO()
        nx.write_gexf(H, buf, encoding="utf-8")
        yield buf.getvalue()
        return
    yield from _batched(_gexf_text(G, viz, renames, plan))


def _renamed(d: Mapping, renames: Mapping[str, str]) -> Mapping:
    if not renames or not any(old in d for old in renames):
        return d
    out = dict(d)
    for old, new in renames.items():
        if old in out:
            out[new] = out.pop(old)
    return out


def _viz_lines(v: Mapping, pad: str) -> list[str]:
    if set(v) - {"color", "size", "position"}:
        raise _UnsupportedError
    lines = []
    if (c := v.get("color")) is not None:
        lines.append(f'{pad}<viz:color r="{_attrib(str(c.get("r")))}" g="{_attrib(str(c.get("g")))}" '
                     f'b="{_attrib(str(c.get("b")))}" a="{_attrib(str(c.get("a", 1.0)))}" />\n')
    if (s := v.get("size")) is not None:
        lines.append(f'{pad}<viz:size value="{_attrib(str(s))}" />\n')
    if (p := v.get("position")) is not None:
        lines.append(f'{pad}<viz:position x="{_attrib(str(p.get("x")))}" y="{_attrib(str(p.get("y")))}" '
                     f'z="{_attrib(str(p.get("z")))}" />\n')
    return lines


def _gexf_nodes(G: nx.Graph, renames: Mapping[str, str]) -> Iterator[tuple[object, Mapping, Mapping]]:
    """(node, its data renamed, that data without ``label``) for each node, or ``_UnsupportedError``."""
    for n, d in G.nodes(data=True):
        d = _renamed(d, renames)
        if _NODE_SPECIAL.intersection(d) or "viz" in d:
            raise _UnsupportedError
        yield n, d, ({k: v for k, v in d.items() if k != "label"} if "label" in d else d)


def _gexf_edges(G: nx.Graph, renames: Mapping[str, str]) -> Iterator[tuple[object, object, Mapping, Mapping]]:
    """(u, v, the edge's data renamed with its key, that data without ``label``, ``weight``, ``type``)."""
    items = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, k, d in items:
        d = _renamed(d, renames)
        if _EDGE_SPECIAL.intersection(d):
            raise _UnsupportedError
        if G.is_multigraph():
            d = {**d, "key": k}
        yield u, v, d, {key: val for key, val in d.items() if key not in ("label", "weight", "type")}


class _GexfPlan:
    """The first pass over the graph: each attribute's id and declaration (numbered in the order NetworkX
    meets them: nodes', then edges'), and whether any node has a ``viz`` element. It raises
    ``_UnsupportedError`` for anything the second pass could not write, so the file is never left half-made."""

    def __init__(self) -> None:
        self.attr_ids: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
        self.declared: dict[str, list[str]] = {"node": [], "edge": []}
        self.uses_viz = False

    def register(self, d: Mapping, scope: str) -> None:
        for k, v in d.items():
            title = "networkx_key" if k == "key" else str(k)
            kind = type(v)
            if kind not in _GEXF_TYPES:
                raise _UnsupportedError
            if title not in self.attr_ids[scope]:
                aid = self.attr_ids[scope][title] = str(len(self.attr_ids["node"]) + len(self.attr_ids["edge"]))
                self.declared[scope].append(f'      <attribute id="{aid}" title="{_attrib(title)}" '
                                            f'type="{_GEXF_TYPES[kind]}" />\n')


def _gexf_plan(G: nx.Graph, viz: Mapping, renames: Mapping[str, str]) -> _GexfPlan:
    name = G.graph.get("name", "")
    if G.graph.get("mode") == "dynamic" or type(name) is not str:
        raise _UnsupportedError
    plan = _GexfPlan()
    for n, _, rest in _gexf_nodes(G, renames):
        if viz.get(n) and _viz_lines(viz[n], ""):
            plan.uses_viz = True
        plan.register(rest, "node")
    for *_, rest in _gexf_edges(G, renames):
        plan.register(rest, "edge")
    return plan


def _gexf_text(G: nx.Graph, viz: Mapping, renames: Mapping[str, str], plan: _GexfPlan) -> Iterator[str]:
    def attvalues(d: Mapping, scope: str, pad: str) -> list[str]:
        if not d:
            return []
        ids = plan.attr_ids[scope]
        return [f"{pad}<attvalues>\n",
                *(f'{pad}  <attvalue for="{ids["networkx_key" if k == "key" else str(k)]}" '
                  f'value="{_attrib(_gexf_value(v))}" />\n' for k, v in d.items()),
                f"{pad}</attvalues>\n"]

    name = G.graph.get("name", "")
    ns = f"xmlns:viz={chr(34)}{_GEXF_NS}/viz{chr(34)} " if plan.uses_viz else ""
    yield (f'{_DECLARATION}<gexf {ns}xmlns="{_GEXF_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'xsi:schemaLocation="{_GEXF_NS} {_GEXF_NS}/gexf.xsd" version="1.2">\n')
    yield (f'  <meta lastmodifieddate="{time.strftime("%Y-%m-%d")}">\n'
           f"    <creator>{_text(f'NetworkX {nx.__version__}')}</creator>\n  </meta>\n")
    kind = "directed" if G.is_directed() else "undirected"
    yield f'  <graph defaultedgetype="{kind}" mode="static" name="{_attrib(name)}">\n'
    for scope in ("edge", "node"):  # NetworkX inserts each class's block at the top: edges' above nodes'
        if plan.declared[scope]:
            yield "".join([f'    <attributes mode="static" class="{scope}">\n', *plan.declared[scope],
                           "    </attributes>\n"])
    if not G.number_of_nodes():
        yield "    <nodes />\n    <edges />\n  </graph>\n</gexf>\n"
        return
    yield "    <nodes>\n"
    for n, d, rest in _gexf_nodes(G, renames):
        head = f'      <node id="{_attrib(str(n))}" label="{_attrib(str(d.get("label", n)))}"'
        children = _viz_lines(viz[n], "        ") if viz.get(n) else []
        children += attvalues(rest, "node", "        ")
        yield "".join([head + ">\n", *children, "      </node>\n"]) if children else head + " />\n"
    yield "    </nodes>\n"
    edges = False
    for i, (u, v, d, rest) in enumerate(_gexf_edges(G, renames)):
        if not edges:
            yield "    <edges>\n"
            edges = True
        attrs = f'source="{_attrib(str(u))}" target="{_attrib(str(v))}" id="{i}"'
        for special in ("label", "weight", "type"):
            if special in d:
                attrs += f' {special}="{_attrib(str(d[special]))}"'
        children = attvalues(rest, "edge", "        ")
        yield "".join([f"      <edge {attrs}>\n", *children, "      </edge>\n"]) if children else \
            f"      <edge {attrs} />\n"
    yield "    </edges>\n" if edges else "    <edges />\n"
    yield "  </graph>\n</gexf>\n"
