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
    seen: set[tuple] = set()  # (scope, names, types) already declared: most nodes and edges share a few
    for scope, d in _graphml_items(G):
        shape = (scope, tuple(d), tuple(map(type, d.values())))
        if shape in seen:
            continue
        seen.add(shape)
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
    # Each key's ``<data key="dN"`` is made once per (name, type, scope), and a node's or edge's values are
    # escaped only when their joined text holds something to escape (nearly never): per value, the text was
    # most of the GraphML's time at 30x the shipped data (#15).
    prefixes = {(name, kind, scope): f'<data key="{kid}"' for (name, kind, scope), kid in keys.items()}

    def data(d: Mapping, scope: str, pad: str) -> list[str]:
        texts = [v if type(v) is str else str(v) for v in d.values()]
        if _TEXT_SPECIAL.search("".join(texts)) is not None:
            texts = [_text(t) for t in texts]
        heads = [prefixes[k if type(k) is str else str(k), type(v), scope] for k, v in d.items()]
        return [f"{pad}{h}>{t}</data>\n" if t else f"{pad}{h} />\n" for h, t in zip(heads, texts, strict=True)]

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
    if not renames or renames.keys().isdisjoint(d):
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


class _VizText:
    """``"".join(_viz_lines(v, pad))``, the colour line made once per colour dict: the build's GEXF gives every
    node of a class the same one (#15)."""

    def __init__(self, pad: str) -> None:
        self.pad = pad
        self.colours: dict[int, tuple[Mapping, str]] = {}

    def __call__(self, v: Mapping) -> str:
        pad = self.pad
        text = ""
        if (c := v.get("color")) is not None:
            held = self.colours.get(id(c))
            if held is None or held[0] is not c:  # the dict itself is kept, so its id is not reused meanwhile
                held = self.colours[id(c)] = (c, _viz_lines({"color": c}, pad)[0])
            text = held[1]
        if (s := v.get("size")) is not None:
            text += f'{pad}<viz:size value="{_number(s)}" />\n'
        if (p := v.get("position")) is not None:
            text += (f'{pad}<viz:position x="{_number(p.get("x"))}" y="{_number(p.get("y"))}" '
                     f'z="{_number(p.get("z"))}" />\n')
        return text


def _number(x: object) -> str:
    """``_attrib(str(x))``: a float's or int's text holds nothing to escape."""
    return str(x) if type(x) is float or type(x) is int else _attrib(str(x))


_GEXF_TYPE_SET = frozenset(_GEXF_TYPES)
_VIZ_KEYS = frozenset({"color", "size", "position"})
_EDGE_INLINE = ("label", "weight", "type")


class _GexfPlan:
    """The first pass over the graph: each attribute's id and declaration (numbered in the order NetworkX
    meets them: nodes', then edges'), and whether any node has a ``viz`` element. It raises
    ``_UnsupportedError`` for anything the second pass could not write, so the file is never left half-made.

    Nodes and edges with the same attribute names (in the same order) share one ``shape``: the names written
    as ``attvalue`` elements and the text around their values, made once. Per node or edge only the values
    are then converted and escaped, which was most of the GEXF's time at 30x the shipped data (#15)."""

    def __init__(self) -> None:
        self.attr_ids: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
        self.declared: dict[str, list[str]] = {"node": [], "edge": []}
        self.uses_viz = False
        self.shapes: dict[str, dict[tuple, tuple[tuple, str]]] = {"node": {}, "edge": {}}

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

    def shape(self, d: Mapping, scope: str) -> tuple:
        """The names of ``d`` written as ``attvalue``s (``d``'s own, checked, on first sight of its names)."""
        sig = tuple(d)
        known = self.shapes[scope].get(sig)
        if known is None:
            if _NODE_SPECIAL.intersection(d) or "viz" in d if scope == "node" else _EDGE_SPECIAL.intersection(d):
                raise _UnsupportedError
            drop = ("label",) if scope == "node" else _EDGE_INLINE
            names = tuple(k for k in sig if k not in drop)
            self.register({k: d[k] for k in names}, scope)
            known = self.shapes[scope][sig] = (names, "")
        elif not _GEXF_TYPE_SET.issuperset(map(type, map(d.__getitem__, known[0]))):
            self.register({k: d[k] for k in known[0]}, scope)  # raises: a type not written here
        return known[0]

    def template(self, d: Mapping, scope: str, pad: str) -> tuple[tuple, str]:
        """(names, the ``<attvalues>`` block with a ``%s`` per value) for a ``d`` the first pass has seen."""
        sig = tuple(d)
        names, block = self.shapes[scope][sig]
        if names and not block:
            ids = self.attr_ids[scope]
            block = "".join([f"{pad}<attvalues>\n",
                             *(f'{pad}  <attvalue for="{ids["networkx_key" if k == "key" else str(k)]}" '
                               'value="%s" />\n' for k in names),
                             f"{pad}</attvalues>\n"])
            self.shapes[scope][sig] = (names, block)
        return names, block


