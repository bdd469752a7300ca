"""`mitra serve`: a real server process on a free 127.0.0.1 port, asked by real clients in every format.

The server is started as ``mitra serve --port P --data MINI --out DIR`` (fixtures in conftest.py) and
stopped by its PID. Every answer is compared with the embedded Oxigraph store over the same build, never with
hard-coded rows.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import MINI, named_query_cases
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from cli import cli
from graph.serve import server as serve
from graph.sparql.query import load_queries, open_engine, run_query

SELECT_ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
SELECT_LABELS = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?s ?label WHERE { ?s rdfs:label ?label }"
)
CONSTRUCT_PARTIES = (
    "PREFIX mitra: <https://w3id.org/mitra/ontology#>\n"
    "CONSTRUCT { ?a mitra:party ?p . ?p ?q ?v } WHERE { ?a mitra:party ?p . ?p ?q ?v }"
)
# A product of three copies of the graph (about 10^9 rows on the mini build): never finishes within a timeout.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


# --- helpers ---


def http(url: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def get(server, query: str | None = None, accept: str | None = None, path: str = "/sparql", **params):
    if query is not None:
        params["query"] = query
    qs = "?" + urllib.parse.urlencode(params) if params else ""
    return http(server.url + path + qs, headers={"Accept": accept} if accept else {})


def post_form(server, fields: dict, accept: str | None = None):
    headers = {"Content-Type": "application/x-www-form-urlencoded", **({"Accept": accept} if accept else {})}
    return http(
        server.url + "/sparql", method="POST", data=urllib.parse.urlencode(fields).encode(), headers=headers
    )


def post_query(server, query: str, accept: str | None = None):
    headers = {"Content-Type": "application/sparql-query", **({"Accept": accept} if accept else {})}
    return http(server.url + "/sparql", method="POST", data=query.encode(), headers=headers)


def term_rows(solutions) -> list[tuple[str, ...]]:
    """Sorted rows of N-Triples term strings: every detail of every term (type, datatype, language)."""
    names = solutions.variables
    return sorted(tuple("" if row[v] is None else str(row[v]) for v in names) for row in solutions)


def children(pid: int) -> set[int]:
    """PIDs of the processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_until(check, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


# --- fixtures ---


@pytest.fixture(scope="module")
def store(mini_out):
    """The embedded store over the same build: what every answer is compared with."""
    from graph.sparql.stores import open_oxigraph

    return open_oxigraph(mini_out / "mitra.nq")


@pytest.fixture(scope="module")
def server(start_mitra_server, mini_out):
    return start_mitra_server(mini_out, MINI, "--timeout", "20")


def expected(store, query: str):
    return store.query(query, use_default_graph_as_union=True)


# --- pure functions ---


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9999/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:9999/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?x <http://e/p> ?e . SERVICE ?e { ?s ?p ?o } }",
        "SELECT * WHERE { OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
        # rdflib cannot parse LATERAL (an Oxigraph extension): the lexical check still finds SERVICE
        "SELECT * WHERE { ?s ?p ?o LATERAL { SERVICE <http://127.0.0.1:9/> { ?s ?q ?v } } }",
    ],
)
def test_service_patterns_are_found(query):
    assert serve.uses_service(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?s <http://e/service> ?service }",
        'SELECT * WHERE { ?s ?p "SERVICE <http://e/> { }" }',
        "PREFIX service: <http://e/>\nSELECT * WHERE { ?s service:service ?o }",
        "# SERVICE <http://e/> in a comment\nSELECT * WHERE { ?s ?p ?o }",
    ],
)
def test_the_word_service_elsewhere_is_not_a_service_pattern(query):
    assert not serve.uses_service(query)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://e/a> <http://e/p> <http://e/b> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/mitra/graph/data>",
        "LOAD <http://127.0.0.1:1/x.ttl>",
        "CREATE GRAPH <http://e/g>",
        "WITH <http://e/g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_with_403(update):
    reply = serve.refusal(update, allow_service=False)
    assert reply is not None and reply.status == 403 and b"read-only" in reply.body


def test_service_is_refused_unless_allowed():
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert serve.refusal(q, allow_service=False).status == 403
    assert serve.refusal(q, allow_service=True) is None


