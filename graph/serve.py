"""A read-only SPARQL 1.1 Protocol endpoint over the built graph, bound to 127.0.0.1 unless told otherwise.

The HTTP side is the standard library's ``ThreadingHTTPServer``. Queries run in worker *processes* that
each hold a pyoxigraph ``Store`` of ``out/mitra.nq``: a query that outlives its timeout gets a 503 and its
worker is killed and replaced, so a runaway query never keeps a CPU busy (pyoxigraph cannot cancel a query
running in a thread).
Only the ``serve`` command imports this module.
"""

from __future__ import annotations

import contextlib
import json
import queue
import re
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from . import paths
from .errors import LoadError, MitraError

__all__ = [
    "ServeOptions",
    "QueryReply",
    "RESULTS_MEDIA",
    "RDF_MEDIA",
    "read_dataset",
    "negotiate",
    "refusal",
    "uses_service",
    "run_sparql",
    "service_description",
    "named_examples",
    "make_server",
    "run_server",
]

ENDPOINT_PATH = "/sparql"
ENDPOINT_PATHS = (ENDPOINT_PATH, "/query")  # /query: the URL form of Oxigraph's own server
MAX_BODY = 1 << 20  # a query larger than 1 MiB is refused with 413

# Media type → format name, for SELECT/ASK results and CONSTRUCT/DESCRIBE graphs. The first is the default.
RESULTS_MEDIA = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
RDF_MEDIA = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "text/plain": "ntriples",
    "application/x-turtle": "turtle",
    "application/json": "jsonld",  # what SPARQLWrapper's JSON asks for a CONSTRUCT
}
# The `format` (or `output`) parameter of browsers' links and of clients such as SPARQLWrapper, which send
# it beside Accept: a short name means one type for SELECT/ASK results and one for CONSTRUCT/DESCRIBE graphs
# (as in Fuseki).
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "n3": (None, "text/turtle"),
    "nt": (None, "application/n-triples"),
    "ntriples": (None, "application/n-triples"),
    "json-ld": (None, "application/ld+json"),
    "jsonld": (None, "application/ld+json"),
    "rdf": (None, "application/rdf+xml"),
    "rdf+xml": (None, "application/rdf+xml"),
}


@dataclass(frozen=True)
class ServeOptions:
    """How the endpoint behaves. ``host`` stays 127.0.0.1 unless a caller asks for another address."""

    host: str = "127.0.0.1"
    port: int = 7070
    timeout: float = 10.0
    limit: int = 10_000
    cors: bool = False
    allow_service: bool = False
    workers: int = 2


@dataclass(frozen=True)
class QueryReply:
    """A worker's answer: HTTP status, media type, body, and whether rows were cut at the limit."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False


# --- the dataset ---


def read_dataset(out_dir: Path = paths.OUT_DIR) -> bytes:
    """The built dataset as N-Quads bytes (``out_dir/mitra.nq``, written by ``mitra build``)."""
    nq = Path(out_dir) / "mitra.nq"
    if not nq.is_file():
        raise LoadError.at(nq, None, None, "no built graph here: run `mitra build` first (or pass --out)")
    return nq.read_bytes()


def _load_store(nquads: bytes):
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    return store


# --- negotiation, checks ---


def _accept_ranges(accept: str) -> list[tuple[float, int, str]]:
    ranges = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.lower().startswith("q="):
                with contextlib.suppress(ValueError):
                    q = float(p[2:])
        if media:
            ranges.append((q, -i, media.lower()))
    return sorted(ranges, reverse=True)


def negotiate(accept: str | None, choices: dict[str, str]) -> str | None:
    """The media type of ``choices`` that ``accept`` prefers; the first choice for ``*/*``; None if none fits.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULTS_MEDIA)
    'application/sparql-results+xml'
    >>> negotiate("text/*", RESULTS_MEDIA)
    'text/csv'
    >>> negotiate(None, RDF_MEDIA)
    'text/turtle'
    >>> negotiate("image/png", RDF_MEDIA) is None
    True
    """
    if not accept or not accept.strip():
        return next(iter(choices))
    for q, _, media in _accept_ranges(accept):
        if q <= 0:
            continue
        if media in ("*/*", "*"):
            return next(iter(choices))
        if media.endswith("/*"):
            major = media[:-1]
            hit = next((m for m in choices if m.startswith(major)), None)
            if hit:
                return hit
        elif media in choices:
            return media
    return None


