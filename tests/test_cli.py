"""`mitra build` and `mitra validate` through click's CliRunner: output, exit codes, no half-written out/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import edit

from cli import cli

MINI = Path(__file__).parent / "fixtures" / "mini"
RDF_OUTPUTS = ("mitra.ttl", "mitra.nt", "mitra.nq", "mitra.trig", "mitra.jsonld", "summary.json")
SENTINEL = "SENTINEL: output of an earlier good run\n"


def _not_utf8(folder: Path) -> None:
    path = folder / "countries.csv"
    path.write_bytes(path.read_bytes().replace(b"Belanda", "Bélanda".encode("latin-1")))


def _bad_turtle(folder: Path) -> None:
    (folder / "extra.ttl").write_text(
        "@prefix mid: <https://w3id.org/mitra/id/> .\n\nmid:x a foo:Person .\n", encoding="utf-8"
    )


# kind → (how to break the mini folder, the first line of the report on stderr)
BAD_INPUTS = {
    "malformed-csv": (
        lambda d: edit(
            d, "regions.csv", "kepri,province,Kepulauan Riau,", 'kepri,province,"Kepulauan" Riau,'
        ),
        "regions.csv:3: label_id: malformed CSV",
    ),
    "unknown-column": (
        lambda d: edit(d, "countries.csv", "iso_alpha2", "iso2"),
        "countries.csv:1: iso2: unknown column",
    ),
    "missing-required-field": (
        lambda d: edit(d, "countries.csv", ",NL,", ",,"),
        "countries.csv:2: iso_alpha2: required field is empty",
    ),
    "unknown-reference": (
        lambda d: edit(d, "foreign_governments.csv", ",netherlands,", ",nederland,"),
        "foreign_governments.csv:2: country: unknown id 'nederland'",
    ),
    "duplicate-id": (
        lambda d: edit(d, "regions.csv", "batam,city,", "kepri,city,"),
        "regions.csv:4: id: duplicate id 'kepri'",
    ),
    "bad-date": (
        lambda d: edit(d, "programs.csv", "2014-09", "2014-13"),
        "programs.csv:2: start: not a valid month",
    ),
    "bad-amount": (
        lambda d: edit(d, "fundings.csv", "1000000.50", "EUR 1000000"),
        "fundings.csv:2: amount: not a decimal amount",
    ),
    "unknown-source": (
        lambda d: edit(d, "countries.csv", "src-a", "src-b"),
        "countries.csv:2: source: unknown source id 'src-b'",
    ),
    "malformed-turtle": (_bad_turtle, 'extra.ttl:3: malformed turtle: Prefix "foo:" not bound'),
    "not-utf8": (_not_utf8, "countries.csv:2: label_id: not UTF-8"),
}


def _report_lines(text: str, folder: Path) -> list[str]:
    return [ln.replace(f"{folder}/", "") for ln in text.splitlines()]


# --- help and version ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert f"Usage: cli {command}" in result.stdout
    assert cli.commands[command].help


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert "0.1.0" in result.stdout


# --- build ----------------------------------------------------------------------------------------------


def test_build_writes_every_format_and_prints_a_summary(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", "--data", str(MINI), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    for name in RDF_OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    lines = result.stdout.splitlines()
    assert lines[0].endswith("11 entities, 1 sources, from 8 files")
    assert lines[0].startswith(f"{json.loads((out / 'summary.json').read_text())['triples']} triples")
    assert "  mitra:Province                   2" in lines
    assert f"wrote {out / 'mitra.ttl'}" in lines


def test_build_output_is_byte_identical_on_rerun(runner, tmp_path, good_out):
    out = tmp_path / "out"
    shutil.copytree(good_out, out)  # the first build (good_out, below), rebuilt in place
    before = {n: (out / n).read_bytes() for n in RDF_OUTPUTS}
    second = runner.invoke(cli, ["build", "--data", str(MINI), "--out", str(out)])
    assert second.exit_code == 0, second.stderr
    assert {n: (out / n).read_bytes() for n in RDF_OUTPUTS} == before


def test_build_exits_1_on_non_conforming_data_and_writes_nothing(runner, mini, tmp_path):
    edit(mini, "agreements.csv", "jakarta|rotterdam", "jakarta")
    out = tmp_path / "out"
    out.mkdir()
    (out / "mitra.ttl").write_text(SENTINEL, encoding="utf-8")
    result = runner.invoke(cli, ["build", "--data", str(mini), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert (
        "agreements.csv:2: parties: an agreement has at least two parties [mid:jakarta-rotterdam]"
        in _report_lines(result.stderr, mini)
    )
    assert "nothing was written" in result.stderr
    assert (out / "mitra.ttl").read_text(encoding="utf-8") == SENTINEL
    assert sorted(p.name for p in out.iterdir()) == ["mitra.ttl"]


def test_build_no_validate_writes_with_a_warning(runner, mini, tmp_path):
    edit(mini, "agreements.csv", "jakarta|rotterdam", "jakarta")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", "--data", str(mini), "--out", str(out), "--no-validate"])
    assert result.exit_code == 0, result.output
    assert "warning: --no-validate" in result.stderr
    assert (out / "mitra.ttl").exists()


@pytest.fixture(scope="module")
def good_out(tmp_path_factory) -> Path:
    """out/ of one good build of the mini data (HTML and exports included), copied by tests that break it."""
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("good") / "out"
    result = CliRunner().invoke(cli, ["build", "--data", str(MINI), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_build_exits_3_on_bad_input_and_existing_outputs_survive(runner, mini, tmp_path, good_out, kind):
    out = tmp_path / "out"
    shutil.copytree(good_out, out)
    assert len(list(out.rglob("*"))) > len(RDF_OUTPUTS)
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (out / "mitra.ttl").write_text(SENTINEL, encoding="utf-8")
    before["mitra.ttl"] = SENTINEL.encode()

    breaker, expected = BAD_INPUTS[kind]
    breaker(mini)
    result = runner.invoke(cli, ["build", "--data", str(mini), "--out", str(out)])
    assert result.exit_code == 3, result.output
    report = _report_lines(result.stderr, mini)
    assert report[0].startswith(expected), report
    assert "nothing was written" in report[-1]
    assert result.stdout == ""
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


# --- validate -------------------------------------------------------------------------------------------


def test_validate_conforming_data_exits_0(runner):
    result = runner.invoke(cli, ["validate", "--data", str(MINI)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("conforms: ")


def test_validate_prints_file_row_field_message_and_exits_1(runner, mini):
    edit(mini, "fundings.csv", "1000000.50,EUR", "-5,")
    (mini / "participations.csv").write_text("id,in,participant,role,topic,source,note\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", "--data", str(mini)])
    assert result.exit_code == 1, result.output
    assert _report_lines(result.stdout, mini) == [
        "fundings.csv:2: amount: an amount is one non-negative xsd:decimal [mid:f-dutep]",
        "fundings.csv:2: currency: an amount needs its ISO 4217 currency [mid:f-dutep]",
        "programs.csv:2: participations.csv:in: a program has at least one participant with a role "
        "(participations.csv) [mid:dutep]",
    ]
    assert "3 violation(s)" in result.stderr


def test_validate_reports_qc_checks_too(runner, mini):
    edit(mini, "agreements.csv", "jakarta-rotterdam,KSDPL,sister-city", "jakarta-rotterdam,other,sister-city")
    result = runner.invoke(cli, ["validate", "--data", str(mini)])
    assert result.exit_code == 1
    [line] = _report_lines(result.stdout, mini)
    assert line.startswith(
        "agreements.csv:2: sister-city-not-ksdpl-violation: a sister-city or sister-province"
    )


def test_validate_json_report(runner, mini):
    edit(mini, "agreements.csv", "jakarta|rotterdam", "jakarta")
    result = runner.invoke(cli, ["validate", "--data", str(mini), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert {(Path(v["path"]).name, v["line"], v["field"]) for v in report} == {
        ("agreements.csv", 2, "parties")
    }
    assert {v["severity"] for v in report} == {"Violation"}


def test_validate_exits_3_on_bad_input(runner, mini):
    BAD_INPUTS["duplicate-id"][0](mini)
    result = runner.invoke(cli, ["validate", "--data", str(mini)])
    assert result.exit_code == 3
    assert _report_lines(result.stderr, mini)[0].startswith(BAD_INPUTS["duplicate-id"][1])


def test_validate_the_shipped_data_exits_0(runner):
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert "conforms:" in result.stderr


# --- usage errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["build", "--data", "no/such/folder"], ["validate", "--format", "xml"], ["build", "--bogus"]]
)
def test_usage_errors_exit_2(runner, args):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr
