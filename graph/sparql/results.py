"""Render a :class:`~graph.sparql.query.QueryResult`: SPARQL 1.1 results formats, readable tables, RDF.

CSV, TSV and JSON follow the W3C SPARQL 1.1 Query Results formats, so other tools read them.
``table`` (for a terminal) and ``md`` (for a report) show labels instead of IRIs. CONSTRUCT and DESCRIBE
results are written as Turtle, N-Triples or JSON-LD. Every renderer is a pure function returning text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Mapping

from ..errors import QueryError
from ..namespaces import curie
from .terms import QueryResult, Term

__all__ = [
    "SELECT_FORMATS",
    "GRAPH_FORMATS",
    "FORMATS",
    "LABELLED_FORMATS",
    "render",
    "to_json",
    "to_csv",
    "to_tsv",
    "to_table",
    "to_markdown",
    "to_rdf",
    "cell_text",
    "gathered_iris",
]

Labels = Mapping[str, str]


def cell_text(term: Term | None, labels: Labels | None = None) -> str:
    """What a person reads in a cell: the label of a Mitra IRI, else its CURIE; a literal's text.

    >>> cell_text(Term("uri", "https://w3id.org/mitra/ontology#KSDPL"))
    'mitra:KSDPL'
    """
    if term is None:
        return ""
    if term.type == "uri":
        return (labels or {}).get(term.value) or curie(term.value)
    if term.type == "bnode":
        return f"_:{term.value}"
    parts = gathered_iris(term)
    if parts:  # a gathered cell of IRIs (GROUP_CONCAT of sources): each shown as a label, like an IRI cell
        return "; ".join((labels or {}).get(p) or curie(p) for p in parts)
    return term.value


def gathered_iris(term: Term) -> list[str]:
    """The IRIs of a gathered cell (``GROUP_CONCAT(STR(?iri); separator=" | ")``), else ``[]``.

    >>> gathered_iris(Term("literal", "https://w3id.org/mitra/id/a | https://w3id.org/mitra/id/b"))
    ['https://w3id.org/mitra/id/a', 'https://w3id.org/mitra/id/b']
    >>> gathered_iris(Term("literal", "Jakarta | Bandung"))
    []
    """
    if term.type != "literal" or term.datatype or term.lang or not term.value.startswith(("http://", "https://")):
        return []
    parts = term.value.split(" | ")
    ok = all(p.startswith(("http://", "https://")) and " " not in p for p in parts)
    return parts if ok else []


# ---- SPARQL 1.1 Query Results formats -------------------------------------------------------------


def _json_term(t: Term) -> dict[str, str]:
    if t.type == "literal":
        out = {"type": "literal", "value": t.value}
        if t.lang:
            out["xml:lang"] = t.lang
        elif t.datatype:
            out["datatype"] = t.datatype
        return out
    return {"type": t.type, "value": t.value}


def to_json(result: QueryResult, labels: Labels | None = None) -> str:
    """SPARQL 1.1 Query Results JSON (``application/sparql-results+json``)."""
    if result.kind == "ask":
        doc: dict = {"head": {}, "boolean": bool(result.boolean)}
    else:
        _need_select(result, "json")
        doc = {
            "head": {"vars": list(result.columns)},
            "results": {
                "bindings": [{c: _json_term(b[c]) for c in result.columns if c in b} for b in result.bindings]
            },
        }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _need_select(result: QueryResult, fmt: str) -> None:
    if result.kind == "graph":
        raise QueryError(
            f"the {fmt} format is for SELECT and ASK; a CONSTRUCT or DESCRIBE result is written "
            f"as {', '.join(sorted(GRAPH_FORMATS))}"
        )


def to_csv(result: QueryResult, labels: Labels | None = None) -> str:
    """SPARQL 1.1 Query Results CSV: plain values (IRIs in full, literals without type or language)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerows([["_askResult"], ["true" if result.boolean else "false"]])
        return buf.getvalue()
    _need_select(result, "csv")
    writer.writerow(result.columns)
    for b in result.bindings:
        writer.writerow(
            [
                ("_:" + b[c].value if b[c].type == "bnode" else b[c].value) if c in b else ""
                for c in result.columns
            ]
        )
    return buf.getvalue()


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _tsv_term(t: Term) -> str:
    """RDF term syntax; integers, decimals with a point and booleans bare, as Turtle reads them back."""
    if t.type == "literal" and t.datatype:
        bare = (
            (t.datatype == _XSD + "integer" and re.fullmatch(r"-?\d+", t.value))
            or (t.datatype == _XSD + "decimal" and re.fullmatch(r"-?\d*\.\d+", t.value))
            or (t.datatype == _XSD + "boolean" and t.value in ("true", "false"))
        )
        if bare:
            return t.value
    return t.n3()