def test_accept_q_zero_excludes_a_type_and_order_follows_q():
    assert (
        serve.negotiate("text/csv;q=0, */*;q=0.1", serve.RESULTS_MEDIA) == "application/sparql-results+json"
    )
    assert serve.negotiate("text/csv;q=0", serve.RESULTS_MEDIA) is None
    assert serve.negotiate("application/n-triples;q=0.5, text/turtle;q=0.9", serve.RDF_MEDIA) == "text/turtle"


def test_run_sparql_caps_rows_and_triples_at_the_limit(store):
    total = len(list(expected(store, SELECT_ALL)))
    assert total > 100
    capped = serve.run_sparql(
        store, SELECT_ALL, results_media="text/tab-separated-values", rdf_media=None, limit=7
    )
    assert capped.status == 200 and capped.truncated
    assert len(capped.body.decode().splitlines()) == 1 + 7
    whole = serve.run_sparql(store, SELECT_ALL, results_media="text/csv", rdf_media=None, limit=total)
    assert not whole.truncated and len(list(csv.reader(io.StringIO(whole.body.decode())))) == 1 + total
    graph = serve.run_sparql(
        store, "CONSTRUCT WHERE { ?s ?p ?o }", results_media=None, rdf_media="application/n-triples", limit=5
    )
    assert graph.truncated and len(graph.body.decode().splitlines()) == 5


# --- SPARQL protocol, live ---


def test_server_listens_on_127_0_0_1_only(server):
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    with pytest.raises(OSError), socket.create_connection(("127.0.0.2", port), timeout=2):
        pass  # another loopback address: refused, because the socket is bound to 127.0.0.1 alone


