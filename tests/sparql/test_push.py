"""`mitra push` into a real Oxigraph server (PyPI ``oxigraph``) on a free 127.0.0.1 port, then the named
queries.

After a push, every named query asked of the server (``run_query(endpoint=…)``, as ``mitra query --endpoint``
does) must return the rows the embedded store returns for the same build.

Servers: two Oxigraph servers per module (one on disk, one in memory that queries the union of its graphs, both
emptied before each test) and one Virtuoso per session. A push cut midway goes through the library in-process,
behind a loopback proxy that cuts at a chosen byte and then waits for the store to be done with what it got;
one test cuts ``mitra push`` itself.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import itertools
import select
import socket
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import MINI, named_query_cases

from cli import cli
from graph.build.outputs import DATA_GRAPH, ONTOLOGY_GRAPH
from graph.errors import PushError
from graph.sparql.push import (
    DEFAULT_GRAPH,
    PROTOCOLS,
    STAGING_SUFFIX,
    plan_push,
    push_graph,
    split_graphs,
)
from graph.sparql.query import load_queries, run_query

STALE = '<https://w3id.org/mitra/id/stale> <http://www.w3.org/2000/01/rdf-schema#label> "stale"'


def sparql_csv(base: str, query: str) -> list[list[str]]:
    """Ask the Oxigraph server's /query endpoint; rows of its CSV answer (header first)."""
    req = urllib.request.Request(
        base + "/query",
        data=query.encode(),
        method="POST",
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return list(csv.reader(io.StringIO(resp.read().decode("utf-8"), newline="")))


def graph_counts(base: str) -> dict[str, int]:
    rows = sparql_csv(base, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    counts = {g: int(n) for g, n in rows[1:]}
    # triples of the default graph proper (with --union-default-graph, the default graph is the union)
    default = int(
        sparql_csv(
            base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
        )[1][0]
    )
    if default:
        counts[DEFAULT_GRAPH] = default
    return counts


def update(base: str, text: str) -> None:
    req = urllib.request.Request(
        base + "/update",
        data=text.encode(),
        method="POST",
        headers={"Content-Type": "application/sparql-update"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status in (200, 204)


def built_counts(out_dir) -> dict[str, int]:
    return {g: len(ts) for g, ts in split_graphs((out_dir / "mitra.nq").read_bytes()).items()}


def sorted_rows(bindings) -> list[tuple]:
    return sorted(tuple(sorted(b.items())) for b in bindings)


@pytest.fixture(scope="module")
def assert_named_queries_match(embedded_answers):
    """``assert_named_queries_match(endpoint, out_dir)``: every named query (and parameter example) gives the
    embedded store's rows at ``endpoint``."""

    def check(endpoint: str, out_dir: Path) -> None:
        queries = load_queries()
        non_empty = 0
        for (name, params), (columns, rows) in embedded_answers(Path(out_dir)).items():
            remote = run_query(queries[name], endpoint=endpoint, params=dict(params))
            assert remote.columns == columns, (name, params)
            assert sorted_rows(remote.bindings) == rows, (name, params)
            non_empty += bool(rows)
        assert non_empty >= 5

    return check


def store_quads(base: str) -> set:
    """Every quad the Oxigraph server holds (its whole dataset, by a Graph Store GET)."""
    req = urllib.request.Request(base + "/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return set(ox.parse(resp.read(), format=ox.RdfFormat.N_QUADS))


def built_quads(out_dir: Path) -> set:
    """The build's quads as an Oxigraph store holds them (it stores values: ``"1.0"^^xsd:decimal`` is ``1``)."""
    st = ox.Store()
    st.load((out_dir / "mitra.nq").read_bytes(), format=ox.RdfFormat.N_QUADS)
    return set(st)


# --- the plan ---


def test_gsp_plan_is_one_put_per_graph_with_the_graph_iri_encoded(mini_out):
    graphs = split_graphs((mini_out / "mitra.nq").read_bytes())
    reqs = plan_push(graphs, endpoint="http://127.0.0.1:3030/ds/data", protocol="gsp")
    assert [r.method for r in reqs] == ["PUT", "PUT"]
    assert {r.url for r in reqs} == {
        "http://127.0.0.1:3030/ds/data?graph=" + urllib.parse.quote(str(g), safe="")
        for g in (DATA_GRAPH, ONTOLOGY_GRAPH)
    }
    for r in reqs:
        assert r.headers["Content-Type"].startswith("text/turtle") and "Authorization" not in r.headers
        triples = list(ox.parse(r.body, format=ox.RdfFormat.TURTLE))
        graph_iri = urllib.parse.unquote(r.url.split("graph=")[1])
        assert len(triples) == len(graphs[graph_iri]) > 50


def test_update_plan_batches_large_graphs_in_one_request(shipped_out):
    """Virtuoso's compiler fails on one INSERT DATA of the national graph (SP030): batches of INSERT_BATCH."""
    from graph.sparql.push import INSERT_BATCH

    graphs = split_graphs((shipped_out / "mitra.nq").read_bytes())
    (req,) = plan_push(graphs, endpoint="http://127.0.0.1:3030/ds/update", protocol="update")
    text = req.body.decode("utf-8")
    total = sum(len(ts) for ts in graphs.values())
    assert total > 10 * INSERT_BATCH
    assert text.count("INSERT DATA") >= total // INSERT_BATCH
    st = ox.Store()
    st.update(text)
    assert len(st) == total


def test_gsp_plan_keeps_an_existing_query_string_and_targets_the_default_graph():
    graphs = {DEFAULT_GRAPH: []}
    (req,) = plan_push(graphs, endpoint="http://127.0.0.1:7200/repositories/mitra/rdf-graphs/service?x=1",
                       protocol="gsp")
    assert req.url == "http://127.0.0.1:7200/repositories/mitra/rdf-graphs/service?x=1&default"


def test_update_plan_is_one_request_that_drops_then_inserts_every_graph(mini_out):
    graphs = split_graphs((mini_out / "mitra.nq").read_bytes())
    (req,) = plan_push(graphs, endpoint="http://127.0.0.1:3030/ds/update", protocol="update")
    text = req.body.decode("utf-8")
    assert req.method == "POST" and req.headers["Content-Type"].startswith("application/sparql-update")
    assert "Authorization" not in req.headers  # credentials are added by the opener, see the Virtuoso tests
    assert text.count("DROP SILENT GRAPH") == 2 and text.count("INSERT DATA") == 2  # mini: under a batch each
    assert text.index(f"DROP SILENT GRAPH <{DATA_GRAPH}>") < text.index("INSERT DATA")
    # it is valid SPARQL Update, and running it on an empty store yields the built dataset
    st = ox.Store()
    st.update(text)
    assert len(st) == sum(len(ts) for ts in graphs.values())


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"endpoint": "ftp://127.0.0.1/x"}, r"not an http\(s\) URL"),
        ({"endpoint": "http://127.0.0.1/x", "protocol": "ftp"}, "unknown protocol"),
    ],
)
def test_bad_arguments_raise_push_error(kwargs, message):
    with pytest.raises(PushError, match=message):
        plan_push({"http://e/g": []}, **kwargs)


def test_graph_must_be_an_absolute_iri_or_default():
    with pytest.raises(PushError, match="not an absolute IRI"):
        plan_push({"not an iri": []}, endpoint="http://127.0.0.1/x")


# --- a real Oxigraph server: one per module for each setting, emptied before each test ---


@pytest.fixture(scope="module")
def _ox_union_server(start_oxigraph):
    server = start_oxigraph("--union-default-graph", in_memory=True)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def _ox_plain_server(start_oxigraph):
    server = start_oxigraph()  # plain: queries see only the default graph
    yield server
    server.stop()


@pytest.fixture
def ox_union(_ox_union_server):
    """The Oxigraph server that queries the union of its graphs, empty."""
    update(_ox_union_server.url, "DROP ALL")
    assert graph_counts(_ox_union_server.url) == {}
    return _ox_union_server


@pytest.fixture
def ox_plain(_ox_plain_server):
    """The plain Oxigraph server (its default graph is its own), empty."""
    update(_ox_plain_server.url, "DROP ALL")
    assert graph_counts(_ox_plain_server.url) == {}
    return _ox_plain_server


@pytest.mark.parametrize(("protocol", "path"), [("gsp", "/store"), ("update", "/update"), ("swap", "/update")])
def test_push_replaces_the_graphs_and_named_queries_match(ox_union, mini_out, runner, protocol, path,
                                                          assert_named_queries_match):
    ox_server = ox_union
    # a stale triple in the data graph, as a previous push of older data would have left
    update(ox_server.url, f"INSERT DATA {{ GRAPH <{DATA_GRAPH}> {{ {STALE} }} }}")
    args = [
        "push",
        "--endpoint",
        ox_server.url + path,
        "--protocol",
        protocol,
        "--data",
        str(MINI),
        "--out",
        str(mini_out),
    ]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    expected = built_counts(mini_out)
    assert f"pushed {sum(expected.values())} triples in 2 graph(s)" in result.stdout
    assert graph_counts(ox_server.url) == expected  # the stale triple is gone: the graph was replaced
    assert_named_queries_match(ox_server.url + "/query", mini_out)
    # pushing again changes nothing
    assert runner.invoke(cli, args).exit_code == 0
    assert graph_counts(ox_server.url) == expected


def test_push_to_the_default_graph_needs_no_union_setting(ox_plain, mini_out, assert_named_queries_match):
    ox_server = ox_plain  # plain: queries see only the default graph
    result = push_graph(
        (mini_out / "mitra.nq").read_bytes(), endpoint=ox_server.url + "/store", graph=DEFAULT_GRAPH, protocol="gsp"
    )
    total = sum(built_counts(mini_out).values())
    assert result.graphs == {DEFAULT_GRAPH: total} and result.statuses[0] in (200, 201, 204)
    assert graph_counts(ox_server.url) == {DEFAULT_GRAPH: total}
    assert_named_queries_match(ox_server.url + "/query", mini_out)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_push_into_one_named_graph(ox_plain, mini_out, protocol):
    ox_server = ox_plain
    target = "https://example.org/graph/mitra"
    endpoint = ox_server.url + ("/store" if protocol == "gsp" else "/update")
    push_graph((mini_out / "mitra.nq").read_bytes(), endpoint=endpoint, protocol=protocol, graph=target)
    assert graph_counts(ox_server.url) == {target: sum(built_counts(mini_out).values())}


def test_push_to_a_missing_path_exits_3_with_the_status(ox_plain, mini_out, runner):
    ox_server = ox_plain
    result = runner.invoke(
        cli,
        ["push", "--endpoint", ox_server.url + "/no-such-path", "--data", str(MINI), "--out", str(mini_out)],
    )
    assert result.exit_code == 3
    assert "answered 404" in result.stderr


def test_push_to_a_closed_port_exits_3(mini_out, runner):
    from conftest import free_port

    result = runner.invoke(
        cli,
        [
            "push",
            "--endpoint",
            f"http://127.0.0.1:{free_port()}/store",
            "--data",
            str(MINI),
            "--out",
            str(mini_out),
        ],
    )
    assert result.exit_code == 3
    assert "cannot reach" in result.stderr


def test_push_help_lists_the_protocols(runner):
    result = runner.invoke(cli, ["push", "--help"])
    assert result.exit_code == 0
    for protocol in PROTOCOLS:
        assert protocol in result.output
    for option in ("--endpoint", "--graph", "--user", "--password"):
        assert option in result.output


def test_query_endpoint_cli_after_push(ox_union, mini_out, runner):
    """`mitra query --endpoint URL NAME` prints the same CSV as the embedded engine after a push."""
    ox_server = ox_union
    assert (
        runner.invoke(
            cli, ["push", "--endpoint", ox_server.url + "/update", "--data", str(MINI), "--out", str(mini_out)]
        ).exit_code
        == 0
    )
    for name, params in named_query_cases():
        if params:
            continue
        local = runner.invoke(
            cli, ["query", name, "--format", "csv", "--data", str(MINI), "--out", str(mini_out)]
        )
        remote = runner.invoke(
            cli, ["query", name, "--format", "csv", "--endpoint", ox_server.url + "/query"]
        )
        assert local.exit_code == 0 and remote.exit_code == 0, (name, local.stderr, remote.stderr)
        assert sorted(local.stdout.splitlines()) == sorted(remote.stdout.splitlines()), name


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_shipped_data_after_push_is_the_built_dataset_quad_for_quad(ox_union, shipped_out, protocol):
    """Each protocol puts the shipped build (batched INSERT DATA, several MB of PUT) into the store exactly: every
    quad, nothing else. Equal data in the same server gives equal answers, so the named queries are asked once
    (below), not once per protocol."""
    endpoint = ox_union.url + ("/store" if protocol == "gsp" else "/update")
    result = push_graph((shipped_out / "mitra.nq").read_bytes(), endpoint=endpoint, protocol=protocol)
    assert result.graphs == built_counts(shipped_out) and result.triples > 3000
    assert store_quads(ox_union.url) == built_quads(shipped_out)


def test_shipped_data_after_push_answers_every_named_query_like_the_embedded_store(ox_union, shipped_out,
                                                                                   assert_named_queries_match):
    result = push_graph((shipped_out / "mitra.nq").read_bytes(), endpoint=ox_union.url + "/update")
    assert graph_counts(ox_union.url) == result.graphs == built_counts(shipped_out)
    assert store_quads(ox_union.url) == built_quads(shipped_out)
    assert_named_queries_match(ox_union.url + "/query", shipped_out)


# --- a real Virtuoso 7 (Debian's virtuoso-opensource-7-bin), which asks for HTTP Digest login ---

MITRA_GRAPHS = 'FILTER(STRSTARTS(STR(?g), "https://w3id.org/mitra/graph/"))'
_VIRTUOSO_VERIFIED: list[frozenset] = []
"""Dumps of Mitra's graphs in Virtuoso after which every named query was seen to match the embedded store."""


def virtuoso_dump(virtuoso) -> frozenset:
    """Every quad of Mitra's graphs as Virtuoso writes them back: (graph, triple), every term with its value,
    datatype and language. Asked as one CONSTRUCT per graph in N-Triples, which costs Virtuoso about a tenth of the
    CPU of the same quads as SELECT results in JSON (0.3 s against 3 s for the shipped build)."""
    quads = set()
    for g in virtuoso_counts(virtuoso):
        req = urllib.request.Request(
            virtuoso.url + "/sparql",
            data=urllib.parse.urlencode({"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"})
            .encode(),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/n-triples"},
        )
        with urllib.request.urlopen(req, timeout=60) as resp:
            assert resp.headers["Content-Type"].startswith("application/n-triples")
            quads |= {(g, t) for t in ox.parse(resp.read(), format=ox.RdfFormat.N_TRIPLES)}
    return frozenset(quads)


def virtuoso_counts(virtuoso) -> dict[str, int]:
    found = run_query(
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {MITRA_GRAPHS} }} GROUP BY ?g",
        endpoint=virtuoso.url + "/sparql",
    )
    return {str(r["g"]): int(str(r["n"])) for r in found.rows}


