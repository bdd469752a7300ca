"""The build stamp: which input files (size, mtime, SHA-256) made the outputs in ``out/``, and whether they changed.

Written last by :mod:`graph.pipeline`, so a stamp certifies a complete build; :func:`check_fresh` compares the
current inputs with it, so no command answers from a stale build.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..io import write_text, written_sha256
from ..paths import Project
from .load import data_files

__all__ = ["STAMP_NAME", "NEEDED_OUTPUTS", "Freshness", "input_files", "write_stamp", "recorded_outputs",
           "check_fresh"]

STAMP_NAME = "build-stamp.json"
"""File beside the build outputs that records the inputs they were built from."""

NEEDED_OUTPUTS = ("mitra.nq", "mitra.nt")
"""Outputs the queries load: a build without them is not fresh, whatever its stamp says."""


# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Freshness:
    """Whether ``out/`` holds a build of the current inputs; ``reason`` says why not (empty when fresh)."""

    fresh: bool
    reason: str = ""


def input_files(project: Project) -> list[Path]:
    """Every file a build of ``project`` reads: data files (folders listed one level deep, like the loader),
    ontology, shapes and QC checks. Sorted and resolved, so two runs compare equal."""
    checks_dir = project.checks_dir
    files = set(data_files(project.inputs, missing_ok=True))
    files.update(Path(p) for p in (project.ontology, project.shapes))
    if checks_dir is not None and Path(checks_dir).is_dir():
        files.update(f for f in Path(checks_dir).iterdir() if f.is_file() and f.suffix == ".rq")
    return sorted(f.resolve() for f in files)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _file_record(path: Path) -> dict:
    st = path.stat()
    # An output this build wrote was hashed as it was written (graph.io); only other files are read back.
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": written_sha256(path) or _sha256(path)}


def write_stamp(out_dir: Path, files: Iterable[Path], *, validated: bool = True,
                outputs: Iterable[Path] = ()) -> Path:
    """Record the inputs of the build now in ``out_dir`` (size, mtime and SHA-256 of each file), and the
    outputs they made (path relative to ``out_dir``, size, mtime, SHA-256), so :func:`check_fresh` can prove
    that the files in ``out_dir`` are the ones this stamp's inputs made (#16)."""
    out_dir = Path(out_dir)
    records = {str(Path(f).resolve()): _file_record(Path(f)) for f in sorted(files)}
    made = {Path(f).relative_to(out_dir).as_posix(): _file_record(Path(f)) for f in sorted(outputs)}
    target = out_dir / STAMP_NAME
    write_text(
        target,
        json.dumps({"version": 2, "validated": validated, "files": records, "outputs": made}, indent=1,
                   sort_keys=True) + "\n",
    )
    return target


def recorded_outputs(out_dir: Path) -> set[str]:
    """The outputs (relative paths) the stamp in ``out_dir`` says the last build made; empty if none."""
    try:
        stamp = json.loads((Path(out_dir) / STAMP_NAME).read_text(encoding="utf-8"))
        return set(stamp.get("outputs", {}))
    except (OSError, ValueError, AttributeError):
        return set()


def _unchanged(path: Path, rec: dict) -> bool:
    """Whether ``path`` still is the file ``rec`` describes: same size and mtime, or else the same SHA-256."""
    try:
        st = path.stat()
    except OSError:
        return False
    if st.st_size == rec.get("size") and st.st_mtime_ns == rec.get("mtime_ns"):
        return True
    return st.st_size == rec.get("size") and _sha256(path) == rec.get("sha256")


def _short(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def check_fresh(project: Project) -> Freshness:
    """Compare the inputs of ``project`` with the stamp in its ``out_dir``: fresh only if every file is unchanged.

    A file whose size and mtime match is taken as unchanged; otherwise its hash decides (so ``touch``
    alone does not force a rebuild). Added or removed data files make the build stale too.
    """
    out_dir = project.out_dir
    for name in NEEDED_OUTPUTS:
        if not (out_dir / name).is_file():
            return Freshness(False, f"{_short(str(out_dir / name))} does not exist")
    stamp_path = out_dir / STAMP_NAME
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        recorded: dict[str, dict] = stamp["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return Freshness(False, f"{_short(str(stamp_path))} is missing or unreadable")
    if not stamp.get("validated", False):
        return Freshness(False, "the last build was not validated")
    made = stamp.get("outputs")
    if not isinstance(made, dict) or not made:
        return Freshness(False, f"{_short(str(stamp_path))} records no outputs (made by an older Mitra)")
    for rel, rec in sorted(made.items()):
        if not _unchanged(out_dir / rel, rec):
            return Freshness(False, f"{_short(str(out_dir / rel))} is not the file the last build made")
    current = [str(f) for f in input_files(project)]
    for name in current:
        if name not in recorded:
            return Freshness(False, f"{_short(name)} is new since the last build")
    for name in sorted(set(recorded) - set(current)):
        return Freshness(False, f"{_short(name)} was removed since the last build")
    for name in current:
        path, rec = Path(name), recorded[name]
        try:
            st = path.stat()
        except OSError:
            return Freshness(False, f"{_short(name)} cannot be read")
        if st.st_size == rec.get("size") and st.st_mtime_ns == rec.get("mtime_ns"):
            continue
        if _sha256(path) != rec.get("sha256"):
            return Freshness(False, f"{_short(name)} changed since the last build")
    return Freshness(True)


