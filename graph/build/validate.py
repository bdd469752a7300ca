"""Validate the data graph with pySHACL against the shapes, plus the QC queries of ``ontology/checks``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ..errors import QueryError
from ..namespaces import PREFIXES, SH, curie
from .load import LoadedData, Origin
from .mapping import TABLES

__all__ = ["Violation", "ValidationResult", "validate_graph", "run_checks"]


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result or QC row, placed back at its file, line and CSV column where known."""

    path: str
    line: int
    field: str
    message: str
    focus: str
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message} [{curie(self.focus)}]"


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of validation: ``violations`` sorted by place so output is stable."""

    conforms: bool
    violations: tuple[Violation, ...]
    text: str = ""


def _message(results: Graph, r: URIRef) -> str:
    msgs = list(results.objects(r, SH.resultMessage))
    en = [m for m in msgs if getattr(m, "language", None) == "en"]
    return str((en or msgs or ["constraint violated"])[0])


def _place(origins: dict[URIRef, Origin], focus: object, path: object) -> tuple[str, int, str]:
    origin = origins.get(focus) if isinstance(focus, URIRef) else None
    pred = str(path) if isinstance(path, URIRef) else None
    if origin is None:
        return "(graph)", 0, curie(pred) if pred else "-"
    return origin.path, origin.line or 0, origin.field_for(pred) or "-"


def _result_predicate(results: Graph, data: Graph, r: Node) -> Node | None:
    """The predicate a result is about. For an ``sh:alternativePath`` (the shared date shape), the alternative
    that holds the offending value; for an ``sh:inversePath``, the inverse predicate itself.
    """
    path = results.value(r, SH.resultPath)
    if not isinstance(path, BNode):
        return path
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return inverse
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        focus, value = results.value(r, SH.focusNode), results.value(r, SH.value)
        options = list(Collection(results, alternatives))
        held = [p for p in options if value is not None and (focus, p, value) in data]
        return (held or options or [None])[0]
    return None


def _inverse_field(results: Graph, r: Node, pred: Node | None) -> str | None:
    """Name an inverse-path result by the CSV column that points back (``participations.csv:in``)."""
    path = results.value(r, SH.resultPath)
    if not isinstance(path, BNode) or results.value(path, SH.inversePath) is None:
        return None
    for table in TABLES.values():
        for col in table.columns:
            if col.predicate is not None and col.predicate == pred:
                return f"{table.name}.csv:{col.name}"
    return f"^{curie(str(pred))}"


def run_checks(g: Graph, checks_dir: Path, origins: dict[URIRef, Origin]) -> list[Violation]:
    """Run every ``*-violation.rq``; each row is a violation about its first bound IRI (ODK style)."""
    out: list[Violation] = []
    if not checks_dir.is_dir():
        return out
    from rdflib.plugins.sparql import prepareQuery

    for rq in sorted(checks_dir.glob("*-violation.rq")):
        text = rq.read_text(encoding="utf-8")
        first = next((ln.lstrip("# ").strip() for ln in text.splitlines() if ln.startswith("#")), rq.stem)
        try:
            query = prepareQuery(text, initNs=PREFIXES)
        except Exception as exc:  # pyparsing's ParseException and friends
            raise QueryError(f"{rq}: cannot parse the check: {exc}") from None
        for row in g.query(query):
            focus = next((v for v in row if isinstance(v, URIRef)), None)
            path, line, _ = _place(origins, focus, None)
            out.append(Violation(path, line, rq.stem, first, str(focus or "")))
    return out


def validate_graph(data: LoadedData, *, shapes: Graph, ont: Graph,
                   checks_dir: Path | None = None, merged: Graph | None = None) -> ValidationResult:
    """Validate ``data`` against ``shapes`` with the ontology merged in, so subclass instances are targeted.

    ``merged`` is the ontology + data graph when the caller already has it (``build_graph`` does), so it
    is not built twice. Returns every violation mapped to ``file:line: field`` through ``data.origins``.
    """
    import pyshacl  # heavy: imported only when validating (style.md G12)

    # The ontology is merged into the data graph rather than passed as pySHACL's ont_graph: with
    # inference="none" pySHACL does not mix ont_graph in, and RDFS inference is 10x slower than merging.
    if merged is None:
        merged = Graph()
        for part in (ont, data.g):
            for t in part:
                merged.add(t)
    conforms, results, text = pyshacl.validate(
        merged, shacl_graph=shapes, inference="none", abort_on_first=False,
        allow_warnings=True, meta_shacl=False, advanced=False,
    )
    violations: list[Violation] = []
    for r in results.subjects(SH.resultSeverity, None):
        severity = results.value(r, SH.resultSeverity)
        focus = results.value(r, SH.focusNode)
        pred = _result_predicate(results, merged, r)
        path, line, fld = _place(data.origins, focus, pred)
        fld = _inverse_field(results, r, pred) or fld
        violations.append(Violation(path, line, fld, _message(results, r), str(focus),
                                    curie(str(severity)).split(":")[-1]))
    if checks_dir is not None:
        violations.extend(run_checks(merged, checks_dir, data.origins))
    errors = [v for v in violations if v.severity == "Violation"]
    return ValidationResult(conforms=not errors, violations=tuple(sorted(set(violations))), text=str(text))
