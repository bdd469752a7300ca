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
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import accumulate, chain, compress, islice, repeat
from operator import add, attrgetter, itemgetter, methodcaller

import networkx as nx

__all__ = ["GraphRows", "Shape", "graph_rows", "directed_edges", "not_plain", "value_getter", "graphml_bytes",
           "graphml_chunks", "gexf_bytes", "gexf_chunks", "UniformViz"]

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


# --- The rows every format writes ----------------------------------------------------------------------------

# A text with none of these can go into any of the formats as it is: nothing XML, JSON or CSV escapes or
# quotes (markup, quotes, a backslash, controls), nothing XML cannot hold, no spreadsheet formula start and no
# empty value (GraphML writes those as ``<data … />``). All the texts of a graph are joined by NULs and searched
# at once (a NUL inside a text is found by counting them), a formula start or an empty text after a NUL or at
# either end. A break is looked for by ``in``, a vectorised scan (a regular expression's character class was
# twice as slow on the same text); a bad start by one pattern (``in`` is slow for two characters), whose match is
# the NUL alone: a match of the NUL and the start took that start from the next search, so after an empty text
# (two NULs) a text starting ``=`` was not found (a node id ``=`` written without its formula guard).
_BREAKS = '&<>"\\' + "".join(map(chr, range(1, 32))) + "\ufffe\uffff"
_BAD_START = re.compile("\x00(?=[=+\\-@\x00])")
_STARTS = "=+-@\x00"  # (and "": an empty first text is not plain either)


def not_plain(texts: list[str]) -> set[int]:
    """The indices of the texts not plain (see ``_BREAKS``), from one search of their joined text: per text, the
    joining and the searches were half the time of the rows at 30× the shipped data (#15).

    >>> sorted(not_plain(["Kota Surabaya", "a & b", "-1", "", "Kota Bandung, Jawa Barat"]))
    [1, 2, 3]
    """
    if not texts:
        return set()
    joined = "\x00".join(texts)
    bad = set()
    if joined.count("\x00") != len(texts) - 1:  # a text with a NUL: not plain, and searched as a break
        bad = {i for i, t in enumerate(texts) if "\x00" in t}
        texts = ["&" if i in bad else t for i, t in enumerate(texts)]
        joined = "\x00".join(texts)
    # a break at ``p`` is in the text after the NULs before ``p``; a bad start in the text after the NUL at ``p``
    at = [m.start() + 1 for m in _BAD_START.finditer(joined)]
    for c in _BREAKS:
        if c in joined:
            found = joined.find(c)
            while found >= 0:
                at.append(found)
                found = joined.find(c, found + 1)
    index = last = 0
    for p in sorted(at):
        index += joined.count("\x00", last, p)
        bad.add(index)
        last = p
    if joined[:1] in _STARTS:
        bad.add(0)
    if joined.endswith("\x00"):
        bad.add(len(texts) - 1)
    return bad


class Shape:
    """The attribute names and value types that nodes (or edges) share: a network has a few dozen, so each
    format makes its text around the values once per shape, not once per node or edge (#15)."""

    __slots__ = ("names", "types", "key_type", "str_only")

    def __init__(self, names: tuple, types: tuple[type, ...], key_type: type | None) -> None:
        self.names = names
        self.types = types
        self.key_type = key_type  # the edge key's type in a multigraph, else None
        self.str_only = all(t is str for t in types) and all(type(k) is str for k in names)


@dataclass(frozen=True)
class GraphRows:
    """A graph's nodes and edges as every export format reads them, made once for all of them (#15).

    ``nodes`` are ``(n, data)`` and ``edges`` ``(u, v, key, data)`` (``key`` None in a simple graph), in the
    graph's order; ``*_shapes`` holds each one's :class:`Shape` and ``*_fast`` is 1 where the id, ends, key and
    every value are plain text (see ``_BREAKS``), so a format may write it from its shape's template with no
    check and no escaping. ``shapes`` lists each scope's shapes in the order they first occur.
    """

    nodes: list[tuple]
    node_shapes: list[Shape]
    node_fast: bytearray
    edges: list[tuple]
    edge_shapes: list[Shape]
    edge_fast: bytearray
    shapes: dict[str, list[Shape]]


_VALUES = methodcaller("values")
_DATA = itemgetter(-1)


