"""Exports of a selection of the network: graph formats, the RDF subgraph, a Markdown report and a figure.

``EXPORTERS`` maps a format name to a function ``(Selection, *, collapse, seed) -> {suffix: bytes}`` (the
``Selection`` of :mod:`graph.network.select`): every exporter renders in memory first (CSV gives two files),
and ``write_export`` writes the files atomically, so a failed export leaves earlier outputs intact.
The CLI's ``--format`` choices are ``sorted(EXPORTERS)``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import compress, groupby, islice, repeat
from operator import itemgetter, methodcaller, mul
from pathlib import Path
from typing import TypeVar

import networkx as nx
from rdflib import Graph
from rdflib.term import Node

from ..errors import ExportError, SelectionError
from ..io import write_bytes, write_pieces
from ..jsontext import indented_json
from ..network.classes import class_colour
from ..network.layout import layout
from ..network.projection import collapse_network, plain_value
from ..network.select import Selection, Selector, rdf_subgraph, select
from ..rdf import collector_paused
from .whole import WholeNetwork, whole_network
from .writers import GraphRows, Shape, UniformViz, gexf_chunks, graph_rows, graphml_chunks, not_plain, value_getter

__all__ = [
    "EXPORTERS",
    "coerce_attributes",
    "csv_text",
    "graph_out",
    "export_files",
    "write_export",
    "build_exports",
]


def graph_out(sel: Selection, *, collapse: bool = False) -> nx.MultiDiGraph:
    """The graph the graph formats write: collapsed if asked, attribute values coerced."""
    return coerce_attributes(collapse_network(sel.G) if collapse else sel.G)


# Characters XML 1.0 cannot hold (C0 controls other than tab, newline and return): GraphML and GEXF
# writers emit them, and the files then fail to parse. A return is read back as a newline (XML normalises
# line ends), so line ends are normalised before writing.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_NEEDS_CLEAN = re.compile("[\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    if _NEEDS_CLEAN.search(text) is None:  # nearly every value: no return, nothing XML cannot hold
        return text
    return _XML_INVALID.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _coerce(value: object) -> str | int | float | bool | None:
    kind = type(value)  # the plain types first, by identity: the projection holds almost nothing else
    if kind is str:
        return _clean(value)
    if kind is int or kind is bool:
        return value
    if kind is float:
        return value if math.isfinite(value) else str(value)
    if value is None:
        return None
    if isinstance(value, str) and not isinstance(value, Node):
        return _clean(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, bool | int | float) and not isinstance(value, Node):
        return value
    if isinstance(value, Node):
        return _coerce(plain_value(value))
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return " | ".join(str(_coerce(v)) for v in items if v is not None)
    return _clean(str(value))


def coerce_attributes(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attribute values every writer accepts (GraphML and GEXF reject None, lists, rdflib terms).

    None is dropped; lists and sets become ``" | "``-joined text; rdflib terms become plain values; and an
    attribute name holding values of different types across the graph becomes text everywhere, because
    GraphML declares one type per attribute.

    >>> G = nx.MultiDiGraph(); G.add_node("a", x=None, y=[1, 2], z=1); G.add_node("b", z="one")
    >>> dict(coerce_attributes(G).nodes["a"])
    {'y': '1 | 2', 'z': '1'}
    """

    def fix(items: list[dict]) -> list[dict]:
        fixed = [{k: c for k, v in d.items() if (c := _coerce(v)) is not None} for d in items]
        types: dict[str, set[type]] = {}
        for d in fixed:
            for k, v in d.items():
                types.setdefault(k, set()).add(type(v))
        mixed = {k for k, ts in types.items() if len(ts) > 1}
        if not mixed:
            return fixed
        return [{k: (str(v) if k in mixed else v) for k, v in d.items()} for d in fixed]

    H = nx.MultiDiGraph()
    H.graph.update({k: c for k, v in G.graph.items() if (c := _coerce(v)) is not None})
    nodes = list(G.nodes(data=True))
    H.add_nodes_from(zip((n for n, _ in nodes), fix([d for _, d in nodes]), strict=True))
    edges = list(G.edges(keys=True, data=True))
    for (u, v, k, _), d in zip(edges, fix([d for *_, d in edges]), strict=True):
        H.add_edge(u, v, key=k, **d)
    return H


