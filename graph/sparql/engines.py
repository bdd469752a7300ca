"""Query engines: embedded Oxigraph (default), rdflib (the reference) and a remote SPARQL endpoint.

Each runs SPARQL text and converts its answer to a :class:`~graph.sparql.terms.QueryResult`. pyoxigraph is
imported only inside the functions that use it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import QueryError
from ..namespaces import PREFIXES
from ..rdf import prepared_query
from .syntax import query_error_at
from .terms import IMPLIED_DATATYPES, QueryResult, Term, literal_term

if TYPE_CHECKING:  # pragma: no cover
    from .remote import Login

__all__ = ["Engine", "EngineSyntaxError", "OxigraphEngine", "RdflibEngine", "EndpointEngine", "ENGINES"]


class EngineSyntaxError(QueryError):
    """An engine rejected the text it ran; :func:`graph.sparql.query.run_query` re-checks the text to say where."""


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
                term = _OxTerms().__getitem__
                triples = tuple((term(t.subject), term(t.predicate), term(t.object)) for t in res)
                return QueryResult("graph", triples=triples)
            columns = tuple(v.value for v in res.variables)
            term = _OxTerms().__getitem__
            bindings = []
            for sol in res:
                values = list(map(term, sol))
                if None in values:  # unbound variables are left out of the row, as in SPARQL JSON results
                    bindings.append({c: v for c, v in zip(columns, values, strict=True) if v is not None})
                else:
                    bindings.append(dict(zip(columns, values, strict=True)))
            return QueryResult("select", columns, tuple(bindings))
        except SyntaxError as exc:
            raise EngineSyntaxError(str(exc)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None


class _OxTerms(dict):
    """pyoxigraph term → :class:`Term`, memoised by the pyoxigraph term itself; ``None`` (unbound) stays ``None``.

    Results repeat the same entities and literals, and hashing a pyoxigraph term (done in Rust) is cheaper
    than reading its value: converting values is most of the embedded engine's overhead over raw pyoxigraph.
    """

    def __init__(self) -> None:
        import pyoxigraph as ox

        super().__init__()
        self[None] = None
        self._named, self._literal, self._blank = ox.NamedNode, ox.Literal, ox.BlankNode

    def __missing__(self, t: Any) -> Term:
        term = self[t] = self._convert(t)
        return term

    def _convert(self, t: Any) -> Term:
        kind = type(t)
        if kind is self._named:
            return Term("uri", t.value)
        if kind is self._literal:
            # Oxigraph already stores numbers in canonical form and language tags in lower case.
            lang = t.language
            datatype = None if lang else t.datatype.value
            return Term("literal", t.value, None if datatype in IMPLIED_DATATYPES else datatype, lang)
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

    def execute(self, text: str) -> QueryResult:
        import rdflib.plugins.sparql as rdflib_sparql

        try:
            query = prepared_query(text, PREFIXES)  # parsed once per process for each text
        except Exception as exc:  # pyparsing's ParseException, unknown prefixes…
            if getattr(exc, "lineno", None):
                msg = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)$", "", str(exc))
                raise EngineSyntaxError(str(query_error_at(text, exc.lineno, exc.col, "query", msg))) from None
            raise EngineSyntaxError(f"query: SPARQL syntax error: {exc}") from None
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
    """A remote SPARQL 1.1 endpoint over HTTP (the SPARQL Protocol: POST of the URL-encoded ``query`` form).

    Mitra's prefixes the query uses without declaring are declared for it, since the server does not
    know them. SELECT/ASK answers are read as SPARQL JSON results, CONSTRUCT/DESCRIBE as N-Triples.
    """

    name = "endpoint"

    def __init__(self, url: str, *, timeout: float = 60.0, login: Login | None = None) -> None:
        if not re.match(r"^https?://", url):
            raise QueryError(f"endpoint {url!r} is not an http(s) URL")
        self.url = url
        self.timeout = timeout
        self.login = login  # a store that asks for a login to read (graph.sparql.remote)

    def execute(self, text: str) -> QueryResult:
        import urllib.error
        import urllib.parse
        import urllib.request

        from .remote import error_line, open_url

        declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([\w.-]*):", text)}
        prologue = "".join(
            f"PREFIX {p}: <{iri}>\n"
            for p, iri in PREFIXES.items()
            if p.lower() not in declared and f"{p}:" in text
        )
        # The URL-encoded form is the one POST form every store reads: Virtuoso 7.2 never answers a
        # direct ``application/sparql-query`` POST.
        req = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode({"query": prologue + text}).encode("ascii"),
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
            },
        )
        try:
            with open_url(req, login=self.login, timeout=self.timeout) as resp:
                ctype = resp.headers.get_content_type()
                body = resp.read()
        except urllib.error.HTTPError as exc:
            raise QueryError(f"endpoint {self.url} answered {exc.code} {exc.reason}: {error_line(exc)}") from None
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
    from .stores import open_oxigraph

    return OxigraphEngine(open_oxigraph(Path(out_dir) / "mitra.nq", store_dir=store_dir, infer=infer))


def _open_rdflib(out_dir: Path, *, store_dir: Path | None = None, infer: str | None = None) -> Engine:
    from .stores import open_rdflib

    if store_dir is not None:
        raise QueryError("a store on disk needs the oxigraph engine")
    nt = Path(out_dir) / "mitra.nt"
    if not nt.is_file():
        raise QueryError(f"{nt} does not exist; build the graph first")
    return RdflibEngine(open_rdflib(nt, infer=infer))


ENGINES: dict[str, Callable[..., Engine]] = {"oxigraph": _open_oxigraph, "rdflib": _open_rdflib}
"""Local engines by name: each opens the build in ``out_dir`` (``store_dir`` and ``infer`` options)."""
