"""Evaluate one SPARQL query on a pyoxigraph store and serialize at most a limit of rows or triples."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

from .protocol import RDF_MEDIA, RESULTS_MEDIA, QueryReply, text_reply, with_charset

__all__ = ["load_store", "run_sparql", "results_format", "rdf_format"]


def load_store(nquads: bytes):
    """A pyoxigraph ``Store`` holding ``nquads``."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    return store


def results_format(name: str):
    """The pyoxigraph results format of a ``RESULTS_MEDIA`` format name."""
    import pyoxigraph as ox

    return {
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
    }[name]


def rdf_format(name: str):
    """The pyoxigraph RDF format of an ``RDF_MEDIA`` format name."""
    import pyoxigraph as ox

    return {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }[name]


def _solutions_capped(solutions, limit: int) -> tuple[object, bool]:
    """At most ``limit`` rows of ``solutions`` as a new results object that pyoxigraph can serialize.

    pyoxigraph serializes only whole result iterators, so the capped rows go through TSV, which keeps every
    term exactly (N-Triples syntax), and are parsed back.
    """
    import pyoxigraph as ox

    variables = solutions.variables
    lines = ["\t".join(str(v) for v in variables)]
    truncated = False
    for i, row in enumerate(solutions):
        if i == limit:
            truncated = True
            break
        lines.append("\t".join("" if row[v] is None else str(row[v]) for v in variables))
    tsv = ("\n".join(lines) + "\n").encode()
    return ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV), truncated


def syntax_line(query: str, exc: SyntaxError) -> str:
    """A syntax error in one readable line (``line 1, column 22: undeclared prefix foo:``), not a grammar dump.

    >>> syntax_line("SELECT ?x WHERE { ?x foo:p ?y }", SyntaxError("error at 1:26: expected one of ..."))
    'line 1, column 22: undeclared prefix foo:'
    """
    import re

    from ..errors import QueryError
    from ..sparql.syntax import check_syntax

    try:
        check_syntax(query, origin="query")
    except QueryError as err:
        first = str(err).splitlines()[0]
        m = re.match(r"query:(\d+):(\d+): SPARQL syntax error: (.*)", first)
        return f"line {m.group(1)}, column {m.group(2)}: {m.group(3)}" if m else first.removeprefix("query: ")
    return " ".join(str(exc).split())[:200]


def run_sparql(
    store,
    query: str,
    *,
    results_media: str | None,
    rdf_media: str | None,
    limit: int,
    default_graphs: tuple[str, ...] = (),
    named_graphs: tuple[str, ...] = (),
    prefixes: Mapping[str, str] | None = None,
) -> QueryReply:
    """Evaluate ``query`` on a pyoxigraph ``store`` and serialize at most ``limit`` rows or triples.

    The default graph is the union of all graphs (ontology and data, as in ``mitra.ttl``) unless the request
    names its ``default-graph-uri``s. ``results_media``/``rdf_media`` are the negotiated types; None means
    the client accepts none of them, which gives 406 for a query of that kind. ``prefixes`` (prefix → IRI)
    are declared for the query; by default Mitra's (``graph.namespaces.PREFIXES``, which imports rdflib: the
    endpoint's workers are handed them as plain strings instead, and start without it).

    >>> import pyoxigraph as ox
    >>> st = ox.Store()
    >>> e = ox.NamedNode("http://e/a")
    >>> st.add(ox.Quad(e, e, ox.Literal("x"), ox.NamedNode("http://g")))
    >>> r = run_sparql(st, "SELECT ?o WHERE { ?s ?p ?o }", results_media="text/csv", rdf_media=None, limit=5)
    >>> r.status, r.body
    (200, b'o\\r\\nx\\r\\n')
    """
    import pyoxigraph as ox

    if prefixes is None:
        from ..namespaces import PREFIXES

        prefixes = PREFIXES
    prefixes = {p: str(iri) for p, iri in prefixes.items()}
    # Mitra's prefixes are declared for every query, as the CLI declares them: a query that runs with
    # `mitra query` runs here too (#12). A query's own PREFIX lines still win.
    kwargs: dict = {"use_default_graph_as_union": not default_graphs, "prefixes": prefixes}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        result = store.query(query, **kwargs)
        if isinstance(result, ox.QueryTriples):
            if rdf_media is None:
                return text_reply(
                    HTTPStatus.NOT_ACCEPTABLE, "a graph result is available as " + ", ".join(RDF_MEDIA)
                )
            triples = []
            for t in result:
                if len(triples) == limit:
                    break
                triples.append(t)
            body = ox.serialize(
                triples,
                format=rdf_format(RDF_MEDIA[rdf_media]),
                prefixes=prefixes,
            )
            truncated = len(triples) == limit and next(result, None) is not None
            return QueryReply(200, with_charset(rdf_media), body, truncated)
        if results_media is None:
            return text_reply(
                HTTPStatus.NOT_ACCEPTABLE, "query results are available as " + ", ".join(RESULTS_MEDIA)
            )
        fmt = results_format(RESULTS_MEDIA[results_media])
        if isinstance(result, ox.QueryBoolean):
            return QueryReply(200, with_charset(results_media), result.serialize(format=fmt))
        capped, truncated = _solutions_capped(result, limit)
        return QueryReply(200, with_charset(results_media), capped.serialize(format=fmt), truncated)
    except SyntaxError as exc:
        return text_reply(HTTPStatus.BAD_REQUEST, f"malformed query: {syntax_line(query, exc)}")
    except (OSError, ValueError, TypeError) as exc:
        return text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {exc}")
