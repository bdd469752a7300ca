"""out/ changes as one unit: a build killed at any moment leaves the old build or the new one, and the stamp
proves which inputs made which outputs (#16)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import edit

from graph.build.stamp import STAMP_NAME, check_fresh
from graph.paths import Project
from graph.pipeline import build_all


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _consistent(out: Path) -> dict:
    """The stamp of ``out``, after checking that every file in ``out`` is an output it records, unchanged."""
    stamp = json.loads((out / STAMP_NAME).read_text(encoding="utf-8"))
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert files == set(stamp["outputs"]) | {STAMP_NAME}, files ^ (set(stamp["outputs"]) | {STAMP_NAME})
    for rel, rec in stamp["outputs"].items():
        assert _sha(out / rel) == rec["sha256"], f"{rel} is not what this stamp's build wrote"
    return stamp


# Where a build is killed (each a real SIGKILL of a `mitra build`, at a file-system step, so deterministically):
KILL_POINTS = (
    ("before", "replace", 1),  # the staging folder made, nothing written in it yet
    ("before", "replace", 8),  # half the outputs written into it (the RDF, not the exports and the page)
    ("before", "exchange", 1),  # every output and the stamp written: the moment before the swap
    ("after", "exchange", 1),  # swapped, the staging folder (holding the old build) not yet removed
    None,  # the last round runs to its end
)
BUILD_MODULES = ("graph.pipeline", "graph.build.assemble", "graph.build.validate", "graph.export.formats",
                 "graph.export.html", "graph.export.report", "pyoxigraph")
"""What a build imports, imported once by the kill driver rather than by every run."""


@pytest.mark.slow
def test_sigkill_during_build_leaves_the_old_or_the_new_build_never_a_mix(mini, tmp_path, step_killer):
    out = tmp_path / "out"
    build_all(Project([mini], out_dir=out))
    old = _consistent(out)
    edit(mini, "regions.csv", "DKI Jakarta,Jakarta,", "DKI Jakarta,Jakarta Raya,")
    outcomes, new_inputs = [], None
    for point in KILL_POINTS:  # each round starts from what the kill before it left (a stale staging folder)
        run = step_killer.run(["build", "--data", mini, "--out", out], point, warm=BUILD_MODULES)
        assert run.killed == (point is not None) and (run.killed or run.code == 0), (
            point, run, step_killer.log.read_text(errors="replace")[-2000:])
        stamp = _consistent(out)
        new = "Jakarta Raya" in (out / "mitra.ttl").read_text(encoding="utf-8")
        if new:
            new_inputs = new_inputs or stamp["files"]
            assert stamp["files"] == new_inputs and stamp["files"] != old["files"]
        else:
            assert stamp == old
        # a query asks check_fresh: fresh exactly when out/ holds the build of the current data
        assert check_fresh(Project([mini], out_dir=out)).fresh == new
        outcomes.append(new)
    assert outcomes == [False, False, False, True, True], outcomes
    # the whole build, for the record: the outputs written into the staging folder, the exchange, the clean-up
    assert run.steps[-2:] == ("exchange", "rmtree") and run.steps.count("replace") > 8, run.steps
    # the next build clears the staging folders that killed builds left
    assert [p.name for p in tmp_path.iterdir() if ".staging-" in p.name] == []


def test_an_output_changed_after_the_build_makes_it_stale(mini, tmp_path):
    out = tmp_path / "out"
    build_all(Project([mini], out_dir=out), steps=("rdf",))
    assert check_fresh(Project([mini], out_dir=out)).fresh
    (out / "mitra.ttl").write_text("# not what the build wrote\n", encoding="utf-8")
    state = check_fresh(Project([mini], out_dir=out))
    assert not state.fresh and "mitra.ttl is not the file the last build made" in state.reason


def test_a_planners_own_file_in_out_survives_a_rebuild_but_old_outputs_do_not(mini, tmp_path):
    out = tmp_path / "out"
    build_all(Project([mini], out_dir=out))
    (out / "my-notes.txt").write_text("keep me", encoding="utf-8")
    build_all(Project([mini], out_dir=out), steps=("rdf",))
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "keep me"
    assert not (out / "network.html").exists(), "an old page must not sit beside the new RDF"
    assert check_fresh(Project([mini], out_dir=out)).fresh