def graph_rows(G: nx.Graph, edges: list[tuple] | None = None) -> GraphRows:
    """The :class:`GraphRows` of ``G``: each walk over its nodes or edges done by ``map`` and ``zip``, in C (a
    loop in Python over them was a quarter of the exports' time at 30× the shipped data, #15). ``edges``:
    ``list(G.edges(keys=True, data=True))`` of a multigraph, when the caller has it (the build's network keeps
    one for the exports and the page, ``graph.export.whole.WholeNetwork.edges``); a simple graph's are read here.

    >>> G = nx.MultiDiGraph(); G.add_edge("a", "b", key="k", label="x"); G.add_edge("a", "b", key="j", label="&")
    'k'
    'j'
    >>> rows = graph_rows(G); list(rows.edge_fast), rows.edge_shapes[0] is rows.edge_shapes[1]
    ([1, 0], True)
    """
    multi = G.is_multigraph()
    nodes = list(G.nodes(data=True))
    if edges is None or not multi:
        edges = (directed_edges(G) if G.is_directed() else list(G.edges(keys=True, data=True))) if multi else \
            [(u, v, None, d) for u, v, d in G.edges(data=True)]
    node_shapes, node_kinds = _shaped(nodes, repeat(None))
    edge_shapes, edge_kinds = _shaped(edges, map(type, map(itemgetter(2), edges)) if multi else repeat(None))
    return GraphRows(nodes, node_shapes, _fast(nodes, 1, node_shapes), edges, edge_shapes,
                     _fast(edges, 3 if multi else 2, edge_shapes), {"node": node_kinds, "edge": edge_kinds})


def directed_edges(G: nx.MultiDiGraph) -> list[tuple]:
    """``list(G.edges(keys=True, data=True))`` of a directed multigraph, read from its adjacency dicts (the data
    structure NetworkX documents) in one comprehension: its view resumes a generator per edge, twice the time
    (0.048 against 0.024 CPU s for the 62k edges at 30× the shipped data, #15). An undirected graph's view also
    skips each pair seen from its other end, so it keeps the view."""
    return [(u, v, k, d) for u, nbrs in G._adj.items() for v, keyed in nbrs.items() for k, d in keyed.items()]


def _shaped(items: list[tuple], key_types: Iterable) -> tuple[list[Shape], list[Shape]]:
    """Each item's :class:`Shape` (its data's names and value types, and ``key_types``' entry) and the shapes in
    the order they first occur: one :class:`Shape` per distinct signature."""
    data = list(map(_DATA, items))
    sigs = list(zip(map(tuple, data), map(tuple, map(map, repeat(type), map(_VALUES, data))), key_types, strict=False))
    made = {sig: Shape(*sig) for sig in dict.fromkeys(sigs)}
    return list(map(made.__getitem__, sigs)), list(made.values())


def _fast(items: list[tuple], width: int, shapes: list[Shape], chunk: int = 4096) -> bytearray:
    """1 for each item whose first ``width`` entries (the id, or the ends and key) and values are plain texts: the
    texts of ``chunk`` items of text-only shapes are searched at once (:func:`not_plain`), so their joined text
    stays small beside the network (at 30× the shipped data all of them were 24 MB)."""
    fast = bytearray(map(attrgetter("str_only"), shapes))
    picked = list(compress(range(len(items)), fast))
    head = itemgetter(slice(0, width))
    for start in range(0, len(picked), chunk):
        at = picked[start:start + chunk]
        part = list(map(items.__getitem__, at))
        heads = list(map(head, part))
        if set(map(type, chain.from_iterable(heads))) - {str}:  # an id, end or key not a text: not plain
            textual = [all(type(x) is str for x in h) for h in heads]
            for i in compress(at, [not t for t in textual]):
                fast[i] = 0
            at, part, heads = list(compress(at, textual)), list(compress(part, textual)), list(compress(heads, textual))
        data = list(map(_DATA, part))
        bad = not_plain(list(chain.from_iterable(map(chain, heads, map(_VALUES, data)))))
        if bad:
            ends = list(accumulate(map(width.__add__, map(len, data))))  # where each item's texts end
            for i in bad:
                fast[at[bisect_right(ends, i)]] = 0
    return fast