_STRINGS_IRIS_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_SERVICE_WORD = re.compile(r"(?<![\w:?$])service(?![\w:])", re.IGNORECASE)


def uses_service(query: str) -> bool:
    """Whether ``query`` contains a ``SERVICE`` pattern (federated query), found by parsing it.

    rdflib's SPARQL parser finds the pattern; a query rdflib cannot parse (an Oxigraph extension) is checked
    lexically with strings, IRIs and comments removed, which errs on the side of refusing.

    >>> uses_service("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT ?service WHERE { ?s <http://e/service> ?service FILTER(?s != "SERVICE") }')
    False
    """
    from pyparsing import ParseException, ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    def names(x: object):
        if isinstance(x, CompValue):
            yield x.name
            for v in x.values():
                yield from names(v)
        elif isinstance(x, (ParseResults, list, tuple)):
            for v in x:
                yield from names(v)

    try:
        tree = parseQuery(query)
    except (ParseException, ValueError, TypeError):
        return bool(_SERVICE_WORD.search(_STRINGS_IRIS_COMMENTS.sub(" ", query)))
    return "ServiceGraphPattern" in set(names(tree))


def _is_update(text: str) -> bool:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parseQuery(text)
        return False
    except (ParseException, ValueError, TypeError):
        pass
    try:
        parseUpdate(text)
        return True
    except (ParseException, ValueError, TypeError):
        return False


