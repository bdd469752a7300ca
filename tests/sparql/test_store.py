"""Where queries get their graph (graph/build/stamp.py, graph/sparql/stores.py): freshness of out/, rebuilds,
on-disk store, stores."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from rdflib import Literal

from cli import cli
from graph.build.stamp import STAMP_NAME, check_fresh
from graph.namespaces import MID, RDFS
from graph.paths import Project
from graph.pipeline import ensure_fresh, rebuild
from graph.rdf import STORES, new_graph
from graph.sparql import query as q
from graph.sparql.stores import LOADED_MARKER, infer_rdfs, open_oxigraph, open_rdflib

MINI = Path(__file__).parent.parent / "fixtures" / "mini"
PROVINCES = "SELECT ?p ?l WHERE { ?p a mitra:Province ; rdfs:label ?l FILTER(LANG(?l) = 'en') } ORDER BY ?p"


@pytest.fixture
def data(tmp_path) -> Path:
    """A private copy of the mini fixture that a test may edit."""
    return Path(shutil.copytree(MINI, tmp_path / "data"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_freshness_follows_the_inputs(data, tmp_path):
    out = tmp_path / "out"
    state = check_fresh(Project([data], out_dir=out))
    assert not state.fresh and "mitra.nq does not exist" in state.reason
    # the RDF step only, here and below: the stamp is written and checked the same way after any steps, and the
    # full build's stamp is the subject of test_mitra_build_stamps_its_outputs
    written = rebuild(Project([data], out_dir=out), steps=("rdf",))
    assert out / STAMP_NAME in written and (out / "mitra.nq").is_file()
    assert check_fresh(Project([data], out_dir=out)).fresh

    # Same bytes, new mtime: still fresh (the hash decides).
    regions = data / "regions.csv"
    os.utime(regions, ns=(regions.stat().st_atime_ns, regions.stat().st_mtime_ns + 10**9))
    assert check_fresh(Project([data], out_dir=out)).fresh

    _edit(regions, "Riau Islands", "Riau Archipelago")
    state = check_fresh(Project([data], out_dir=out))
    assert not state.fresh and "regions.csv changed since the last build" in state.reason

    rebuild(Project([data], out_dir=out), steps=("rdf",))
    (data / "events.csv").write_text("id,label_id,label_en,source\n", encoding="utf-8")
    assert "events.csv is new" in check_fresh(Project([data], out_dir=out)).reason
    (data / "events.csv").unlink()
    (data / "fundings.csv").unlink()
    assert "fundings.csv was removed" in check_fresh(Project([data], out_dir=out)).reason


def test_ensure_fresh_rebuilds_only_a_stale_build_and_says_why_first(data, tmp_path):
    out = tmp_path / "out"
    said: list[str] = []
    reason = ensure_fresh(Project([data], out_dir=out), on_rebuild=said.append)
    assert reason is not None and said == [reason] and "does not exist" in reason
    assert check_fresh(Project([data], out_dir=out)).fresh
    mtime = (out / "mitra.nq").stat().st_mtime_ns
    assert ensure_fresh(Project([data], out_dir=out), on_rebuild=said.append) is None and len(said) == 1
    assert (out / "mitra.nq").stat().st_mtime_ns == mtime  # a fresh build is not rewritten
    _edit(data / "regions.csv", "Riau Islands", "Riau Archipelago")
    assert "regions.csv changed" in ensure_fresh(Project([data], out_dir=out), on_rebuild=said.append)
    assert len(said) == 2 and "Riau Archipelago" in (out / "mitra.nt").read_text(encoding="utf-8")


def test_a_changed_ontology_makes_the_build_stale(data, tmp_path):
    out = tmp_path / "out"
    ontology = tmp_path / "mitra.ttl"
    shutil.copy(Path(q.paths.ONTOLOGY), ontology)
    rebuild(Project([data], out_dir=out, ontology=ontology), steps=("rdf",))
    assert check_fresh(Project([data], out_dir=out, ontology=ontology)).fresh
    ontology.write_text(ontology.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert "mitra.ttl changed" in check_fresh(Project([data], out_dir=out, ontology=ontology)).reason
    # Another ontology file than the one built from is a different input altogether.
    assert not check_fresh(Project([data], out_dir=out)).fresh


def test_cli_query_rebuilds_when_data_changed_and_says_so(runner, data, tmp_path):
    out = tmp_path / "out"
    args = ["query", "--data", str(data), "--out", str(out), "-e", PROVINCES, "--format", "csv"]
    first = runner.invoke(cli, args, catch_exceptions=False)
    assert first.exit_code == 0, first.stderr
    assert "rebuilding" in first.stderr and "Riau Islands" in first.stdout
    second = runner.invoke(cli, args, catch_exceptions=False)
    assert second.exit_code == 0 and "rebuilding" not in second.stderr and second.stdout == first.stdout

    # The rebuild writes what `mitra build` writes: the page and the exports follow the data too.
    assert "Riau Islands" in (out / "exports" / "network.nodes.csv").read_text(encoding="utf-8")
    _edit(data / "regions.csv", "Riau Islands", "Riau Archipelago")
    third = runner.invoke(cli, args, catch_exceptions=False)
    assert third.exit_code == 0
    assert "regions.csv changed since the last build" in third.stderr
    assert "Riau Archipelago" in third.stdout and "Riau Islands" not in third.stdout
    for page in (out / "network.html", out / "exports" / "network.nodes.csv"):
        text = page.read_text(encoding="utf-8")
        assert "Riau Archipelago" in text and "Riau Islands" not in text, page


def test_cli_query_never_answers_from_a_stale_build_of_invalid_data(runner, data, tmp_path):
    out = tmp_path / "out"
    args = ["query", "--data", str(data), "--out", str(out), "-e", PROVINCES, "--format", "csv"]
    rebuild(Project([data], out_dir=out), steps=("rdf",))  # a build that answers (its RDF is all a query reads)
    assert runner.invoke(cli, args, catch_exceptions=False).exit_code == 0
    _edit(data / "regions.csv", "ID-KR", "not-a-code")
    result = runner.invoke(cli, args)
    assert result.exit_code == 3 and result.stdout == ""  # the input cannot be loaded: nothing answered
    assert "regions.csv:3: iso_3166_2" in result.stderr


def test_mitra_build_stamps_its_outputs(runner, data, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", "--data", str(data), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    stamp = json.loads((out / STAMP_NAME).read_text(encoding="utf-8"))
    assert stamp["validated"] is True and any(name.endswith("regions.csv") for name in stamp["files"])
    assert check_fresh(Project([data], out_dir=out)).fresh


def test_on_disk_store_is_loaded_once_and_reloaded_after_a_rebuild(data, tmp_path):
    out, store_dir = tmp_path / "out", tmp_path / "store"
    rebuild(Project([data], out_dir=out), steps=("rdf",))  # the store reads mitra.nq only
    store = open_oxigraph(out / "mitra.nq", store_dir=store_dir)
    first = q.run_query(PROVINCES, engine=q.OxigraphEngine(store)).rows
    assert [r["l"] for r in first] == ["Jakarta", "Riau Islands"]
    marker = json.loads((store_dir / LOADED_MARKER).read_text(encoding="utf-8"))
    del store
    store = open_oxigraph(out / "mitra.nq", store_dir=store_dir)  # reused: same build
    assert q.run_query(PROVINCES, engine=q.OxigraphEngine(store)).rows == first
    assert json.loads((store_dir / LOADED_MARKER).read_text(encoding="utf-8")) == marker
    del store

    _edit(data / "regions.csv", "Riau Islands", "Riau Archipelago")
    rebuild(Project([data], out_dir=out), steps=("rdf",))
    store = open_oxigraph(out / "mitra.nq", store_dir=store_dir)
    assert [r["l"] for r in q.run_query(PROVINCES, engine=q.OxigraphEngine(store)).rows] == [
        "Jakarta",
        "Riau Archipelago",
    ]


def test_cli_store_option(runner, mini_out, tmp_path):
    # the shared mini build, fresh, so no rebuild: only the store folder is written, and it is the test's own
    store_dir = tmp_path / "store"
    args = [
        "query",
        "--data",
        str(MINI),
        "--out",
        str(mini_out),
        "--store",
        str(store_dir),
        "-e",
        PROVINCES,
        "--format",
        "csv",
    ]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "Riau Islands" in result.stdout and (store_dir / LOADED_MARKER).is_file()


def test_missing_build_is_a_clear_error(tmp_path):
    with pytest.raises(q.QueryError, match="does not exist"):
        q.open_engine("oxigraph", out_dir=tmp_path)
    with pytest.raises(q.QueryError, match="does not exist"):
        q.open_engine("rdflib", out_dir=tmp_path)


@pytest.mark.parametrize("store", sorted(STORES))
def test_new_graph_on_each_store(store):
    g = new_graph(store)
    g.add((MID.jakarta, RDFS.label, Literal("Jakarta", lang="en")))
    assert list(g.objects(MID.jakarta, RDFS.label)) == [Literal("Jakarta", lang="en")]
    assert g.namespace_manager.store.namespace("mid") is not None


def test_rdfs_closure_drops_literal_subjects(mini_out):
    g = open_rdflib(mini_out / "mitra.nt")  # a graph of its own: the shared build is only read
    before = len(g)
    infer_rdfs(g)
    assert len(g) > before
    assert not any(isinstance(s, Literal) for s, _, _ in g)