@pytest.mark.parametrize(("protocol", "path"), [("update", "/sparql-auth"), ("gsp", "/sparql-graph-crud-auth"),
                                               ("swap", "/sparql-auth")])
def test_push_to_virtuoso_with_digest_login_then_named_queries_match(
    virtuoso, shipped_out, runner, protocol, path, assert_named_queries_match
):
    endpoint = virtuoso.url + path
    expected = built_counts(shipped_out)
    # what an older push left: a stale triple in each graph (and, after the first case, the shipped data), so the
    # one push below shows that pushing replaces rather than adds
    before = virtuoso_counts(virtuoso)
    _virtuoso_update(virtuoso, " ;\n".join(f"INSERT DATA {{ GRAPH <{g}> {{ {STALE} }} }}" for g in expected))
    assert virtuoso_counts(virtuoso) == {**before, **{g: before.get(g, 0) + 1 for g in expected}}
    base = ["push", "--endpoint", endpoint, "--protocol", protocol, "--out", str(shipped_out)]
    login = ["--user", "dba", "--password", "dba", "--auth", "digest"]
    result = runner.invoke(cli, [*base, *login])
    assert result.exit_code == 0, result.output
    assert virtuoso_counts(virtuoso) == expected
    # every named query through `mitra query --endpoint` code, on a store Mitra did not write itself; once per
    # distinct content (as Virtuoso reads it back, every term's datatype and language): an equal dump in the same
    # store answers every query alike, so a protocol that leaves what an earlier one left needs no second round
    dump = virtuoso_dump(virtuoso)
    assert len(dump) == sum(expected.values())
    if dump not in _VIRTUOSO_VERIFIED:
        assert_named_queries_match(virtuoso.url + "/sparql", shipped_out)
        _VIRTUOSO_VERIFIED.append(dump)


