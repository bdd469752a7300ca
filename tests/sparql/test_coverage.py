"""Coverage per province and per regency/city (graph/sparql/coverage.py, mitra coverage) and what is in force
(status-counts, the unknown stage row), on the shipped national data and on a fixture with a district."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli import cli
from graph.paths import Project
from graph.pipeline import rebuild
from graph.sparql import query as q
from graph.sparql.coverage import coverage

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini"
MID = "https://w3id.org/mitra/id/"
AGREEMENT_COUNT = (
    "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { VALUES ?c { mitra:KSDPL mitra:KSDLL mitra:Agreement } ?a a ?c }"
)


@pytest.fixture(scope="module")
def ox(shipped_out) -> q.Engine:
    return q.open_engine("oxigraph", out_dir=shipped_out)


def by_region(found, key: str) -> dict[str, dict[str, str]]:
    return {r[key].removeprefix(MID): r for r in found.result.rows}


def test_province_coverage_lists_all_38_with_counts_and_the_empty_ones(ox):
    found = coverage(ox, level="province")
    rows = by_region(found, "province")
    assert len(rows) == 38 and found.total == 38
    outside = [p for p, r in rows.items() if p != "jakarta" and int(r["agreements"]) > 0]
    assert len(outside) >= 20
    jabar = rows["jawa-barat"]
    assert int(jabar["agreements"]) >= 19 and int(jabar["partners"]) >= 10 and int(jabar["sources"]) >= 10
    assert jabar["newest_source"][:4].isdigit()
    empty = {i.removeprefix(MID) for i in found.empty}
    assert empty == {p for p, r in rows.items() if r["agreements"] == "0" and r["programs"] == "0"}
    assert found.covered + len(found.empty) == 38


def test_city_coverage_counts_cities_outside_jakarta_and_lists_the_rest_as_empty(ox):
    found = coverage(ox, level="city")
    rows = by_region(found, "city")
    assert found.total == 514
    with_agreements = [c for c, r in rows.items() if int(r["agreements"]) > 0 and r["province"] != MID + "jakarta"]
    assert len(with_agreements) >= 12
    assert int(rows["kota-surabaya"]["agreements"]) >= 5
    assert rows["kota-surabaya"]["province"] == MID + "jawa-timur"
    assert len(found.empty) == 514 - len(rows) and not set(found.empty) & {MID + c for c in rows}


def test_the_recycle_centre_in_a_district_counts_for_jakarta(ox):
    rows = by_region(coverage(ox, level="province", params={"province": "jakarta"}), "province")
    assert list(rows) == ["jakarta"]
    programs = q.run_query(
        "SELECT ?p WHERE { ?p mitra:location ?d . ?d mitra:partOf/mitra:partOf mid:jakarta }", engine=ox
    ).rows
    assert {"p": MID + "jakarta-recycle-centre"} in programs
    assert int(rows["jakarta"]["programs"]) >= 10


def test_status_counts_show_unknown_instead_of_a_blank(ox):
    counts = {r["status"]: int(r["agreements"]) for r in q.run_query(q.load_queries()["status-counts"], engine=ox).rows}
    assert "" not in counts and counts["unknown"] > 0 and counts["planned"] > 0
    total = q.run_query(AGREEMENT_COUNT, engine=ox).rows[0]["n"]
    assert sum(counts.values()) == int(total)


def test_stage_counts_end_with_the_agreements_of_unknown_stage(ox):
    rows = q.run_query(q.load_queries()["stage-counts"], engine=ox).rows
    assert rows[-1]["stage"] == "unknown" and int(rows[-1]["agreements"]) > 0
    staged = q.run_query("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a mitra:stage ?s }", engine=ox).rows[0]["n"]
    total = q.run_query(AGREEMENT_COUNT, engine=ox).rows[0]["n"]
    assert int(rows[-1]["agreements"]) == int(total) - int(staged)


def test_a_district_counts_for_its_province_on_both_engines(tmp_path):
    data = Path(shutil.copytree(MINI, tmp_path / "data"))
    regions = data / "regions.csv"
    regions.write_text(regions.read_text(encoding="utf-8")
                       + "kota-jaksel,city,Kota Jakarta Selatan,South Jakarta,,,31.74,jakarta,,src-a,\n"
                       + "kec-pes,district,Pesanggrahan,Pesanggrahan,,,31.74.10,kota-jaksel,,src-a,\n",
                       encoding="utf-8")
    programs = data / "programs.csv"
    programs.write_text(programs.read_text(encoding="utf-8").replace(",governance,jakarta,", ",governance,kec-pes,"),
                        encoding="utf-8")
    out = tmp_path / "out"
    rebuild(Project([data], out_dir=out), steps=("rdf",))
    answers = []
    for engine in ("oxigraph", "rdflib"):
        found = coverage(q.open_engine(engine, out_dir=out), level="province")
        answers.append(sorted(found.result.rows, key=lambda r: r["province"]))
    assert answers[0] == answers[1]
    jakarta = next(r for r in answers[0] if r["province"] == MID + "jakarta")
    assert jakarta["programs"] == "1"


def test_cli_coverage_prints_the_table_and_names_the_empty_provinces(runner, shipped_out):
    result = runner.invoke(cli, ["coverage", "--out", str(shipped_out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["province", "code", "agreements"] and len(lines) == 2 + 38
    assert "West Java" in result.stdout
    assert "of 38 provinces have an agreement or a program" in result.stderr
    city = runner.invoke(cli, ["coverage", "--level", "city", "--format", "csv", "--out", str(shipped_out)])
    assert city.exit_code == 0 and city.stdout.startswith("city,province,code,agreements")
    assert "of 514 regencies/cities" in city.stderr
