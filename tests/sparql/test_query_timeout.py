"""``mitra query --timeout``: a query that runs too long is stopped (exit 3, nothing written, no process left);
one that finishes in time answers exactly as without the option, locally and through an endpoint. The
runaway query is real: a cross product of the mini build with itself three times (billions of rows), which
pyoxigraph cannot cancel, so only the killed worker stops it."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import child_processes

from cli import cli

MINI = Path(__file__).parent.parent / "fixtures" / "mini"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not sys.platform.startswith("linux"),
                                reason="the timeout kills a forked worker (POSIX); the leftover check reads /proc")


def _query(mini_out: Path, *args: str):
    return CliRunner().invoke(cli, ["query", "--data", str(MINI), "--out", str(mini_out), *args])


def test_a_runaway_query_is_stopped_with_nothing_written_and_no_worker_left(mini_out, tmp_path):
    target = tmp_path / "rows.csv"
    before = child_processes()
    result = _query(mini_out, "-e", RUNAWAY, "--timeout", "1", "--format", "csv", "-o", str(target))
    assert result.exit_code == 3, result.output
    assert "ran longer than 1 s and was stopped; nothing was written" in result.output
    assert not target.exists()
    assert child_processes() - before == set(), "the query's worker outlived the timeout"


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_a_query_in_time_answers_as_without_the_option(mini_out, fmt):
    plain = _query(mini_out, "-e", COUNT, "--format", fmt)
    timed = _query(mini_out, "-e", COUNT, "--format", fmt, "--timeout", "60")
    assert plain.exit_code == timed.exit_code == 0, timed.output
    assert re.search(r"\b[1-9][0-9]*\b", plain.stdout)  # the mini build's triples, counted
    assert timed.stdout == plain.stdout


def test_a_named_query_with_parameters_answers_as_without_the_option(mini_out):
    args = ["sister-cities", "--format", "csv"]
    plain, timed = _query(mini_out, *args), _query(mini_out, *args, "--timeout", "60")
    assert plain.exit_code == timed.exit_code == 0, timed.output
    assert len(plain.stdout.splitlines()) > 1
    assert timed.stdout == plain.stdout


def test_an_error_in_the_worker_is_the_error_without_the_option(mini_out):
    plain = _query(mini_out, "-e", "SELEC ?x")
    timed = _query(mini_out, "-e", "SELEC ?x", "--timeout", "60")
    assert plain.exit_code == timed.exit_code == 3
    assert "SPARQL syntax error" in plain.output
    assert timed.output == plain.output


def test_the_timeout_must_be_positive(mini_out):
    result = _query(mini_out, "-e", COUNT, "--timeout", "0")
    assert result.exit_code == 2
    assert "--timeout" in result.output


def test_the_timeout_stops_a_query_sent_to_an_endpoint(start_mitra_server, mini_out):
    server = start_mitra_server(mini_out, MINI, "--timeout", "5", "--quiet")  # its own bound, for its worker
    endpoint = server.url + "/sparql"
    plain = CliRunner().invoke(cli, ["query", "-e", COUNT, "--endpoint", endpoint, "--format", "csv"])
    timed = CliRunner().invoke(cli, ["query", "-e", COUNT, "--endpoint", endpoint, "--format", "csv",
                                     "--timeout", "30"])
    assert plain.exit_code == timed.exit_code == 0, timed.output
    assert timed.stdout == plain.stdout and "n" in plain.stdout
    before = child_processes()
    stopped = CliRunner().invoke(cli, ["query", "-e", RUNAWAY, "--endpoint", endpoint, "--timeout", "1"])
    assert stopped.exit_code == 3, stopped.output
    assert "ran longer than 1 s" in stopped.output
    assert child_processes() - before == set()