def test_service_description_at_the_endpoint_url(server, mini_out):
    status, headers, body = get(server)
    assert status == 200 and headers.get_content_type() == "text/turtle"
    g = Graph().parse(data=body.decode(), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = URIRef(server.url + "/sparql")
    assert (endpoint, URIRef(sd + "endpoint"), endpoint) in g
    formats = {str(o) for o in g.objects(endpoint, URIRef(sd + "resultFormat"))}
    assert {
        "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
        "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
        "http://www.w3.org/ns/formats/Turtle",
        "http://www.w3.org/ns/formats/JSON-LD",
    } <= formats
    assert str(g.value(endpoint, URIRef(sd + "supportedLanguage"))) == sd + "SPARQL11Query"
    # the named graphs it declares, with the triple counts of the build
    counts = {}
    for q in ox.parse(path=str(mini_out / "mitra.nq"), format=ox.RdfFormat.N_QUADS):
        counts[q.graph_name.value] = counts.get(q.graph_name.value, 0) + 1
    declared = {}
    for named in g.objects(None, URIRef(sd + "namedGraph")):
        inner = g.value(named, URIRef(sd + "graph"))
        declared[str(g.value(named, URIRef(sd + "name")))] = int(
            g.value(inner, URIRef("http://rdfs.org/ns/void#triples"))
        )
    assert declared == counts and len(counts) == 2


RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


@pytest.mark.parametrize("media", list(RESULTS))
def test_select_in_each_results_format_matches_the_embedded_store(server, store, media):
    status, headers, body = get(server, SELECT_LABELS, accept=media)
    assert status == 200 and headers.get_content_type() == media
    rows = term_rows(ox.parse_query_results(body, RESULTS[media]))
    want = term_rows(expected(store, SELECT_LABELS))
    assert len(want) > 20 and rows == want


def test_select_as_csv_matches_the_embedded_store(server, store):
    status, headers, body = get(server, SELECT_LABELS, accept="text/csv")
    assert status == 200 and headers.get_content_type() == "text/csv"
    table = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert table[0] == ["s", "label"]
    want = sorted((r["s"].value, r["label"].value) for r in expected(store, SELECT_LABELS))
    assert len(want) > 20 and sorted(tuple(r) for r in table[1:]) == want


RDF = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld"}


# rdflib's JSON-LD parser builds a ConjunctiveGraph, which rdflib 7.1+ itself deprecates.
RDFLIB_JSONLD_WARNING = "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"


@pytest.mark.filterwarnings(RDFLIB_JSONLD_WARNING)
@pytest.mark.parametrize("media", list(RDF))
def test_construct_in_each_rdf_format_matches_the_embedded_store(server, store, media):
    status, headers, body = get(server, CONSTRUCT_PARTIES, accept=media)
    assert status == 200 and headers.get_content_type() == media
    got = Graph().parse(data=body.decode("utf-8"), format=RDF[media])
    want = Graph().parse(
        data=ox.serialize(expected(store, CONSTRUCT_PARTIES), format=ox.RdfFormat.N_TRIPLES).decode(),
        format="nt",
    )
    assert len(want) > 10 and len(got) == len(want) and isomorphic(got, want)


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask_answers_true_and_false(server, media):
    for query, answer in (
        ("ASK { ?s a <https://w3id.org/mitra/ontology#Province> }", True),
        ("ASK { ?s a <https://w3id.org/mitra/ontology#NoSuchClass> }", False),
    ):
        status, _, body = get(server, query, accept=media)
        assert status == 200
        assert bool(ox.parse_query_results(body, RESULTS[media])) is answer


def test_get_form_post_and_direct_post_give_the_same_answer(server):
    by_get = get(server, SELECT_LABELS, accept="text/tab-separated-values")
    by_form = post_form(server, {"query": SELECT_LABELS}, accept="text/tab-separated-values")
    by_body = post_query(server, SELECT_LABELS, accept="text/tab-separated-values")
    assert by_get[0] == by_form[0] == by_body[0] == 200
    assert (
        sorted(by_get[2].splitlines()) == sorted(by_form[2].splitlines()) == sorted(by_body[2].splitlines())
    )
    assert len(by_get[2].splitlines()) > 20


def test_format_parameter_overrides_accept(server):
    status, headers, body = get(server, SELECT_LABELS, accept="application/sparql-results+xml", format="csv")
    assert status == 200 and headers.get_content_type() == "text/csv" and body.startswith(b"s,label")


def test_default_graph_uri_restricts_the_dataset(server, store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    data_only = get(
        server, count, accept="text/csv", **{"default-graph-uri": "https://w3id.org/mitra/graph/data"}
    )
    union = get(server, count, accept="text/csv")
    n_data = int(data_only[2].decode().split()[1])
    n_all = int(union[2].decode().split()[1])
    assert n_all == len(list(expected(store, SELECT_ALL)))
    assert 0 < n_data < n_all


@pytest.mark.parametrize("how", ["form", "sparql-update", "get", "query-param"])
def test_sparql_update_is_refused_and_changes_nothing(server, store, how):
    update = "DELETE WHERE { ?s ?p ?o }"
    if how == "form":
        status, _, body = post_form(server, {"update": update})
    elif how == "sparql-update":
        status, _, body = http(
            server.url + "/sparql",
            method="POST",
            data=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )
    elif how == "get":
        status, _, body = get(server, update=update)
    else:
        status, _, body = get(server, update)
    assert status == 403 and b"read-only" in body
    _, _, after = get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", accept="text/csv")
    assert int(after.decode().split()[1]) == len(list(expected(store, SELECT_ALL)))


def test_service_is_refused_by_default(server):
    status, _, body = get(server, f"SELECT * WHERE {{ SERVICE <{server.url}/sparql> {{ ?s ?p ?o }} }}")
    # the endpoint's own words: a client cannot pass the server a flag (`mitra serve` names it where it prints)
    assert status == 403 and b"SERVICE is disabled on this endpoint" in body and b"--" not in body


def test_mitra_serve_says_at_start_which_flags_change_its_limits(server):
    """Where the CLI prints (the server's stderr), it names the flags that the endpoint's replies do not."""
    assert wait_until(lambda: "per query:" in server.log.read_text(errors="replace"))
    line = next(ln for ln in server.log.read_text(errors="replace").splitlines() if ln.startswith("per query:"))
    assert line == "per query: 20 s (--timeout), 1024 MiB (--max-memory); SERVICE disabled (--allow-service allows it)"


@pytest.mark.parametrize(
    ("request_args", "status"),
    [
        ({"query": "SELECT * WHERE { ?s ?p }"}, 400),
        ({"query": SELECT_ALL, "accept": "image/png"}, 406),
        ({"query": CONSTRUCT_PARTIES, "accept": "text/csv"}, 406),
        ({"path": "/nothing-here"}, 404),
    ],
)
def test_bad_requests_get_the_right_4xx(server, request_args, status):
    args = dict(request_args)
    got = get(server, args.pop("query", None), **args)
    assert got[0] == status and got[2].strip()


def test_other_methods_and_bodies_are_refused(server):
    assert (
        http(server.url + "/sparql", method="PUT", data=b"x", headers={"Content-Type": "text/turtle"})[0]
        == 405
    )
    assert http(server.url + "/sparql", method="DELETE")[0] == 405
    assert (
        http(
            server.url + "/sparql",
            method="POST",
            data=b"<a> <b> <c> .",
            headers={"Content-Type": "text/turtle"},
        )[0]
        == 415
    )


def assert_named_queries_match(endpoint: str, answers: dict[tuple, tuple]) -> int:
    """Every named query case gives the embedded engine's ``answers`` at ``endpoint``; how many are non-empty."""
    queries = load_queries()
    non_empty = 0
    for (name, params), (columns, rows) in answers.items():
        remote = run_query(queries[name], endpoint=endpoint, params=dict(params))
        assert remote.columns == columns, (name, params)
        assert sorted(map(sorted_items, remote.bindings)) == rows, (name, params)
        non_empty += bool(rows)
    return non_empty


def test_named_queries_through_the_endpoint_match_the_embedded_engine(server, mini_out, embedded_answers):
    answers = embedded_answers(mini_out)
    assert {name for name, _ in answers} == set(load_queries())
    assert len(answers) == len(named_query_cases())
    assert assert_named_queries_match(server.url + "/sparql", answers) >= 5


def sorted_items(binding: dict) -> tuple:
    return tuple(sorted(binding.items()))


# --- SPARQLWrapper ---


@pytest.mark.parametrize("fmt", ["JSON", "XML", "CSV", "TSV"])
def test_sparqlwrapper_select_in_every_results_format(server, store, fmt):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(SELECT_LABELS)
    client.setReturnFormat(fmt.lower())
    result = client.query()
    assert result.response.status == 200
    body = result.convert()
    want = sorted((r["s"].value, r["label"].value) for r in expected(store, SELECT_LABELS))
    if fmt == "JSON":
        got = sorted((b["s"]["value"], b["label"]["value"]) for b in body["results"]["bindings"])
    elif fmt == "XML":
        got = sorted(
            tuple(b.firstChild.firstChild.data for b in r.getElementsByTagName("binding"))
            for r in body.getElementsByTagName("result")
        )
    elif fmt == "CSV":
        got = sorted(tuple(r) for r in list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))[1:])
    else:
        parsed = ox.parse_query_results(body, ox.QueryResultsFormat.TSV)
        got = sorted((r["s"].value, r["label"].value) for r in parsed)
    assert len(want) > 20 and got == want


