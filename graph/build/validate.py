"""Validate the data graph against the SHACL shapes, plus the QC queries of ``ontology/checks``.

Two SHACL engines give the same report (the tests compare them on the shipped data, every shape fixture and the
bad-input corpus: focus node, path, constraint, severity and message): ``shacl``, a Rust engine and the default
(issue #15: 60–125× faster than pySHACL, 0.6 s at 100k triples), and ``pyshacl``, the reference. Both reports
are read through the same code into :class:`Violation`, so the ``file:row: field: message`` mapping is one.

The Rust engine grows faster than the graph it is given (10× the shipped data 1.8 s, 100× 1,532 s), so above
:data:`CHUNK_SUBJECTS` subjects it validates the graph in chunks of focus subjects, each with what the shapes
read for them (:mod:`graph.build.partition`), and merges the chunks' reports into one; the tests compare that
against pySHACL too, with tiny chunks forced on.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.term import Node

from ..errors import QueryError
from ..namespaces import PREFIXES, SH, curie
from ..rdf import (
    TripleStore,
    collector_paused,
    indexed_nt_texts,
    merge_graphs,
    ntriples_text,
    prepared_query,
    triples_of,
    triples_text,
    union_graph,
)
from .load import LoadedData, Origin
from .mapping import TABLES
from .partition import (
    ChunkRule,
    UnsupportedShapeError,
    algebra_nodes,
    algebra_parts,
    chunk_rule,
    chunks,
    read_triples,
    triple_patterns,
)

__all__ = ["CHUNK_SUBJECTS", "ENGINES", "Violation", "ValidationResult", "ShaclResult", "shacl_report",
           "shacl_results", "validate_graph", "CHECK_ENGINES", "check_predicates", "check_queries", "oxigraph_store",
           "oxigraph_rows", "run_checks"]

ENGINES = ("shacl", "pyshacl")
"""SHACL engines by name; the first is the default."""


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


def _report_text(results: Graph, conforms: bool) -> str:
    """A short text report in pySHACL's layout (``Conforms: True``), for either engine."""
    lines = ["Validation Report", f"Conforms: {conforms}"]
    rows = sorted(shacl_results(results))
    if rows:
        lines.append(f"Results ({len(rows)}):")
    for r in rows:
        lines += [f"{r.severity} in {r.constraint}:", f"\tFocus Node: {r.focus}", f"\tResult Path: {r.path}",
                  f"\tMessage: {' | '.join(r.messages)}"]
    return "\n".join(lines) + "\n"


CHUNK_SUBJECTS = 3000
"""Focus subjects per call of the Rust engine: it grows faster than the graph it is given (issue #15), so a
bigger graph is validated in chunks (:mod:`graph.build.partition`); at most this many subjects, one call. At 30x
the shipped data, 3,000 against 5,000: engine 1.08-1.14 against 1.17-1.29 CPU s, chunks and engine 1.93-2.12
against 1.99-2.38 (4 runs each, alternated). The shipped data (2,487 IRI subjects) stays one call."""


def _pyshacl_report(merged: Graph, shapes: Graph, merged_text: str | None = None, chunk_subjects: int = 0) -> Graph:
    import pyshacl  # heavy: imported only when validating (style.md G12)

    if isinstance(merged.store, TripleStore):  # pySHACL wraps the store in a Dataset: it must be context-aware
        merged = merge_graphs(merged)
    _, results, _ = pyshacl.validate(
        merged, shacl_graph=shapes, inference="none", abort_on_first=False,
        allow_warnings=True, meta_shacl=False, advanced=False,
    )
    return results


def _copy_result(source: Graph, r: Node, into: Graph) -> None:
    """``r``'s triples and those of the blank nodes under it (result paths): each chunk's report was parsed
    into its own graph, so its blank nodes are fresh and cannot collide with another chunk's in ``into``."""
    todo, seen = [r], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for t in source.triples((node, None, None)):
            into.add(t)
            if isinstance(t[2], BNode):
                todo.append(t[2])