def _is_plain(items: Iterable[dict]) -> bool:
    """Whether :func:`coerce_attributes` would keep every value of ``items`` as it is: plain scalars XML can
    hold, one type per attribute name."""
    types: dict[str, type] = {}
    for d in items:
        for k, v in d.items():
            kind = type(v)
            if kind is str:
                if _NEEDS_CLEAN.search(v) is not None:
                    return False
            elif kind is float:
                if not math.isfinite(v):
                    return False
            elif kind is not int and kind is not bool:
                return False
            if types.setdefault(k, kind) is not kind:
                return False
    return True


_NOT = bytes.maketrans(b"\x00\x01", b"\x01\x00")


def _coerced_rows(G: nx.MultiDiGraph, edges: list[tuple] | None = None) -> tuple[nx.MultiDiGraph, GraphRows]:
    """``coerce_attributes(G)`` and its rows, or ``G`` itself when that copy would hold the same values in the same
    order (the projection's contract, style.md G4): the copy of the whole network cost about 2 KB a node at scale
    (#15). The rows' walk decides it: plain-text nodes and edges need no other look, the others go through
    :func:`_is_plain`, and each attribute name must have one type over all its shapes. ``edges``: ``G``'s edge list
    (``graph_rows``), when the caller has it."""
    rows = graph_rows(G, edges)
    plain = type(G) is nx.MultiDiGraph and _is_plain([G.graph])
    for scope, items, fast in (("node", rows.nodes, rows.node_fast), ("edge", rows.edges, rows.edge_fast)):
        if not plain:
            break
        types: dict[object, type] = {}
        plain = all(types.setdefault(k, t) is t for shape in rows.shapes[scope]
                    for k, t in zip(shape.names, shape.types, strict=True))
        others = compress(items, fast.translate(_NOT))  # the items not plain text, picked in C
        plain = plain and _is_plain(item[-1] for item in others)
    if plain:
        return G, rows
    H = coerce_attributes(G)
    return H, graph_rows(H)


def _hex_rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


def _graphml_of(H: nx.MultiDiGraph) -> dict[str, bytes]:
    return {".graphml": b"".join(graphml_chunks(H))}


def _graphml(sel: Selection, *, collapse: bool, seed: int) -> dict[str, bytes]:
    """GraphML as NetworkX's ElementTree writer writes it (``writers.graphml_bytes``), whether or not lxml is
    installed (``nx.write_graphml`` switches to lxml then, and lxml lists the keys in another order)."""
    return _graphml_of(graph_out(sel, collapse=collapse))


# write_gexf reads ``start``/``end`` as dynamic-graph time spells (and Gephi rejects ``2014-09`` there), so
# these attributes are renamed in GEXF only. (The edge key is kept by write_gexf as ``networkx_key``; edges
# carry no ``type``, which GEXF would read as their direction.)
GEXF_RENAMES: dict[str, str] = {"start": "start_date", "end": "end_date"}


def _gexf_of(H: nx.MultiDiGraph, positions: dict) -> dict[str, bytes]:
    return {".gexf": b"".join(_gexf_chunks(H, positions))}


def _gexf_chunks(H: nx.MultiDiGraph, positions: dict, rows: GraphRows | None = None) -> Iterator[bytes]:
    """GEXF of the coerced ``H`` with viz colours, sizes and ``positions`` (unit square), ``H`` left unchanged.
    ``rows``: ``graph_rows(H)`` if the caller has it."""
    rows = graph_rows(H) if rows is None else rows
    degree = Counter(map(itemgetter(0), rows.edges))  # what H.degree() counts (a loop twice), from the rows' edges
    degree.update(map(itemgetter(1), rows.edges))
    kinds = set(map(methodcaller("get", "type", ""), map(itemgetter(1), rows.nodes)))
    colours = {t: _hex_rgb(class_colour(t)) for t in kinds}
    return gexf_chunks(H, viz=_NodeViz(H, positions, degree, colours), renames=GEXF_RENAMES, rows=rows)


