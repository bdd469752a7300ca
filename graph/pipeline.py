"""``mitra build`` end to end, and the rebuild every other command asks for: the only wiring between stages.

``mitra build`` and the rebuild that ``mitra query``, ``serve`` and ``push`` run when the data changed write
the same files through :data:`STEPS`, so a planner's ``out/network.html`` and ``out/exports/`` are never
older than the graph the queries answer from. The stamp is written last: it certifies a complete build.
Each step imports its stage only when it runs (exports and HTML pull in NetworkX and pyvis).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from . import paths
from .build.assemble import Built, build_graph
from .build.stamp import STAMP_NAME, check_fresh, input_files, recorded_outputs, write_stamp
from .io import swap_directory

__all__ = ["STEPS", "ALL_STEPS", "write_build", "build_all", "rebuild", "ensure_fresh"]


def _rdf_step(built: Built, out_dir: Path) -> list[Path]:
    """mitra.ttl, .nt, .nq, .trig, .jsonld, summary.json."""
    from .build.outputs import write_outputs

    return write_outputs(built, out_dir)


def _exports_step(built: Built, out_dir: Path) -> list[Path]:
    """exports/network.{graphml,gexf,json,csv} and the Markdown report exports/jakarta.md."""
    from .export.formats import build_exports

    return build_exports(built.g, out_dir)


def _html_step(built: Built, out_dir: Path) -> list[Path]:
    """network.html."""
    from .export.html import build_network_html

    return build_network_html(built.g, out_dir)


STEPS: dict[str, Callable[[Built, Path], list[Path]]] = {
    "rdf": _rdf_step,
    "exports": _exports_step,
    "html": _html_step,
}
"""Output steps in the order they run: name -> ``function(built, out_dir) -> list[Path]``."""

ALL_STEPS: tuple[str, ...] = tuple(STEPS)


def write_build(
    built: Built,
    out_dir: Path,
    *,
    steps: Sequence[str] = ALL_STEPS,
    ontology: Path = paths.ONTOLOGY,
    shapes: Path = paths.SHAPES,
    checks_dir: Path | None = paths.CHECKS_DIR,
) -> list[Path]:
    """Write ``steps`` of ``built`` into ``out_dir``, then the stamp of the files it was built from.

    ``steps`` must include ``rdf`` (the stamp vouches for the RDF outputs the queries load). Each output is
    written atomically; a failing step raises before the stamp is written, so the next query rebuilds.
    """
    unknown = [s for s in steps if s not in STEPS]
    if unknown or "rdf" not in steps:
        raise ValueError(f"steps must include 'rdf' and come from {', '.join(STEPS)}; got {list(steps)}")
    out_dir = Path(out_dir)
    files = input_files([Path(f) for f in built.data.files], ontology=ontology, shapes=shapes, checks_dir=checks_dir)
    if not _swappable(out_dir, files):
        return _write_steps(built, out_dir, steps, files)
    # Build into a staging folder beside out_dir and swap it in whole: a kill at any moment leaves out_dir
    # the old build or the new one, never new RDF beside an old page and stamp (#16).
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _clear_stale_staging(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.staging-{os.getpid()}-", dir=out_dir.parent))
    try:
        written = _write_steps(built, staging, steps, files, keep_from=out_dir)
        swap_directory(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / p.relative_to(staging) for p in written]


def _clear_stale_staging(out_dir: Path) -> None:
    """Remove the staging folders of builds that were killed (their process is gone)."""
    for p in out_dir.parent.glob(f".{out_dir.name}.staging-*-*"):
        try:
            pid = int(p.name.rsplit(".staging-", 1)[1].split("-", 1)[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(p, ignore_errors=True)
        except (ValueError, PermissionError, IndexError):
            continue


def _swappable(out_dir: Path, inputs: list[Path]) -> bool:
    """A folder may be swapped unless it holds an input or the working directory (then it is written in place)."""
    target = out_dir.resolve()
    inside = [Path.cwd().resolve(), *inputs]
    return not any(p == target or target in p.parents for p in inside)


def _carry_over(old: Path, new: Path, made: set[str]) -> None:
    """Hard-link (else copy) into ``new`` the files of ``old`` that are not outputs of a build: a planner's
    own files in out/ survive the swap, while the old build's outputs never sit beside the new ones."""
    if not old.is_dir():
        return
    for f in sorted(p for p in old.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = f.relative_to(old)
        if rel.as_posix() in made or rel.as_posix() == STAMP_NAME or (new / rel).exists():
            continue
        (new / rel).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(f, new / rel)
        except OSError:
            shutil.copy2(f, new / rel)


def _write_steps(built: Built, out_dir: Path, steps: Sequence[str], files: list[Path], *,
                 keep_from: Path | None = None) -> list[Path]:
    written: list[Path] = []
    for name, step in STEPS.items():
        if name in steps:
            written += step(built, Path(out_dir))
    if keep_from is not None:
        _carry_over(keep_from, out_dir, recorded_outputs(keep_from))
    written.append(write_stamp(out_dir, files, validated=built.validation is not None, outputs=written))
    return written


def build_all(
    inputs: Iterable[Path] | Path = paths.DATA_DIR,
    *,
    out_dir: Path = paths.OUT_DIR,
    ontology: Path = paths.ONTOLOGY,
    shapes: Path = paths.SHAPES,
    checks_dir: Path | None = paths.CHECKS_DIR,
    validate: bool = True,
    steps: Sequence[str] = ALL_STEPS,
) -> tuple[Built, list[Path]]:
    """Load, validate and build ``inputs``, then write ``out_dir`` (what ``mitra build`` does).

    Raises ``LoadError`` or ``ValidationFailed`` before anything is written.
    """
    built = build_graph(inputs, ontology=ontology, shapes=shapes, checks_dir=checks_dir, validate=validate)
    written = write_build(built, out_dir, steps=steps, ontology=ontology, shapes=shapes, checks_dir=checks_dir)
    return built, written


def rebuild(
    inputs: Iterable[Path],
    *,
    out_dir: Path = paths.OUT_DIR,
    ontology: Path = paths.ONTOLOGY,
    shapes: Path = paths.SHAPES,
    checks_dir: Path | None = paths.CHECKS_DIR,
    steps: Sequence[str] = ALL_STEPS,
) -> list[Path]:
    """Validate and build ``inputs`` into ``out_dir`` as ``mitra build`` does (``steps``: every output by
    default, see :data:`STEPS`), then stamp them.

    Raises ``LoadError`` or ``ValidationFailed`` like ``mitra build``; nothing is written then.
    """

    _, written = build_all(
        [Path(p) for p in inputs], out_dir=out_dir, ontology=ontology, shapes=shapes, checks_dir=checks_dir,
        steps=steps,
    )
    return written


def ensure_fresh(
    inputs: Iterable[Path],
    *,
    out_dir: Path = paths.OUT_DIR,
    ontology: Path = paths.ONTOLOGY,
    shapes: Path = paths.SHAPES,
    checks_dir: Path | None = paths.CHECKS_DIR,
    on_rebuild: Callable[[str], None] | None = None,
    steps: Sequence[str] = ALL_STEPS,
) -> str | None:
    """Rebuild ``out_dir`` when its inputs changed, so query, serve and push never answer from a stale build.

    ``on_rebuild(reason)`` is called before the rebuild starts (the CLI says why on stderr). Returns the
    reason it rebuilt, or ``None`` when the build was fresh.
    """
    state = check_fresh(inputs, out_dir=out_dir, ontology=ontology, shapes=shapes, checks_dir=checks_dir)
    if state.fresh:
        return None
    if on_rebuild is not None:
        on_rebuild(state.reason)
    rebuild(inputs, out_dir=out_dir, ontology=ontology, shapes=shapes, checks_dir=checks_dir, steps=steps)
    return state.reason


