"""SERVICE is refused from what the engines' parsers see, never from a text scan (#16).

A local HTTP server on 127.0.0.1 records every request: a refused query must reach it zero times, and an
allowed one must reach it, so the test cannot pass because federation is broken anyway.
"""

from __future__ import annotations

import pytest
from conftest import MINI

from cli import cli
from graph.errors import QueryError
from graph.serve import protocol
from graph.sparql import query as q
from graph.sparql.federation import rdflib_uses_service, service_verdict

# `ex:a\#b` is one prefixed name (PN_LOCAL_ESC); a scan that takes `#b …` for a comment misses the SERVICE.
SMUGGLED = (
    "PREFIX ex: <http://e/>\nSELECT * WHERE {{ OPTIONAL {{ ?s ex:a\\#b ?o }} . ?x ?y ?z . "
    "SERVICE <{url}> {{ ?s ?p ?o }} }} LIMIT 1"
)


def test_an_escaped_hash_does_not_smuggle_service_past_mitra_query(runner, mini_out, http_recorder, tmp_path):
    url, hits = http_recorder
    rq = tmp_path / "smuggle.rq"
    rq.write_text(SMUGGLED.format(url=url), encoding="utf-8")
    result = runner.invoke(cli, ["query", str(rq), "--data", str(MINI), "--out", str(mini_out),
                                 "--format", "json"])
    assert result.exit_code == 3, result.output
    assert "SERVICE is off" in result.stderr
    assert hits == []


@pytest.mark.parametrize("engine_name", ["oxigraph", "rdflib"])
def test_allow_service_does_reach_the_endpoint(mini_out, http_recorder, engine_name):
    """The control: the same smuggled query federates when allowed, so the refusal above is real."""
    url, hits = http_recorder
    engine = q.open_engine(engine_name, out_dir=mini_out)
    text = f"SELECT ?p WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryError, match="SERVICE is off"):
        q.run_query(text, engine=engine)
    assert hits == []
    result = q.run_query(text, engine=engine, allow_service=True)
    assert len(hits) >= 1 and [r["p"] for r in result.rows] == ["remote"]


@pytest.mark.parametrize(
    "text",
    [
        "PREFIX ex: <http://e/>\nSELECT * WHERE { ?s ex:a\\#b ?o . SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "PREFIX : <http://e/>\nSELECT * WHERE { ?s ?p ?o . SERVICE:x { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o SeRvIcE SILENT ?o { ?a ?b ?c } }",
        "SELECT * WHERE { ?s ?p ?o LATERAL { SERVICE <http://127.0.0.1:9/> { ?s ?q ?v } } }",
    ],
)
def test_service_found_by_oxigraphs_parser(text):
    assert service_verdict(text).service
    assert protocol.refusal(text, allow_service=False).status == 403


@pytest.mark.parametrize(
    "text",
    [
        "PREFIX service: <http://e/>\nSELECT ?service WHERE { ?s service:service ?service }",
        'SELECT * WHERE { ?s ?p "SERVICE <http://e/> { }" } # SERVICE <http://e/> {}',
        "PREFIX ex: <http://e/service/>\nSELECT * WHERE { ?s ex:a\\#SERVICE ?o }",
    ],
)
def test_the_word_service_elsewhere_runs(text):
    verdict = service_verdict(text)
    assert verdict.runs_locally, verdict


def test_a_syntax_error_before_the_word_is_reported_as_syntax():
    verdict = service_verdict("SELECT * WHERE { ?s ?p }\n# service")
    assert not verdict.service and verdict.syntax_error is not None


def test_rdflib_parse_tree_sees_service():
    assert rdflib_uses_service("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert not rdflib_uses_service("SELECT ?service WHERE { ?s <http://e/service> ?service }")