class _NodeViz(UniformViz):
    """Node -> its GEXF viz attributes (colour by class, size by degree, ``positions`` scaled), each made when
    the writer asks: made for the whole network at once, they were most of the exports' peak memory (17 MB at
    30x the shipped data, #15)."""

    def __init__(self, H: nx.MultiDiGraph, positions: Mapping, degree: Mapping, colours: Mapping) -> None:
        self.H, self.positions, self.degree, self.colours = H, positions, degree, colours

    def entry(self, n: object, d: Mapping) -> tuple[Mapping, float, float, float, float]:
        position = self.positions[n]
        return (self.colours[d.get("type", "")],  # one dict per class: its line made once
                float(5 + 3 * self.degree[n]), round(float(position[0]) * 500, 3), round(float(position[1]) * 500, 3),
                0.0)

    def entry_columns(self, nodes: list[tuple]) -> list[list]:
        """:meth:`entry` of each node, made column by column in C (a call per node was half the GEXF's time)."""
        points = list(map(self.positions.__getitem__, map(itemgetter(0), nodes)))
        return [list(map(self.colours.__getitem__, map(methodcaller("get", "type", ""), map(itemgetter(1), nodes)))),
                [float(5 + 3 * k) for k in map(self.degree.__getitem__, map(itemgetter(0), nodes))],
                *(list(map(round, map(mul, map(float, map(itemgetter(i), points)), repeat(500)), repeat(3)))
                  for i in (0, 1)),
                [0.0] * len(nodes)]

    def data(self, n: object) -> Mapping:
        return self.H.nodes[n]

    def get(self, n: object, default: object = None) -> object:
        try:
            return self[n]
        except KeyError:
            if n in self.H:  # a node the layout has no position for: an error, as in the viz dict before
                raise
            return default

    def __iter__(self) -> Iterator:
        return iter(self.H)

    def __len__(self) -> int:
        return len(self.H)


def _gexf(sel: Selection, *, collapse: bool, seed: int) -> dict[str, bytes]:
    """GEXF with viz colours (by class), sizes (by degree) and a seeded layout, so Gephi opens it readable."""
    H = graph_out(sel, collapse=collapse)
    return _gexf_of(H, layout(H, seed=seed))


def _json_of(H: nx.MultiDiGraph) -> dict[str, bytes]:
    return {".json": b"".join(_json_chunks(H))}


def _json_chunks(H: nx.MultiDiGraph, rows: GraphRows | None = None) -> Iterator[bytes]:
    """``indented_json(nx.node_link_data(H, edges="edges"), 1) + "\\n"``, encoded, one node or edge at a time
    (the same items ``node_link_data`` makes, made as they are written). A plain-text node or edge (see
    :class:`~graph.export.writers.GraphRows`) is one ``%`` of its shape's template: its text holds nothing JSON
    escapes; the others go through :func:`~graph.jsontext.indented_json`."""
    rows = graph_rows(H) if rows is None else rows
    multi = H.is_multigraph()
    head = indented_json({"directed": H.is_directed(), "multigraph": multi, "graph": H.graph}, 1)
    yield (head.removesuffix("\n}") + ',\n "nodes": ').encode()
    node_t = {s: _json_template(s, ("id",)) for s in rows.shapes["node"]}
    yield from _json_list(
        t % (*d.values(), n) if fast and (t := node_t[shape]) is not None else indented_json({**d, "id": n}, 1, level=2)
        for (n, d), shape, fast in zip(rows.nodes, rows.node_shapes, rows.node_fast, strict=True))
    yield b',\n "edges": '
    ends = ("source", "target", "key") if multi else ("source", "target")
    edge_t = {s: _json_template(s, ends) for s in rows.shapes["edge"]}

    edges = zip(rows.edges, rows.edge_shapes, rows.edge_fast, strict=True)
    if multi:
        yield from _json_list(
            t % (*d.values(), u, v, k) if fast and (t := edge_t[shape]) is not None else
            indented_json({**d, "source": u, "target": v, "key": k}, 1, level=2)
            for (u, v, k, d), shape, fast in edges)
    else:
        yield from _json_list(
            t % (*d.values(), u, v) if fast and (t := edge_t[shape]) is not None else
            indented_json({**d, "source": u, "target": v}, 1, level=2)
            for (u, v, _, d), shape, fast in edges)
    yield b"\n}\n"