@functools.lru_cache(maxsize=8)
def _compiled_shapes(text: str):  # noqa: ANN202 - a shacl.Shapes
    """The ``shacl`` engine's compiled shapes for a shapes graph's N-Triples, kept per process: a compiled
    ``Shapes`` validates any number of data graphs (each chunk of a build, every build of a test session)."""
    import shacl

    return shacl.Shapes.from_text(text, format="ntriples")


_CHUNK_RULES: dict[str, ChunkRule | None] = {}


def _chunk_rule_of(shapes_text: str, shapes: Graph) -> ChunkRule | None:
    """:func:`chunk_rule` of ``shapes`` (None where it refuses them), kept per process for each shapes text:
    reading the rule walks the shapes graph, and a test session validates hundreds of graphs on one shapes graph."""
    if shapes_text not in _CHUNK_RULES:
        if len(_CHUNK_RULES) > 16:
            _CHUNK_RULES.clear()
        try:
            _CHUNK_RULES[shapes_text] = chunk_rule(shapes)
        except UnsupportedShapeError:
            _CHUNK_RULES[shapes_text] = None
    return _CHUNK_RULES[shapes_text]


def _rust_report(merged: Graph, shapes: Graph, merged_text: str | None = None,
                 chunk_subjects: int = CHUNK_SUBJECTS) -> Graph:
    """The ``shacl`` engine's report as an rdflib graph, so it is read exactly as pySHACL's is.

    Both graphs cross as N-Triples: the engine reads its own store, and ``ntriples_text`` is the fastest
    writer we have (each term quoted once, issue #15). ``merged_text`` is that text when the caller already
    has it. A graph of more than ``chunk_subjects`` subjects is validated chunk by chunk
    (:mod:`graph.build.partition`), keeping each chunk's results about its own focus subjects; shapes the
    chunk rule does not cover are validated in one call.
    """
    shapes_text = ntriples_text(shapes)
    compiled = _compiled_shapes(shapes_text)

    def engine_report(text: str):  # noqa: ANN202 - the engine's report object
        return compiled.validate_text(text, format="ntriples", allow_warnings=True)

    def read_back(report: object) -> Graph:
        return Graph().parse(data=report.serialize("ntriples"), format="nt")  # type: ignore[attr-defined]

    def report_of(text: str) -> Graph:
        return read_back(engine_report(text))

    triples = triples_of(merged)
    # one call for a graph of one chunk, without reading the chunk rule first (0.12-0.15 CPU s a build: its SPARQL
    # constraints are parsed by rdflib; a third of validation at the shipped size, where nothing is chunked)
    one_chunk = _named_subjects(merged, triples) <= max(chunk_subjects, 1)
    rule = None if one_chunk else _chunk_rule_of(shapes_text, shapes)
    if rule is None:
        return report_of(ntriples_text(merged) if merged_text is None else merged_text)
    out, root, conforms, first = Graph(), BNode(), True, True
    triples = read_triples(triples, rule)  # the engine loads only what a shape can read
    with collector_paused():  # the chunks allocate many small lists (see collector_paused)
        # the terms' texts as the build's graph has them made, for the .nt and .nq files too (indexed_nt_texts)
        for focus, text in chunks(triples, rule, max(chunk_subjects, 1), indexed_nt_texts(merged)):
            if focus is None:  # small enough for one call
                return report_of(ntriples_text(merged) if merged_text is None else merged_text)
            report = engine_report(text)
            if not _keeps_any(report.results, focus, first=first):
                first = False
                continue
            chunk = read_back(report)
            for r in chunk.subjects(SH.resultSeverity, None):
                at = chunk.value(r, SH.focusNode)
                # a blank-node focus comes back with a fresh label: the first chunk has them all as focus
                if (isinstance(at, URIRef) and f"<{at}>" in focus) or (isinstance(at, BNode) and first):
                    _copy_result(chunk, r, out)
                    out.add((root, SH.result, r))
                    conforms = conforms and chunk.value(r, SH.resultSeverity) != SH.Violation
            first = False
    out.add((root, RDF.type, SH.ValidationReport))
    out.add((root, SH.conforms, Literal(conforms)))
    return out