@pytest.mark.filterwarnings(RDFLIB_JSONLD_WARNING)
@pytest.mark.parametrize("fmt", ["TURTLE", "JSON-LD", "N3", "XML"])
def test_sparqlwrapper_construct_in_every_rdf_format(server, store, fmt):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(CONSTRUCT_PARTIES)
    client.setReturnFormat(fmt.lower())
    result = client.query()
    assert result.response.status == 200
    got = result.convert()
    if isinstance(got, bytes):
        got = Graph().parse(data=got.decode("utf-8"), format="turtle")
    want = Graph().parse(
        data=ox.serialize(expected(store, CONSTRUCT_PARTIES), format=ox.RdfFormat.N_TRIPLES).decode(),
        format="nt",
    )
    assert len(want) > 10 and isomorphic(got, want)


# --- timeout, limit, CORS, SERVICE: two more servers for the module, each with the options of two tests ---


@pytest.fixture(scope="module")
def strict(start_mitra_server, mini_out):
    """One worker, a 1 s timeout and a 5-row limit: the runaway and the limit tests (the limit's queries take
    milliseconds; the runaway test waits for the fresh worker before it ends)."""
    srv = start_mitra_server(mini_out, MINI, "--timeout", "1", "--workers", "1", "--limit", "5", "--quiet")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def open_server(start_mitra_server, mini_out):
    """CORS on and SERVICE allowed: the CORS and the federation tests."""
    srv = start_mitra_server(mini_out, MINI, "--cors", "--allow-service", "--quiet")
    yield srv
    srv.stop()