def _edge_data(G: nx.Graph, renames: Mapping[str, str]) -> Iterator[tuple[object, object, Mapping]]:
    """(u, v, the edge's data renamed, with its key in a multigraph)."""
    if G.is_multigraph():
        for u, v, k, d in G.edges(keys=True, data=True):
            yield u, v, {**_renamed(d, renames), "key": k}
    else:
        for u, v, d in G.edges(data=True):
            yield u, v, _renamed(d, renames)


def _gexf_plan(G: nx.Graph, viz: Mapping, renames: Mapping[str, str]) -> _GexfPlan:
    name = G.graph.get("name", "")
    if G.graph.get("mode") == "dynamic" or type(name) is not str:
        raise _UnsupportedError
    plan = _GexfPlan()
    for n, d in G.nodes(data=True):
        d = _renamed(d, renames)
        v = viz.get(n)
        if v:
            if not _VIZ_KEYS.issuperset(v):
                raise _UnsupportedError
            if not plan.uses_viz and _viz_lines(v, ""):
                plan.uses_viz = True
        plan.shape(d, "node")
    for *_, d in _edge_data(G, renames):
        plan.shape(d, "edge")
    return plan


def _values(d: Mapping, names: tuple) -> tuple[str, ...]:
    """The escaped ``attvalue`` texts of ``names`` in ``d`` (escaped only when their joined text needs it)."""
    texts = [v if type(v) is str else _gexf_value(v) for v in map(d.__getitem__, names)]
    if _ATTRIB_SPECIAL.search("".join(texts)) is not None:
        texts = [_attrib(t) for t in texts]
    return tuple(texts)


def _gexf_text(G: nx.Graph, viz: Mapping, renames: Mapping[str, str], plan: _GexfPlan) -> Iterator[str]:
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
    viz_text = _VizText("        ")
    for n, d in G.nodes(data=True):
        d = _renamed(d, renames)
        head = f'      <node id="{_attrib(str(n))}" label="{_attrib(str(d.get("label", n)))}"'
        names, block = plan.template(d, "node", "        ")
        children = viz_text(viz[n]) if viz.get(n) else ""
        if names:
            children += block % _values(d, names)
        yield f"{head}>\n{children}      </node>\n" if children else head + " />\n"
    yield "    </nodes>\n"
    edges = False
    for i, (u, v, d) in enumerate(_edge_data(G, renames)):
        if not edges:
            yield "    <edges>\n"
            edges = True
        attrs = f'source="{_attrib(str(u))}" target="{_attrib(str(v))}" id="{i}"'
        for special in _EDGE_INLINE:
            if special in d:
                attrs += f' {special}="{_attrib(str(d[special]))}"'
        names, block = plan.template(d, "edge", "        ")
        yield f"      <edge {attrs}>\n{block % _values(d, names)}      </edge>\n" if names else \
            f"      <edge {attrs} />\n"
    yield "    </edges>\n" if edges else "    <edges />\n"
    yield "  </graph>\n</gexf>\n"
