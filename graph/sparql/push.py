"""Load the built graph into a remote triple store, replacing its graphs atomically where the protocol allows.

Three protocols reach every common store (Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso, Neptune):

- ``swap`` (the default): SPARQL 1.1 Update in three requests. The new graphs are uploaded beside the old ones,
  under staging names (``<g>-staging``); then one ``DELETE … INSERT … WHERE`` operation replaces every old graph
  by its staged copy; then the staging graphs are dropped. The store holds the old graphs or the new ones, never a
  mix, even when it does not apply a request as one transaction (Virtuoso applies each operation on its own:
  a failure between ``DROP`` and ``INSERT DATA`` left it without the ontology graph, #16).
- ``update``: SPARQL 1.1 Update. One request ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``
  for all graphs: old or new on a store that applies a request as one transaction (Oxigraph, Fuseki, GraphDB).
- ``gsp``: the SPARQL 1.1 Graph Store Protocol. One ``PUT`` per graph replaces that graph in one step; a push
  that fails between two PUTs leaves a mix, and the error names which graph is new and which old.

After a failure :class:`PushError` says what the store holds (``state``, and ``graphs`` per target graph).

By default the two named graphs of ``out/mitra.nq`` (ontology and data) are pushed as they are, so a store
that queries the union of its graphs (GraphDB, Virtuoso, Neptune; Oxigraph with ``--union-default-graph``;
Fuseki with ``unionDefaultGraph``) answers the named queries as ``mitra query`` does. ``graph=IRI`` puts
everything into that one graph, and ``graph="default"`` into the store's default graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ..errors import PushError
from .remote import AUTH_SCHEMES, Login, error_line, open_url

__all__ = [
    "PROTOCOLS",
    "DEFAULT_PROTOCOL",
    "STAGING_SUFFIX",
    "AUTH_SCHEMES",
    "DEFAULT_GRAPH",
    "PushRequest",
    "PushResult",
    "split_graphs",
    "plan_push",
    "push_graph",
]

PROTOCOLS = ("swap", "update", "gsp")
DEFAULT_PROTOCOL = "swap"
STAGING_SUFFIX = "-staging"
"""Appended to a target graph's IRI to name the graph its new triples are staged in (``swap``); the same name
every time, so that the next push clears what a killed one staged."""
DEFAULT_GRAPH = "default"
"""The ``graph`` value that means the store's default graph (GSP ``?default``, Update ``DEFAULT``)."""