def _json_template(shape: Shape, ends: tuple[str, ...]) -> str | None:
    """``indented_json(item, 1, level=2)`` of a node's or edge's item (its data, then ``ends``: the id, or the
    source, target and key) with a ``%s`` per text, for a shape of text values; None where ``ends`` would
    replace one of its values."""
    if not shape.str_only or not shape.names or not set(ends).isdisjoint(shape.names):
        return None
    fields = [json.dumps(k, ensure_ascii=False).replace("%", "%%") + ': "%s"' for k in (*shape.names, *ends)]
    return "{\n   " + ",\n   ".join(fields) + "\n  }"


def _json_list(texts: Iterable[str]) -> Iterator[bytes]:
    """A list of the document's second level from its items' texts, as ``indented_json(…, 1)`` writes it."""
    lead, held = "[\n  ", []
    for text in texts:
        held.append(text)
        if len(held) >= 2000:  # one piece a batch: a write per node or edge cost as much as its text
            yield (lead + ",\n  ".join(held)).encode()
            lead, held = ",\n  ", []
    if held:
        yield (lead + ",\n  ".join(held)).encode()
        lead = ""
    yield b"[]" if lead == "[\n  " else b"\n ]"


def _json(sel: Selection, *, collapse: bool, seed: int) -> dict[str, bytes]:
    """Node-link JSON, indented by one space (``json.dumps(indent=1)``'s bytes, by the C encoder)."""
    return _json_of(graph_out(sel, collapse=collapse))


_T = TypeVar("_T")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_AFTER_NUL = re.compile("\x00[=+\\-@\t\r]")


def _inert(value: object) -> object:
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+``, ``-``, ``@``, tab, CR) gets a
    leading apostrophe, as OWASP's CSV-injection advice says; numbers stay numbers (#16).

    >>> _inert("=HYPERLINK(1)"), _inert(-5), _inert("Jakarta")
    ("'=HYPERLINK(1)", -5, 'Jakarta')
    """
    if type(value) is str:  # nearly every cell: the exact type first
        return "'" + value if value.startswith(_FORMULA_START) else value
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def csv_text(header: list[str], rows: Iterable[dict]) -> Iterator[bytes]:
    """The CSV of ``rows``, encoded, in pieces of about 64 kB (rows are made as they are written).

    What ``csv.DictWriter(…, fieldnames=header)`` writes (a missing column empty), each row made a list here
    and handed to the C writer a batch at a time: DictWriter's per-row checks were a third of the CSV's time."""
    return _csv_pieces(header, rows)


def _csv_pieces(header: list[str], rows: Iterable[dict | str]) -> Iterator[bytes]:
    """:func:`csv_text` of ``rows``, where a row may also be its line already written (a ``str``). The rows are
    taken 1000 at a time and each run of lines joined at once: a step per row was a third of the CSV's time."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    buf.write("\ufeff")  # a UTF-8 BOM so spreadsheet programs read Indonesian and accented names correctly
    writer.writerow(header)
    columns, blanks = set(header), [""] * len(header)

    def cells(row: dict) -> list[object]:
        if not columns.issuperset(row):
            wrong = ", ".join(repr(k) for k in row if k not in columns)
            raise ValueError(f"dict contains fields not in fieldnames: {wrong}")
        out = list(map(row.get, header, blanks))
        probe = "\x00".join(map(str, out))  # a cell a spreadsheet would run starts the text or follows a NUL
        if probe.startswith(_FORMULA_START) or _FORMULA_AFTER_NUL.search(probe) is not None:
            out = [_inert(c) for c in out]
        return out

    rows = iter(rows)
    while chunk := list(islice(rows, 1000)):
        for kind, run in groupby(chunk, type):
            if kind is str:
                buf.write("".join(run))
            else:
                writer.writerows(map(cells, run))
        if buf.tell() >= 1 << 16:
            yield buf.getvalue().encode()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode()


