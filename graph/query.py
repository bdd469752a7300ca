"""Run SPARQL over the Mitra graph: named queries from ``ontology/queries/*.rq``, files or text.

Three engines answer the same text: the embedded Oxigraph store (default), rdflib's own engine (the
reference), and a remote SPARQL endpoint. Every engine's answer becomes the same :class:`QueryResult`
of plain :class:`Term` values, so the engines can be compared row for row and rendered alike
(:mod:`graph.results`). pyoxigraph is imported only inside the functions that use it.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from . import paths
from .errors import QueryError
from .namespaces import MID, MITRA, PREFIXES, RDF, RDFS, XSD

__all__ = [
    "Term",
    "QueryResult",
    "Param",
    "NamedQuery",
    "PARAM_KINDS",
    "ENGINES",
    "Engine",
    "OxigraphEngine",
    "RdflibEngine",
    "EndpointEngine",
    "load_queries",
    "named_query",
    "parse_param",
    "apply_params",
    "check_syntax",
    "open_engine",
    "run_query",
    "entity_labels",
]


# --------------------------------------------------------------------------------------------------
# Values and results
# --------------------------------------------------------------------------------------------------


class Term(NamedTuple):
    """One RDF term of a result, as the SPARQL 1.1 JSON results format types it.

    ``type`` is ``uri``, ``literal`` or ``bnode``. Literals keep their lexical form in ``value``, a
    ``datatype`` IRI (never ``xsd:string`` or ``rdf:langString``: those are implied) and a lowercase
    ``lang``. Numbers are in canonical form, so every engine gives the same text.

    >>> str(Term("uri", "https://w3id.org/mitra/id/jakarta"))
    'https://w3id.org/mitra/id/jakarta'
    """

    type: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def n3(self) -> str:
        """The term in SPARQL/Turtle syntax.

        >>> Term("literal", 'say "hi"', lang="en").n3()
        '"say \\\\"hi\\\\""@en'
        """
        if self.type == "uri":
            return f"<{self.value}>"
        if self.type == "bnode":
            return f"_:{self.value}"
        text = '"' + _escape(self.value) + '"'
        if self.lang:
            return f"{text}@{self.lang}"
        return f"{text}^^<{self.datatype}>" if self.datatype else text


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


_IMPLIED = {str(XSD.string), str(RDF.langString)}
_INTEGERS = {
    str(XSD[t])
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_DECIMAL = str(XSD.decimal)
_FLOATS = {str(XSD.double), str(XSD.float)}
_BOOLEAN = str(XSD.boolean)


def _canonical(value: str, datatype: str) -> str:
    """Canonical lexical form of numbers and booleans: engines differ here (``1.50`` vs ``1.5``)."""
    try:
        if datatype in _INTEGERS:
            return str(int(value))
        if datatype == _DECIMAL:
            d = Decimal(value).normalize()
            return format(d, "f") if d != 0 else "0"
        if datatype in _FLOATS:
            f = float(value)
            return str(int(f)) if f.is_integer() and abs(f) < 1e15 else repr(f)
        if datatype == _BOOLEAN:
            return "true" if value.strip() in ("true", "1") else "false"
    except (ValueError, InvalidOperation, OverflowError):
        pass
    return value


def literal_term(value: str, datatype: str | None = None, lang: str | None = None) -> Term:
    """A literal :class:`Term` in the normal form every engine's output is brought to.

    >>> literal_term("1000000.50", str(XSD.decimal)).value
    '1000000.5'
    """
    if lang:
        return Term("literal", value, None, lang.lower())
    if datatype is None or datatype in _IMPLIED:
        return Term("literal", value)
    return Term("literal", _canonical(value, datatype), datatype)


@dataclass(frozen=True)
class QueryResult:
    """An engine's answer: ``select`` rows, an ``ask`` boolean, or ``graph`` triples (CONSTRUCT/DESCRIBE).

    ``bindings`` hold typed terms (unbound variables are absent); ``rows`` is the plain view a notebook
    or a test wants: one dict of strings per row, every column present (``""`` when unbound).
    """

    kind: str
    columns: tuple[str, ...] = ()
    bindings: tuple[dict[str, Term], ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[Term, Term, Term], ...] = ()

    @property
    def rows(self) -> list[dict[str, str]]:
        """Rows as ``{column: text}`` in column order."""
        cols = self.columns
        return [{c: (b[c].value if c in b else "") for c in cols} for b in self.bindings]

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.bindings)
        return len(self.triples) if self.kind == "graph" else 1

    def limited(self, limit: int | None) -> QueryResult:
        """The first ``limit`` rows (all when ``limit`` is None); other kinds are returned unchanged."""
        if limit is None or self.kind != "select":
            return self
        return QueryResult(self.kind, self.columns, self.bindings[:limit])


# --------------------------------------------------------------------------------------------------
# Named queries
# --------------------------------------------------------------------------------------------------

PARAM_KINDS = ("iri", "string", "integer", "decimal", "date")
"""Kinds a named query's parameter can be declared with (``# param name (kind): doc``)."""

