"""`mitra push` into a real Oxigraph server (PyPI ``oxigraph``) on a free 127.0.0.1 port, then the named
queries.

After a push, every named query asked of the server (``run_query(endpoint=…)``, as ``mitra query --endpoint``
does) must return the rows the embedded store returns for the same build.
"""

from __future__ import annotations

import contextlib
import csv
import io
import urllib.parse
import urllib.request

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
from graph.sparql.query import load_queries, open_engine, run_query

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


def assert_named_queries_match(endpoint: str, out_dir) -> None:
    """Every named query (and parameter example) gives the embedded store's rows at ``endpoint``."""
    engine = open_engine("oxigraph", out_dir=out_dir)
    queries = load_queries()
    non_empty = 0
    for name, params in named_query_cases():
        local = run_query(queries[name], engine=engine, params=params)
        remote = run_query(queries[name], endpoint=endpoint, params=params)
        assert remote.columns == local.columns, (name, params)
        assert sorted(tuple(sorted(b.items())) for b in remote.bindings) == sorted(
            tuple(sorted(b.items())) for b in local.bindings
        ), (name, params)
        non_empty += bool(local.bindings)
    assert non_empty >= 5


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


# --- a real Oxigraph server ---


@pytest.mark.parametrize(("protocol", "path"), [("gsp", "/store"), ("update", "/update"), ("swap", "/update")])
def test_push_replaces_the_graphs_and_named_queries_match(start_oxigraph, mini_out, runner, protocol, path):
    ox_server = start_oxigraph("--union-default-graph")
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


def test_push_to_the_default_graph_needs_no_union_setting(start_oxigraph, mini_out):
    ox_server = start_oxigraph()  # plain: queries see only the default graph
    result = push_graph(
        (mini_out / "mitra.nq").read_bytes(), endpoint=ox_server.url + "/store", graph=DEFAULT_GRAPH, protocol="gsp"
    )
    total = sum(built_counts(mini_out).values())
    assert result.graphs == {DEFAULT_GRAPH: total} and result.statuses[0] in (200, 201, 204)
    assert graph_counts(ox_server.url) == {DEFAULT_GRAPH: total}
    assert_named_queries_match(ox_server.url + "/query", mini_out)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_push_into_one_named_graph(start_oxigraph, mini_out, protocol):
    ox_server = start_oxigraph()
    target = "https://example.org/graph/mitra"
    endpoint = ox_server.url + ("/store" if protocol == "gsp" else "/update")
    push_graph((mini_out / "mitra.nq").read_bytes(), endpoint=endpoint, protocol=protocol, graph=target)
    assert graph_counts(ox_server.url) == {target: sum(built_counts(mini_out).values())}


def test_push_to_a_missing_path_exits_3_with_the_status(start_oxigraph, mini_out, runner):
    ox_server = start_oxigraph()
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


def test_query_endpoint_cli_after_push(start_oxigraph, mini_out, runner):
    """`mitra query --endpoint URL NAME` prints the same CSV as the embedded engine after a push."""
    ox_server = start_oxigraph("--union-default-graph")
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
def test_shipped_data_after_push_answers_every_named_query_like_the_embedded_store(
    start_oxigraph, shipped_out, protocol
):
    ox_server = start_oxigraph("--union-default-graph")
    endpoint = ox_server.url + ("/store" if protocol == "gsp" else "/update")
    result = push_graph((shipped_out / "mitra.nq").read_bytes(), endpoint=endpoint, protocol=protocol)
    assert result.graphs == built_counts(shipped_out) and result.triples > 3000
    assert graph_counts(ox_server.url) == result.graphs
    assert_named_queries_match(ox_server.url + "/query", shipped_out)


# --- a real Virtuoso 7 (Debian's virtuoso-opensource-7-bin), which asks for HTTP Digest login ---

MITRA_GRAPHS = 'FILTER(STRSTARTS(STR(?g), "https://w3id.org/mitra/graph/"))'


def virtuoso_counts(virtuoso) -> dict[str, int]:
    found = run_query(
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {MITRA_GRAPHS} }} GROUP BY ?g",
        endpoint=virtuoso.url + "/sparql",
    )
    return {str(r["g"]): int(str(r["n"])) for r in found.rows}


@pytest.mark.parametrize(("protocol", "path"), [("update", "/sparql-auth"), ("gsp", "/sparql-graph-crud-auth"),
                                               ("swap", "/sparql-auth")])