@dataclass(frozen=True)
class PushRequest:
    """One HTTP request of a push: method, URL, headers and body; ``role`` is what it does (``replace``,
    ``stage``, ``switch`` or ``cleanup``) and ``graphs`` the target graphs it changes."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes
    role: str = "replace"
    graphs: tuple[str, ...] = ()


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
        raise PushError(f"the built graph is not valid N-Quads: {exc}") from None
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
        raise PushError(f"target graph {graph!r} is not an absolute IRI (or 'default'): {exc}") from None
    if ":" not in graph:
        raise PushError(f"target graph {graph!r} is not an absolute IRI (or 'default')")


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


_UPDATE = {"Content-Type": "application/sparql-update; charset=utf-8"}


def _staging(g: str) -> str:
    return g + STAGING_SUFFIX


def _swap_plan(graphs: dict[str, list], endpoint: str) -> list[PushRequest]:
    """Stage, switch, clean up: the one operation of the switch replaces every target graph at once."""
    targets = tuple(graphs)
    stage = [f"DROP SILENT GRAPH <{_staging(g)}>" for g in targets]
    stage += _insert_operations({_staging(g): ts for g, ts in graphs.items()})
    olds = " ".join(f"<{g}>" for g in targets)
    pairs = " ".join(f"(<{_staging(g)}> <{g}>)" for g in targets)
    # Per solution, one branch binds ?g (an old triple, deleted) and the other ?t (a staged one, inserted in its
    # target); a template triple with an unbound variable is skipped (SPARQL 1.1 Update, 3.1.3).
    switch = (
        "DELETE { GRAPH ?g { ?s ?p ?o } }\nINSERT { GRAPH ?t { ?s ?p ?o } }\nWHERE {\n"
        f"  {{ VALUES ?g {{ {olds} }} GRAPH ?g {{ ?s ?p ?o }} }}\n  UNION\n"
        f"  {{ VALUES (?n ?t) {{ {pairs} }} GRAPH ?n {{ ?s ?p ?o }} }}\n}}\n"
    )
    cleanup = " ;\n".join(f"DROP SILENT GRAPH <{_staging(g)}>" for g in targets) + "\n"
    return [
        PushRequest("POST", endpoint, dict(_UPDATE), (" ;\n".join(stage) + "\n").encode("utf-8"), "stage", targets),
        PushRequest("POST", endpoint, dict(_UPDATE), switch.encode("utf-8"), "switch", targets),
        PushRequest("POST", endpoint, dict(_UPDATE), cleanup.encode("utf-8"), "cleanup", targets),
    ]


def plan_push(
    graphs: dict[str, list],
    *,
    endpoint: str,
    protocol: str = DEFAULT_PROTOCOL,
) -> list[PushRequest]:
    """The HTTP requests that replace each graph of ``graphs`` at ``endpoint`` (pure: testable offline).

    The GSP body is N-Triples sent as ``text/turtle``: N-Triples is Turtle, which every Graph Store reads.
    ``swap`` into the store's default graph has no graph to stage in: it is planned as ``update``.

    >>> reqs = plan_push({"http://e/g": []}, endpoint="http://127.0.0.1:7878/store", protocol="gsp")
    >>> reqs[0].method, reqs[0].url
    ('PUT', 'http://127.0.0.1:7878/store?graph=http%3A%2F%2Fe%2Fg')
    """
    if protocol not in PROTOCOLS:
        raise PushError(f"unknown protocol {protocol!r}; known: {', '.join(PROTOCOLS)}")
    if not endpoint.startswith(("http://", "https://")):
        raise PushError(f"endpoint {endpoint!r} is not an http(s) URL")
    for g in graphs:
        _check_graph_iri(g)
    if protocol == "gsp":
        return [
            PushRequest(
                "PUT",
                _with_param(endpoint, "default" if g == DEFAULT_GRAPH else "graph=" + quote(g, safe="")),
                {"Content-Type": "text/turtle; charset=utf-8"},
                _ntriples(ts),
                "replace",
                (g,),
            )
            for g, ts in graphs.items()
        ]
    if protocol == "swap" and DEFAULT_GRAPH not in graphs:
        return _swap_plan(graphs, endpoint)
    drops = [("DROP SILENT DEFAULT" if g == DEFAULT_GRAPH else f"DROP SILENT GRAPH <{g}>") for g in graphs]
    update = " ;\n".join([*drops, *_insert_operations(graphs)]) + "\n"
    return [
        PushRequest(
            "POST",
            endpoint,
            dict(_UPDATE),
            update.encode("utf-8"),
            "replace",
            tuple(graphs),
        )
    ]


class _RequestError(Exception):
    """A request of a push failed: why, and whether the store answered (so it refused the request)."""

    def __init__(self, message: str, *, answered: bool) -> None:
        super().__init__(message)
        self.answered = answered


def send_request(req: PushRequest, *, login: Login | None, timeout: float) -> int:
    import urllib.error
    import urllib.request

    http_req = urllib.request.Request(req.url, data=req.body, method=req.method, headers=req.headers)
    try:
        with open_url(http_req, login=login, timeout=timeout) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as exc:
        detail = error_line(exc)
        raise _RequestError(
            f"{req.method} {req.url} answered {exc.code} {exc.reason}" + (f": {detail[:300]}" if detail else ""),
            answered=True,
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        raise _RequestError(f"cannot reach {req.url}: {getattr(exc, 'reason', exc)}", answered=False) from None


def _dropped_staging(cleanup: PushRequest, *, login: Login | None, timeout: float) -> bool:
    """Try to drop the staging graphs after a failed stage or switch (they are never a target: always safe)."""
    try:
        send_request(cleanup, login=login, timeout=timeout)
    except _RequestError:
        return False
    return True


def _states(reqs: list[PushRequest], failed: int, answered: bool) -> dict[str, str]:
    """What each target graph holds when request ``failed`` of ``reqs`` failed (the earlier ones succeeded)."""
    req = reqs[failed]
    if req.role == "cleanup":
        return dict.fromkeys(req.graphs, "new")
    if req.role == "stage":
        return dict.fromkeys(req.graphs, "old")
    # the switch, or a request that replaces its graphs: refused → old; no answer → it may have been applied
    states = {g: "new" for r in reqs[:failed] for g in r.graphs if r.role == "replace"}
    states |= dict.fromkeys(req.graphs, "old" if answered else "old or new")
    states |= {g: "old" for r in reqs[failed + 1:] for g in r.graphs if g not in states}
    return states


def _overall(states: dict[str, str]) -> str:
    """One word for the store: the graphs' common state, or ``mixed`` when they differ (or may differ)."""
    kinds = set(states.values())
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _what_the_store_holds(reqs: list[PushRequest], failed: int, states: dict[str, str]) -> str:
    """The sentence a failed push ends with: what the store holds now, in words a curator can act on."""
    state = _overall(states)
    req = reqs[failed]
    if req.role == "cleanup":
        staged = ", ".join(f"<{_staging(g)}>" for g in req.graphs)
        return f"the store holds the new graphs, and the staging graphs {staged} are left: push again to drop them"
    if state == "mixed":
        sure = {"new", "old"} <= set(states.values())
        return (f"the store {'holds' if sure else 'may hold'} a mix: "
                + "; ".join(f"<{g}> {s}" for g, s in states.items())
                + " (push again to finish, or push with the swap protocol, which never leaves a mix)")
    where = ", ".join(f"<{g}>" for g in states)
    if req.role == "replace" and req.method == "POST":  # one Update request of several operations
        caveat = (" on a store that applies a request as one transaction (Oxigraph, Fuseki, GraphDB); one that "
                  "applies each operation on its own (Virtuoso) may hold part of it")
    else:
        caveat = ""
    if state == "old":
        return f"the store still holds the old graphs {where}{caveat}"
    return (f"the store holds the old graphs {where} or the new ones, not a mix: the request may have been applied "
            f"before the connection broke{caveat}")