def _csv_of(H: nx.MultiDiGraph) -> dict[str, bytes]:
    return {suffix: b"".join(chunks) for suffix, chunks in _csv_chunks(H).items()}


_EDGE_ENDS = ("source", "source_label", "relation", "label", "target", "target_label", "key")
_EDGE_ADDED = frozenset({"source", "target", "key", "source_label", "target_label"})


def _csv_line(shape: Shape, header: list[str], given: frozenset[str]) -> str | None:
    """The CSV line of a row of ``shape`` with a ``%s`` per cell it fills (in ``header`` order), for a shape of
    text values none of ``given`` (the columns the row adds) would replace. A line made from it is the C
    writer's when it holds one comma less than cells: no cell needed quotes."""
    if not shape.str_only or not given.isdisjoint(shape.names):
        return None
    filled = given | set(shape.names)
    return ",".join("%s" if c in filled else "" for c in header) + "\r\n"


def _quoted(cells: tuple[str, ...]) -> tuple[str, ...]:
    """The cells of a plain-text row as the C writer writes them: one with a comma in quotes, the others as they
    are. A plain text holds no quote, return or newline (the other reasons to quote) and no formula start, so a
    row with a comma in a cell needs neither the writer nor the formula check (a tenth of the rows at 30x, #15)."""
    return tuple(['"' + c + '"' if "," in c else c for c in cells])


def _csv_chunks(H: nx.MultiDiGraph, rows: GraphRows | None = None) -> dict[str, Iterator[bytes]]:
    """``nodes.csv`` and ``edges.csv`` of ``H`` as lazy pieces (each file's columns are found first, from the
    shapes). A plain-text row (see :class:`~graph.export.writers.GraphRows`) is one ``%`` of its shape's line
    (a cell with a comma quoted, :func:`_quoted`); a row not plain goes to the C writer."""
    rows = graph_rows(H) if rows is None else rows
    first = ["id", "label", "type", "local_id"]
    node_cols = first + sorted({k for s in rows.shapes["node"] for k in s.names} - set(first))
    node_t = {s: (line, value_getter([c for c in node_cols[1:] if c in s.names]))
              for s in rows.shapes["node"] if (line := _csv_line(s, node_cols, frozenset({"id"}))) is not None}
    commas = len(node_cols) - 1

    def node_rows() -> Iterator[dict | str]:
        for (n, d), shape, fast in zip(rows.nodes, rows.node_shapes, rows.node_fast, strict=True):
            if fast and (made := node_t.get(shape)) is not None:
                cells = (n, *made[1](d))
                line = made[0] % cells
                yield line if line.count(",") == commas else made[0] % _quoted(cells)
                continue
            yield {"id": n, **d}

    node_data = dict(rows.nodes)  # node -> its data: NodeView's lookup per edge end was Python code
    ends = list(_EDGE_ENDS)
    edge_cols = ends + sorted({k for s in rows.shapes["edge"] for k in s.names} - set(ends))
    # A plain edge's cells: source, its label, the relation and label, target, its label, key, then the rest.
    edge_t = {s: (line, value_getter([c for c in ends[2:4] if c in s.names]),
                  value_getter([c for c in edge_cols[7:] if c in s.names]))
              for s in rows.shapes["edge"] if (line := _csv_line(s, edge_cols, _EDGE_ADDED)) is not None}
    # The plain labels: of the plain nodes, and of the others whose label is plain (an edge of a node with one
    # value to escape was a row for the C writer, a tenth of the edges at 30x, #15)
    texts = [(n, label) for (n, d), fast in zip(rows.nodes, rows.node_fast, strict=True)
             if (label := d.get("label")) is not None and (fast or type(label) is str)]
    bad = not_plain([label for _, label in texts])  # (a plain node's label is plain)
    labels = {n: label for i, (n, label) in enumerate(texts) if i not in bad}
    edge_commas = len(edge_cols) - 1

    def edge_rows() -> Iterator[dict | str]:
        for (u, v, k, d), shape, fast in zip(rows.edges, rows.edge_shapes, rows.edge_fast, strict=True):
            if fast and (made := edge_t.get(shape)) is not None and (lu := labels.get(u)) is not None and \
                    (lv := labels.get(v)) is not None:
                cells = (u, lu, *made[1](d), v, lv, k, *made[2](d))
                line = made[0] % cells
                yield line if line.count(",") == edge_commas else made[0] % _quoted(cells)
                continue
            yield {**d, "source": u, "target": v, "key": k, "source_label": node_data[u]["label"],
                   "target_label": node_data[v]["label"]}

    return {".nodes.csv": _csv_pieces(node_cols, node_rows()), ".edges.csv": _csv_pieces(edge_cols, edge_rows())}


