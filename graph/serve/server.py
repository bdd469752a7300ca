"""A read-only SPARQL 1.1 Protocol endpoint over the built graph, bound to 127.0.0.1 unless told otherwise.

The HTTP side is the standard library's ``ThreadingHTTPServer``. Queries run in worker *processes* that
each hold a pyoxigraph ``Store`` of ``out/mitra.nq``: a query that outlives its timeout gets a 503 and its
worker is killed and replaced, so a runaway query never keeps a CPU busy (pyoxigraph cannot cancel a query
running in a thread).
This module is the HTTP side and the public entry points; the protocol rules are in ``sparql_protocol.py``,
query evaluation in ``sparql_eval.py``, the process pool in ``workers.py`` and the description in
``service_description.py``. Only the ``serve`` command imports this module.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .. import paths
from ..errors import LoadError, MitraError
from ..web import script_json
from .description import service_description
from .evaluate import rdf_format, run_sparql
from .protocol import (
    RDF_MEDIA,
    RESULTS_MEDIA,
    QueryReply,
    format_param,
    negotiate,
    refusal,
    text_reply,
    too_large,
    uses_service,
    with_charset,
)
from .workers import WorkerPool

# QueryReply, RESULTS_MEDIA, RDF_MEDIA, negotiate, refusal, uses_service, run_sparql and service_description
# live in the modules imported above and stay importable from here.
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
    memory_mb: int = 1024  # what one query may add to its worker's memory; 0: no bound
    queue_size: int = 1024  # requests that may wait for a worker
    queue_wait: float = 60.0  # seconds one may wait, on top of its timeout
    read_timeout: float = 30.0  # seconds a connection may sit idle or half-sent before it is closed


# --- the dataset, the page ---


def read_dataset(out_dir: Path = paths.OUT_DIR) -> bytes:
    """The built dataset as N-Quads bytes (``out_dir/mitra.nq``, written by ``mitra build``)."""
    nq = Path(out_dir) / "mitra.nq"
    if not nq.is_file():
        raise LoadError.at(nq, None, None, "no built graph here: build it first")
    return nq.read_bytes()


def named_examples(queries_dir: Path = paths.QUERIES_DIR) -> list[dict[str, str]]:
    """The named queries as examples for the HTML page: name, purpose (first comment line), text."""
    from ..sparql.query import load_queries

    return [{"name": q.name, "title": q.purpose, "query": q.text} for q in load_queries(queries_dir).values()]


def _page(examples: list[dict[str, str]], *, limit: int, timeout: float) -> bytes:
    template = (Path(__file__).with_name("serve.html")).read_text(encoding="utf-8")
    data = script_json(examples)  # a query holding `</script>` must not end the block
    from ..namespaces import PREFIXES

    prefixes = script_json({p: str(iri) for p, iri in PREFIXES.items()})
    return (
        template.replace("/*EXAMPLES*/[]", data)
        .replace("/*PREFIXES*/{}", prefixes)
        .replace("{{LIMIT}}", str(limit))
        .replace("{{TIMEOUT}}", f"{timeout:g}")
        .replace("{{ENDPOINT}}", ENDPOINT_PATH)
    ).encode()


# --- HTTP server ---


@dataclass
class _App:
    options: ServeOptions
    pool: WorkerPool
    graph_sizes: dict[str, int]
    page: bytes
    log: Callable[[str], None] | None = None
    descriptions: dict[str, bytes] = field(default_factory=dict)


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class _Handler(BaseHTTPRequestHandler):
    server_version = "Mitra-SPARQL"
    protocol_version = "HTTP/1.1"
    timeout: float = 30  # a read timeout: ServeOptions.read_timeout, set on the subclass made by make_server
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
            self._send(text_reply(HTTPStatus.NOT_FOUND, f"POST queries to {ENDPOINT_PATH}"))
            return
        params = parse_qs(url.query, keep_blank_values=True)
        length = self._content_length()
        if length is None:
            return
        if length > MAX_BODY:
            self.close_connection = True
            self._send(
                text_reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"requests are limited to {MAX_BODY} bytes")
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
            self._send(text_reply(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only"))
            return
        else:
            self._send(
                text_reply(
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
        self._send(text_reply(HTTPStatus.METHOD_NOT_ALLOWED, "read-only endpoint: use GET or POST with a query"))

    do_PUT = do_DELETE = do_PATCH = _refuse_method  # noqa: N815

    def _content_length(self) -> int | None:
        """The request body's length, or None after answering 4xx for a length that is not one (#16)."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            self._send(text_reply(HTTPStatus.LENGTH_REQUIRED, "send the query with a Content-Length, not chunked"))
            return None
        raw = (self.headers.get("Content-Length") or "0").strip()
        if not raw.isdigit():
            self.close_connection = True
            self._send(text_reply(HTTPStatus.BAD_REQUEST, f"Content-Length {raw!r} is not a length in bytes"))
            return None
        return int(raw)

    def _drain(self) -> None:
        raw = (self.headers.get("Content-Length") or "0").strip()
        if not raw.isdigit():
            self.close_connection = True
            return
        length = int(raw)
        if 0 < length <= MAX_BODY:
            self.rfile.read(length)
        elif length:
            self.close_connection = True

    # -- routes
    def _host_allowed(self) -> bool:
        """On a loopback bind only a loopback Host is served: a web page that rebinds its own name to
        127.0.0.1 (DNS rebinding) sends its own name as Host and is refused (#16)."""
        if self.app.options.host not in _LOOPBACK:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host[1:].split("]", 1)[0] if host.startswith("[") else host.rsplit(":", 1)[0] if host else ""
        return name in _LOOPBACK

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if not self._host_allowed():
            self.close_connection = True
            self._send(text_reply(HTTPStatus.FORBIDDEN, "this endpoint answers only to Host 127.0.0.1 or localhost"))
            return False
        return True

    def _dispatch(self, *, head: bool) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(QueryReply(200, "text/html; charset=utf-8", self.app.page), head=head)
        elif url.path in ENDPOINT_PATHS:
            self._sparql(parse_qs(url.query, keep_blank_values=True), head=head)
        else:
            self._send(
                text_reply(HTTPStatus.NOT_FOUND, f"not found; the SPARQL endpoint is {ENDPOINT_PATH}"), head=head
            )

    def _sparql(self, params: dict[str, list[str]], *, head: bool) -> None:
        accept = self.headers.get("Accept")
        if "update" in params:
            self._send(
                text_reply(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only"), head=head
            )
            return
        queries = params.get("query", [])
        if not queries:
            self._send(self._description(accept), head=head)
            return
        if len(queries) > 1:
            self._send(text_reply(HTTPStatus.BAD_REQUEST, "exactly one query parameter, please"), head=head)
            return
        query = queries[0]
        if not query.strip():
            self._send(text_reply(HTTPStatus.BAD_REQUEST, "the query parameter is empty"), head=head)
            return
        # Only the length is checked here, so a 1 MB query is refused at once; the checks that parse (depth,
        # update, SERVICE) run in the worker, under the timeout (#16).
        refused = too_large(query)
        if refused is not None:
            self._send(refused, head=head)
            return
        results_media, rdf_media = format_param(params)
        results_media = results_media or negotiate(accept, RESULTS_MEDIA)
        rdf_media = rdf_media or negotiate(accept, RDF_MEDIA)
        request = {
            "query": query,
            "results_media": results_media,
            "rdf_media": rdf_media,
            "limit": self.app.options.limit,
            "default_graphs": tuple(params.get("default-graph-uri", ())),
            "named_graphs": tuple(params.get("named-graph-uri", ())),
            "allow_service": self.app.options.allow_service,
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
                    ox.parse(ttl, format=ox.RdfFormat.TURTLE), format=rdf_format(RDF_MEDIA[media])
                )
            self.app.descriptions[key] = body
        return QueryReply(200, with_charset(media), self.app.descriptions[key])


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
        # a burst of connections waits in the kernel's queue instead of being refused (socketserver's is 5)
        request_queue_size = 1024
        pool: WorkerPool | None = None

        def server_close(self) -> None:
            super().server_close()
            if self.pool is not None:
                self.pool.close()

    handler = type("MitraHandler", (_Handler,), {"timeout": options.read_timeout})
    # Bind first, so a taken port fails at once before any worker starts; listen only once the workers
    # are ready, so a client that can connect is never queued behind a pool still starting.
    server = _Server((options.host, options.port), handler, bind_and_activate=False)
    try:
        server.server_bind()
    except OSError as exc:
        server.socket.close()
        raise MitraError(f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}") from None
    try:
        server.pool = WorkerPool(nquads, options.workers, memory_mb=options.memory_mb,
                                 queue_size=options.queue_size, queue_wait=options.queue_wait)
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
