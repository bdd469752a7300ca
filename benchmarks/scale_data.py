"""The shipped ``data/`` at k times its size, with ids and references kept consistent so it still validates.

Copy 0 of every row is the row itself; copy ``i`` appends ``-x<i>`` to the row's id and to every id it refers to
(``ref`` and ``source`` columns, multi-valued cells split on ``|``), so each copy is a self-contained replica of
the shipped graph: same shapes, same QC checks, k times the triples. Used by ``bench_build.py``; nothing written
here goes in ``data/``. Inputs are limited to 16 MiB a file (``load.MAX_FILE_BYTES``), so above
``PER_FOLDER`` copies the tables are written into folders ``part-00``, ``part-01``… of ``out_dir``, each a
complete set of tables holding some of the copies; :func:`data_inputs` lists what to build.

    .venv/bin/python benchmarks/scale_data.py 10 /tmp/data-10x
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from graph import paths
from graph.build.mapping import SEPARATOR, TABLES

__all__ = ["PER_FOLDER", "data_inputs", "scale_data"]

# sources.csv is the largest table (about 180 kB shipped): 40 copies stay well under the 16 MiB file limit.
PER_FOLDER = 40


def _suffix(value: str, tag: str, *, multi: bool) -> str:
    if not value.strip():
        return value
    parts = value.split(SEPARATOR) if multi else [value]
    return SEPARATOR.join(f"{p.strip()}{tag}" for p in parts)


def data_inputs(out_dir: Path) -> list[Path]:
    """The folders :func:`scale_data` wrote into ``out_dir``: itself, or its ``part-NN`` folders."""
    parts = sorted(p for p in Path(out_dir).glob("part-*") if p.is_dir())
    return parts or [Path(out_dir)]


def scale_data(k: int, out_dir: Path, *, data_dir: Path = paths.DATA_DIR, per_folder: int = PER_FOLDER) -> list[Path]:
    """Write every CSV of ``data_dir`` into ``out_dir`` with each row present ``k`` times under new ids
    (into ``part-NN`` folders of at most ``per_folder`` copies each when ``k`` is larger)."""
    if k <= per_folder:
        return _write_copies(range(k), out_dir, data_dir)
    written = []
    for n, start in enumerate(range(0, k, per_folder)):
        written += _write_copies(range(start, min(k, start + per_folder)), out_dir / f"part-{n:02d}", data_dir)
    return written


def _write_copies(copies: range, out_dir: Path, data_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sorted(data_dir.glob("*.csv")):
        table = TABLES[src.stem]
        id_cols = {c.name: c for c in table.columns if c.kind in ("id", "ref", "source")}
        with src.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header, rows = list(reader.fieldnames or []), list(reader)
        target = out_dir / src.name
        with target.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            for i in copies:
                tag = f"-x{i}" if i else ""
                for row in rows:
                    if tag:
                        row = {name: (_suffix(v or "", tag, multi=id_cols[name].multi) if name in id_cols else v)
                               for name, v in row.items()}
                    writer.writerow(row)
        written.append(target)
    return written


if __name__ == "__main__":
    scale_data(int(sys.argv[1]), Path(sys.argv[2]))