@pytest.mark.parametrize(
    "login",
    [
        [],  # no credentials
        ["--user", "dba", "--password", "wrong", "--auth", "digest"],
        ["--user", "dba", "--password", "dba"],  # Basic, which these endpoints do not take
    ],
    ids=["none", "wrong-password", "basic"],
)
def test_push_to_virtuoso_without_a_valid_login_exits_3_with_401(virtuoso, mini_out, runner, login):
    # the mini build: a refused login is answered 401 whatever the size of the push
    endpoint = virtuoso.url + "/sparql-auth"
    result = runner.invoke(
        cli, ["push", "--endpoint", endpoint, "--protocol", "update", "--data", str(MINI), "--out", str(mini_out),
              *login]
    )
    assert result.exit_code == 3
    assert f"POST {endpoint} answered 401" in result.stderr


def test_push_auth_must_be_basic_or_digest(mini_out):
    with pytest.raises(PushError, match="unknown auth 'ntlm'"):
        push_graph((mini_out / "mitra.nq").read_bytes(), endpoint="http://127.0.0.1:9/x", user="u", auth="ntlm")


def test_query_a_virtuoso_endpoint_that_asks_for_a_digest_login(virtuoso, shipped_out, runner):
    login = ["--user", "dba", "--password", "dba", "--auth", "digest"]
    if virtuoso_counts(virtuoso) != built_counts(shipped_out):  # not left so by the tests above: push it
        pushed = runner.invoke(
            cli, ["push", "--endpoint", virtuoso.url + "/sparql-auth", "--protocol", "update",
                  "--out", str(shipped_out), *login],
        )
        assert pushed.exit_code == 0, pushed.output
    assert virtuoso_counts(virtuoso) == built_counts(shipped_out)
    ask = ["query", "sister-cities", "--param", "region=jakarta", "--format", "csv"]
    public = runner.invoke(cli, [*ask, "--endpoint", virtuoso.url + "/sparql"])
    logged_in = runner.invoke(cli, [*ask, "--endpoint", virtuoso.url + "/sparql-auth", *login])
    assert public.exit_code == 0 and logged_in.exit_code == 0, logged_in.stderr
    assert logged_in.stdout == public.stdout and logged_in.stdout.count("\n") > 20
    # table output looks labels up through the same login
    table = runner.invoke(cli, ["query", "sister-cities", "--endpoint", virtuoso.url + "/sparql-auth", *login])
    assert table.exit_code == 0 and "Rotterdam" in table.stdout
    refused = runner.invoke(cli, [*ask, "--endpoint", virtuoso.url + "/sparql-auth"])
    assert refused.exit_code == 3 and "answered 401" in refused.stderr