def value_getter(keys: tuple | list) -> Callable[[Mapping], tuple]:
    """``lambda d: tuple(d[k] for k in keys)``, by ``operator.itemgetter`` (which gives no tuple for one key).

    >>> value_getter(["b", "a"])({"a": 1, "b": 2}), value_getter(["a"])({"a": 1}), value_getter([])({})
    ((2, 1), (1,), ())
    """
    if len(keys) == 1:
        return lambda d, k=keys[0]: (d[k],)
    return itemgetter(*keys) if keys else lambda d: ()


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


def graphml_chunks(G: nx.Graph, *, rows: GraphRows | None = None) -> Iterator[bytes]:
    """:func:`graphml_bytes` in pieces, each node's and edge's made as it is written: the build writes the
    file from these, so the text is never held whole (at 100× the shipped data it was hundreds of MB, #15).
    ``rows``: ``graph_rows(G)``, when the caller has it (the build's formats share one)."""
    rows = graph_rows(G) if rows is None else rows
    try:
        keys, declared = _graphml_keys(G, rows)
    except _UnsupportedError:
        buf = io.BytesIO()
        nx.write_graphml_xml(G, buf, encoding="utf-8")
        yield buf.getvalue()
        return
    yield _encode([_DECLARATION, _GRAPHML_ROOT, "\n", *reversed(declared)])
    yield from _batched(_graphml_body(G, rows, keys))
    yield b"</graphml>\n"


def _graphml_keys(G: nx.Graph, rows: GraphRows) -> tuple[dict[tuple[str, type, str], str], list[str]]:
    """The first pass: each (name, type, scope) its key id and declaration, or ``_UnsupportedError``. The
    shapes in the order they first occur meet the names in the order the nodes and edges do."""
    if any(k in G.graph for k in ("id", "node_default", "edge_default")):
        raise _UnsupportedError
    keys: dict[tuple[str, type, str], str] = {}
    declared: list[str] = []
    shapes = [("graph", tuple(G.graph), tuple(map(type, G.graph.values())))]
    shapes += [(scope, s.names, s.types) for scope in ("node", "edge") for s in rows.shapes[scope]]
    for scope, names, types in shapes:
        for k, kind in zip(names, types, strict=True):
            name = str(k)
            if (name, kind, scope) in keys:
                continue
            if kind not in _GRAPHML_TYPES:
                raise _UnsupportedError
            kid = f"d{len(keys)}"
            keys[name, kind, scope] = kid
            declared.append(f'  <key id="{kid}" for="{scope}" attr.name="{_attrib(name)}" '
                            f'attr.type="{_GRAPHML_TYPES[kind]}" />\n')
    return keys, declared


def _graphml_template(shape: Shape, scope: str, head: str, keys: Mapping) -> str | None:
    """A node's or edge's text with a ``%s`` per id, end, key and value (in that order), for its plain items."""
    if not (shape.names and shape.str_only):
        return None
    close = "    </node>\n" if scope == "node" else "    </edge>\n"
    return "".join([head + ">\n", *(f'      <data key="{keys[k, t, scope]}">%s</data>\n'
                                    for k, t in zip(shape.names, shape.types, strict=True)), close])


def _graphml_body(G: nx.Graph, rows: GraphRows, keys: dict[tuple[str, type, str], str]) -> Iterator[str]:
    # A plain node or edge (nearly all) is one ``%`` of its shape's template. The others: each key's
    # ``<data key="dN"`` is made once per (name, type, scope), and a node's or edge's values are escaped only
    # when their joined text holds something to escape (#15).
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
    node_t = {s: _graphml_template(s, "node", '    <node id="%s"', keys) for s in rows.shapes["node"]}
    for (n, d), shape, fast in zip(rows.nodes, rows.node_shapes, rows.node_fast, strict=True):
        if fast and (t := node_t[shape]) is not None:
            yield t % (n, *d.values())
            continue
        head = f'    <node id="{_attrib(str(n))}"'
        yield "".join([head + ">\n", *data(d, "node", "      "), "    </node>\n"]) if d else head + " />\n"
    multi = G.is_multigraph()
    edge_head = '    <edge source="%s" target="%s" id="%s"' if multi else '    <edge source="%s" target="%s"'
    edge_t = {s: _graphml_template(s, "edge", edge_head, keys) for s in rows.shapes["edge"]}
    for (u, v, k, d), shape, fast in zip(rows.edges, rows.edge_shapes, rows.edge_fast, strict=True):
        if fast and (t := edge_t[shape]) is not None:
            yield t % ((u, v, k, *d.values()) if multi else (u, v, *d.values()))
            continue
        head = f'    <edge source="{_attrib(str(u))}" target="{_attrib(str(v))}"'
        if k is not None:
            head += f' id="{_attrib(str(k))}"'
        yield "".join([head + ">\n", *data(d, "edge", "      "), "    </edge>\n"]) if d else head + " />\n"
    yield from graph_data
    yield "  </graph>\n"


