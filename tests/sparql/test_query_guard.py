"""A query that would crash the engine gets a message and exit 3, not SIGSEGV (graph/sparql/guard.py, #16)."""

from __future__ import annotations

import subprocess

import pytest
from conftest import BIN, MINI

from graph.errors import QueryError
from graph.sparql import query as q
from graph.sparql.guard import MAX_DEPTH, depth_bound, query_depth, run_isolated

N = 3000
CHAINED_OPTIONALS = "SELECT * WHERE { ?s ?p ?o " + "".join(f"OPTIONAL {{ ?s ?p ?o{i} }} " for i in range(N)) + "}"
NESTED_OPTIONALS = ("SELECT * WHERE { ?s ?p ?o " + "".join(f"OPTIONAL {{ ?s ?p ?o{i} " for i in range(N))
                    + "}" * N + " }")
NESTED_GROUPS = "SELECT * WHERE { " + "{ " * N + "?s ?p ?o " + "} " * N + "}"


@pytest.mark.parametrize("text", [CHAINED_OPTIONALS, NESTED_OPTIONALS, NESTED_GROUPS],
                         ids=["chained-optionals", "nested-optionals", "nested-groups"])
def test_mitra_query_refuses_a_query_too_deep_for_the_engine_with_exit_3(text, tmp_path, mini_out):
    """Before: pyoxigraph's parser overflowed its stack, `mitra query file.rq` exited 139 with nothing said."""
    rq = tmp_path / "deep.rq"
    rq.write_text(text, encoding="utf-8")
    proc = subprocess.run([str(BIN / "mitra"), "query", str(rq), "--data", str(MINI), "--out", str(mini_out)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 3, (proc.returncode, proc.stderr[-500:])
    assert "deep.rq: the query nests" in proc.stderr and f"up to {MAX_DEPTH} levels" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_both_engines_refuse_it_as_a_query_error(engine, mini_out):
    runner = q.open_engine(engine, out_dir=mini_out)
    with pytest.raises(QueryError, match=r"nests 3001 levels deep"):
        q.run_query(NESTED_GROUPS, engine=runner)


def test_the_depth_counts_nesting_and_chained_optionals_not_quoted_brackets():
    assert query_depth(NESTED_GROUPS) == N + 1
    assert query_depth(CHAINED_OPTIONALS) == N + 2  # the WHERE group, N LeftJoins, the innermost group
    quoted = 'SELECT * WHERE { ?s <http://e/p> "{{{{ OPTIONAL ((((" . ?s ex:optional ?o } # {{{{ [[[['
    assert query_depth(quoted) == 1
    for text in (NESTED_GROUPS, CHAINED_OPTIONALS, NESTED_OPTIONALS, quoted):
        assert depth_bound(text) >= query_depth(text)


def test_every_named_query_runs_in_process_under_the_count_bound():
    from graph.sparql.named import load_queries

    bounds = {name: depth_bound(nq.text) for name, nq in load_queries().items()}
    assert len(bounds) >= 10 and max(bounds.values()) <= MAX_DEPTH, bounds


def test_a_long_query_under_the_limit_runs_isolated_and_answers_the_same_rows(mini_out):
    """Over the count bound (500 VALUES rows in brackets) but shallow: evaluated in a child, same answer."""
    runner = q.open_engine("oxigraph", out_dir=mini_out)
    plain = q.run_query("SELECT ?s ?l WHERE { ?s rdfs:label ?l }", engine=runner)
    rows = " ".join(f'("{i}")' for i in range(500))
    text = f"SELECT ?s ?l WHERE {{ ?s rdfs:label ?l VALUES (?x) {{ {rows} }} }}"
    assert depth_bound(text) > MAX_DEPTH >= query_depth(text)
    isolated = q.run_query(text, engine=runner)
    assert len(plain.bindings) > 10 and len(isolated.bindings) == 500 * len(plain.bindings)
    assert isolated.columns == plain.columns


def test_a_crash_in_the_isolated_child_becomes_a_query_error_naming_the_signal():
    import ctypes

    with pytest.raises(QueryError, match=r"x\.rq: the query engine crashed \(SIGSEGV\)"):
        run_isolated(lambda: ctypes.string_at(0), origin="x.rq")


def test_an_error_in_the_isolated_child_is_raised_as_it_was():
    def fails():
        raise QueryError("x.rq: SPARQL syntax error")

    with pytest.raises(QueryError, match="x.rq: SPARQL syntax error"):
        run_isolated(fails, origin="x.rq")
    assert run_isolated(lambda: {"n": 1}, origin="x.rq") == {"n": 1}