def test_query_login_needs_an_endpoint(runner):
    result = runner.invoke(cli, ["query", "sister-cities", "--user", "dba"])
    assert result.exit_code == 2 and "--user logs in to an --endpoint" in result.stderr


# --- old or new after a failure (#16) ---

OLD_EXTRA = "https://w3id.org/mitra/id/only-in-the-old-push"


def test_the_swap_plan_stages_then_replaces_every_graph_in_one_operation(mini_out):
    graphs = split_graphs((mini_out / "mitra.nq").read_bytes())
    stage, switch, cleanup = plan_push(graphs, endpoint="http://127.0.0.1:3030/ds/update")
    assert [r.role for r in (stage, switch, cleanup)] == ["stage", "switch", "cleanup"]
    assert switch.body.decode().count("DELETE") == 1 and ";" not in switch.body.decode()  # one operation
    st = ox.Store()  # the old push: each graph with a triple the new one no longer has
    st.update(" ;\n".join(f"INSERT DATA {{ GRAPH <{g}> {{ <{OLD_EXTRA}> <{OLD_EXTRA}> \"old\" }} }}" for g in graphs))
    st.update(stage.body.decode())
    assert {q.graph_name.value for q in st} == {*graphs, *(g + STAGING_SUFFIX for g in graphs)}
    st.update(switch.body.decode())
    st.update(cleanup.body.decode())
    got = {g: sum(1 for _ in st.quads_for_pattern(None, None, None, ox.NamedNode(g))) for g in graphs}
    assert got == {g: len(ts) for g, ts in graphs.items()} and len(st) == sum(got.values())
    assert not list(st.quads_for_pattern(ox.NamedNode(OLD_EXTRA), None, None))


