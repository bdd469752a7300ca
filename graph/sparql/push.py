"""Load the built graph into a remote triple store, replacing its graphs atomically where the protocol allows.

Two protocols reach every common store (Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso, Neptune):

- ``gsp``: the SPARQL 1.1 Graph Store Protocol. One ``PUT`` per graph replaces that graph in one step.
- ``update``: SPARQL 1.1 Update. One request ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``
  for all graphs, which a store applies as one transaction.

By default the two named graphs of ``out/mitra.nq`` (ontology and data) are pushed as they are, so a store
that queries the union of its graphs (GraphDB, Virtuoso, Neptune; Oxigraph with ``--union-default-graph``;
Fuseki with ``unionDefaultGraph``) answers the named queries as ``mitra query`` does. ``graph=IRI`` puts
everything into that one graph, and ``graph="default"`` into the store's default graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ..errors import ExportError
from .remote import AUTH_SCHEMES, Login, error_line, open_url

__all__ = [
    "PROTOCOLS",
    "AUTH_SCHEMES",
    "DEFAULT_GRAPH",
    "PushRequest",
    "PushResult",
    "split_graphs",
    "plan_push",
    "push_graph",
]

PROTOCOLS = ("gsp", "update")
DEFAULT_GRAPH = "default"
"""The ``graph`` value that means the store's default graph (GSP ``?default``, Update ``DEFAULT``)."""