def _csv(sel: Selection, *, collapse: bool, seed: int) -> dict[str, bytes]:
    """``nodes.csv`` (id, then label, type and every attribute) and ``edges.csv`` (with both ends' labels)."""
    return _csv_of(graph_out(sel, collapse=collapse))


def _rdf(sel: Selection) -> Graph:
    return rdf_subgraph(sel.g, sel.G.nodes)


def _ttl(sel: Selection, *, collapse: bool, seed: int) -> dict[str, bytes]:
    from ..rdf import turtle

    return {".ttl": turtle(_rdf(sel)).encode()}


def _jsonld(sel: Selection, *, collapse: bool, seed: int) -> dict[str, bytes]:
    from ..rdf import jsonld

    return {".jsonld": jsonld(_rdf(sel)).encode()}


def _md(sel: Selection, *, collapse: bool, seed: int) -> dict[str, bytes]:
    from .report import render_report

    return {".md": render_report(sel.G, sel.g, title=sel.title, lang=sel.lang).encode()}


def _figure(fmt: str) -> Callable[..., dict[str, bytes]]:
    def render(sel: Selection, *, collapse: bool, seed: int) -> dict[str, bytes]:
        from .figure import render_figure

        H = collapse_network(sel.G) if collapse else sel.G
        return {f".{fmt}": render_figure(H, fmt=fmt, title=sel.title, seed=seed, lang=sel.lang)}

    render.__doc__ = f"A {fmt.upper()} figure of the selection (matplotlib, Agg)."
    return render


EXPORTERS: dict[str, Callable[..., dict[str, bytes]]] = {
    "csv": _csv,
    "gexf": _gexf,
    "graphml": _graphml,
    "json": _json,
    "jsonld": _jsonld,
    "md": _md,
    "png": _figure("png"),
    "svg": _figure("svg"),
    "ttl": _ttl,
}
"""Format name → exporter ``(Selection, *, collapse, seed) -> {file suffix: bytes}``."""


def export_files(selection: Selection, fmt: str, *, collapse: bool = False, seed: int = 0) -> dict[str, bytes]:
    """Render ``selection`` in format ``fmt`` as ``{suffix: bytes}``; ``ExportError`` if unknown.

    ``collapse`` turns agreements, programs and fundings into labelled edges between their parties (graph
    formats and figures); ``seed`` fixes the layout of GEXF and the figures.
    """
    if fmt not in EXPORTERS:
        raise ExportError(f"unknown format {fmt!r}; one of: {', '.join(sorted(EXPORTERS))}")
    return _rendered(fmt, lambda: EXPORTERS[fmt](selection, collapse=collapse, seed=seed))