UNCUT = 10**12
"""A byte budget no push reaches: the proxy forwards everything."""


class CuttingProxy:
    """A loopback TCP proxy in front of a real store that forwards the first ``budget`` bytes clients send, then
    cuts: the client's connection closes before any answer to what was sent (the network, or the pushing process,
    dying at that byte of the push). The store's side is half-closed and read until the store answers or closes,
    so :meth:`settle` knows when the store is done with what it got: no fixed sleep.

    One proxy serves a whole test; :meth:`arm` sets the budget before each push. :attr:`ends` says where each
    HTTP exchange of an uncut push ends on the wire (a push opens one connection per exchange, one at a time)."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._cv = threading.Condition()
        self.arm(UNCUT)
        self.accepting = threading.Thread(target=self._accept, daemon=True)
        self.accepting.start()

    def arm(self, budget: int) -> None:
        with self._cv:
            self.budget, self.sizes, self.active, self.unsettled = budget, [], 0, 0

    @property
    def ends(self) -> list[int]:
        """Bytes forwarded up to the end of each connection, in the order they were opened: counted per
        connection, since the next one may open before the proxy has seen the last one close."""
        with self._cv:
            return list(itertools.accumulate(self.sizes))

    def settle(self, timeout: float = 30) -> None:
        """Wait until every connection of the last push has ended and the store has answered or closed each
        one the proxy cut (a request the store received whole may still be running when the client sees the
        cut)."""
        with self._cv:
            assert self._cv.wait_for(lambda: self.active == 0, timeout), "a proxied connection did not end"
            assert not self.unsettled, "the store neither answered nor closed a cut connection within 30 s"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self._cv:
                # counted before the push can see its connection end, so settle() cannot miss it
                self.active += 1
                self.sizes.append(0)
                index = len(self.sizes) - 1
            threading.Thread(target=self._relay, args=(client, index), daemon=True).start()

    def _relay(self, client: socket.socket, index: int) -> None:
        try:
            self._pass(client, index)
        finally:
            with self._cv:
                self.active -= 1
                self._cv.notify_all()

    def _pass(self, client: socket.socket, index: int) -> None:
        with client, socket.create_connection(("127.0.0.1", self.upstream_port)) as upstream:
            peers = {client: upstream, upstream: client}
            open_ = {client, upstream}
            while open_:
                ready, _, _ = select.select(list(open_), [], [], 30)
                if not ready:
                    return
                for src in ready:
                    try:
                        data = src.recv(65536)
                    except OSError:
                        return
                    if not data:
                        open_.discard(src)
                        with contextlib.suppress(OSError):
                            peers[src].shutdown(socket.SHUT_WR)
                        continue
                    if src is client:
                        data = data[:self.budget]
                        with self._cv:
                            self.budget -= len(data)
                            self.sizes[index] += len(data)
                    try:
                        peers[src].sendall(data)
                    except OSError:
                        return
                    if self.budget == 0:
                        client.close()  # the cut: the client gets no answer to what it sent
                        self._drain(upstream)
                        return

    def _drain(self, upstream: socket.socket, timeout: float = 30) -> None:
        """Half-close the store's side (as a client that died would, it sends no more) and read until the store
        answers (the head of its reply: it is done with the request) or closes the connection."""
        import time

        with contextlib.suppress(OSError):
            upstream.shutdown(socket.SHUT_WR)
        deadline, got = time.monotonic() + timeout, b""
        while b"\r\n\r\n" not in got:
            left = deadline - time.monotonic()
            if left <= 0:
                with self._cv:
                    self.unsettled += 1
                return
            upstream.settimeout(left)
            try:
                data = upstream.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return  # reset by the store: it is done with the connection
            if not data:
                return
            got += data

    def close(self) -> None:
        # close() alone does not wake a thread blocked in accept() (the join then waited out its 5 s in every
        # test); shutting the listening socket down does, at once
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.accepting.join(timeout=5)
        assert not self.accepting.is_alive(), "the proxy's accept thread did not end"


def _message_matches(message: str, now: dict[str, int], new: dict[str, int]) -> bool:
    """Whether what a failed push says the store holds is what it holds (per graph when it says a mix)."""
    import re

    if "hold a mix:" in message or "holds a mix:" in message:
        for g in new:
            said = re.search(rf"<{re.escape(g)}> (old or new|new|old)", message)
            actual = {new[g]: "new", new[g] + 1: "old"}.get(now.get(g), "partial")
            if said is None or actual not in said.group(1).split(" or "):
                return False
        return True
    state = "new" if now == new else "old" if now == {g: n + 1 for g, n in new.items()} else "mixed"
    if "the store still holds the old graphs" in message:
        return state == "old"
    if "or the new ones" in message:
        return state in ("old", "new")
    if "the store holds the new graphs" in message:
        return state == "new"
    return False


def _error_states_match(error: PushError, now: dict[str, int], new: dict[str, int]) -> bool:
    """Whether ``PushError.state`` and ``.graphs`` (what a program reads) agree with what the store holds."""
    actual = {g: {new[g]: "new", new[g] + 1: "old"}.get(now.get(g), "partial") for g in new}
    if set(error.graphs) != set(new) or any(actual[g] not in error.graphs[g].split(" or ") for g in new):
        return False
    overall = set(actual.values())
    return error.state == "mixed" or (len(overall) == 1 and overall.pop() in error.state.split(" or "))


def _with_old_extra(graphs: dict[str, list]) -> dict[str, list]:
    """An older push of ``graphs``: each graph with one triple the new push no longer has."""
    extra = ox.Triple(ox.NamedNode(OLD_EXTRA), ox.NamedNode(OLD_EXTRA), ox.Literal("old"))
    return {g: [*ts, extra] for g, ts in graphs.items()}


@dataclass
class CutStore:
    """A real store under cut pushes: where pushes go (``path``), how to read its target graphs' counts, and how
    to put the old push back in one request (its staging graphs dropped) between two cuts."""

    port: int
    path: str
    counts: Callable[[], dict[str, int]]
    send_update: Callable[[str], None]
    login: dict[str, str] = field(default_factory=dict)

    def reset_to_old(self, graphs: dict[str, list]) -> None:
        old = _with_old_extra(graphs)
        (replace,) = plan_push(old, endpoint=f"http://127.0.0.1:{self.port}/", protocol="update")
        drops = "".join(f"DROP SILENT GRAPH <{g}{STAGING_SUFFIX}> ;\n" for g in graphs)
        self.send_update(drops + replace.body.decode("utf-8"))


def _budgets(ends: list[int]) -> list[int]:
    """Cut points from where each exchange of an uncut push ended: the middle of each request, and right after
    each request was sent whole (before its answer); the last one a byte short."""
    starts = [0, *ends[:-1]]
    return sorted({*(a + (b - a) // 2 for a, b in zip(starts, ends, strict=True)), *ends[:-1], ends[-1] - 1})


def _cut_push(store: CutStore, proxy: CuttingProxy, nquads: bytes, budget: int, protocol: str,
              new: dict[str, int]) -> tuple[PushError | None, str, dict[str, int]]:
    """Reset ``store`` to the old push, push ``nquads`` through ``proxy`` cut at ``budget``; (the error, the state
    the store then holds: ``new``, ``old`` or ``mixed {counts}``, its counts). The reset is checked on the uncut
    push (the first of each test); the later ones are the same request, and a refused one raises."""
    store.reset_to_old(split_graphs(nquads))
    if budget == UNCUT:
        assert store.counts() == {g: n + 1 for g, n in new.items()}
    proxy.arm(budget)
    error = None
    try:
        push_graph(nquads, endpoint=f"http://127.0.0.1:{proxy.port}{store.path}", protocol=protocol, timeout=20,
                   **store.login)
    except PushError as exc:
        error = exc
    proxy.settle()
    now = _settled_counts(store, new)
    state = "new" if now == new else "old" if now == {g: n + 1 for g, n in new.items()} else f"mixed {now}"
    return error, state, now


def _settled_counts(store: CutStore, new: dict[str, int], *, quiet: float = 0.5, timeout: float = 10) -> dict[str, int]:
    """The store's counts once the push is over. Virtuoso may reset a cut connection while it still runs the
    request it received (a PUT drops the graph, then loads it), so a count that is neither old nor new is read
    again until two reads ``quiet`` seconds apart agree: a state the store keeps still fails the test, one it
    passes through does not."""
    import time

    now, old = store.counts(), {g: n + 1 for g, n in new.items()}
    deadline = time.monotonic() + timeout
    while now not in (new, old) and time.monotonic() < deadline:
        time.sleep(quiet)
        again = store.counts()
        if again == now:
            break
        now = again
    return now


def _push_through_cuts(store: CutStore, mini_out, protocol: str) -> list[tuple[int, str, str]]:
    """Push the mini build over an old push of it (each graph with one more triple) through a proxy cut in the
    middle of each HTTP exchange and right after each request; after each, the store must hold the old graphs or
    the new ones and the error must say which (its message and its ``state``/``graphs``). Returns (budget, state
    seen, message) per cut, the uncut push last."""
    nquads = (mini_out / "mitra.nq").read_bytes()
    new = built_counts(mini_out)
    proxy = CuttingProxy(store.port)
    try:
        error, state, _ = _cut_push(store, proxy, nquads, UNCUT, protocol, new)
        assert error is None and state == "new", (error, state)
        ends = proxy.ends
        assert len(ends) >= (2 if protocol == "gsp" else 1) * (2 if store.login else 1)
        seen = []
        for budget in _budgets(ends):
            error, state, now = _cut_push(store, proxy, nquads, budget, protocol, new)
            seen.append((budget, state, str(error)))
            if error is None:
                assert state == "new", seen[-1]
                continue
            assert _message_matches(str(error), now, new), seen[-1]
            assert _error_states_match(error, now, new), (error.state, error.graphs, seen[-1])
        seen.append((UNCUT, "new", ""))
        return seen
    finally:
        proxy.close()


def _targets(counts: dict[str, int]) -> dict[str, int]:
    """Counts of the target graphs (a staging graph a cut push left is dropped by the next reset)."""
    return {g: n for g, n in counts.items() if not g.endswith(STAGING_SUFFIX)}


@pytest.fixture
def oxigraph_cut_store(ox_union) -> CutStore:
    port = int(ox_union.url.rsplit(":", 1)[1])
    return CutStore(port, "", lambda: _targets(graph_counts(ox_union.url)), lambda text: update(ox_union.url, text))


@pytest.mark.parametrize(("protocol", "path"), [("swap", "/update"), ("update", "/update"), ("gsp", "/store")])
def test_a_push_cut_anywhere_leaves_oxigraph_old_or_new_and_says_which(oxigraph_cut_store, mini_out, protocol,
                                                                       path):
    """Oxigraph applies an Update request as one transaction: ``swap`` and ``update`` never leave a mix; ``gsp``
    does between its PUTs, and the error then says which graph is new."""
    store = dataclasses.replace(oxigraph_cut_store, path=path)
    seen = _push_through_cuts(store, mini_out, protocol)
    states = [s for _, s, _ in seen]
    assert "old" in states and states[-1] == "new", seen
    if protocol == "gsp":
        assert any(s.startswith("mixed") for s in states), seen  # gsp can mix: the message then says how
    else:
        assert not any(s.startswith("mixed") for s in states), seen


def _virtuoso_update(virtuoso, text: str) -> None:
    from graph.sparql.push import PushRequest, send_request
    from graph.sparql.remote import Login

    send_request(PushRequest("POST", virtuoso.url + "/sparql-auth",
                             {"Content-Type": "application/sparql-update; charset=utf-8"}, text.encode()),
                 login=Login("dba", "dba", "digest"), timeout=30)


@pytest.mark.parametrize(("protocol", "path"), [("swap", "/sparql-auth"), ("update", "/sparql-auth"),
                                                ("gsp", "/sparql-graph-crud-auth")])
def test_a_push_cut_anywhere_leaves_virtuoso_old_or_new_and_says_which(virtuoso, mini_out, protocol, path):
    """Virtuoso asks for a Digest login (a HEAD for the challenge, then each request) and applies each
    operation of a request on its own: ``swap`` still never leaves a mix."""
    store = CutStore(int(virtuoso.url.rsplit(":", 1)[1]), path, lambda: _targets(virtuoso_counts(virtuoso)),
                     lambda text: _virtuoso_update(virtuoso, text),
                     login={"user": "dba", "password": "dba", "auth": "digest"})
    seen = _push_through_cuts(store, mini_out, protocol)
    states = [s for _, s, _ in seen]
    assert "old" in states and states[-1] == "new", seen
    if protocol == "swap":
        assert not any(s.startswith("mixed") for s in states), seen


def test_mitra_push_cut_midway_exits_3_and_says_the_store_is_old(oxigraph_cut_store, mini_out, runner):
    """The same path through the CLI: ``mitra push`` cut in the middle of its stage request exits 3, without a
    traceback, and says what the store holds, which it does."""
    store = dataclasses.replace(oxigraph_cut_store, path="/update")
    nquads = (mini_out / "mitra.nq").read_bytes()
    new = built_counts(mini_out)
    proxy = CuttingProxy(store.port)
    try:
        assert _cut_push(store, proxy, nquads, UNCUT, "swap", new)[:2] == (None, "new")
        stage_end = proxy.ends[0]
        store.reset_to_old(split_graphs(nquads))
        proxy.arm(stage_end // 2)
        result = runner.invoke(cli, ["push", "--endpoint", f"http://127.0.0.1:{proxy.port}/update",
                                     "--data", str(MINI), "--out", str(mini_out), "--timeout", "20"])
        proxy.settle()
    finally:
        proxy.close()
    assert result.exit_code == 3 and "Traceback" not in result.stderr, result.output
    assert "the store still holds the old graphs" in result.stderr
    now = store.counts()
    assert now == {g: n + 1 for g, n in new.items()} and _message_matches(result.stderr, now, new)