def to_tsv(result: QueryResult, labels: Labels | None = None) -> str:
    """SPARQL 1.1 Query Results TSV: ``?var`` header, every value in RDF term syntax."""
    if result.kind == "ask":
        return "?_askResult\n" + ("true" if result.boolean else "false") + "\n"
    _need_select(result, "tsv")
    lines = ["\t".join(f"?{c}" for c in result.columns)]
    lines += ["\t".join(_tsv_term(b[c]) if c in b else "" for c in result.columns) for b in result.bindings]
    return "\n".join(lines) + "\n"


# ---- For people: a terminal table and Markdown -----------------------------------------------------

MAX_CELL = 60


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, limit: int = MAX_CELL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cells(result: QueryResult, labels: Labels | None, clip: bool) -> list[list[str]]:
    return [
        [(_clip if clip else str)(cell_text(b.get(c), labels)) for c in result.columns]
        for b in result.bindings
    ]


def to_table(result: QueryResult, labels: Labels | None = None) -> str:
    """Aligned columns for a terminal; IRIs of Mitra entities shown by their labels, long cells clipped."""
    if result.kind == "ask":
        return ("yes" if result.boolean else "no") + "\n"
    if result.kind == "graph":
        return to_rdf(result, "turtle")
    rows = _cells(result, labels, clip=True)
    header = list(result.columns)
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]
    return "\n".join(out) + "\n"


def to_markdown(result: QueryResult, labels: Labels | None = None) -> str:
    """A Markdown (GFM) table with labels, for pasting into a report."""
    if result.kind == "ask":
        return ("yes" if result.boolean else "no") + "\n"
    if result.kind == "graph":
        return "```turtle\n" + to_rdf(result, "turtle") + "```\n"

    def esc(text: str) -> str:
        return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")

    rows = _cells(result, labels, clip=False)
    out = [
        "| " + " | ".join(esc(c) for c in result.columns) + " |",
        "|" + "|".join(" --- " for _ in result.columns) + "|",
    ]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


# ---- RDF for CONSTRUCT and DESCRIBE ----------------------------------------------------------------

GRAPH_FORMATS: dict[str, str] = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}
"""``--format`` name → rdflib serializer, for CONSTRUCT and DESCRIBE results."""


def _rdflib_node(t: Term):
    from rdflib import BNode, Literal, URIRef

    if t.type == "uri":
        return URIRef(t.value)
    if t.type == "bnode":
        return BNode(t.value)
    return Literal(t.value, lang=t.lang, datatype=URIRef(t.datatype) if t.datatype else None)


def to_rdf(result: QueryResult, fmt: str = "turtle") -> str:
    """Triples of a CONSTRUCT or DESCRIBE result as Turtle, N-Triples (sorted) or JSON-LD (inline context)."""
    if result.kind != "graph":
        raise QueryError(
            f"the {fmt} format is for CONSTRUCT and DESCRIBE; a SELECT or ASK result is written "
            f"as {', '.join(sorted(SELECT_FORMATS))}"
        )
    from .stores import new_graph

    g = new_graph()
    for s, p, o in result.triples:
        g.add((_rdflib_node(s), _rdflib_node(p), _rdflib_node(o)))
    if fmt == "nt":
        lines = sorted({ln for ln in g.serialize(format="nt").splitlines() if ln.strip()})
        return "\n".join(lines) + ("\n" if lines else "")
    if fmt == "jsonld":
        from ..rdf import jsonld

        return jsonld(g)
    return g.serialize(format="turtle")


SELECT_FORMATS: dict[str, Callable[[QueryResult, Labels | None], str]] = {
    "table": to_table,
    "csv": to_csv,
    "tsv": to_tsv,
    "json": to_json,
    "md": to_markdown,
}
"""``--format`` name → renderer, for SELECT and ASK results (``table`` and ``md`` also show graphs)."""

LABELLED_FORMATS = frozenset({"table", "md"})
"""Formats that show labels instead of IRIs (the caller looks the labels up)."""

FORMATS: tuple[str, ...] = (*SELECT_FORMATS, *GRAPH_FORMATS)


def render(result: QueryResult, fmt: str = "table", labels: Labels | None = None) -> str:
    """Render ``result`` in ``fmt``; a format that does not fit the result's kind raises ``QueryError``.

    >>> r = QueryResult("select", ("n",), ({"n": Term("literal", "3")},))
    >>> render(r, "csv")
    'n\\r\\n3\\r\\n'
    """
    if result.kind == "graph" and fmt == "json":
        fmt = "jsonld"
    if fmt in GRAPH_FORMATS:
        return to_rdf(result, fmt)
    if fmt not in SELECT_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    return SELECT_FORMATS[fmt](result, labels)