def push_graph(
    nquads: bytes,
    *,
    endpoint: str,
    protocol: str = DEFAULT_PROTOCOL,
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
        endpoint: the store's SPARQL Update URL (``swap``, ``update``) or its Graph Store URL (``gsp``).
        graph: one graph IRI for everything, ``"default"`` for the default graph; None keeps the graphs
            of mitra.nq.
        user, password: credentials, if the store asks for them.
        auth: how they are sent, ``basic`` or ``digest`` (see :mod:`graph.sparql.remote`).
        timeout: seconds to wait for each request.

    Raises:
        PushError: bad arguments, an unreachable store, or a non-2xx answer (its status and first line),
            ending with what the store holds now (also in ``state`` and ``graphs``).
    """
    try:
        login = None if user is None else Login(user, password or "", auth)
    except ValueError as exc:
        raise PushError(str(exc)) from None
    graphs = split_graphs(nquads, graph=graph)
    if not graphs:
        raise PushError("the built graph is empty: nothing to push")
    reqs = plan_push(graphs, endpoint=endpoint, protocol=protocol)
    statuses: list[int] = []
    for i, req in enumerate(reqs):
        try:
            statuses.append(send_request(req, login=login, timeout=timeout))
        except _RequestError as exc:
            states = _states(reqs, i, exc.answered)
            said = _what_the_store_holds(reqs, i, states)
            if req.role in ("stage", "switch") and not _dropped_staging(reqs[-1], login=login, timeout=timeout):
                said += f"; the staging graphs {', '.join(f'<{_staging(g)}>' for g in req.graphs)} may be left " \
                        "(the next push drops them)"
            raise PushError(f"{exc}; {said}", state=_overall(states), graphs=states) from None
    return PushResult(endpoint, protocol, {g: len(ts) for g, ts in graphs.items()}, tuple(statuses))