def _named_subjects(g: Graph, triples: list[tuple]) -> int:
    """How many distinct subjects of ``g`` (its ``triples``) are not blank nodes: read off the build's store's
    subject index, which the checks and the outputs use too, and by the subjects' types (a handful) where none
    is a blank node (a set of the 540k triples' subjects, each checked by ``isinstance`` through rdflib's ABC,
    took 0.1 CPU s at 30x the shipped data, #15)."""
    store = g.store if type(g) is Graph else None
    subjects = store.indexes()[0] if isinstance(store, TripleStore) else {t[0] for t in triples}
    if not any(issubclass(kind, BNode) for kind in set(map(type, subjects))):
        return len(subjects)
    return sum(not isinstance(s, BNode) for s in subjects)


def _keeps_any(results: list, focus: set[str], *, first: bool) -> bool:
    """Whether a chunk's engine results (``shacl.Result``, focus nodes in N-Triples) can hold one that the chunk
    keeps: about one of its ``focus`` subjects (their N-Triples text, :func:`chunks`), or a blank node in the
    ``first`` chunk. Most are about neighbours the chunk holds with partial data, and reading their reports back
    through rdflib's parser cost 0.2-0.45 CPU s at 30x (1,010 results in 15 chunks, none kept). A focus node
    other than a blank node or an IRI written without an escape (``<...>``, which rdflib's parser reads as that
    IRI) says True: the report is then read."""
    for result in results:
        at = result.focus_node
        if at.startswith("_:"):
            if first:
                return True
        elif at in focus or not (at.startswith("<") and at.endswith(">") and "\\" not in at):
            return True
    return False


_REPORTERS = {"shacl": _rust_report, "pyshacl": _pyshacl_report}


def shacl_report(merged: Graph, shapes: Graph, *, engine: str = ENGINES[0], merged_text: str | None = None,
                 chunk_subjects: int = CHUNK_SUBJECTS) -> Graph:
    """The SHACL validation report of ``merged`` (ontology + data) against ``shapes``, as a graph.

    ``chunk_subjects`` is the Rust engine's chunk size (:data:`CHUNK_SUBJECTS`; the tests force chunks with a
    tiny one); pySHACL validates in one call. Raises ``ValueError`` for an engine not in :data:`ENGINES`.
    """
    if engine not in _REPORTERS:
        raise ValueError(f"unknown SHACL engine {engine!r}; known: {', '.join(ENGINES)}")
    return _REPORTERS[engine](merged, shapes, merged_text, chunk_subjects)


@dataclass(frozen=True, order=True)
class ShaclResult:
    """One result of a report, engine-neutral: what the engine comparison tests compare."""

    focus: str
    path: str
    constraint: str
    severity: str
    messages: tuple[str, ...]


def _path_text(results: Graph, path: Node | None) -> str:
    """A result path in SPARQL property-path syntax (``^p``, ``(a|b)``), the same for both engines."""
    if path is None:
        return ""
    if not isinstance(path, BNode):
        return f"<{path}>"
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_path_text(results, inverse)}"
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(results, p) for p in Collection(results, alternatives)) + ")"
    return "?"


def shacl_results(results: Graph) -> tuple[ShaclResult, ...]:
    """Every result of a SHACL report graph, sorted."""
    out = []
    for r in results.subjects(SH.resultSeverity, None):
        out.append(ShaclResult(
            focus=str(results.value(r, SH.focusNode)),
            path=_path_text(results, results.value(r, SH.resultPath)),
            constraint=str(results.value(r, SH.sourceConstraintComponent)),
            severity=str(results.value(r, SH.resultSeverity)),
            messages=tuple(sorted(str(m) for m in results.objects(r, SH.resultMessage))),
        ))
    return tuple(sorted(out))