def _batched(pieces: Iterator[str], size: int = 256) -> Iterator[bytes]:
    """``pieces`` encoded as ``_encode`` does, ``size`` pieces a chunk (a node's or edge's piece is a few hundred
    characters), taken by ``islice``: a step in Python per piece was a tenth of the writer's time."""
    while batch := list(islice(pieces, size)):
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


def gexf_chunks(G: nx.Graph, *, viz: Mapping | None = None, renames: Mapping[str, str] | None = None,
                rows: GraphRows | None = None) -> Iterator[bytes]:
    """:func:`gexf_bytes` in pieces, each node's and edge's made as it is written (see :func:`graphml_chunks`)."""
    viz = viz or {}
    renames = renames or {}
    rows = graph_rows(G) if rows is None else rows
    try:
        plan = _gexf_plan(G, viz, renames, rows)
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
    yield from _batched(_gexf_text(G, viz, rows, plan))


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
        self.size = pad + '<viz:size value="%s" />\n'  # "%s" % a float or int is its str()
        self.position = pad + '<viz:position x="%s" y="%s" z="%s" />\n'

    def __call__(self, v: Mapping) -> str:
        pad = self.pad
        text = ""
        if (c := v.get("color")) is not None:
            held = self.colours.get(id(c))
            if held is None or held[0] is not c:  # the dict itself is kept, so its id is not reused meanwhile
                held = self.colours[id(c)] = (c, _viz_lines({"color": c}, pad)[0])
            text = held[1]
        if (s := v.get("size")) is not None:
            text += self.size % (s if type(s) is float or type(s) is int else _attrib(str(s)))
        if (p := v.get("position")) is not None:
            x, y, z = p.get("x"), p.get("y"), p.get("z")
            if not (type(x) is float and type(y) is float and type(z) is float):  # the layout's: no escaping
                x, y, z = _number(x), _number(y), _number(z)
            text += self.position % (x, y, z)
        return text


class UniformViz(Mapping):
    """GEXF viz attributes that every node has, all three: a colour, a size and a position. A subclass gives
    ``entry(n, d)``, node ``n``'s ``(colour, size, x, y, z)`` from the node and its data ``d`` (``colour`` a dict of
    ``r g b a``, the same dict for many nodes; the others numbers), and ``data(n)``, the node's data; as a
    ``Mapping`` each node's viz is then the dict NetworkX reads (``{"color": …, "size": …, "position": …}``).

    The writer reads the entries, not the dicts, all at once (:meth:`entry_columns`): its first pass knows every
    node has a viz without asking each node, and each node's viz text is one ``%`` of its numbers after its
    colour's line (a dict per node, read twice and then worded key by key, was a third of the GEXF's time at 30x
    the shipped data, #15)."""

    def entry(self, n: object, d: Mapping) -> tuple[Mapping, object, object, object, object]:
        raise NotImplementedError

    def data(self, n: object) -> Mapping:
        raise NotImplementedError

    def entry_columns(self, nodes: list[tuple]) -> list[list]:
        """The entries of ``nodes``, ``(n, data)`` pairs, as five lists: the colours, sizes, xs, ys and zs. A subclass
        may make them column by column (a call of ``entry`` per node was most of their time)."""
        return list(map(list, zip(*map(self.entry, map(itemgetter(0), nodes), map(itemgetter(1), nodes)),
                                  strict=True))) or [[]] * 5

    def __getitem__(self, n: object) -> dict:
        colour, size, x, y, z = self.entry(n, self.data(n))
        return {"color": colour, "size": size, "position": {"x": x, "y": y, "z": z}}