_PARAM_LINE = re.compile(r"^param\s+[?$]?(\w+)\s*\((\w+)(\s*,\s*required)?\)\s*:?\s*(.*)$")


@dataclass(frozen=True)
class Param:
    """A documented parameter of a named query: the variable it binds, its kind and what it means."""

    name: str
    kind: str
    doc: str
    required: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A query file of ``ontology/queries/``: its name (file stem), purpose (first comment line),
    further documentation lines, declared parameters and text."""

    name: str
    path: Path
    text: str
    purpose: str
    doc: tuple[str, ...] = ()
    params: tuple[Param, ...] = field(default_factory=tuple)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_named_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header comment (purpose, ``param`` lines, other notes)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot be read: {exc}") from None
    header: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            header.append(line.lstrip("#").strip())
        elif line.strip():
            break
    if not header or not header[0]:
        raise QueryError(f"{path}:1: a named query starts with a comment line saying what its rows mean")
    params, doc = [], []
    for n, line in enumerate(header[1:], start=2):
        m = _PARAM_LINE.match(line)
        if m:
            if m.group(2) not in PARAM_KINDS:
                raise QueryError(
                    f"{path}:{n}: unknown parameter kind {m.group(2)!r}; known: {', '.join(PARAM_KINDS)}"
                )
            params.append(Param(m.group(1), m.group(2), m.group(4), required=bool(m.group(3))))
        elif line:
            doc.append(line)
    return NamedQuery(path.stem, path, text, header[0], tuple(doc), tuple(params))


def load_queries(queries_dir: Path = paths.QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query of ``queries_dir``, by name, sorted."""
    return {p.stem: parse_named_query(p) for p in sorted(Path(queries_dir).glob("*.rq"))}


def named_query(name: str, queries_dir: Path = paths.QUERIES_DIR) -> NamedQuery:
    """The named query ``name``; an unknown name raises ``QueryError`` suggesting close names."""
    path = Path(queries_dir) / f"{name}.rq"
    if path.is_file():
        return parse_named_query(path)
    known = sorted(p.stem for p in Path(queries_dir).glob("*.rq"))
    close = difflib.get_close_matches(name, known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `mitra query --list` shows them"
    raise QueryError(f"unknown query {name!r}{hint}")


# --------------------------------------------------------------------------------------------------
# Parameters: a FILTER in the query's WHERE group
# --------------------------------------------------------------------------------------------------

_IRI_OK = re.compile(r"^[^\s<>\"{}|^`\\]+$")


def _iri(raw: str) -> Term:
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    elif ":" in raw and raw.split(":", 1)[0] in PREFIXES:
        prefix, local = raw.split(":", 1)
        raw = PREFIXES[prefix] + local
    elif re.fullmatch(r"[a-z0-9][a-z0-9-]*", raw):
        raw = str(MID[raw])
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", raw) or not _IRI_OK.match(raw):
        raise QueryError(f"{raw!r} is not an IRI, a CURIE (mid:jakarta) or a Mitra id (jakarta)")
    return Term("uri", raw)


def parse_param(raw: str, kind: str | None = None) -> Term:
    """A parameter value as a term of ``kind``; without a kind, IRIs and CURIEs become IRIs,
    whole numbers integers, anything else a plain string.

    >>> parse_param("jakarta", "iri").value
    'https://w3id.org/mitra/id/jakarta'
    >>> parse_param("1986").datatype.endswith("integer")
    True
    """
    if kind is None:
        if (
            (raw.startswith("<") and raw.endswith(">"))
            or re.match(r"^https?://", raw)
            or (":" in raw and raw.split(":", 1)[0] in PREFIXES)
        ):
            kind = "iri"
        elif re.fullmatch(r"[+-]?\d+", raw):
            kind = "integer"
        else:
            kind = "string"
    if kind == "iri":
        return _iri(raw)
    if kind == "string":
        return Term("literal", raw)
    checks = {
        "integer": (r"[+-]?\d+", XSD.integer),
        "decimal": (r"[+-]?(\d+(\.\d*)?|\.\d+)", XSD.decimal),
        "date": (r"\d{4}-\d{2}-\d{2}", XSD.date),
    }
    if kind not in checks:
        raise QueryError(f"unknown parameter kind {kind!r}; known: {', '.join(PARAM_KINDS)}")
    pattern, datatype = checks[kind]
    if not re.fullmatch(pattern, raw.strip()):
        raise QueryError(f"{raw!r} is not a valid {kind}")
    return literal_term(raw.strip(), str(datatype))


_VARNAME = re.compile(r"[0-9A-Za-z_\u00b7-\uffff]+")
_NAME = re.compile(r"[A-Za-z_][\w.-]*(:[\w.%-]*)?|[\w-]+")
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\s]*>")