def test_push_to_virtuoso_with_digest_login_then_named_queries_match(
    virtuoso, shipped_out, runner, protocol, path
):
    endpoint = virtuoso.url + path
    base = ["push", "--endpoint", endpoint, "--protocol", protocol, "--out", str(shipped_out)]
    login = ["--user", "dba", "--password", "dba", "--auth", "digest"]
    result = runner.invoke(cli, [*base, *login])
    assert result.exit_code == 0, result.output
    expected = built_counts(shipped_out)
    assert virtuoso_counts(virtuoso) == expected
    # every named query through `mitra query --endpoint` code, on a store Mitra did not write itself
    assert_named_queries_match(virtuoso.url + "/sparql", shipped_out)
    # pushing again replaces rather than adds
    assert runner.invoke(cli, [*base, *login]).exit_code == 0
    assert virtuoso_counts(virtuoso) == expected


@pytest.mark.parametrize(
    "login",
    [
        [],  # no credentials
        ["--user", "dba", "--password", "wrong", "--auth", "digest"],
        ["--user", "dba", "--password", "dba"],  # Basic, which these endpoints do not take
    ],
    ids=["none", "wrong-password", "basic"],
)
def test_push_to_virtuoso_without_a_valid_login_exits_3_with_401(virtuoso, shipped_out, runner, login):
    endpoint = virtuoso.url + "/sparql-auth"
    result = runner.invoke(
        cli, ["push", "--endpoint", endpoint, "--protocol", "update", "--out", str(shipped_out), *login]
    )
    assert result.exit_code == 3
    assert f"POST {endpoint} answered 401" in result.stderr


def test_push_auth_must_be_basic_or_digest(mini_out):
    with pytest.raises(PushError, match="unknown auth 'ntlm'"):
        push_graph((mini_out / "mitra.nq").read_bytes(), endpoint="http://127.0.0.1:9/x", user="u", auth="ntlm")


def test_query_a_virtuoso_endpoint_that_asks_for_a_digest_login(virtuoso, shipped_out, runner):
    login = ["--user", "dba", "--password", "dba", "--auth", "digest"]
    pushed = runner.invoke(
        cli, ["push", "--endpoint", virtuoso.url + "/sparql-auth", "--protocol", "update",
              "--out", str(shipped_out), *login],
    )
    assert pushed.exit_code == 0, pushed.output
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


class CuttingProxy:
    """A loopback TCP proxy in front of a real store that forwards ``budget`` bytes of requests, then cuts every
    connection before the store's answer: the network (or the pushing process) dying at that byte of the push."""

    def __init__(self, upstream_port: int, budget: int) -> None:
        import socket
        import threading

        self.upstream_port, self.budget = upstream_port, budget
        self.sent, self.ends = 0, []  # bytes forwarded; the count when each connection ended
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.threads: list[threading.Thread] = []
        self.accepting = threading.Thread(target=self._accept, daemon=True)
        self.accepting.start()

    def _accept(self) -> None:
        import threading

        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            t = threading.Thread(target=self._relay, args=(client,), daemon=True)
            t.start()
            self.threads.append(t)

    def _relay(self, client) -> None:
        try:
            self._pass(client)
        finally:
            self.ends.append(self.sent)

    def _pass(self, client) -> None:
        import select
        import socket

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
                        self.budget -= len(data)
                        self.sent += len(data)
                    try:
                        peers[src].sendall(data)
                    except OSError:
                        return
                    if self.budget == 0:
                        return  # cut: both sockets close here, before any answer to what was sent

    def close(self) -> None:
        self.listener.close()
        self.accepting.join(timeout=5)
        for t in self.threads:
            t.join(timeout=35)


def _message_matches(stderr: str, now: dict[str, int], new: dict[str, int]) -> bool:
    """Whether what a failed push says the store holds is what it holds (per graph when it says a mix)."""
    import re

    if "hold a mix:" in stderr or "holds a mix:" in stderr:
        for g in new:
            said = re.search(rf"<{re.escape(g)}> (old or new|new|old)", stderr)
            actual = "new" if now.get(g) == new[g] else "old"
            if said is None or actual not in said.group(1).split(" or "):
                return False
        return True
    state = "new" if now == new else "old" if now == {g: n + 1 for g, n in new.items()} else "mixed"
    if "the store still holds the old graphs" in stderr:
        return state == "old"
    if "or the new ones" in stderr:
        return state in ("old", "new")
    if "the store holds the new graphs" in stderr:
        return state == "new"
    return False