@dataclass(frozen=True)
class PushRequest:
    """One HTTP request of a push: method, URL, headers and body."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class PushResult:
    """What was pushed: triples per target graph (``default`` for the default graph) and the HTTP statuses."""

    endpoint: str
    protocol: str
    graphs: dict[str, int]
    statuses: tuple[int, ...]

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def split_graphs(nquads: bytes, *, graph: str | None = None) -> dict[str, list]:
    """Triples of ``nquads`` by target graph IRI (``"default"`` for the default graph), in file order.

    With ``graph`` set, every triple goes to that one graph.

    >>> nq = b'<http://e/a> <http://e/p> "1" <http://e/g1> .\\n<http://e/a> <http://e/p> "2" .\\n'
    >>> {g: len(ts) for g, ts in split_graphs(nq).items()}
    {'http://e/g1': 1, 'default': 1}
    >>> {g: len(ts) for g, ts in split_graphs(nq, graph="http://e/all").items()}
    {'http://e/all': 2}
    """
    import pyoxigraph as ox

    try:
        quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise ExportError(f"the built graph is not valid N-Quads: {exc}") from None
    out: dict[str, list] = {}
    for q in quads:
        if graph is not None:
            key = graph
        elif isinstance(q.graph_name, ox.DefaultGraph):
            key = DEFAULT_GRAPH
        else:
            key = q.graph_name.value
        out.setdefault(key, []).append(q.triple)
    return out


def _check_graph_iri(graph: str) -> None:
    if graph == DEFAULT_GRAPH:
        return
    import pyoxigraph as ox

    try:
        ox.NamedNode(graph)
    except ValueError as exc:
        raise ExportError(f"target graph {graph!r} is not an absolute IRI (or 'default'): {exc}") from None
    if ":" not in graph:
        raise ExportError(f"target graph {graph!r} is not an absolute IRI (or 'default')")


def _ntriples(triples: list) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def _with_param(url: str, param: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{param}"


INSERT_BATCH = 1000
"""Triples per ``INSERT DATA`` operation: Virtuoso's SPARQL compiler runs out of parser stack ("memory exhausted",
SP030) on one operation of some 20,000 triples, so the triples go in several operations of one request, which a
store still applies as one transaction."""


def _insert_operations(graphs: dict[str, list], batch: int = INSERT_BATCH) -> list[str]:
    """``INSERT DATA`` operations of at most ``batch`` triples each; the triples with blank nodes of a graph stay
    in one operation, since a blank node label is scoped to one operation of a request."""
    ops = []
    for g, ts in graphs.items():
        lines = [ln for ln in _ntriples(ts).decode("utf-8").splitlines(keepends=True) if ln.strip()]
        blank = [ln for ln in lines if "_:" in ln]
        plain = [ln for ln in lines if "_:" not in ln]
        chunks = ([blank] if blank else []) + [plain[i:i + batch] for i in range(0, len(plain), batch)]
        for chunk in chunks or [[]]:
            body = "".join(chunk)
            ops.append("INSERT DATA {\n" + (body if g == DEFAULT_GRAPH else f"GRAPH <{g}> {{\n{body}}}\n") + "}")
    return ops


def plan_push(
    graphs: dict[str, list],
    *,
    endpoint: str,
    protocol: str = "gsp",
) -> list[PushRequest]:
    """The HTTP requests that replace each graph of ``graphs`` at ``endpoint`` (pure: testable offline).

    The GSP body is N-Triples sent as ``text/turtle``: N-Triples is Turtle, which every Graph Store reads.

    >>> reqs = plan_push({"http://e/g": []}, endpoint="http://127.0.0.1:7878/store")
    >>> reqs[0].method, reqs[0].url
    ('PUT', 'http://127.0.0.1:7878/store?graph=http%3A%2F%2Fe%2Fg')
    """
    if protocol not in PROTOCOLS:
        raise ExportError(f"unknown protocol {protocol!r}; known: {', '.join(PROTOCOLS)}")
    if not endpoint.startswith(("http://", "https://")):
        raise ExportError(f"endpoint {endpoint!r} is not an http(s) URL")
    for g in graphs:
        _check_graph_iri(g)
    if protocol == "gsp":
        return [
            PushRequest(
                "PUT",
                _with_param(endpoint, "default" if g == DEFAULT_GRAPH else "graph=" + quote(g, safe="")),
                {"Content-Type": "text/turtle; charset=utf-8"},
                _ntriples(ts),
            )
            for g, ts in graphs.items()
        ]
    drops = [("DROP SILENT DEFAULT" if g == DEFAULT_GRAPH else f"DROP SILENT GRAPH <{g}>") for g in graphs]
    update = " ;\n".join([*drops, *_insert_operations(graphs)]) + "\n"
    return [
        PushRequest(
            "POST",
            endpoint,
            {"Content-Type": "application/sparql-update; charset=utf-8"},
            update.encode("utf-8"),
        )
    ]


def _send(req: PushRequest, *, login: Login | None, timeout: float) -> int:
    import urllib.error
    import urllib.request

    http_req = urllib.request.Request(req.url, data=req.body, method=req.method, headers=req.headers)
    try:
        with open_url(http_req, login=login, timeout=timeout) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as exc:
        detail = error_line(exc)
        raise ExportError(
            f"{req.method} {req.url} answered {exc.code} {exc.reason}" + (f": {detail[:300]}" if detail else "")
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        raise ExportError(f"cannot reach {req.url}: {getattr(exc, 'reason', exc)}") from None


def push_graph(
    nquads: bytes,
    *,
    endpoint: str,
    protocol: str = "gsp",
    graph: str | None = None,
    user: str | None = None,
    password: str | None = None,
    auth: str = "basic",
    timeout: float = 120.0,
) -> PushResult:
    """Replace the graphs of ``nquads`` (the built ``mitra.nq``) at a Graph Store or SPARQL Update
    ``endpoint``.

    Args:
        nquads: the built dataset, e.g. ``graph.serve.server.read_dataset(out_dir)``.
        endpoint: the store's GSP URL (``protocol="gsp"``) or its update URL (``protocol="update"``).
        graph: one graph IRI for everything, ``"default"`` for the default graph; None keeps the graphs
            of mitra.nq.
        user, password: credentials, if the store asks for them.
        auth: how they are sent, ``basic`` or ``digest`` (see :mod:`graph.sparql.remote`).
        timeout: seconds to wait for each request.

    Raises:
        ExportError: bad arguments, an unreachable store, or a non-2xx answer (its status and first line).
    """
    try:
        login = None if user is None else Login(user, password or "", auth)
    except ValueError as exc:
        raise ExportError(str(exc)) from None
    graphs = split_graphs(nquads, graph=graph)
    if not graphs:
        raise ExportError("the built graph is empty: nothing to push")
    statuses = tuple(
        _send(r, login=login, timeout=timeout) for r in plan_push(graphs, endpoint=endpoint, protocol=protocol)
    )
    return PushResult(endpoint, protocol, {g: len(ts) for g, ts in graphs.items()}, statuses)