@dataclass(frozen=True)
class _Shape:
    """What the scanner found in a query: where its WHERE group opens, and keywords that matter."""

    where_open: int | None
    service: bool
    from_clause: bool
    variables: frozenset[str]


@functools.lru_cache(maxsize=512)
def _scan(text: str) -> _Shape:
    """Find the outer WHERE group and the SERVICE/FROM keywords, skipping strings, IRIs and comments."""
    i, n, depth = 0, len(text), 0
    form_seen = where_seen = service = from_clause = False
    where_open: int | None = None
    variables: set[str] = set()
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            m = _IRIREF.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c in "?$":
            m = _VARNAME.match(text, i + 1)
            if m:
                variables.add(m.group(0))
                i = m.end()
            else:
                i += 1
            continue
        if c == "{":
            if depth == 0 and where_open is None and (where_seen or form_seen):
                where_open = i + 1
            depth += 1
        elif c == "}":
            depth -= 1
        elif c.isalpha() or c == "_":
            m = _NAME.match(text, i)
            word = m.group(0)
            if ":" not in word and not (i > 0 and text[i - 1] == ":"):
                kw = word.upper()
                if kw == "SERVICE":
                    service = True
                elif depth == 0 and kw == "FROM":
                    from_clause = True
                elif depth == 0 and kw == "WHERE":
                    where_seen = True
                elif depth == 0 and kw in ("SELECT", "ASK"):
                    form_seen = True
                elif depth == 0 and kw in ("CONSTRUCT", "DESCRIBE"):
                    form_seen = False  # its first group is a template (CONSTRUCT) or absent (DESCRIBE)
            i = m.end()
            continue
        i += 1
    return _Shape(where_open, service, from_clause, frozenset(variables))


def _condition(var: str, term: Term) -> str:
    if term.type == "uri":
        return f"sameTerm(?{var}, {term.n3()})"
    if term.datatype is None and term.lang is None:
        return f"STR(?{var}) = {term.n3()}"
    return f"?{var} = {term.n3()}"


def apply_params(text: str, params: Mapping[str, Term]) -> str:
    """Keep only the rows whose variables equal the given values: one ``FILTER`` in the WHERE group.

    One mechanism for every engine, local or remote, with SPARQL's own semantics. A filter (rather than a
    pre-binding such as ``VALUES`` or rdflib's ``initBindings``) also works for variables bound in an
    OPTIONAL or by BIND, and drops rows where the variable is unbound. IRIs compare with ``sameTerm``,
    plain strings by their text (so ``EUR`` matches ``"EUR"`` and a label ``"Jakarta"@en``), numbers and
    dates by value. The filter goes on the line of the opening brace, so error positions stay right.

    >>> apply_params("SELECT ?x WHERE { ?x a ?c }", {"c": Term("uri", "http://e/C")})
    'SELECT ?x WHERE { FILTER(sameTerm(?c, <http://e/C>)) ?x a ?c }'
    """
    if not params:
        return text
    shape = _scan(text)
    missing = sorted(set(params) - shape.variables)
    if missing:
        raise QueryError(f"the query has no variable ?{', ?'.join(missing)} to filter on")
    if shape.where_open is None:
        raise QueryError("parameters need a query with a WHERE group")
    conditions = " && ".join(_condition(v, params[v]) for v in sorted(params))
    return text[: shape.where_open] + f" FILTER({conditions})" + text[shape.where_open :]