def _push_through_cuts(runner, mini_out, base_url: str, upstream_port: int, path: str, counts, login=(),
                       protocol: str | None = None) -> list[tuple[int, str, str]]:
    """Push the mini build over an old push of it (each graph with one more triple) through a proxy cut at
    several points of the byte stream; after each, the store must hold the old graphs or the new ones and the
    message must say which. Returns (budget, state seen, message) per cut."""
    import time

    new = built_counts(mini_out)
    old = {g: n + 1 for g, n in new.items()}
    chosen = ["--protocol", protocol] if protocol else []  # None: the default protocol
    with_extra = " ;\n".join(f"INSERT DATA {{ GRAPH <{g}> {{ <{OLD_EXTRA}> <{OLD_EXTRA}> \"old\" }} }}" for g in new)

    def push(budget: int) -> tuple[object, CuttingProxy]:
        proxy = CuttingProxy(upstream_port, budget)
        try:
            return runner.invoke(cli, ["push", "--endpoint", f"http://127.0.0.1:{proxy.port}{path}", *chosen, *login,
                                       "--data", str(MINI), "--out", str(mini_out), "--timeout", "20"]), proxy
        finally:
            proxy.close()

    # where each HTTP exchange of a whole push ends on the wire: cut in the middle of each, and right after each
    # request was sent whole (before its answer)
    result, measured = push(10**9)
    assert result.exit_code == 0, result.output
    starts = [0, *measured.ends[:-1]]
    budgets = sorted({*(a + (b - a) // 2 for a, b in zip(starts, measured.ends, strict=True)), *measured.ends[:-1],
                      measured.ends[-1] - 1})
    seen = []
    for budget in [*budgets, 10**9]:
        assert runner.invoke(cli, ["push", "--endpoint", base_url + path, *chosen, *login,
                                   "--data", str(MINI), "--out", str(mini_out)]).exit_code == 0
        counts.update(with_extra)
        assert counts() == old
        result, _ = push(budget)
        time.sleep(0.5)  # a request received whole may still be running in the store
        now = counts()
        state = "new" if now == new else "old" if now == old else f"mixed {now}"
        seen.append((budget, state, result.stderr))
        if result.exit_code == 0:
            assert state == "new", seen[-1]
            continue
        assert result.exit_code == 3 and "Traceback" not in result.stderr
        assert _message_matches(result.stderr, now, new), seen[-1]
    return seen


def _targets(counts: dict[str, int]) -> dict[str, int]:
    """Counts of the target graphs (a staging graph a cut push left is dropped by the next push)."""
    return {g: n for g, n in counts.items() if not g.endswith(STAGING_SUFFIX)}


class _Counts:
    def __init__(self, count, send_update) -> None:
        self.count, self.update = count, send_update

    def __call__(self) -> dict[str, int]:
        return self.count()


def test_a_push_cut_midway_leaves_oxigraph_old_or_new_and_says_which(start_oxigraph, mini_out, runner):
    ox_server = start_oxigraph("--union-default-graph")
    port = int(ox_server.url.rsplit(":", 1)[1])
    counts = _Counts(lambda: _targets(graph_counts(ox_server.url)), lambda text: update(ox_server.url, text))
    seen = _push_through_cuts(runner, mini_out, ox_server.url, port, "/update", counts)
    states = [s for _, s, _ in seen]
    assert "old" in states and states[-1] == "new" and not any(s.startswith("mixed") for s in states), seen


def test_a_gsp_push_cut_between_its_puts_says_which_graph_is_new(start_oxigraph, mini_out, runner):
    ox_server = start_oxigraph("--union-default-graph")
    port = int(ox_server.url.rsplit(":", 1)[1])
    counts = _Counts(lambda: graph_counts(ox_server.url), lambda text: update(ox_server.url, text))
    seen = _push_through_cuts(runner, mini_out, ox_server.url, port, "/store", counts, protocol="gsp")
    assert any(s.startswith("mixed") for _, s, _ in seen), seen  # gsp can mix: the message then says how


def test_a_push_cut_midway_leaves_virtuoso_old_or_new_and_says_which(virtuoso, mini_out, runner):
    from graph.sparql.push import PushRequest, send_request
    from graph.sparql.remote import Login

    port = int(virtuoso.url.rsplit(":", 1)[1])
    login = ["--user", "dba", "--password", "dba", "--auth", "digest"]

    def send_update(text: str) -> None:
        send_request(PushRequest("POST", virtuoso.url + "/sparql-auth",
                          {"Content-Type": "application/sparql-update; charset=utf-8"}, text.encode()),
              login=Login("dba", "dba", "digest"), timeout=30)

    counts = _Counts(lambda: _targets(virtuoso_counts(virtuoso)), send_update)
    seen = _push_through_cuts(runner, mini_out, virtuoso.url, port, "/sparql-auth", counts, login=login)
    states = [s for _, s, _ in seen]
    assert "old" in states and states[-1] == "new" and not any(s.startswith("mixed") for s in states), seen