def _uniform_viz_texts(viz: UniformViz, nodes: list[tuple], pad: str) -> Iterator[str]:
    """``_VizText(pad)(viz[n])`` for each of ``nodes`` from the entries: each colour's line made once, the size and
    the position one ``%`` of their numbers (``"%s" % a float`` is its ``str()``, as :class:`_VizText` writes it)."""
    colours, sizes, xs, ys, zs = viz.entry_columns(nodes)
    text = _VizText(pad)
    if set(map(type, chain(sizes, xs, ys, zs))) - {float}:  # numbers :class:`_VizText` words one by one
        return map(text, ({"color": c, "size": s, "position": {"x": x, "y": y, "z": z}}
                          for c, s, x, y, z in zip(colours, sizes, xs, ys, zs, strict=True)))
    # ``colours`` holds every dict while the lines are made, so an id stands for one dict throughout
    lines = {i: text({"color": c}) for i, c in dict(zip(map(id, colours), colours, strict=True)).items()}
    numbers = pad + '<viz:size value="%s" />\n' + pad + '<viz:position x="%s" y="%s" z="%s" />\n'
    return map(add, map(lines.__getitem__, map(id, colours)), map(numbers.__mod__, zip(sizes, xs, ys, zs, strict=True)))


def _number(x: object) -> str:
    """``_attrib(str(x))``: a float's or int's text holds nothing to escape."""
    return str(x) if type(x) is float or type(x) is int else _attrib(str(x))


_VIZ_KEYS = frozenset({"color", "size", "position"})
_EDGE_INLINE = ("label", "weight", "type")
_KEY = object()  # where an edge's key stands among its attributes (``networkx_key``)


class _GexfForm:
    """How the nodes or edges of one :class:`Shape` are written: ``label``, the data key of a node's label (or
    None: its id); ``inline``, the keys of an edge's label, weight and type attributes; ``titles``, the
    ``attvalue`` names and ``sources`` the data keys they come from (``_KEY``: the edge's key), as NetworkX
    writes them after the renames; ``block``, the ``<attvalues>`` with a ``%s`` per value; ``template``, the
    whole node or edge with a ``%s`` per id, end, label, value…, for its plain items (or None)."""

    __slots__ = ("label", "inline", "titles", "sources", "block", "get", "inline_get", "template")


class _GexfPlan:
    """The first pass: each attribute's id and declaration (numbered in the order NetworkX meets them: nodes',
    then edges'), whether any node has a ``viz`` element, and each shape's :class:`_GexfForm`. It raises
    ``_UnsupportedError`` for anything the second pass could not write, so the file is never left half-made.

    Nodes and edges of one shape share their names and the text around their values, made once; per node or
    edge only the values are converted (and escaped if need be): per value, that text was most of the GEXF's
    time at 30x the shipped data (#15)."""

    def __init__(self) -> None:
        self.attr_ids: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
        self.declared: dict[str, list[str]] = {"node": [], "edge": []}
        self.uses_viz = False
        self.forms: dict[Shape, _GexfForm] = {}

    def register(self, title: str, kind: type, scope: str) -> None:
        if kind not in _GEXF_TYPES:
            raise _UnsupportedError
        if title not in self.attr_ids[scope]:
            aid = self.attr_ids[scope][title] = str(len(self.attr_ids["node"]) + len(self.attr_ids["edge"]))
            self.declared[scope].append(f'      <attribute id="{aid}" title="{_attrib(title)}" '
                                        f'type="{_GEXF_TYPES[kind]}" />\n')

    def add(self, shape: Shape, scope: str, renames: Mapping[str, str]) -> None:
        # The data as NetworkX sees it, each new name mapped to the key its value comes from: renamed as
        # ``_renamed`` renames (a renamed key moves to the end), an edge's key added last as ``networkx_key``.
        source = dict(_renamed(dict(zip(shape.names, shape.names, strict=True)), renames))
        kinds: dict = dict(zip(shape.names, shape.types, strict=True))
        if shape.key_type is not None:
            source["key"] = _KEY
            kinds[_KEY] = shape.key_type
        if _NODE_SPECIAL.intersection(source) or "viz" in source if scope == "node" else \
                _EDGE_SPECIAL.intersection(source):
            raise _UnsupportedError
        drop = ("label",) if scope == "node" else _EDGE_INLINE
        form = _GexfForm()
        form.label = source.get("label") if scope == "node" else None
        form.inline = tuple((name, source[name]) for name in _EDGE_INLINE if name in source) if scope == "edge" \
            else ()
        names = [k for k in source if k not in drop]
        form.titles = tuple("networkx_key" if k == "key" else str(k) for k in names)
        form.sources = tuple(source[k] for k in names)
        for title, src in zip(form.titles, form.sources, strict=True):
            self.register(title, kinds[src], scope)
        pad = "        "
        ids = self.attr_ids[scope]
        form.block = "".join([f"{pad}<attvalues>\n",
                              *(f'{pad}  <attvalue for="{ids[t]}" value="%s" />\n' for t in form.titles),
                              f"{pad}</attvalues>\n"]) if form.titles else ""
        form.template = form.get = form.inline_get = None
        if shape.str_only and form.titles and (scope == "node" or _KEY not in form.sources[:-1]):
            body = "%s" + form.block if scope == "node" else form.block
            if scope == "node":
                head = '      <node id="%s" label="%s">\n'
                keys = form.sources
            else:
                head = '      <edge source="%s" target="%s" id="%s"' + "".join(f' {name}="%s"' for name, _ in
                                                                                 form.inline) + ">\n"
                keys = form.sources[:-1] if shape.key_type is not None else form.sources
                form.inline_get = value_getter(tuple(src for _, src in form.inline))
            form.template = head + body + ("      </node>\n" if scope == "node" else "      </edge>\n")
            form.get = value_getter(keys)
        self.forms[shape] = form