# --------------------------------------------------------------------------------------------------
# Syntax errors with line and column
# --------------------------------------------------------------------------------------------------


def _point(text: str, line: int, col: int, origin: str, message: str) -> QueryError:
    lines = text.splitlines() or [""]
    line = max(1, min(line, len(lines)))
    src = lines[line - 1]
    col = max(1, min(col, len(src) + 1))
    return QueryError(f"{origin}:{line}:{col}: SPARQL syntax error: {message}\n  {src}\n  {' ' * (col - 1)}^")


def _clean_ox_message(msg: str) -> str:
    msg = " ".join(msg.split())
    if "Prefix not found" in msg:
        return "undeclared prefix"
    if "variable that is unbound" in msg:
        return "the SELECT contains a variable that is unbound"
    return msg if len(msg) <= 120 else msg[:117] + "..."


def _syntax_error(text: str, exc: SyntaxError, origin: str) -> QueryError:
    """Turn Oxigraph's message into ``origin:line:col: …``; rdflib's parser, when it fails too, points
    at the start of the offending token where Oxigraph points after it, so its position is preferred."""
    m = re.match(r"error at (\d+):(\d+): (.*)", str(exc), re.S)
    if not m:
        return QueryError(f"{origin}: SPARQL syntax error: {_clean_ox_message(str(exc))}")
    line, col, msg = int(m.group(1)), int(m.group(2)), _clean_ox_message(m.group(3))
    if msg == "undeclared prefix":
        src = (text.splitlines() or [""])[line - 1] if line <= len(text.splitlines()) else ""
        pm = re.search(r"([A-Za-z][\w.-]*)?:[\w.%-]*$", src[: col - 1])
        if pm:
            return _point(text, line, pm.start() + 1, origin, f"undeclared prefix {pm.group(1) or ''}:")
    try:
        from rdflib.plugins.sparql.parser import parseQuery

        parseQuery(text)
    except Exception as rexc:  # pyparsing's ParseException and friends
        if getattr(rexc, "lineno", None):
            rmsg = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)$", "", str(rexc))
            return _point(text, rexc.lineno, rexc.col, origin, rmsg)
    return _point(text, line, col, origin, msg)


def check_syntax(text: str, *, origin: str = "query") -> None:
    """Raise ``QueryError`` naming ``origin:line:column`` if ``text`` is not valid SPARQL 1.1 for Oxigraph.

    The query is parsed by running it against an empty store, so nothing is read and nothing leaves
    the machine (SERVICE is refused before this).

    >>> check_syntax("SELECT ?x WHERE { ?x a mitra:Province }")
    """
    import pyoxigraph as ox

    try:
        ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise _syntax_error(text, exc, origin) from None
    except (OSError, ValueError):
        pass  # evaluation errors are the engine's to report


# --------------------------------------------------------------------------------------------------
# Engines
# --------------------------------------------------------------------------------------------------


class _EngineSyntaxError(QueryError):
    """An engine rejected the text it ran; :func:`run_query` re-checks the caller's text to say where."""


class Engine:
    """What every engine offers: ``name`` and ``execute(text) -> QueryResult``."""

    name = ""

    def execute(self, text: str) -> QueryResult:  # pragma: no cover - interface
        raise NotImplementedError


