"""Named SPARQL queries on the shipped data, both engines, parameters, formats and errors (graph/sparql/query.py,
graph/sparql/results.py and the `mitra query` command)."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from cli import QUERY_ENGINES, QUERY_FORMATS, cli
from graph import paths
from graph.errors import QueryError
from graph.namespaces import MID, MITRA
from graph.sparql import query as q
from graph.sparql.results import FORMATS, render
from graph.sparql.stores import INFERENCE

MINI = Path(__file__).parent.parent / "fixtures" / "mini"
NAMED = q.load_queries()


def mid(local: str) -> str:
    return str(MID[local])


def mitra(local: str) -> str:
    return str(MITRA[local])


# ---- fixtures: shipped_out and mini_out (the builds) come from conftest.py -----------------------


@pytest.fixture(scope="session")
def ox(shipped_out) -> q.Engine:
    return q.open_engine("oxigraph", out_dir=shipped_out)


@pytest.fixture(scope="session")
def rd(shipped_out) -> q.Engine:
    return q.open_engine("rdflib", out_dir=shipped_out)


@pytest.fixture(scope="module")
def mini_engines(mini_out) -> tuple[q.Engine, q.Engine]:
    """Oxigraph and rdflib on the mini build, opened once for the module (queries only read them)."""
    return q.open_engine("oxigraph", out_dir=mini_out), q.open_engine("rdflib", out_dir=mini_out)


REQUIRED_PARAMS = {"entity-sources": {"entity": "jakarta-rotterdam"}}


_ANSWERS: dict[tuple, tuple[q.Engine, list[dict[str, str]]]] = {}


def rows(engine: q.Engine, name: str, **params: str) -> list[dict[str, str]]:
    """The rows of a named query, asked once per (engine, query, params): the engines are read-only session
    fixtures, and some queries (city-coverage) take seconds on the national data. Each caller gets a copy."""
    key = (id(engine), name, tuple(sorted(params.items())))
    if key not in _ANSWERS or _ANSWERS[key][0] is not engine:
        answer = q.run_query(NAMED[name], engine=engine, params=params or REQUIRED_PARAMS.get(name))
        _ANSWERS[key] = (engine, answer.rows)
    return [dict(r) for r in _ANSWERS[key][1]]


def canonical(result_rows: list[dict[str, str]]) -> list[tuple]:
    return sorted(tuple(sorted(r.items())) for r in result_rows)


# ---- the named queries themselves -----------------------------------------------------------------


def test_at_least_fifteen_named_queries_each_with_purpose_and_order():
    assert len(NAMED) >= 15
    for name, nq in NAMED.items():
        assert nq.purpose and nq.purpose[0].isupper() and len(nq.purpose) > 30, name
        assert "ORDER BY" in nq.text, f"{name}: rows need a stable order"
        for p in nq.params:
            assert f"?{p.name}" in nq.text, f"{name}: parameter {p.name} is not a variable of the query"
            assert p.doc, f"{name}: parameter {p.name} is undocumented"


# rdflib's engine (the reference) evaluates joins of groups as nested loops: at the national data's size the
# queries with several UNION branches or property paths take minutes there (docs/sparql.md). Every named query is
# compared on the mini fixture; on the shipped data, those rdflib answers in about a second.
RDFLIB_ON_SHIPPED = (
    "agreement-programs", "agreements-by-stage", "countries-ranked", "date-conflicts", "events",
    "foreign-institutions", "fundings", "legal-basis", "legal-instruments", "people-posts", "program-participants",
    "sectors", "stage-counts", "stated-figures", "status-counts",
)


@pytest.mark.parametrize("name", sorted(NAMED))
def test_every_named_query_answers_on_the_shipped_data(name, ox):
    assert len(rows(ox, name)) > 0, name


@pytest.mark.parametrize("name", RDFLIB_ON_SHIPPED)
def test_both_engines_give_the_same_rows(name, ox, rd):
    a = q.run_query(NAMED[name], engine=ox, params=REQUIRED_PARAMS.get(name))
    b = q.run_query(NAMED[name], engine=rd, params=REQUIRED_PARAMS.get(name))
    assert a.columns == b.columns
    assert len(a.rows) > 0, f"{name} returns nothing on the shipped data"
    assert canonical(a.rows) == canonical(b.rows)


@pytest.mark.parametrize("name", sorted(NAMED))
def test_both_engines_give_the_same_rows_on_the_fixture(name, mini_engines):
    params = {"entity-sources": {"entity": "jakarta-rotterdam"}}.get(name)
    a = q.run_query(NAMED[name], engine=mini_engines[0], params=params)
    b = q.run_query(NAMED[name], engine=mini_engines[1], params=params)
    assert a.columns == b.columns
    # rdflib answers an aggregate over no solutions with one row of unbound cells, Oxigraph (and SPARQL 1.1,
    # for a grouped query) with none: that row says nothing, so it is left out of the comparison.
    empty = [r for r in b.rows if not any(r.values())]
    assert canonical(a.rows) == canonical([r for r in b.rows if r not in empty])


PARAM_CASES = [(name, p.name) for name, nq in sorted(NAMED.items()) for p in nq.params]


@pytest.mark.parametrize(("name", "param"), PARAM_CASES)
def test_a_parameter_keeps_exactly_the_rows_with_that_value(name, param, ox):
    """Each documented parameter filters its column: the rows with the value, no others, none lost."""
    everything = rows(ox, name)
    column_values = [r[param] for r in everything if r.get(param)]
    assert column_values, f"{name}: no value of {param} to try"
    value = column_values[0]
    kind = NAMED[name].param(param).kind
    given = f"<{value}>" if kind == "iri" else value
    params = {**REQUIRED_PARAMS.get(name, {}), param: given}
    filtered = q.run_query(NAMED[name], engine=ox, params=params).rows
    assert filtered == [r for r in everything if r[param] == value]
    assert 0 < len(filtered) <= len(everything)


def test_sister_cities_rotterdam_is_jakartas_since_1986_with_sources(ox):
    found = rows(ox, "sister-cities", region="jakarta")
    rotterdam = [r for r in found if r["partner"] == mid("rotterdam")]
    assert {r["year"] for r in rotterdam} == {"1986"}
    assert {r["country"] for r in rotterdam} == {mid("netherlands")}
    assert len(rotterdam) == 1  # one row per agreement, its sources gathered in one cell (#12)
    assert {mid("seed-2023-09-28"), mid("s-ant2017"), mid("s-bj2019")} <= set(rotterdam[0]["sources"].split(" | "))
    partners = {r["partner"] for r in found}
    assert len(partners) >= 22 and {mid("seoul"), mid("tokyo"), mid("berlin")} <= partners
    assert {r["region"] for r in found} == {mid("jakarta")}


def test_province_partners_by_kind_and_country(ox):
    found = rows(ox, "province-partners", province="jakarta")
    by_partner = {(r["partner"], r["via"]): r for r in found}
    assert by_partner[(mid("rotterdam"), "agreement")]["partner_country"] == mid("netherlands")
    assert by_partner[(mid("jica"), "program")]["kind"] == mitra("ForeignInstitution")
    assert by_partner[(mid("japan"), "program")]["partner_country"] == mid("japan")
    assert (mid("seoul"), "event") in by_partner
    # The C40 Cities Finance Facility is a unit of C40: the partner is C40.
    assert (mid("c40"), "program") in by_partner
    assert not {r["partner"] for r in found} & {mid("jakarta"), mid("kemenkeu")}
    aceh = {r["partner"] for r in rows(ox, "province-partners", province="aceh")}
    # UNICEF's programmes, the Ivanovo MoU of the province, Banda Aceh's sister cities (a city of Aceh counts).
    assert {mid("unicef"), mid("ivanovo-oblast"), mid("apeldoorn"), mid("samarkand"), mid("higashimatsushima")} <= aceh
    assert not aceh & {mid("aceh"), mid("kota-banda-aceh"), mid("rotterdam")}


def test_agreement_programs(ox):
    pairs = {(r["agreement"], r["program"]) for r in rows(ox, "agreement-programs")}
    assert {
        (mid("jakarta-rotterdam"), mid("dutep")),
        (mid("jakarta-berlin"), mid("jakarta-future-city-hub")),
        (mid("jakarta-moscow"), mid("jakarta-moscow-programme-2020-2022")),
    } <= pairs


def test_fundings_amounts_and_currencies(ox):
    found = rows(ox, "fundings")
    world_bank = [r for r in found if r["funding"] == mid("f-jufmp-world-bank-loan")]
    assert len(world_bank) == 1
    expected = {
        "funder": mid("world-bank"),
        "amount": "139640000",
        "currency": "USD",
        "kind": mitra("funding-loan"),
        "program": mid("jufmp-jedi"),
    }
    assert {k: world_bank[0][k] for k in expected} == expected
    eur = rows(ox, "fundings", currency="EUR")
    assert len(eur) >= 3 and {r["currency"] for r in eur} == {"EUR"}
    assert {mid("f-smart-change-eu"), mid("f-ncicd-netherlands-grant")} <= {r["funding"] for r in eur}


def test_multi_province_institutions(ox):
    found = rows(ox, "multi-province-institutions")
    unicef = [r for r in found if r["institution"] == mid("unicef")]
    assert len(unicef) == 1 and unicef[0]["provinces"] == "10"  # one row, its provinces in one cell (#12)
    provinces = unicef[0]["in_provinces"].split(" | ")
    assert len(provinces) == 10 and {mid("aceh"), mid("papua"), mid("sulawesi-selatan")} <= set(provinces)
    assert all(int(r["provinces"]) > 1 for r in found)
    assert mid("c40") not in {r["institution"] for r in found}  # active in Jakarta only


def test_legal_basis_of_ksdpl(ox):
    found = rows(ox, "legal-basis", kind=mitra("KSDPL"))
    assert {mid("pp-28-2018"), mid("permenlu-3-2019"), mid("permendagri-25-2020")} <= {
        r["instrument"] for r in found
    }
    assert {r["kind"] for r in found} == {mitra("KSDPL")}


def test_agreements_by_stage_and_stage_counts(ox):
    staged = rows(ox, "agreements-by-stage")
    loi = {r["agreement"] for r in staged if r["notation"] == "c"}
    assert {mid("jakarta-kuala-lumpur"), mid("jakarta-ankara"), mid("jakarta-casablanca-settat")} <= loi
    counts = {r["notation"]: int(r["agreements"]) for r in rows(ox, "stage-counts")}
    assert len(counts) >= 7 and counts["c"] == len(loi) and counts["a"] == 0


def test_dormant_agreements(ox):
    dormant = {r["agreement"] for r in rows(ox, "dormant-agreements")}
    assert mid("jakarta-tokyo") in dormant and mid("jakarta-jeddah") in dormant
    # DUTEP came out of Rotterdam's; Berlin's gave the Future City Hub; Seoul's 40th anniversary was in 2024;
    # Bangkok and Jakarta share Smart Change; Letters of Intent are planned, not dormant.
    assert not dormant & {
        mid("jakarta-rotterdam"),
        mid("jakarta-berlin"),
        mid("jakarta-seoul"),
        mid("jakarta-bangkok"),
        mid("jakarta-ankara"),
    }


def test_countries_ranked(ox):
    found = rows(ox, "countries-ranked")
    assert found[0]["country"] == mid("china") and int(found[0]["agreements"]) >= 40
    ranks = [(int(r["agreements"]), int(r["programs"])) for r in found]
    assert ranks == sorted(ranks, reverse=True)
    japan = next(r for r in found if r["country"] == mid("japan"))
    assert int(japan["programs"]) >= 2  # MRT Jakarta (Japan, JICA), the Recycle Centre (JICA, Osaki)


def test_entity_sources_names_records_and_sources(ox):
    found = rows(ox, "entity-sources", entity="jakarta-rotterdam")
    own = {r["source"] for r in found if r["record"] == mid("jakarta-rotterdam")}
    assert own >= {mid("seed-2023-09-28"), mid("s-ant2017"), mid("s-bj2019")}
    dutep = [r for r in found if r["record"] == mid("dutep")]
    assert dutep and {r["relation"] for r in dutep} == {mitra("resultOf")}
    assert any(r["url"].startswith("https://") for r in found)


def test_entity_sources_needs_its_entity(ox):
    with pytest.raises(QueryError, match="needs a value for its parameter entity"):
        q.run_query(NAMED["entity-sources"], engine=ox)


def test_people_and_posts(ox):
    found = {r["person"]: r for r in rows(ox, "people-posts")}
    assert found[mid("marulina-dewi")]["organisation"] == mid("biro-kerja-sama-daerah-jakarta")
    assert found[mid("anies")]["organisation"] == mid("c40") and found[mid("anies")]["start"] == "2020-12"


def test_program_participants_and_roles(ox):
    dutep = rows(ox, "program-participants", program="dutep")
    assert (mid("rotterdam"), mitra("role-implementing")) in {(r["participant"], r["role"]) for r in dutep}
    funders = rows(ox, "program-participants", role="mitra:role-funding")
    assert {r["role"] for r in funders} == {mitra("role-funding")}
    assert (mid("mrt-jakarta"), mid("jica")) in {(r["program"], r["participant"]) for r in funders}


def test_date_conflicts(ox):
    found = {(r["about"], r["claimed"], s) for r in rows(ox, "date-conflicts") for s in r["sources"].split(" | ")}
    assert {
        (mid("jakarta-casablanca"), "1990-09-21", mid("s-zuw")),
        (mid("jakarta-casablanca"), "1991", mid("s-mp2018")),
        (mid("jakarta-arkansas"), "1993", mid("s-jp1994b")),
        (mid("jakarta-arkansas"), "1994", mid("s-jp1994a")),
    } <= found


def test_stated_figures_against_the_count(ox):
    found = rows(ox, "stated-figures", about="jakarta", measure="sister-cities")
    assert sorted(int(r["value"]) for r in found)[:1] == [12] and {"22", "23"} <= {r["value"] for r in found}
    counted = {r["counted"] for r in found}
    assert len(counted) == 1 and int(counted.pop()) >= 20
    other = rows(ox, "stated-figures", measure="start-ups")
    assert other and {r["counted"] for r in other} == {""}


def test_province_overview_lists_all_38(ox):
    found = rows(ox, "province-overview")
    assert len(found) == 38
    assert found[0]["province"] == mid("jawa-barat") and int(found[0]["agreements"]) >= 40
    by = {r["province"]: r for r in found}
    assert int(by[mid("jakarta")]["agreements"]) >= 25
    assert by[mid("aceh")]["programs"] == "14" and by[mid("papua-pegunungan")]["agreements"] == "0"
    assert by[mid("jawa-tengah")]["programs"] == "10"  # with Semarang's and Surakarta's (cities of Jawa Tengah)


def test_foreign_institutions(ox):
    found = {r["institution"]: r for r in rows(ox, "foreign-institutions")}
    assert found[mid("jica")]["country"] == mid("japan") and int(found[mid("jica")]["fundings"]) >= 5
    assert found[mid("eu")]["country"] == ""


def test_legal_instruments_chain(ox):
    found = rows(ox, "legal-instruments", type="Permendagri")
    p25 = [r for r in found if r["instrument"] == mid("permendagri-25-2020")]
    assert {r["repeals"] for r in p25} == {mid("permendagri-3-2008"), mid("permendagri-74-2012")}
    assert {r["implements"] for r in p25} == {mid("pp-28-2018")}
    assert {r["type"] for r in found} == {"Permendagri"}


def test_events_and_sectors(ox):
    events = rows(ox, "events", event="jakarta-seoul-40th-anniversary")
    assert {r["participant"] for r in events} == {mid("jakarta"), mid("seoul")} and events[0][
        "date"
    ] == "2024-07"
    sectors = {r["sector"]: r for r in rows(ox, "sectors")}
    # Waste (the Recycle Centre), air quality and climate programs roll up into environment.
    assert int(sectors[mitra("sector-environment")]["programs"]) >= 5
    assert mitra("sector-waste") not in sectors


# ---- library behaviour ------------------------------------------------------------------------------


def test_numbers_and_languages_read_the_same_from_both_engines():
    assert q.literal_term("1.50", "http://www.w3.org/2001/XMLSchema#decimal").value == "1.5"
    assert q.literal_term("01", "http://www.w3.org/2001/XMLSchema#integer").value == "1"
    assert q.literal_term("x", None, "EN") == q.Term("literal", "x", None, "en")


def test_rdfs_inference_finds_instances_of_subclasses(mini_out):
    text = "SELECT ?x WHERE { ?x a mitra:LocalGovernment } ORDER BY ?x"
    for name in sorted(q.ENGINES):
        plain = q.run_query(text, engine=q.open_engine(name, out_dir=mini_out)).rows
        inferred = q.run_query(text, engine=q.open_engine(name, out_dir=mini_out, infer="rdfs")).rows
        assert plain == []
        assert {r["x"] for r in inferred} == {mid("jakarta"), mid("kepri"), mid("batam"), mid("rotterdam")}, (
            name
        )


def test_syntax_error_names_line_and_column(mini_out):
    engine = q.open_engine("oxigraph", out_dir=mini_out)
    with pytest.raises(QueryError) as exc:
        q.run_query(
            "SELECT ?x WHERE {\n  ?x a mitra:Province .\n  FILTR(?x)\n}", engine=engine, origin="bad.rq"
        )
    assert str(exc.value).startswith("bad.rq:3:3: SPARQL syntax error")
    with pytest.raises(QueryError, match=r"^query:2:8: .*undeclared prefix mitar:"):
        q.run_query("SELECT ?x WHERE {\n  ?x a mitar:Province .\n}", engine=engine)


def test_service_is_refused_unless_allowed(mini_out):
    engine = q.open_engine("oxigraph", out_dir=mini_out)
    with pytest.raises(QueryError, match="SERVICE is off"):
        q.run_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", engine=engine)


def test_parameters_are_checked(ox):
    with pytest.raises(QueryError, match="has no parameter 'nope'"):
        q.run_query(NAMED["sister-cities"], engine=ox, params={"nope": "x"})
    with pytest.raises(QueryError, match="not an IRI"):
        q.run_query(NAMED["sister-cities"], engine=ox, params={"region": "Not an id"})
    assert q.parse_param("mid:jakarta") == q.Term("uri", mid("jakarta"))
    assert q.apply_params("ASK { ?s ?p ?o }", {"s": q.parse_param("jakarta", "iri")}).startswith(
        f'ASK {{ FILTER(isIRI(?s) && STR(?s) = "{mid("jakarta")}")'
    )


@pytest.mark.parametrize(
    ("bound", "expected"),
    [
        ("<https://w3id.org/mitra/id/jakarta>", True),
        ('"https://w3id.org/mitra/id/jakarta"', False),  # a string with the IRI's text is not the IRI
        ("<https://w3id.org/mitra/id/jakarta-rotterdam>", False),
    ],
)
def test_an_iri_parameter_matches_that_iri_only_as_sameterm_would(ox, rd, bound, expected):
    text = q.apply_params(f"ASK {{ BIND({bound} AS ?s) }}", {"s": q.parse_param("jakarta", "iri")})
    assert q.run_query(text, engine=ox).boolean is expected
    assert q.run_query(text, engine=rd).boolean is expected


def test_construct_and_describe_give_rdf(ox, rd):
    text = "CONSTRUCT { ?a mitra:party ?p } WHERE { ?a mitra:party ?p ; mitra:form mitra:form-sister-city }"
    a, b = q.run_query(text, engine=ox), q.run_query(text, engine=rd)
    assert a.kind == "graph" and len(a.triples) >= 44 and sorted(a.triples) == sorted(b.triples)
    for fmt, parser in (("turtle", "turtle"), ("nt", "nt")):
        assert len(Graph().parse(data=render(a, fmt), format=parser)) == len(a.triples)
    # rdflib's JSON-LD parser warns (ConjunctiveGraph); read it back with Oxigraph's.
    import pyoxigraph as ox_

    assert len(list(ox_.parse(render(a, "jsonld"), format=ox_.RdfFormat.JSON_LD))) == len(a.triples)
    described = q.run_query("DESCRIBE mid:jakarta-rotterdam", engine=ox)
    assert described.kind == "graph" and len(described.triples) >= 8
    with pytest.raises(QueryError, match="CONSTRUCT or DESCRIBE"):
        render(a, "csv")


def test_ask(ox):
    result = q.run_query("ASK { mid:jakarta-rotterdam mitra:party mid:rotterdam }", engine=ox)
    assert result.boolean is True and render(result, "table") == "yes\n"
    assert json.loads(render(result, "json")) == {"head": {}, "boolean": True}


def test_cli_choices_match_the_registries():
    assert tuple(QUERY_FORMATS) == FORMATS
    assert tuple(QUERY_ENGINES) == tuple(sorted(q.ENGINES))
    assert INFERENCE == ("rdfs",)


# ---- SPARQL results formats ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def rotterdam_result(ox) -> q.QueryResult:
    return q.run_query(NAMED["sister-cities"], engine=ox, params={"country": "netherlands", "region": "jakarta"})


def test_json_is_sparql_results_json(rotterdam_result):
    doc = json.loads(render(rotterdam_result, "json"))
    assert doc["head"]["vars"] == list(rotterdam_result.columns)
    first = doc["results"]["bindings"][0]
    assert first["partner"] == {"type": "uri", "value": mid("rotterdam")}
    assert first["year"] == {"type": "literal", "value": "1986"}
    # one row for the one agreement, its (three or more) sources gathered in one cell (#12)
    assert len(doc["results"]["bindings"]) == len(rotterdam_result.rows) == 1
    assert len(first["sources"]["value"].split(" | ")) >= 3
    assert "stage" not in first  # unbound variables are left out


def test_csv_and_tsv_follow_the_sparql_formats(rotterdam_result):
    text = render(rotterdam_result, "csv")
    assert text.splitlines()[0] == ",".join(rotterdam_result.columns) and "\r\n" in text
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert parsed == rotterdam_result.rows
    tsv = render(rotterdam_result, "tsv").splitlines()
    assert tsv[0].split("\t")[0] == "?region"
    assert f"<{mid('rotterdam')}>" in tsv[1].split("\t") and '"1986"' in tsv[1].split("\t")


def test_table_and_markdown_show_labels_in_the_chosen_language(rotterdam_result, ox):
    labels_en = q.entity_labels(rotterdam_result, engine=ox, lang="en")
    labels_id = q.entity_labels(rotterdam_result, engine=ox, lang="id")
    assert labels_en[mid("netherlands")] == "Netherlands" and labels_id[mid("netherlands")] == "Belanda"
    table = render(rotterdam_result, "table", labels_en)
    assert "Netherlands" in table and "https://" not in table and "1986" in table
    md = render(rotterdam_result, "md", labels_id).splitlines()
    assert md[0].startswith("| region |") and md[1].startswith("|") and "Belanda" in md[2]


# ---- the command -------------------------------------------------------------------------------------


def test_cli_list_shows_every_named_query_with_its_purpose(runner):
    result = runner.invoke(cli, ["query", "--list"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(NAMED) >= 15
    assert any(line.startswith("sister-cities ") and "sister" in line.lower() for line in lines)


def test_cli_list_and_help_import_no_engine():
    code = (
        "import sys; from click.testing import CliRunner; import cli; "
        "r = CliRunner().invoke(cli.cli, ['query', '--list']); "
        "heavy = ('pyoxigraph', 'oxrdflib', 'owlrl', 'pyshacl'); "
        "print(r.exit_code, sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=paths.ROOT
    )
    assert out.stdout.strip() == "0 []"


def test_cli_named_query_table_in_english(runner, shipped_out):
    result = runner.invoke(
        cli,
        [
            "query",
            "sister-cities",
            "--out",
            str(shipped_out),
            "--lang",
            "en",
            "--param",
            "country=netherlands",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert "Rotterdam" in result.stdout and "Netherlands" in result.stdout and "1986" in result.stdout
    assert "rebuilding" not in result.stderr and "row(s)" in result.stderr


@pytest.mark.parametrize("engine", QUERY_ENGINES)
def test_cli_expression_to_file_as_json(runner, mini_out, tmp_path, engine):
    target = tmp_path / "rows.json"
    result = runner.invoke(
        cli,
        [
            "query",
            "--data",
            str(MINI),
            "--out",
            str(mini_out),
            "--engine",
            engine,
            "-e",
            "SELECT ?p WHERE { ?p a mitra:Province } ORDER BY ?p",
            "--format",
            "json",
            "-o",
            str(target),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert [b["p"]["value"] for b in doc["results"]["bindings"]] == [mid("jakarta"), mid("kepri")]
    assert result.stdout == ""


def test_cli_query_file_and_limit(runner, mini_out, tmp_path):
    rq = tmp_path / "regions.rq"
    rq.write_text(
        "# Regions.\nSELECT ?r WHERE { ?r mitra:partOf? ?p . ?p a mitra:Province } ORDER BY ?r\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        cli,
        ["query", str(rq), "--data", str(MINI), "--out", str(mini_out), "--format", "csv", "--limit", "2"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["r", mid("batam"), mid("jakarta")]


def test_cli_syntax_error_exits_3_with_line_and_column(runner, mini_out):
    result = runner.invoke(
        cli,
        [
            "query",
            "--data",
            str(MINI),
            "--out",
            str(mini_out),
            "-e",
            "SELECT ?x WHERE {\n  ?x a mitra:Province .\n  FILTR(?x)\n}",
        ],
    )
    assert result.exit_code == 3
    assert "-e:3:3: SPARQL syntax error" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_cli_failed_output_leaves_the_old_file(runner, mini_out, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("GOOD OLD OUTPUT", encoding="utf-8")
    result = runner.invoke(
        cli,
        [
            "query",
            "--data",
            str(MINI),
            "--out",
            str(mini_out),
            "-o",
            str(target),
            "--format",
            "csv",
            "-e",
            "CONSTRUCT WHERE { ?s a mitra:Province }",
        ],
    )
    assert result.exit_code == 3 and "CONSTRUCT or DESCRIBE" in result.stderr
    assert target.read_text(encoding="utf-8") == "GOOD OLD OUTPUT"
    assert list(tmp_path.iterdir()) == [target]


def test_cli_usage_errors_exit_2(runner):
    assert runner.invoke(cli, ["query"]).exit_code == 2
    assert runner.invoke(cli, ["query", "sister-cities", "--param", "novalue"]).exit_code == 2
    assert runner.invoke(cli, ["query", "sister-cities", "--engine", "rdflib", "--store", "x"]).exit_code == 2


def test_cli_unknown_query_suggests_names(runner, shipped_out):
    result = runner.invoke(cli, ["query", "sister-city", "--out", str(shipped_out)])
    assert result.exit_code == 3 and "did you mean sister-cities" in result.stderr


# ---- a real remote endpoint: the Oxigraph server on the loopback interface ----------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(shipped_out, tmp_path_factory):
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        pytest.skip("the oxigraph server binary is not installed")
    location = tmp_path_factory.mktemp("oxigraph-server")
    subprocess.run(
        [str(binary), "load", "--location", str(location), "--file", str(shipped_out / "mitra.nq")],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    proc = subprocess.Popen(
        [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["sister-cities", "countries-ranked", "fundings"])
def test_endpoint_gives_the_same_rows_as_the_embedded_store(endpoint, ox, name):
    # The server's default graph is not the union of the named graphs, so ask for the union explicitly.
    remote = q.run_query(NAMED[name], endpoint=endpoint + "?union-default-graph")
    assert len(remote.rows) > 0 and canonical(remote.rows) == canonical(rows(ox, name))


@pytest.mark.slow
def test_cli_endpoint_with_labels_and_unreachable_endpoint(runner, endpoint):
    result = runner.invoke(
        cli,
        [
            "query",
            "--endpoint",
            endpoint + "?union-default-graph",
            "sister-cities",
            "--param",
            "country=netherlands",
            "--lang",
            "en",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert "Rotterdam" in result.stdout and "1986" in result.stdout
    closed = f"http://127.0.0.1:{_free_port()}/query"
    result = runner.invoke(cli, ["query", "--endpoint", closed, "stage-counts"])
    assert result.exit_code == 3 and "cannot reach endpoint" in result.stderr


@pytest.mark.parametrize("engine", QUERY_ENGINES)
def test_syntax_errors_point_into_the_callers_text_on_every_engine(engine, mini_out):
    runner_engine = q.open_engine(engine, out_dir=mini_out)
    with pytest.raises(QueryError, match=r"^x\.rq:2:8: .*undeclared prefix mitar:"):
        q.run_query("SELECT ?x WHERE {\n  ?x a mitar:Province .\n}", engine=runner_engine, origin="x.rq")
    with pytest.raises(QueryError, match=r"^x\.rq:3:3: SPARQL syntax error"):
        q.run_query(
            "SELECT ?x WHERE {\n  ?x a mitra:Province .\n  FILTR(?x)\n}",
            engine=runner_engine,
            origin="x.rq",
            params={"x": "jakarta"},
        )


def test_a_missing_query_file_is_a_clear_error_with_exit_3(runner, tmp_path):
    result = runner.invoke(cli, ["query", str(tmp_path / "nowhere.rq"), "--data", str(MINI),
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "no such query file" in result.stderr and "nowhere.rq" in result.stderr
    assert not (tmp_path / "out").exists()  # resolved before any build


# ---- one row per fact, undated last, labels for --param, the rdflib date-function refusal (#12) -------------


@pytest.mark.parametrize("name", sorted(n for n, nq in NAMED.items() if nq.gathered))
def test_gathered_queries_give_one_row_per_fact(name, ox):
    found = rows(ox, name)
    nq = NAMED[name]
    facts = [tuple(v for k, v in r.items() if k not in nq.gathered) for r in found]
    assert len(found) >= 1 and len(facts) == len(set(facts)), f"{name}: a fact on several rows"
    for r in found:
        for col in nq.gathered:
            parts = r[col].split(" | ")
            assert parts == sorted(set(parts)) and all(parts), (name, r)


def test_sister_cities_of_jakarta_one_row_per_agreement_and_undated_last(ox):
    found = rows(ox, "sister-cities", region="jakarta")
    assert len(found) == len({(r["agreement"], r["partner"]) for r in found}) >= 22
    years = [r["year"] for r in found]
    dated = [y for y in years if y]
    assert dated == sorted(dated) and years == dated + [""] * (len(years) - len(dated))
    top = q.run_query(NAMED["sister-cities"], engine=ox, params={"region": "jakarta"}, limit=3).rows
    assert len({r["agreement"] for r in top}) == 3 and all(r["year"] for r in top)


@pytest.mark.parametrize("name", ["dormant-agreements", "events", "legal-instruments"])
def test_undated_rows_come_last(name, ox):
    col = {"dormant-agreements": "signed", "events": "date", "legal-instruments": "year"}[name]
    values = [r[col] for r in rows(ox, name)]
    first_blank = values.index("") if "" in values else len(values)
    assert len(values) > 3 and all(v == "" for v in values[first_blank:])


@pytest.mark.parametrize("value", ["DKI Jakarta", "dki jakarta", "Special Capital Region of Jakarta", "jakarta",
                                   "mid:jakarta"])
def test_param_takes_a_label_or_an_id(ox, value):
    assert rows(ox, "sister-cities", region=value) == rows(ox, "sister-cities", region="jakarta")


def test_param_label_that_names_nothing_is_refused(ox):
    with pytest.raises(QueryError, match="no entity has that label"):
        q.run_query(NAMED["sister-cities"], engine=ox, params={"region": "Atlantis"})


def test_cli_param_label(runner, shipped_out):
    result = runner.invoke(cli, ["query", "sister-cities", "--param", "region=DKI Jakarta", "--format", "csv",
                                 "--out", str(shipped_out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) >= 22


YEAR_QUERY = "SELECT ?a WHERE { ?a mitra:signingDate ?s FILTER(YEAR(?s) < 2000) }"


def test_rdflib_refuses_date_functions_it_would_get_wrong(ox, rd):
    assert len(q.run_query(YEAR_QUERY, engine=ox).rows) >= 10  # xsd:gYear dates, counted right
    with pytest.raises(QueryError, match=r"rdflib cannot evaluate YEAR\(\) on xsd:gYear"):
        q.run_query(YEAR_QUERY, engine=rd)
    # the same question without YEAR() gives the same rows on both engines
    same = "SELECT ?a WHERE { ?a mitra:signingDate ?s FILTER(SUBSTR(STR(?s), 1, 4) < \"2000\") }"
    assert canonical(q.run_query(same, engine=rd).rows) == canonical(q.run_query(YEAR_QUERY, engine=ox).rows)


def test_cli_rdflib_year_refusal_is_one_clear_line(runner, shipped_out):
    result = runner.invoke(cli, ["query", "--engine", "rdflib", "-e", YEAR_QUERY, "--out", str(shipped_out)])
    assert result.exit_code == 3 and "use the default engine" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_gathered_sources_show_as_labels_in_tables(ox):
    result = q.run_query(NAMED["sister-cities"], engine=ox, params={"country": "netherlands"})
    labels = q.entity_labels(result, engine=ox, lang="en")
    md = render(result, "md", labels)
    rotterdam = next(line for line in md.split("\n") if "Jakarta–Rotterdam sister city" in line)
    assert "https://" not in md and "; " in rotterdam  # several sources, each by its label


def test_activity_spans_query_follows_the_selection_date_rule(ox, shipped):
    """The named query and network.select.active_span give every activity the same first and last day."""
    from graph.network.classes import ACTIVITY_TYPES
    from graph.network.projection import project_network
    from graph.network.select import active_span

    G = project_network(shipped.g)
    want = {n: active_span(d) for n, d in G.nodes(data=True) if d["type"] in ACTIVITY_TYPES}
    want = {n: s for n, s in want.items() if s is not None}
    got = {r["activity"]: (r["first"], r["last"]) for r in rows(ox, "activity-spans")}
    assert len(got) > 40 and got == want


def test_fundings_query_marks_parts_and_pass_throughs(ox, rd):
    found = {r["funding"]: r for r in rows(ox, "fundings")}
    assert found[mid("f-jfch-fit-out")]["part_of"] == mid("f-smart-change-eu")
    assert found[mid("f-mrt-phase1-jica-ip-536")]["part_of"] == mid("f-mrt-phase1-jica-commitment")
    assert found[mid("f-mrt-phase2-kemenkeu-on-grant")]["passes_on"] == mid("f-mrt-phase2-exchange-of-notes")
    independent = sum(float(r["amount"]) for r in found.values()
                      if r["currency"] == "JPY" and r["program"] == mid("mrt-jakarta")
                      and not r["part_of"] and not r["passes_on"])
    assert independent == 125.2e9 + 70.21e9 + 140.699e9
    assert canonical(rows(rd, "fundings")) == canonical(list(found.values()))