def _gexf_plan(G: nx.Graph, viz: Mapping, renames: Mapping[str, str], rows: GraphRows) -> _GexfPlan:
    name = G.graph.get("name", "")
    if G.graph.get("mode") == "dynamic" or type(name) is not str:
        raise _UnsupportedError
    plan = _GexfPlan()
    if isinstance(viz, UniformViz):  # every node has a colour, so a viz element
        plan.uses_viz = bool(rows.nodes)
    for n, _ in () if isinstance(viz, UniformViz) else rows.nodes:
        v = viz.get(n)
        if v:
            if not _VIZ_KEYS.issuperset(v):
                raise _UnsupportedError
            if not plan.uses_viz and _viz_lines(v, ""):
                plan.uses_viz = True
    for scope in ("node", "edge"):
        for shape in rows.shapes[scope]:
            plan.add(shape, scope, renames)
    return plan


def _values(values: Iterable) -> tuple[str, ...]:
    """The escaped ``attvalue`` texts of ``values`` (escaped only when their joined text needs it)."""
    texts = [v if type(v) is str else _gexf_value(v) for v in values]
    if _ATTRIB_SPECIAL.search("".join(texts)) is not None:
        texts = [_attrib(t) for t in texts]
    return tuple(texts)


def _gexf_text(G: nx.Graph, viz: Mapping, rows: GraphRows, plan: _GexfPlan) -> Iterator[str]:
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
    texts = _uniform_viz_texts(viz, rows.nodes, "        ") if isinstance(viz, UniformViz) else \
        (viz_text(v) if (v := viz.get(n)) else "" for n, _ in rows.nodes)
    forms = plan.forms
    for (n, d), shape, fast, children in zip(rows.nodes, rows.node_shapes, rows.node_fast, texts, strict=True):
        form = forms[shape]
        if fast and form.template is not None:
            yield form.template % (n, d[form.label] if form.label is not None else n, children, *form.get(d))
            continue
        label = d[form.label] if form.label is not None else n
        head = f'      <node id="{_attrib(str(n))}" label="{_attrib(str(label))}"'
        if form.titles:
            children += form.block % _values(map(d.__getitem__, form.sources))
        yield f"{head}>\n{children}      </node>\n" if children else head + " />\n"
    yield "    </nodes>\n"
    edges = False
    for i, ((u, v, k, d), shape, fast) in enumerate(zip(rows.edges, rows.edge_shapes, rows.edge_fast, strict=True)):
        if not edges:
            yield "    <edges>\n"
            edges = True
        form = forms[shape]
        if fast and form.template is not None:
            yield form.template % ((u, v, i, *form.inline_get(d), *form.get(d), k) if shape.key_type is not None
                                   else (u, v, i, *form.inline_get(d), *form.get(d)))
            continue
        attrs = f'source="{_attrib(str(u))}" target="{_attrib(str(v))}" id="{i}"'
        for special, src in form.inline:
            attrs += f' {special}="{_attrib(str(d[src]))}"'
        if form.titles:
            values = _values(k if src is _KEY else d[src] for src in form.sources)
            yield f"      <edge {attrs}>\n{form.block % values}      </edge>\n"
        else:
            yield f"      <edge {attrs} />\n"
    yield "    </edges>\n" if edges else "    <edges />\n"
    yield "  </graph>\n</gexf>\n"