class OxigraphEngine(Engine):
    """The embedded engine: a pyoxigraph store, its named graphs queried as one default graph."""

    name = "oxigraph"

    def __init__(self, store: Any) -> None:
        self.store = store

    def execute(self, text: str) -> QueryResult:
        import pyoxigraph as ox

        try:
            res = self.store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
            if isinstance(res, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(res))
            if isinstance(res, ox.QueryTriples):
                conv = _OxConverter()
                return QueryResult(
                    "graph", triples=tuple((conv(t.subject), conv(t.predicate), conv(t.object)) for t in res)
                )
            columns = tuple(v.value for v in res.variables)
            conv = _OxConverter()
            bindings = [
                {c: conv(t) for c, t in zip(columns, sol, strict=False) if t is not None} for sol in res
            ]
            return QueryResult("select", columns, tuple(bindings))
        except SyntaxError as exc:
            raise _EngineSyntaxError(str(exc)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None


class _OxConverter:
    """pyoxigraph terms → :class:`Term`; IRIs memoised by their text (results repeat the same entities).

    Dispatch on the exact type: this loop is most of the embedded engine's overhead over raw pyoxigraph.
    """

    def __init__(self) -> None:
        import pyoxigraph as ox

        self._named, self._literal, self._blank = ox.NamedNode, ox.Literal, ox.BlankNode
        self._uris: dict[str, Term] = {}

    def __call__(self, t: Any) -> Term:
        kind = type(t)
        if kind is self._named:
            value = t.value
            term = self._uris.get(value)
            if term is None:
                term = self._uris[value] = Term("uri", value)
            return term
        if kind is self._literal:
            # Oxigraph already stores numbers in canonical form and language tags in lower case.
            lang = t.language
            datatype = None if lang else t.datatype.value
            return Term("literal", t.value, None if datatype in _IMPLIED else datatype, lang)
        if kind is self._blank:
            return Term("bnode", t.value)
        return Term("literal", str(t))  # an RDF-star triple term


def _rdflib_term(t: Any) -> Term:
    from rdflib import BNode, Literal, URIRef

    if isinstance(t, URIRef):
        return Term("uri", str(t))
    if isinstance(t, BNode):
        return Term("bnode", str(t))
    if isinstance(t, Literal):
        return literal_term(str(t), str(t.datatype) if t.datatype else None, t.language)
    return Term("literal", str(t))


class RdflibEngine(Engine):
    """rdflib's own SPARQL engine over a graph; each query text is prepared once (style.md G10)."""

    name = "rdflib"

    def __init__(self, g: Any) -> None:
        self.g = g
        self._prepared: dict[str, Any] = {}

    def execute(self, text: str) -> QueryResult:
        import rdflib.plugins.sparql as rdflib_sparql
        from rdflib.plugins.sparql import prepareQuery

        query = self._prepared.get(text)
        if query is None:
            try:
                query = self._prepared[text] = prepareQuery(text, initNs=PREFIXES)
            except Exception as exc:  # pyparsing's ParseException, unknown prefixes…
                if getattr(exc, "lineno", None):
                    msg = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)$", "", str(exc))
                    raise _EngineSyntaxError(str(_point(text, exc.lineno, exc.col, "query", msg))) from None
                raise _EngineSyntaxError(f"query: SPARQL syntax error: {exc}") from None
        # FROM <url> would make rdflib fetch the graph: no network at run time.
        load, rdflib_sparql.SPARQL_LOAD_GRAPHS = rdflib_sparql.SPARQL_LOAD_GRAPHS, False
        try:
            return _from_rdflib_result(self.g.query(query))
        except Exception as exc:  # rdflib raises many types while evaluating
            raise QueryError(f"query failed: {exc}") from None
        finally:
            rdflib_sparql.SPARQL_LOAD_GRAPHS = load


def _from_rdflib_result(res: Any) -> QueryResult:
    if res.type == "ASK":
        return QueryResult("ask", boolean=bool(res.askAnswer))
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        return QueryResult(
            "graph",
            triples=tuple((_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)) for s, p, o in res.graph),
        )
    columns = tuple(str(v) for v in res.vars)
    seen: dict[Any, Term] = {}
    bindings = []
    for row in res:
        b = {}
        for c, t in zip(columns, row, strict=False):
            if t is not None:
                term = seen.get(t)
                if term is None:
                    term = seen[t] = _rdflib_term(t)
                b[c] = term
        bindings.append(b)
    return QueryResult("select", columns, tuple(bindings))