def test_a_runaway_query_gets_503_and_its_worker_is_stopped(strict):
    srv = strict
    workers_before = {p for p in children(srv.pid) if "spawn_main" in Path(f"/proc/{p}/cmdline").read_text()}
    assert len(workers_before) == 1
    started = time.monotonic()
    status, _, body = get(srv, RUNAWAY)
    elapsed = time.monotonic() - started
    assert status == 503 and b"timed out" in body
    assert elapsed < 10
    (old,) = workers_before
    assert wait_until(lambda: not alive(old)), "the worker running the query was not stopped"
    # a fresh worker takes over: the next query is answered
    status, _, body = get(srv, "ASK { ?s ?p ?o }", accept="application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_result_limit_cuts_rows_and_says_so(strict):
    srv = strict
    status, headers, body = get(srv, SELECT_ALL, accept="application/sparql-results+json")
    assert status == 200 and headers["Mitra-Result-Limit"] == "5"
    assert len(json.loads(body)["results"]["bindings"]) == 5
    status, headers, body = get(srv, "CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples")
    assert status == 200 and headers["Mitra-Result-Limit"] == "5" and len(body.splitlines()) == 5
    # an answer under the limit is whole and unmarked
    status, headers, body = get(srv, "SELECT ?p WHERE { ?s ?p ?o } LIMIT 3", accept="text/csv")
    assert status == 200 and "Mitra-Result-Limit" not in headers and len(body.splitlines()) == 4


def test_cors_headers_only_with_cors(server, open_server):
    srv = open_server
    status, headers, _ = http(
        srv.url + "/sparql?query=" + urllib.parse.quote(SELECT_LABELS),
        headers={"Origin": "http://127.0.0.1:1"},
    )
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = http(
        srv.url + "/sparql",
        method="OPTIONS",
        headers={
            "Origin": "http://127.0.0.1:1",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]
    assert "content-type" in headers["Access-Control-Allow-Headers"].lower()
    _, plain_headers, _ = get(server, SELECT_LABELS)
    assert "Access-Control-Allow-Origin" not in plain_headers


def test_allow_service_federates_with_another_local_endpoint(server, open_server, store):
    srv = open_server
    query = (
        "SELECT ?s ?label WHERE { SERVICE <" + server.url + "/sparql> { "
        "?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } }"
    )
    status, _, body = get(srv, query, accept="application/sparql-results+json")
    assert status == 200, body
    got = sorted((b["s"]["value"], b["label"]["value"]) for b in json.loads(body)["results"]["bindings"])
    want = sorted((r["s"].value, r["label"].value) for r in expected(store, SELECT_LABELS))
    assert len(want) > 20 and got == want


# --- the HTML page ---


def test_query_page_is_offline_and_lists_every_named_query(server):
    status, headers, body = get(server, path="/")
    assert status == 200 and headers.get_content_type() == "text/html"
    html = body.decode("utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), (
        "the page loads something from outside"
    )
    data = re.search(r'<script id="named-queries" type="application/json">(.*?)</script>', html, re.S).group(
        1
    )
    examples = json.loads(data)
    assert [e["name"] for e in examples] == sorted(load_queries())
    assert all(e["query"].strip() and e["title"] for e in examples)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through playwright, launched once for the module's page tests (each opens a page)."""
    chromium = "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.mark.slow
def test_query_page_runs_a_named_query_in_chromium(server, mini_out, browser):
    engine = open_engine("oxigraph", out_dir=mini_out)
    queries = load_queries()
    runnable = [n for n, params in named_query_cases() if not params]
    name = max(runnable, key=lambda n: (len(run_query(queries[n], engine=engine).bindings), n))
    want = len(run_query(queries[name], engine=engine).bindings)
    assert want > 0
    outside: list[str] = []
    errors: list[str] = []
    page = browser.new_page()
    try:

        def route(r):
            if r.request.url.startswith(server.url):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url + "/")
        page.select_option("#examples", name)
        assert page.input_value("#query") == queries[name].text
        page.click("#run")
        page.wait_for_function(
            "document.getElementById('status').textContent.includes('ms')", timeout=20000
        )
        rows = page.locator("#results table tbody tr").count()
        header = page.locator("#results table thead th").all_inner_texts()
    finally:
        page.close()
    assert outside == [] and errors == []
    assert rows == want
    assert tuple(header) == run_query(queries[name], engine=engine).columns


# --- process, CLI ---


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGKILL"])
def test_stopping_the_server_by_pid_stops_its_workers(start_mitra_server, mini_out, sig):
    import signal

    srv = start_mitra_server(mini_out, MINI, "--workers", "2", "--quiet")
    kids = children(srv.pid)
    assert len(kids) >= 2  # two workers (and multiprocessing's resource tracker)
    os.kill(srv.pid, getattr(signal, sig))
    srv.proc.wait(timeout=15)
    assert wait_until(lambda: not any(alive(k) for k in kids), timeout=15), (
        "worker processes outlived the server"
    )


def test_serve_help_names_its_options(runner):
    result = runner.invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--port", "--host", "--timeout", "--limit", "--cors", "--allow-service", "--out"):
        assert option in result.output


def test_serve_on_a_taken_port_exits_3(runner, mini_out):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(
            cli, ["serve", "--port", str(port), "--data", str(MINI), "--out", str(mini_out)]
        )
    assert result.exit_code == 3
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_serve_without_a_build_builds_first(start_mitra_server, tmp_path):
    out = tmp_path / "fresh-out"
    srv = start_mitra_server(out, MINI, "--quiet")
    assert (out / "mitra.nq").is_file()
    status, _, body = get(
        srv,
        "ASK { ?s a <https://w3id.org/mitra/ontology#Province> }",
        accept="application/sparql-results+json",
    )
    assert status == 200 and json.loads(body)["boolean"] is True
    srv.stop()


def test_shipped_data_through_the_endpoint_answers_every_named_query_like_the_embedded_store(
    start_mitra_server, shipped_out, embedded_answers
):
    from graph import paths

    srv = start_mitra_server(shipped_out, paths.DATA_DIR, "--timeout", "60", "--quiet")
    try:
        non_empty = assert_named_queries_match(srv.url + "/sparql", embedded_answers(shipped_out))
    finally:
        srv.stop()
    assert non_empty >= len(load_queries()) // 2


# --- the page and the endpoint speak the CLI's Mitra (#12) ---


UNDECLARED = "SELECT ?agreement ?party WHERE { ?agreement mitra:party ?party } ORDER BY ?agreement ?party"


def test_mitras_prefixes_are_declared_for_endpoint_queries(server, store):
    status, _, body = get(server, UNDECLARED, accept="text/csv")
    assert status == 200
    rows = body.decode().splitlines()[1:]
    want = expected(store, "PREFIX mitra: <https://w3id.org/mitra/ontology#>\n" + UNDECLARED)
    assert len(rows) == len(list(want)) >= 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT ?x WHERE { ?x foo:party ?y }", "malformed query: line 1, column 22: undeclared prefix foo:"),
        ("SELECT ?x WHERE { ?x mitra:party ?y ", "malformed query: line 1, column 37:"),
    ],
)
def test_a_syntax_error_is_one_readable_line(server, query, message):
    status, _, body = get(server, query)
    text = body.decode().strip()
    assert status == 400 and text.startswith(message) and "\n" not in text and len(text) < 200


