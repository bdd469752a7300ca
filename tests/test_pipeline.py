"""`mitra build` end to end (graph/pipeline.py): every output from one list of steps, the stamp last."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph.build.stamp import STAMP_NAME, check_fresh
from graph.errors import ValidationFailed
from graph.paths import Project
from graph.pipeline import ALL_STEPS, STEPS, build_all, write_build

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def built_mini(tmp_path_factory):
    out = tmp_path_factory.mktemp("pipeline-out")
    built, written = build_all(Project([MINI], out_dir=out))
    return out, built, written


def test_every_step_writes_its_files_and_the_stamp_comes_last(built_mini):
    out, built, written = built_mini
    names = {p.relative_to(out).as_posix() for p in written}
    assert {"mitra.nq", "mitra.nt", "mitra.ttl", "network.html", "exports/network.graphml"} <= names
    assert written[-1] == out / STAMP_NAME
    assert all(p.is_file() for p in written)
    assert check_fresh(Project([MINI], out_dir=out)).fresh
    stamp = json.loads((out / STAMP_NAME).read_text(encoding="utf-8"))
    assert {Path(f).name for f in stamp["files"]} >= {"regions.csv", "mitra.ttl", "shapes.ttl"}


def test_steps_run_in_their_declared_order_whatever_order_is_asked(built_mini, tmp_path):
    _, built, _ = built_mini
    written = write_build(built, Project(out_dir=tmp_path), steps=("html", "rdf"))
    names = [p.relative_to(tmp_path).as_posix() for p in written]
    assert names.index("mitra.nq") < names.index("network.html") < names.index(STAMP_NAME)
    assert not (tmp_path / "exports").exists()


@pytest.mark.parametrize("steps", [("html",), ("rdf", "pdf"), ()])
def test_a_build_without_the_rdf_outputs_or_with_an_unknown_step_is_refused(built_mini, tmp_path, steps):
    _, built, _ = built_mini
    with pytest.raises(ValueError, match="must include 'rdf'"):
        write_build(built, Project(out_dir=tmp_path), steps=steps)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_step_leaves_no_stamp_so_the_next_query_rebuilds(built_mini, tmp_path, monkeypatch):
    _, built, _ = built_mini
    (tmp_path / "network.html").mkdir()  # what was there before the build
    # The build now writes into a staging folder, so a folder in out/ no longer makes a step fail: a step that
    # fails as a full disk would (after writing part of its output) stands in for it.
    from graph import pipeline

    def full_disk(built, out_dir, network=None):
        (Path(out_dir) / "network.html").write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(pipeline.STEPS, "html", full_disk)
    with pytest.raises(OSError):
        write_build(built, Project(out_dir=tmp_path))
    assert not (tmp_path / STAMP_NAME).exists()
    assert not check_fresh(Project([MINI], out_dir=tmp_path)).fresh
    assert [p.name for p in tmp_path.iterdir()] == ["network.html"] and (tmp_path / "network.html").is_dir()
    assert not [p for p in tmp_path.parent.iterdir() if ".staging-" in p.name]


def test_invalid_data_writes_nothing(tmp_path):
    data = Path(shutil.copytree(MINI, tmp_path / "data"))
    agreements = data / "agreements.csv"  # a sister-city agreement with one party only
    text = agreements.read_text(encoding="utf-8")
    agreements.write_text(text.replace("jakarta|rotterdam", "jakarta"), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ValidationFailed):
        build_all(Project([data], out_dir=out))
    assert not out.exists()


def test_steps_are_functions_in_build_order():
    assert tuple(STEPS) == ALL_STEPS and ALL_STEPS[0] == "rdf"
    for name in STEPS:
        assert callable(STEPS[name])


def test_a_project_is_one_frozen_value_whatever_form_its_paths_come_in(tmp_path):
    one = Project(str(tmp_path), out_dir=str(tmp_path / "out"))
    assert one == Project([tmp_path], out_dir=tmp_path / "out") == Project((tmp_path,), out_dir=tmp_path / "out")
    assert one.inputs == (tmp_path,) and one.out_dir == tmp_path / "out" and one.checks_dir is not None
    assert hash(one) == hash(Project([tmp_path], out_dir=tmp_path / "out"))
    with pytest.raises(AttributeError):
        one.out_dir = tmp_path  # type: ignore[misc]
    assert Project(tmp_path, checks_dir=None).checks_dir is None