class EndpointEngine(Engine):
    """A remote SPARQL 1.1 endpoint over HTTP (the SPARQL Protocol, POST with ``application/sparql-query``).

    Mitra's prefixes the query uses without declaring are declared for it, since the server does not
    know them. SELECT/ASK answers are read as SPARQL JSON results, CONSTRUCT/DESCRIBE as N-Triples.
    """

    name = "endpoint"

    def __init__(self, url: str, *, timeout: float = 60.0) -> None:
        if not re.match(r"^https?://", url):
            raise QueryError(f"endpoint {url!r} is not an http(s) URL")
        self.url = url
        self.timeout = timeout

    def execute(self, text: str) -> QueryResult:
        import urllib.error
        import urllib.request

        declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([\w.-]*):", text)}
        prologue = "".join(
            f"PREFIX {p}: <{iri}>\n"
            for p, iri in PREFIXES.items()
            if p.lower() not in declared and f"{p}:" in text
        )
        req = urllib.request.Request(
            self.url,
            data=(prologue + text).encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/sparql-query; charset=utf-8",
                "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                ctype = resp.headers.get_content_type()
                body = resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            raise QueryError(
                f"endpoint {self.url} answered {exc.code} {exc.reason}: {detail[0] if detail else ''}"
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            raise QueryError(f"cannot reach endpoint {self.url}: {getattr(exc, 'reason', exc)}") from None
        if ctype in ("application/sparql-results+json", "application/json"):
            return _from_sparql_json(json.loads(body))
        if ctype in ("application/n-triples", "text/plain", "text/turtle"):
            from rdflib import Graph

            g = Graph().parse(data=body.decode("utf-8"), format="nt" if ctype != "text/turtle" else "turtle")
            return QueryResult(
                "graph", triples=tuple((_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)) for s, p, o in g)
            )
        raise QueryError(f"endpoint {self.url} answered with unexpected content type {ctype!r}")


def _from_sparql_json(doc: dict) -> QueryResult:
    """Read a SPARQL 1.1 Query Results JSON document."""
    if "boolean" in doc:
        return QueryResult("ask", boolean=bool(doc["boolean"]))
    columns = tuple(doc.get("head", {}).get("vars", []))
    bindings = []
    for b in doc.get("results", {}).get("bindings", []):
        row = {}
        for var, v in b.items():
            kind = v.get("type")
            if kind == "uri":
                row[var] = Term("uri", v["value"])
            elif kind == "bnode":
                row[var] = Term("bnode", v["value"])
            else:  # "literal", or "typed-literal" from older servers
                row[var] = literal_term(v["value"], v.get("datatype"), v.get("xml:lang"))
        bindings.append(row)
    return QueryResult("select", columns, tuple(bindings))


def _open_oxigraph(out_dir: Path, *, store_dir: Path | None = None, infer: str | None = None) -> Engine:
    from .store import open_oxigraph

    return OxigraphEngine(open_oxigraph(Path(out_dir) / "mitra.nq", store_dir=store_dir, infer=infer))


def _open_rdflib(out_dir: Path, *, store_dir: Path | None = None, infer: str | None = None) -> Engine:
    from .store import open_rdflib

    if store_dir is not None:
        raise QueryError("--store needs the oxigraph engine")
    nt = Path(out_dir) / "mitra.nt"
    if not nt.is_file():
        raise QueryError(f"{nt} does not exist; run `mitra build` first")
    return RdflibEngine(open_rdflib(nt, infer=infer))


ENGINES: dict[str, Callable[..., Engine]] = {"oxigraph": _open_oxigraph, "rdflib": _open_rdflib}
"""Local engines by name: each opens the build in ``out_dir`` (``store_dir`` and ``infer`` options)."""


def open_engine(
    name: str = "oxigraph",
    *,
    out_dir: Path = paths.OUT_DIR,
    store_dir: Path | None = None,
    infer: str | None = None,
) -> Engine:
    """Open a local engine over the build in ``out_dir`` (see :mod:`graph.store` for freshness).

    ``store_dir`` keeps an Oxigraph store on disk; ``infer="rdfs"`` adds RDFS entailments first.
    """
    if name not in ENGINES:
        raise QueryError(f"unknown engine {name!r}; known: {', '.join(sorted(ENGINES))}")
    return ENGINES[name](out_dir, store_dir=store_dir, infer=infer)


# --------------------------------------------------------------------------------------------------
# Running a query
# --------------------------------------------------------------------------------------------------


def _params_for(query: NamedQuery | None, params: Mapping[str, str | Term] | None) -> dict[str, Term]:
    out: dict[str, Term] = {}
    given = {n.lstrip("?$") for n in (params or {})}
    for p in query.params if query is not None else ():
        if p.required and p.name not in given:
            raise QueryError(f"query {query.name!r} needs --param {p.name}=VALUE ({p.doc})")
    for name, raw in (params or {}).items():
        name = name.lstrip("?$")
        if isinstance(raw, Term):
            out[name] = raw
            continue
        kind = None
        if query is not None:
            declared = query.param(name)
            if declared is None:
                known = ", ".join(p.name for p in query.params) or "none"
                raise QueryError(f"query {query.name!r} has no parameter {name!r} (parameters: {known})")
            kind = declared.kind
        try:
            out[name] = parse_param(raw, kind)
        except QueryError as exc:
            raise QueryError(f"parameter {name}: {exc}") from None
    return out


def run_query(
    query: str | NamedQuery,
    *,
    engine: Engine | None = None,
    endpoint: str | None = None,
    params: Mapping[str, str | Term] | None = None,
    limit: int | None = None,
    allow_service: bool = False,
    origin: str | None = None,
) -> QueryResult:
    """Run SPARQL text or a named query on ``engine``, or on the SPARQL endpoint at ``endpoint``.

    Args:
        query: SPARQL 1.1 text, or a :class:`NamedQuery` (from :func:`named_query`).
        engine: a local engine from :func:`open_engine`; exactly one of ``engine`` and ``endpoint``.
        endpoint: URL of a SPARQL endpoint, e.g. ``http://127.0.0.1:7878/query`` of ``mitra serve``.
        params: variable name → value; a named query converts each by its declared kind (an id such
            as ``jakarta`` becomes ``mid:jakarta`` for an ``iri`` parameter). Applied by :func:`apply_params`.
        limit: keep only the first ``limit`` rows.
        allow_service: let ``SERVICE`` reach other endpoints (off: no network unless asked).
        origin: what to call the query in error messages (file name); defaults to the query's name.

    Returns:
        A :class:`QueryResult`; ``result.rows`` is the list of ``{column: str}`` dicts.

    Raises:
        QueryError: syntax error (with ``origin:line:column``), bad parameter, or the engine failed.

    Example:
        >>> from graph.store import new_graph
        >>> from rdflib import Literal
        >>> g = new_graph(); _ = g.add((MID.jakarta, RDFS.label, Literal("Jakarta", lang="en")))
        >>> run_query("SELECT ?l WHERE { ?s rdfs:label ?l }", engine=RdflibEngine(g)).rows
        [{'l': 'Jakarta'}]
    """
    if (engine is None) == (endpoint is None):
        raise QueryError("give exactly one of engine and endpoint")
    named = query if isinstance(query, NamedQuery) else None
    text = named.text if named else str(query)
    origin = origin or (str(named.path.name) if named else "query")
    shape = _scan(text)
    if shape.service and not allow_service:
        raise QueryError(
            f"{origin}: SERVICE is off (Mitra makes no network calls unless asked); "
            "allow it explicitly (--allow-service)"
        )
    if endpoint is not None:
        check_syntax(text, origin=origin)  # locally, for an error with line and column
    bound = _params_for(named, params)
    final = apply_params(text, bound)
    runner = engine if engine is not None else EndpointEngine(endpoint)  # type: ignore[arg-type]
    try:
        result = runner.execute(final)
    except _EngineSyntaxError as exc:
        # Positions must refer to the caller's text, not the one with parameters added: check that one.
        check_syntax(text, origin=origin)
        if isinstance(runner, RdflibEngine):
            raise QueryError(str(exc).replace("query:", f"{origin}:", 1)) from None
        raise QueryError(f"{origin}: SPARQL syntax error: {_clean_ox_message(str(exc))}") from None
    return result.limited(limit)


def entity_labels(
    result: QueryResult,
    *,
    engine: Engine | None = None,
    endpoint: str | None = None,
    lang: str = "id",
    namespaces: Iterable[str] = (str(MID), str(MITRA)),
) -> dict[str, str]:
    """Labels in ``lang`` (else the other language, else any) of the IRIs in ``result`` that belong to
    ``namespaces`` (Mitra's entities and vocabulary), looked up with one query on the same engine."""
    iris = sorted(
        {
            t.value
            for b in result.bindings
            for t in b.values()
            if t.type == "uri" and t.value.startswith(tuple(namespaces))
        }
        | {
            t.value
            for tr in result.triples
            for t in tr
            if t.type == "uri" and t.value.startswith(tuple(namespaces))
        }
    )
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in iris)
    text = f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} ?s <{RDFS.label}> ?l }}"
    runner = engine if engine is not None else EndpointEngine(endpoint)  # type: ignore[arg-type]
    found = runner.execute(text)
    order = {lang: 0, ("en" if lang == "id" else "id"): 1}
    best: dict[str, tuple[int, str]] = {}
    for b in found.bindings:
        s, lit = b["s"].value, b["l"]
        rank = (order.get(lit.lang or "", 2), lit.value)
        if s not in best or rank < best[s]:
            best[s] = rank
    return {s: v for s, (_, v) in best.items()}