@pytest.mark.slow
def test_query_page_shows_labels_beside_curies_and_one_line_errors(server, browser):
    page = browser.new_page(viewport={"width": 900, "height": 700})
    try:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server.url) else r.abort())
        page.goto(server.url + "/")
        assert "mitra:" in page.inner_text("#prefixes") and "mid:" in page.inner_text("#prefixes")
        page.fill("#query", UNDECLARED)
        page.select_option("#labels", "en")
        page.click("#run")
        page.wait_for_function("document.getElementById('status').textContent.includes('ms')", timeout=20000)
        first = page.locator("#results table tbody tr").first.locator("td").nth(1)
        assert first.locator(".label").inner_text().strip()  # a label …
        assert first.locator("a.iri").inner_text().startswith("mid:")  # … beside the CURIE
        table_w = page.evaluate("document.querySelector('#results table').getBoundingClientRect().width")
        assert table_w <= page.evaluate("document.body.clientWidth") + 1  # no overflow off the page
        page.fill("#query", "SELECT ?x WHERE { ?x foo:party ?y }")
        page.click("#run")
        page.wait_for_function("document.getElementById('status').className === 'error'", timeout=20000)
        status = page.inner_text("#status")
    finally:
        page.close()
    assert status == "400 malformed query: line 1, column 22: undeclared prefix foo:"
