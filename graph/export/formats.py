"""Exports of a selection of the network: graph formats, the RDF subgraph, a Markdown report and a figure.

``EXPORTERS`` maps a format name to a function ``(Selection) -> {suffix: bytes}``: every exporter renders in
memory first (CSV gives two files), and ``write_export`` writes the files atomically, so a failed export
leaves earlier outputs intact. The CLI's ``--format`` choices are ``sorted(EXPORTERS)``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import Graph
from rdflib.term import Node

from ..errors import ExportError
from ..io import write_bytes
from ..namespaces import PREFIXES
from ..network.projection import collapse_network, plain_value, project_network
from ..network.select import Selector, rdf_subgraph, resolve_node, select_subgraph

__all__ = [
    "EXPORTERS",
    "Selection",
    "coerce_attributes",
    "select",
    "export_files",
    "write_export",
    "build_exports",
]


@dataclass(frozen=True)
class Selection:
    """What an exporter gets: the selected projection ``G``, the RDF graph ``g`` it came from, a title.

    ``G`` is never collapsed (selectors and reports need agreement nodes); graph formats collapse it on the
    way out when ``collapse`` is set.
    """

    G: nx.MultiDiGraph
    g: Graph
    title: str = "Mitra network"
    collapse: bool = False
    lang: str = "id"  # of the labels in G, and of the report's headings
    seed: int = 0
    extras: dict = field(default_factory=dict)

    @property
    def graph_out(self) -> nx.MultiDiGraph:
        """The graph the graph formats write: collapsed if asked, attribute values coerced."""
        return coerce_attributes(collapse_network(self.G) if self.collapse else self.G)


# Characters XML 1.0 cannot hold (C0 controls other than tab, newline and return): GraphML and GEXF
# writers emit them, and the files then fail to parse. A return is read back as a newline (XML normalises
# line ends), so line ends are normalised before writing.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _coerce(value: object) -> str | int | float | bool | None:
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
        return [{k: (str(v) if k in mixed else v) for k, v in d.items()} for d in fixed]

    H = nx.MultiDiGraph()
    H.graph.update({k: c for k, v in G.graph.items() if (c := _coerce(v)) is not None})
    nodes = list(G.nodes(data=True))
    H.add_nodes_from(zip((n for n, _ in nodes), fix([d for _, d in nodes]), strict=True))
    edges = list(G.edges(keys=True, data=True))
    for (u, v, k, _), d in zip(edges, fix([d for *_, d in edges]), strict=True):
        H.add_edge(u, v, key=k, **d)
    return H


def _hex_rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


def _graphml(sel: Selection) -> dict[str, bytes]:
    buf = io.BytesIO()
    nx.write_graphml(sel.graph_out, buf, encoding="utf-8")
    return {".graphml": buf.getvalue()}


# write_gexf reads ``start``/``end`` as dynamic-graph time spells (and Gephi rejects ``2014-09`` there), so
# these attributes are renamed in GEXF only. (The edge key is kept by write_gexf as ``networkx_key``; edges
# carry no ``type``, which GEXF would read as their direction.)
GEXF_RENAMES: dict[str, str] = {"start": "start_date", "end": "end_date"}


def _rename(H: nx.MultiDiGraph, renames: dict[str, str]) -> None:
    for d in [d for _, d in H.nodes(data=True)] + [d for *_, d in H.edges(data=True)]:
        for old, new in renames.items():
            if old in d:
                d[new] = d.pop(old)


def _gexf(sel: Selection) -> dict[str, bytes]:
    """GEXF with viz colours (by class), sizes (by degree) and a seeded layout, so Gephi opens it readable."""
    from .figure import TYPE_COLOURS
    from .html import layout_positions

    H = sel.graph_out
    # the page's layout (NumPy only): spring_layout needs SciPy above 500 nodes (#12)
    pos = {n: (x / 500, -y / 500) for n, (x, y) in layout_positions(H, seed=sel.seed).items()}
    for n, d in H.nodes(data=True):
        d["viz"] = {
            "color": _hex_rgb(TYPE_COLOURS.get(d.get("type", ""), "#c7c7c7")),
            "size": float(5 + 3 * H.degree(n)),
            "position": {
                "x": round(float(pos[n][0]) * 500, 3),
                "y": round(float(pos[n][1]) * 500, 3),
                "z": 0.0,
            },
        }
    _rename(H, GEXF_RENAMES)
    buf = io.BytesIO()
    nx.write_gexf(H, buf, encoding="utf-8")
    return {".gexf": buf.getvalue()}


def _json(sel: Selection) -> dict[str, bytes]:
    data = nx.node_link_data(sel.graph_out, edges="edges")
    return {".json": (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()}


def _csv_text(header: list[str], rows: list[dict]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    # A UTF-8 BOM so spreadsheet programs read Indonesian and accented names correctly.
    return ("\ufeff" + buf.getvalue()).encode()


def _csv(sel: Selection) -> dict[str, bytes]:
    """``nodes.csv`` (id, then label, type and every attribute) and ``edges.csv`` (with both ends' labels)."""
    H = sel.graph_out
    first = ["id", "label", "type", "local_id"]
    node_cols = first + sorted({k for _, d in H.nodes(data=True) for k in d} - set(first))
    nodes = [{"id": n, **d} for n, d in H.nodes(data=True)]
    ends = ["source", "source_label", "relation", "label", "target", "target_label", "key"]
    edge_cols = ends + sorted({k for *_, d in H.edges(data=True) for k in d} - set(ends))
    edges = [
        {
            **d,
            "source": u,
            "target": v,
            "key": k,
            "source_label": H.nodes[u]["label"],
            "target_label": H.nodes[v]["label"],
        }
        for u, v, k, d in H.edges(keys=True, data=True)
    ]
    return {".nodes.csv": _csv_text(node_cols, nodes), ".edges.csv": _csv_text(edge_cols, edges)}


def _rdf(sel: Selection) -> Graph:
    return rdf_subgraph(sel.g, sel.G.nodes)


def _ttl(sel: Selection) -> dict[str, bytes]:
    return {".ttl": _rdf(sel).serialize(format="longturtle", canon=True).encode()}


def _jsonld(sel: Selection) -> dict[str, bytes]:
    # The context is inline: JSON-LD contexts are never fetched (no network at run time).
    text = _rdf(sel).serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True, sort_keys=True)
    return {".jsonld": text.encode()}