CHECK_ENGINES = ("oxigraph", "rdflib")
"""Engines the QC checks run on; the first is the default. rdflib's SPARQL is the reference the tests compare
Oxigraph against on every check fixture and the shipped data; at 30× the shipped data its nested-loop joins took
43 s for the six checks (docs/benchmarks.md), Oxigraph a fraction of a second."""


def check_queries(checks_dir: Path) -> list[tuple[str, str, str, object]]:
    """(name, first comment line, text, rdflib's prepared query) of every ``*-violation.rq``: each is parsed once,
    to report a broken check whichever engine runs it, and that parse is what the rdflib engine runs."""
    out = []
    for rq in sorted(checks_dir.glob("*-violation.rq")):
        text = rq.read_text(encoding="utf-8")
        first = next((ln.lstrip("# ").strip() for ln in text.splitlines() if ln.startswith("#")), rq.stem)
        try:
            prepared = prepared_query(text, PREFIXES)
        except Exception as exc:  # pyparsing's ParseException and friends
            raise QueryError(f"{rq}: cannot parse the check: {exc}") from None
        out.append((rq.stem, first, text, prepared))
    return out


def _path_predicates(path: object) -> set[URIRef] | None:
    """The IRIs of a property path (``a/b``, ``^a``, ``a|b``, ``a+``), or ``None`` for a negated set (``!a``),
    which reads every other predicate."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    if isinstance(path, URIRef):
        return {path}
    parts = (path.args if isinstance(path, SequencePath | AlternativePath)
             else [path.arg] if isinstance(path, InvPath) else [path.path] if isinstance(path, MulPath) else None)
    if parts is None:
        return None
    out: set[URIRef] = set()
    for part in parts:
        got = _path_predicates(part)
        if got is None:
            return None
        out |= got
    return out


def _values_of(algebra: object) -> dict[Node, set[Node]]:
    """Each ``VALUES`` variable of a query's algebra, with every term it is bound to (in any of its blocks)."""
    values: dict[Node, set[Node]] = {}
    for node in algebra_nodes(algebra, "values"):
        for row in node["res"]:
            for var, term in row.items():
                values.setdefault(var, set()).add(term)
    return values


def check_predicates(prepared: list[object]) -> frozenset[URIRef] | None:
    """The predicates the prepared check queries can read, ``rdf:type`` included, or ``None`` when one of them
    can read any (a predicate variable not bound by ``VALUES`` to IRIs, a negated path): the QC checks'
    Oxigraph store then loads only those triples (issue #15: the store of the whole graph held ~580 B a quad)."""
    out: set[URIRef] = {URIRef(RDF.type)}
    for query in prepared:
        algebra = query.algebra  # type: ignore[attr-defined]
        values = _values_of(algebra)
        for _, p, _ in triple_patterns(algebra):
            if isinstance(p, Variable):
                bound = values.get(p, {None})
                if not all(isinstance(v, URIRef) for v in bound):
                    return None
                out |= bound  # type: ignore[arg-type]
                continue
            got = _path_predicates(p)
            if got is None:
                return None
            out |= got
    return frozenset(out)


_STORE_PIECE = 50_000
"""Triples per ``Store.load`` call: one call on the text of the whole graph held the text and the load's own
working set at once (30× the shipped data: 194 MB over the graph; in pieces of this size, 70 MB)."""