def refusal(query: str, *, allow_service: bool) -> QueryReply | None:
    """Why this endpoint will not run ``query`` (403 for an update or for SERVICE), or None if it may run.

    >>> refusal("DELETE WHERE { ?s ?p ?o }", allow_service=False).status
    403
    >>> refusal("SELECT * WHERE { ?s ?p ?o }", allow_service=False) is None
    True
    """
    if _is_update(query):
        return _text(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
    if not allow_service and uses_service(query):
        return _text(
            HTTPStatus.FORBIDDEN,
            "SERVICE (federated query) is refused: start the server with --allow-service to allow it",
        )
    return None


def _text(status: int, message: str) -> QueryReply:
    return QueryReply(int(status), "text/plain; charset=utf-8", (message + "\n").encode())


# --- evaluation ---


def _results_format(name: str):
    import pyoxigraph as ox

    return {
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
    }[name]


def _rdf_format(name: str):
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


def run_sparql(
    store,
    query: str,
    *,
    results_media: str | None,
    rdf_media: str | None,
    limit: int,
    default_graphs: tuple[str, ...] = (),
    named_graphs: tuple[str, ...] = (),
) -> QueryReply:
    """Evaluate ``query`` on a pyoxigraph ``store`` and serialize at most ``limit`` rows or triples.

    The default graph is the union of all graphs (ontology and data, as in ``mitra.ttl``) unless the request
    names its ``default-graph-uri``s. ``results_media``/``rdf_media`` are the negotiated types; None means
    the client accepts none of them, which gives 406 for a query of that kind.

    >>> import pyoxigraph as ox
    >>> st = ox.Store()
    >>> e = ox.NamedNode("http://e/a")
    >>> st.add(ox.Quad(e, e, ox.Literal("x"), ox.NamedNode("http://g")))
    >>> r = run_sparql(st, "SELECT ?o WHERE { ?s ?p ?o }", results_media="text/csv", rdf_media=None, limit=5)
    >>> r.status, r.body
    (200, b'o\\r\\nx\\r\\n')
    """
    import pyoxigraph as ox

    kwargs: dict = {"use_default_graph_as_union": not default_graphs}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        result = store.query(query, **kwargs)
        if isinstance(result, ox.QueryTriples):
            if rdf_media is None:
                return _text(
                    HTTPStatus.NOT_ACCEPTABLE, "a graph result is available as " + ", ".join(RDF_MEDIA)
                )
            triples = []
            for t in result:
                if len(triples) == limit:
                    break
                triples.append(t)
            from .namespaces import PREFIXES

            body = ox.serialize(
                triples,
                format=_rdf_format(RDF_MEDIA[rdf_media]),
                prefixes={p: str(iri) for p, iri in PREFIXES.items()},
            )
            truncated = len(triples) == limit and next(result, None) is not None
            return QueryReply(200, _with_charset(rdf_media), body, truncated)
        if results_media is None:
            return _text(
                HTTPStatus.NOT_ACCEPTABLE, "query results are available as " + ", ".join(RESULTS_MEDIA)
            )
        fmt = _results_format(RESULTS_MEDIA[results_media])
        if isinstance(result, ox.QueryBoolean):
            return QueryReply(200, _with_charset(results_media), result.serialize(format=fmt))
        capped, truncated = _solutions_capped(result, limit)
        return QueryReply(200, _with_charset(results_media), capped.serialize(format=fmt), truncated)
    except SyntaxError as exc:
        return _text(HTTPStatus.BAD_REQUEST, f"malformed query: {exc}")
    except (OSError, ValueError, TypeError) as exc:
        return _text(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {exc}")


def _with_charset(media: str) -> str:
    return media if media.endswith("json") else f"{media}; charset=utf-8"


# --- worker processes ---


def _worker_main(conn, nquads: bytes) -> None:  # pragma: no cover - runs in a child process
    """Hold a store and answer queries until the parent goes away (its end of the pipe closes)."""
    with contextlib.suppress(KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which then stops us
        store = _load_store(nquads)
        conn.send("ready")
        while True:
            try:
                request = conn.recv()
            except (EOFError, OSError):
                return
            conn.send(run_sparql(store, **request))


class _Worker:
    def __init__(self, ctx, nquads: bytes) -> None:
        parent, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, nquads), daemon=True, name="mitra-sparql"
        )
        self.process.start()
        child.close()
        self.conn = parent
        if not self.conn.poll(120) or self.conn.recv() != "ready":
            self.kill()
            raise MitraError("a SPARQL worker process did not start")

    def ask(self, request: dict, timeout: float) -> QueryReply | None:
        self.conn.send(request)
        if not self.conn.poll(timeout):
            return None
        return self.conn.recv()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class _Pool:
    """Worker processes, each with its own store; a worker that times out is killed and replaced."""

    def __init__(self, nquads: bytes, size: int) -> None:
        import multiprocessing

        # spawn: fork is unsafe in a threaded server; a spawned child holds no copy of the parent's sockets
        self._ctx = multiprocessing.get_context("spawn")
        self._nquads = nquads
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, size)):
            self._add(_Worker(self._ctx, nquads))

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        threading.Thread(target=lambda: self._add(_Worker(self._ctx, self._nquads)), daemon=True).start()

    def run(self, request: dict, timeout: float) -> QueryReply:
        import time

        start = time.monotonic()
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return _text(
                HTTPStatus.SERVICE_UNAVAILABLE, f"all query workers are busy; try again ({timeout:g} s)"
            )
        try:
            reply = worker.ask(request, max(0.01, timeout - (time.monotonic() - start)))
        except (EOFError, OSError, BrokenPipeError):
            reply = _text(HTTPStatus.INTERNAL_SERVER_ERROR, "the query worker died")
            self._replace(worker)
            return reply
        if reply is None:
            self._replace(worker)
            return _text(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"query timed out after {timeout:g} s (raise it with --timeout); the query was stopped",
            )
        self._idle.put(worker)
        return reply

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()


# --- description, page ---