def _rendered(fmt: str, render: Callable[[], _T]) -> _T:
    try:
        return render()
    except (nx.NetworkXError, ValueError, TypeError) as exc:
        raise ExportError(f"{fmt} export failed: {exc}") from exc


def _target(base: Path, suffix: str) -> Path:
    """The file for ``suffix`` beside ``base``: the suffix is added, or replaces the format's own.

    >>> _target(Path("out/x.csv"), ".nodes.csv").as_posix(), _target(Path("out/x"), ".md").as_posix()
    ('out/x.nodes.csv', 'out/x.md')
    """
    name = base.name
    last = "." + suffix.rsplit(".", 1)[-1]
    if name.endswith(suffix):
        name = name[: -len(suffix)]
    elif name.endswith(last):
        name = name[: -len(last)]
    return base.with_name(name + suffix)


def write_export(files: dict[str, bytes], base: Path) -> list[Path]:
    """Write each rendered file next to ``base`` (its suffix added or replaced), atomically."""
    written = []
    for suffix, data in files.items():
        path = _target(Path(base), suffix)
        write_bytes(path, data)
        written.append(path)
    return written


BUILD_FORMATS = ("graphml", "gexf", "json", "csv")
BUILD_FOCUS = ("jakarta", "DKI Jakarta")


def build_exports(source: Graph | WholeNetwork, out_dir: Path) -> list[Path]:
    """``mitra build``'s exports into ``out/exports/``: the whole network and the DKI Jakarta report.

    ``source`` is the build's :class:`~graph.export.whole.WholeNetwork` (the pipeline projects and lays out
    the network once for the exports and the page), or the built graph, projected here. The attributes are
    coerced once for the four graph formats, and the GEXF draws the network's layout (the page's). The report
    is written only when the data has DKI Jakarta.
    """
    network = source if isinstance(source, WholeNetwork) else whole_network(source)
    G, g = network.G, network.g
    with collector_paused():  # the files' texts hold no cycle; a collection walked the whole built graph
        return _write_build_exports(network, G, g, Path(out_dir) / "exports")


def _write_build_exports(network: WholeNetwork, G: nx.MultiDiGraph, g: Graph, target: Path) -> list[Path]:
    """:func:`build_exports` once the network is projected (and laid out, for the GEXF)."""
    H, rows = _rendered("graphml", lambda: _coerced_rows(G, network.edges))  # one walk of the network for every format
    # Each file is written as it is made, piece by piece: at 100x the shipped data a whole file's text, its
    # bytes and the list of its parts were hundreds of MB at once (#15). The bytes are those of export_files.
    renders: dict[str, Callable[[], dict[str, Iterable[bytes]]]] = {
        "graphml": lambda: {".graphml": graphml_chunks(H, rows=rows)},
        "gexf": lambda: {".gexf": _gexf_chunks(H, network.positions, rows)},
        "json": lambda: {".json": _json_chunks(H, rows)},
        "csv": lambda: _csv_chunks(H, rows),
    }
    written: list[Path] = []
    for fmt in BUILD_FORMATS:
        for suffix, chunks in renders[fmt]().items():
            path = _target(target / "network", suffix)
            _rendered(fmt, lambda path=path, chunks=chunks: write_pieces(path, chunks, binary=True))
            written.append(path)
    for name in BUILD_FOCUS:
        try:  # a focus and a depth only: only resolving the focus raises, once, in select (it was resolved twice)
            report = select(g, Selector(focus=name, depth=2), G=G)
        except SelectionError:
            continue
        written += write_export(export_files(report, "md"), target / "jakarta")
        break
    return written