def _md(sel: Selection) -> dict[str, bytes]:
    from .report import render_report

    return {".md": render_report(sel.G, sel.g, title=sel.title, lang=sel.lang).encode()}


def _figure(fmt: str) -> Callable[[Selection], dict[str, bytes]]:
    def render(sel: Selection) -> dict[str, bytes]:
        from .figure import render_figure

        H = collapse_network(sel.G) if sel.collapse else sel.G
        return {f".{fmt}": render_figure(H, fmt=fmt, title=sel.title, seed=sel.seed, lang=sel.lang)}

    render.__doc__ = f"A {fmt.upper()} figure of the selection (matplotlib, Agg)."
    return render


EXPORTERS: dict[str, Callable[[Selection], dict[str, bytes]]] = {
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
"""Format name → exporter ``(Selection) -> {file suffix: bytes}``."""


def _title(G: nx.MultiDiGraph, sel: Selector, lang: str = "id") -> str:
    """``DKI Jakarta: network within 2 step(s) (sector water)``: what the selection is, for headings."""
    from .report import report_text

    t = report_text(lang)
    head = (
        t["within"].format(label=G.nodes[resolve_node(G, sel.focus)]["label"], depth=sel.depth)
        if sel.focus
        else t["network"]
    )
    def named(text: str | None, cls: str) -> str | None:
        """The label, in ``lang``, of the province or country a selector names (not the text typed)."""
        return str(G.nodes[resolve_node(G, text, types=(cls,))]["label"]) if text else None

    filters = [
        f"{t['filter_' + name]} {value}"
        for name, value in (
            ("province", named(sel.province, "mitra:Province")),
            ("country", named(sel.country, "mitra:Country")),
            ("sector", sel.sector),
            ("since", sel.since),
            ("until", sel.until),
            ("type", ", ".join(sel.types)),
        )
        if value
    ]
    if sel.query:
        filters.append(t["filter_query"])
    return head + (f" ({'; '.join(filters)})" if filters else "")


def select(
    g: Graph,
    selector: Selector | None = None,
    *,
    lang: str = "id",
    collapse: bool = False,
    seed: int = 0,
    G: nx.MultiDiGraph | None = None,
) -> Selection:
    """Project ``g`` (unless ``G`` is given) and apply ``selector``; the result feeds any exporter."""
    G = project_network(g, lang=lang) if G is None else G
    selector = selector or Selector()
    sub = select_subgraph(G, selector, g=g)
    return Selection(G=sub, g=g, title=_title(G, selector, lang), collapse=collapse, seed=seed, lang=lang)


def export_files(selection: Selection, fmt: str) -> dict[str, bytes]:
    """Render ``selection`` in format ``fmt`` as ``{suffix: bytes}``; ``ExportError`` if unknown."""
    if fmt not in EXPORTERS:
        raise ExportError(f"unknown format {fmt!r}; one of: {', '.join(sorted(EXPORTERS))}")
    try:
        return EXPORTERS[fmt](selection)
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


def build_exports(g: Graph, out_dir: Path) -> list[Path]:
    """``mitra build``'s exports of the built graph ``g`` into ``out/exports/``: the whole network and the
    DKI Jakarta report.

    The network is projected once; the report is written only when the data has DKI Jakarta.
    """
    G = project_network(g)
    target = Path(out_dir) / "exports"
    whole = Selection(G=G, g=g, title="Mitra network")
    written: list[Path] = []
    for fmt in BUILD_FORMATS:
        written += write_export(export_files(whole, fmt), target / "network")
    for name in BUILD_FOCUS:
        try:
            resolve_node(G, name)
        except ExportError:
            continue
        report = select(g, Selector(focus=name, depth=2), G=G)
        written += write_export(export_files(report, "md"), target / "jakarta")
        break
    return written