def service_description(endpoint_url: str, graph_sizes: dict[str, int], *, allow_service: bool) -> bytes:
    """A SPARQL 1.1 Service Description of this endpoint, in Turtle."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, VOID, XSD

    # rdflib ships no SD namespace; graph/namespaces.py is the place for it once another module needs it.
    SD = Namespace("http://www.w3.org/ns/sparql-service-description#")  # noqa: N806

    import pyoxigraph as ox

    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    svc = URIRef(endpoint_url)
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, svc))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    if allow_service:
        g.add((svc, SD.feature, SD.BasicFederatedQuery))
    for fmt in (
        *(
            f
            for f in (
                ox.QueryResultsFormat.JSON,
                ox.QueryResultsFormat.XML,
                ox.QueryResultsFormat.CSV,
                ox.QueryResultsFormat.TSV,
            )
        ),
        ox.RdfFormat.TURTLE,
        ox.RdfFormat.N_TRIPLES,
        ox.RdfFormat.JSON_LD,
        ox.RdfFormat.RDF_XML,
    ):
        # pyoxigraph names JSON-LD .../ns/formats/data/JSON-LD; the W3C registry says .../ns/formats/JSON-LD
        g.add(
            (
                svc,
                SD.resultFormat,
                URIRef(
                    fmt.iri.replace("https://www.w3.org/ns/formats/data/", "http://www.w3.org/ns/formats/")
                ),
            )
        )
    dataset, default = BNode(), BNode()
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    # The default graph is the union of all graphs; "" counts the triples of the store's own default graph.
    g.add((default, VOID.triples, Literal(sum(graph_sizes.values()), datatype=XSD.integer)))
    for name, size in sorted((n, s) for n, s in graph_sizes.items() if n):
        named, inner = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, inner))
        g.add((inner, RDF.type, SD.Graph))
        g.add((inner, VOID.triples, Literal(size, datatype=XSD.integer)))
    return g.serialize(format="turtle").encode()


def named_examples(queries_dir: Path = paths.QUERIES_DIR) -> list[dict[str, str]]:
    """The named queries as examples for the HTML page: name, purpose (first comment line), text."""
    from .query import load_queries

    return [{"name": q.name, "title": q.purpose, "query": q.text} for q in load_queries(queries_dir).values()]


def _page(examples: list[dict[str, str]], *, limit: int, timeout: float) -> bytes:
    template = (Path(__file__).with_name("serve.html")).read_text(encoding="utf-8")
    # `</` would end the <script> element early; JSON allows `<\/`.
    data = json.dumps(examples, ensure_ascii=False).replace("</", "<\\/")
    return (
        template.replace("/*EXAMPLES*/[]", data)
        .replace("{{LIMIT}}", str(limit))
        .replace("{{TIMEOUT}}", f"{timeout:g}")
        .replace("{{ENDPOINT}}", ENDPOINT_PATH)
    ).encode()


# --- HTTP server ---


@dataclass
class _App:
    options: ServeOptions
    pool: _Pool
    graph_sizes: dict[str, int]
    page: bytes
    log: Callable[[str], None] | None = None
    descriptions: dict[str, bytes] = field(default_factory=dict)


def _format_param(params: dict[str, list[str]]) -> tuple[str | None, str | None]:
    """The (results, graph) media types that a ``format``/``output`` parameter asks for, if known."""
    for key in ("format", "output"):
        for value in params.get(key, ()):
            value = value.strip().lower()
            if value in FORMAT_PARAM:
                return FORMAT_PARAM[value]
            if value in RESULTS_MEDIA or value in RDF_MEDIA:
                return (value if value in RESULTS_MEDIA else None, value if value in RDF_MEDIA else None)
    return None, None


class _Handler(BaseHTTPRequestHandler):
    server_version = "Mitra-SPARQL"
    protocol_version = "HTTP/1.1"
    app: _App  # set on the subclass made by make_server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        if self.app.log:
            self.app.log(f"{self.address_string()} {format % args}")

    # -- responses
    def _send(self, reply: QueryReply, *, head: bool = False) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.media_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Vary", "Accept")
        self.send_header("Cache-Control", "no-store")
        if reply.truncated:
            self.send_header("Mitra-Result-Limit", str(self.app.options.limit))
        if self.app.options.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Expose-Headers", "Mitra-Result-Limit")
        if reply.status == HTTPStatus.METHOD_NOT_ALLOWED:
            self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        self.end_headers()
        if not head:
            self.wfile.write(reply.body)

    # -- methods
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._dispatch(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch(head=True)

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in ENDPOINT_PATHS:
            self._drain()
            self._send(_text(HTTPStatus.NOT_FOUND, f"POST queries to {ENDPOINT_PATH}"))
            return
        params = parse_qs(url.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True
            self._send(
                _text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"requests are limited to {MAX_BODY} bytes")
            )
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            params["query"] = [body]
        elif ctype == "application/sparql-update":
            self._send(_text(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only"))
            return
        else:
            self._send(
                _text(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send application/sparql-query or application/x-www-form-urlencoded",
                )
            )
            return
        self._sparql(params, head=False)

    def do_OPTIONS(self) -> None:  # noqa: N802
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        if self.app.options.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _refuse_method(self) -> None:
        self._drain()
        self._send(_text(HTTPStatus.METHOD_NOT_ALLOWED, "read-only endpoint: use GET or POST with a query"))

    do_PUT = do_DELETE = do_PATCH = _refuse_method  # noqa: N815

    def _drain(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if 0 < length <= MAX_BODY:
            self.rfile.read(length)
        elif length:
            self.close_connection = True

    # -- routes
    def _dispatch(self, *, head: bool) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(QueryReply(200, "text/html; charset=utf-8", self.app.page), head=head)
        elif url.path in ENDPOINT_PATHS:
            self._sparql(parse_qs(url.query, keep_blank_values=True), head=head)
        else:
            self._send(
                _text(HTTPStatus.NOT_FOUND, f"not found; the SPARQL endpoint is {ENDPOINT_PATH}"), head=head
            )

    def _sparql(self, params: dict[str, list[str]], *, head: bool) -> None:
        accept = self.headers.get("Accept")
        if "update" in params:
            self._send(
                _text(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only"), head=head
            )
            return
        queries = params.get("query", [])
        if not queries:
            self._send(self._description(accept), head=head)
            return
        if len(queries) > 1:
            self._send(_text(HTTPStatus.BAD_REQUEST, "exactly one query parameter, please"), head=head)
            return
        query = queries[0]
        refused = refusal(query, allow_service=self.app.options.allow_service)
        if refused:
            self._send(refused, head=head)
            return
        results_media, rdf_media = _format_param(params)
        results_media = results_media or negotiate(accept, RESULTS_MEDIA)
        rdf_media = rdf_media or negotiate(accept, RDF_MEDIA)
        request = {
            "query": query,
            "results_media": results_media,
            "rdf_media": rdf_media,
            "limit": self.app.options.limit,
            "default_graphs": tuple(params.get("default-graph-uri", ())),
            "named_graphs": tuple(params.get("named-graph-uri", ())),
        }
        self._send(self.app.pool.run(request, self.app.options.timeout), head=head)

    def _description(self, accept: str | None) -> QueryReply:
        media = negotiate(accept, RDF_MEDIA) or "text/turtle"
        host = self.headers.get("Host") or f"{self.app.options.host}:{self.app.options.port}"
        url = f"http://{host}{urlsplit(self.path).path}"
        key = f"{url} {media}"
        if key not in self.app.descriptions:
            ttl = service_description(url, self.app.graph_sizes, allow_service=self.app.options.allow_service)
            body = ttl
            if media != "text/turtle":
                import pyoxigraph as ox

                body = ox.serialize(
                    ox.parse(ttl, format=ox.RdfFormat.TURTLE), format=_rdf_format(RDF_MEDIA[media])
                )
            self.app.descriptions[key] = body
        return QueryReply(200, _with_charset(media), self.app.descriptions[key])


def make_server(
    nquads: bytes,
    options: ServeOptions = ServeOptions(),
    *,
    log: Callable[[str], None] | None = None,
    queries_dir: Path = paths.QUERIES_DIR,
) -> ThreadingHTTPServer:
    """A ready (bound, not yet serving) endpoint over ``nquads``; call ``serve_forever()``, then
    ``server_close()``.

    Starts ``options.workers`` worker processes; ``server_close()`` stops them.
    """
    from collections import Counter

    import pyoxigraph as ox

    try:
        sizes = Counter(
            "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name.value)
            for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
        )
    except SyntaxError as exc:
        raise LoadError.at("mitra.nq", None, None, f"not N-Quads: {exc}") from None
    page = _page(named_examples(queries_dir), limit=options.limit, timeout=options.timeout)

    class _Server(ThreadingHTTPServer):
        daemon_threads = True
        pool: _Pool | None = None

        def server_close(self) -> None:
            super().server_close()
            if self.pool is not None:
                self.pool.close()

    handler = type("MitraHandler", (_Handler,), {})
    # Bind first, so a taken port fails at once before any worker starts; listen only once the workers
    # are ready, so a client that can connect is never queued behind a pool still starting.
    server = _Server((options.host, options.port), handler, bind_and_activate=False)
    try:
        server.server_bind()
    except OSError as exc:
        server.socket.close()
        raise MitraError(f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}") from None
    try:
        server.pool = _Pool(nquads, options.workers)
        server.server_activate()
    except BaseException:
        server.server_close()
        raise
    handler.app = _App(options=options, pool=server.pool, graph_sizes=dict(sizes), log=log, page=page)
    return server


def run_server(server: ThreadingHTTPServer) -> None:
    """Serve until Ctrl-C or SIGTERM, then stop the worker processes."""
    if threading.current_thread() is threading.main_thread():

        def _stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