def oxigraph_store(g: Graph, predicates: frozenset[URIRef] | None = None, piece: int = _STORE_PIECE, *,
                   checks: list[object] | None = None):  # noqa: ANN202 - a pyoxigraph.Store
    """An Oxigraph store of ``g``'s triples whose predicate is in ``predicates`` (all when ``None``), loaded
    ``piece`` triples at a time so no N-Triples text of the whole graph is ever held. Oxigraph gives each
    load's blank nodes new identities, so every triple with a blank node goes into the first load, together.

    ``checks`` (prepared queries, as :func:`check_queries` gives them) narrows the store to the triples their
    patterns can match, in place of ``predicates`` (:func:`_pattern_reads`): the same answers to those queries
    from fewer triples (#15: at 30x the shipped data, 165k of the 322k triples of their predicates)."""
    import pyoxigraph as ox

    store = ox.Store()
    reads = None if checks is None else _pattern_reads(checks)
    groups = None if reads is None else _read_groups(g, reads)
    if groups is None:
        if checks is not None:
            predicates = check_predicates(checks)
        triples = triples_of(g)
        if predicates is not None:
            triples = [t for t in triples if t[1] in predicates]
        anonymous = [t for t in triples if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
        named = [t for t in triples if not (isinstance(t[0], BNode) or isinstance(t[2], BNode))] \
            if anonymous else triples
        pieces = [anonymous] + [named[start:start + piece] for start in range(0, len(named), max(piece, 1))]
        texts: Iterator[str] = (triples_text(part) for part in pieces if part)
    else:
        texts = _group_texts(groups, piece, indexed_nt_texts(g) or {})
    for text in texts:
        # lenient: the text is ours, from rdflib terms (each subject, predicate and object IRI checked as it is
        # written, each language tag by Literal); Oxigraph checking them again was a fifth of the store's load
        # at 30x (#15)
        store.load(text, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return store


def oxigraph_rows(store, text: str) -> list[list[Node | None]]:  # noqa: ANN001 - a pyoxigraph.Store
    import pyoxigraph as ox

    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if f"PREFIX {p}:" not in text)
    solutions = store.query(prologue + text)
    names = [v.value for v in solutions.variables]
    # only the first IRI of a row matters (the focus): other terms stay as text
    return [[URIRef(t.value) if isinstance(t, ox.NamedNode) else (None if t is None else t.value)
             for t in (row[n] for n in names)] for row in solutions]


def run_checks(g: Graph, checks_dir: Path, origins: dict[URIRef, Origin], *,
               engine: str = CHECK_ENGINES[0]) -> list[Violation]:
    """Run every ``*-violation.rq``; each row is a violation about its first bound IRI (ODK style).

    ``engine`` is one of :data:`CHECK_ENGINES`: the same rows either way (tested), Oxigraph much faster; its
    store holds only the triples the checks can read (:func:`check_predicates`).
    """
    if engine not in CHECK_ENGINES:
        raise QueryError(f"unknown check engine {engine!r}; known: {', '.join(CHECK_ENGINES)}")
    out: list[Violation] = []
    if not checks_dir.is_dir():
        return out
    checks = check_queries(checks_dir)
    store = None
    if checks and engine == "oxigraph":
        store = oxigraph_store(g, checks=[prepared for *_, prepared in checks])
    for name, first, text, prepared in checks:
        rows = [list(row) for row in g.query(prepared)] if store is None else oxigraph_rows(store, text)
        for row in rows:
            focus = next((v for v in row if isinstance(v, URIRef)), None)
            path, line, _ = _place(origins, focus, None)
            out.append(Violation(path, line, name, first, str(focus or "")))
    return out


_Read = tuple[URIRef, tuple[tuple[int, URIRef], ...]]
"""What a triple pattern with an IRI predicate can match: that predicate's triples with the IRIs the pattern names
as its subject (position 0) or object (2)."""

_Join = tuple[int, _Read, int]
"""A pattern's term at a position (0 or 2) is a variable that another pattern of its BGP holds at a position: only
the terms that one's triples hold there can be matched."""

_Pattern = tuple[_Read, tuple[_Join, ...], tuple[int, ...]]
"""What a pattern reads: its :data:`_Read`, its joins, and its loose positions (:func:`_loose_patterns`)."""


def _pattern_reads(prepared: list[object]) -> dict[URIRef, list[_Pattern] | None] | None:
    """For each predicate :func:`check_predicates` finds, the patterns of ``prepared`` that read it, or ``None``
    for all its triples (a path, a ``VALUES``-bound predicate, a pattern naming no IRI and joined to nothing);
    ``None`` when a query can read any predicate.

    A pattern is read from every pattern :func:`triple_patterns` gives, as :func:`check_predicates` reads them: the
    IRIs it names, and, inside a BGP (whose patterns all match together, whatever surrounds it), each variable it
    shares with a pattern of an IRI predicate; and its loose positions (:func:`_loose_patterns`), where one triple
    per distinct term at the other positions will do. Each is a superset of the triples a solution can use, so a
    store of them answers as the whole graph does. IRIs only: a literal is matched by value (``"01"^^xsd:integer``)."""
    predicates = check_predicates(prepared)
    if predicates is None:
        return None
    reads: dict[URIRef, list[_Pattern] | None] = {}
    for query in prepared:
        algebra = query.algebra  # type: ignore[attr-defined]
        values = _values_of(algebra)
        siblings = _bgp_siblings(algebra)
        loose = _loose_patterns(algebra)
        for pattern in triple_patterns(algebra):
            p = pattern[1]
            if not isinstance(p, URIRef):  # a VALUES-bound variable or a path: all its predicates' triples
                for q in values[p] if isinstance(p, Variable) else _path_predicates(p) or ():
                    reads[q] = None  # type: ignore[index]
                continue
            joins = _joins(pattern, siblings.get(id(pattern), ()))
            read = _read_of(pattern)
            free = loose.get(pattern, ())
            if not (read[1] or joins or free):
                reads[p] = None
            elif p not in reads or reads[p] is not None:
                reads.setdefault(p, []).append((read, joins, free))  # type: ignore[union-attr]
    for p in predicates:
        reads.setdefault(p, None)  # rdf:type, which check_predicates always counts
    return reads


def _bgp_siblings(algebra: object) -> dict[int, list[tuple]]:
    """Each pattern of a BGP (by its ``id``: :func:`triple_patterns` yields the BGPs' own tuples) with its BGP's
    patterns; none for a pattern object that is in two different BGPs (each would narrow it for the other)."""
    out: dict[int, list[tuple]] = {}
    shared: set[int] = set()
    for bgp in algebra_nodes(algebra, "BGP"):
        for t in bgp["triples"]:
            if out.setdefault(id(t), bgp["triples"]) is not bgp["triples"]:
                shared.add(id(t))
    for key in shared:
        del out[key]
    return out


def _variable_uses(algebra: object) -> Counter[Variable]:
    """How often each variable occurs in a query's algebra (:func:`algebra_parts`): a variable counted once is
    used by that one pattern and nowhere else (a copy rdflib makes of a part only counts more)."""
    return Counter(node for node in algebra_parts(algebra) if isinstance(node, Variable))


_SUB_QUERY = ("SubSelect", "ToMultiSet", "Project")
"""What a sub-query is in rdflib's algebra: parsed, and translated (``ToMultiSet(Project(...))``)."""


def _loose_patterns(algebra: object) -> dict[tuple, tuple[int, ...]]:
    """Each triple pattern inside a ``FILTER [NOT] EXISTS`` with its loose positions: those (0 or 2) of a variable
    the query uses nowhere else. An ``EXISTS`` asks only whether its pattern matches, and such a variable joins
    nothing, so one triple per distinct term at the pattern's other positions matches as all of them do (#15:
    ``?anything mitra:source ?source``, 46 % of the checks' store at 30x, one triple a source). Not inside a
    sub-query, whose aggregates may count the matches."""
    uses = _variable_uses(algebra)
    out: dict[tuple, tuple[int, ...]] = {}
    for exists in itertools.chain(*(algebra_nodes(algebra, name) for name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"))):
        if any(True for name in _SUB_QUERY for _ in algebra_nodes(exists, name)):
            continue
        for pattern in triple_patterns(exists):
            free = tuple(i for i in (0, 2) if isinstance(pattern[i], Variable) and uses[pattern[i]] == 1)
            if free and isinstance(pattern[1], URIRef):
                out[pattern] = free
    return out


def _witnesses(triples: list[tuple], free: tuple[int, ...]) -> list[tuple]:
    """One of ``triples`` per distinct term at the positions (0, 2) not in ``free``: what a pattern with those
    loose positions (:func:`_loose_patterns`) needs."""
    kept = [i for i in (0, 2) if i not in free]
    if not kept:
        return triples[:1]
    key = itemgetter(*kept)
    return list(dict(zip(map(key, triples), triples, strict=True)).values())


def _read_of(pattern: tuple) -> _Read:
    return pattern[1], tuple((i, pattern[i]) for i in (0, 2) if isinstance(pattern[i], URIRef))


def _joins(pattern: tuple, bgp: list[tuple]) -> tuple[_Join, ...]:
    """Each variable of ``pattern``'s subject or object that another pattern of its ``bgp`` with an IRI predicate
    holds, with where that one holds it."""
    out = []
    for i in (0, 2):
        if isinstance(pattern[i], Variable):
            out += [(i, _read_of(other), j) for other in bgp if other is not pattern and isinstance(other[1], URIRef)
                    for j in (0, 2) if other[j] == pattern[i]]
    return tuple(out)


def _read_groups(g: Graph, reads: dict[URIRef, list[_Pattern] | None]) -> list[list[tuple]] | None:
    """The triples of ``g`` that :func:`_pattern_reads`' ``reads`` can match, one list per predicate. ``None``
    when an IRI of its predicates' triples cannot be written as N-Triples (then the store is made as without
    ``reads``, which raises rdflib's error for the first as before)."""
    by_p = _by_predicate(g, reads)
    if not _writable(g, reads, by_p.values()):
        return None
    matched: dict[_Read, list[tuple]] = {}
    held: dict[tuple[_Read, int], set] = {}

    def matching(read: _Read) -> list[tuple]:
        if read not in matched:
            triples = by_p[read[0]]
            for i, iri in read[1]:
                wanted = {iri}
                triples = [t for t in triples if t[i] in wanted]
            matched[read] = triples
        return matched[read]

    def terms_at(read: _Read, i: int) -> set:
        if (read, i) not in held:
            held[read, i] = {t[i] for t in matching(read)}
        return held[read, i]

    groups = []
    for p, patterns in reads.items():
        if patterns is None:
            groups.append(by_p[p])
            continue
        parts = []
        for read, joins, free in dict.fromkeys(patterns):
            triples = matching(read)
            for i, other, j in joins:
                allowed = terms_at(other, j)
                triples = [t for t in triples if t[i] in allowed]
            parts.append(_witnesses(triples, free) if free else triples)
        groups.append(parts[0] if len(parts) == 1 else list(dict.fromkeys(t for part in parts for t in part)))
    return groups


def _by_predicate(g: Graph, predicates: Iterable[URIRef]) -> dict[URIRef, list[tuple]]:
    """``g``'s triples of each of ``predicates``: the build's store's own index (the outputs make it anyway), or
    one pass over any other graph."""
    store = g.store if type(g) is Graph else None
    if isinstance(store, TripleStore):
        index = store.indexes()[1]
        return {p: index.get(p, []) for p in predicates}
    out: dict[URIRef, list[tuple]] = {p: [] for p in predicates}
    for t in triples_of(g):
        got = out.get(t[1])
        if got is not None:
            got.append(t)
    return out


_NOT_IN_IRIS = '<>" {}|\\^`'
"""What rdflib's ``URIRef.n3`` refuses to write (``rdflib.term._invalid_uri_chars``)."""


def _writable(g: Graph, predicates: Iterable[URIRef], groups: Iterable[list[tuple]]) -> bool:
    """Whether every IRI of ``predicates`` and of the subjects and objects of ``groups`` (of ``g``) is written by
    ``n3`` as ``<iri>``, which :func:`_group_texts` writes without asking ``n3``: one look over all of them
    joined. On the build's store, over the distinct terms of its indexes (all of the graph's, a third as many)."""
    store = g.store if type(g) is Graph else None
    if isinstance(store, TripleStore):
        groups = [list(index) for index in store.indexes()]
    else:
        groups = [[t[i] for t in triples] for triples in groups for i in (0, 2)]
    iris = [list(predicates)]
    for terms in groups:
        iris.append(terms if {type(x) for x in terms} <= {URIRef} else [x for x in terms if isinstance(x, URIRef)])
    joined = "".join("".join(part) for part in iris)
    return not any(c in joined for c in _NOT_IN_IRIS)


def _group_texts(groups: list[list[tuple]], piece: int, cache: dict[int, str]) -> Iterator[str]:
    """The N-Triples texts an Oxigraph store of ``groups`` (each one predicate's triples, IRIs known writable) loads:
    every triple with a blank node first, in one text (a load's blank nodes are its own), then at most ``piece``
    triples a text, one predicate at a time. Triples of IRIs only are written without a look-up per term; the
    others' terms from ``cache`` (:func:`graph.rdf.nt_words`' cache, the graph's own texts where it has them)."""
    anonymous: list[tuple] = []
    named = []
    for triples in groups:
        if {type(t[0]) for t in triples} | {type(t[2]) for t in triples} <= {URIRef, Literal}:
            named.append(triples)
            continue
        anonymous += [t for t in triples if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
        named.append([t for t in triples if not (isinstance(t[0], BNode) or isinstance(t[2], BNode))])
    if anonymous:
        yield triples_text(anonymous)
    for triples in named:
        for start in range(0, len(triples), max(piece, 1)):
            part = triples[start:start + piece]
            if {type(t[0]) for t in part} | {type(t[2]) for t in part} == {URIRef}:
                predicate = f"<{part[0][1]}>"
                yield "".join([f"<{s}> {predicate} <{o}> .\n" for s, _, o in part])
            else:
                yield triples_text(part, cache)


def validate_graph(data: LoadedData, *, shapes: Graph, ont: Graph, checks_dir: Path | None = None,
                   merged: Graph | None = None, engine: str = ENGINES[0],
                   chunk_subjects: int = CHUNK_SUBJECTS) -> ValidationResult:
    """Validate ``data`` against ``shapes`` with the ontology merged in, so subclass instances are targeted.

    ``merged`` is the ontology + data graph when the caller already has it (``build_graph`` does), so it
    is not built twice. ``engine`` is one of :data:`ENGINES`; ``chunk_subjects`` is the Rust engine's chunk size
    (:func:`shacl_report`). Returns every violation mapped to
    ``file:line: field`` through ``data.origins``.
    """
    # The ontology is merged into the data graph rather than passed as pySHACL's ont_graph: with
    # inference="none" pySHACL does not mix ont_graph in, and RDFS inference is 10x slower than merging.
    if merged is None:
        merged = union_graph(ont, data.g)
    # No N-Triples text of the whole graph is held here (issue #15): the Rust engine writes each chunk's (or,
    # below the chunk size, the graph's), and the QC checks' store loads only the triples they can read.
    results = shacl_report(merged, shapes, engine=engine, chunk_subjects=chunk_subjects)
    violations: list[Violation] = []
    for r in results.subjects(SH.resultSeverity, None):
        severity = results.value(r, SH.resultSeverity)
        focus = results.value(r, SH.focusNode)
        pred = _result_predicate(results, merged, r)
        path, line, fld = _place(data.origins, focus, pred)
        fld = _inverse_field(results, r, pred) or fld
        violations.append(Violation(path, line, fld, _message(results, r), str(focus),
                                    curie(str(severity)).split(":")[-1]))
    shacl_conforms = not any(v.severity == "Violation" for v in violations)
    if checks_dir is not None:
        violations.extend(run_checks(merged, checks_dir, data.origins))
    errors = [v for v in violations if v.severity == "Violation"]
    return ValidationResult(conforms=not errors, violations=tuple(sorted(set(violations))),
                            text=_report_text(results, shacl_conforms))
