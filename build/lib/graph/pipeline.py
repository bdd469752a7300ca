"""``mitra build`` end to end: the validated graph, then every file of ``out/`` from one list of steps.

``mitra build`` and the rebuild that ``mitra query``, ``serve`` and ``push`` run when the data changed write
the same files through :data:`STEPS`, so a planner's ``out/network.html`` and ``out/exports/`` are never
older than the graph the queries answer from. The stamp is written last: it certifies a complete build.
Each step's module is imported only when the step runs (exports and HTML pull in NetworkX and pyvis).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths

if TYPE_CHECKING:  # pragma: no cover
    from .build import Built

__all__ = ["STEPS", "ALL_STEPS", "write_build", "build_all"]

STEPS: dict[str, str] = {
    "rdf": "graph.build:write_outputs",  # mitra.ttl, .nt, .nq, .trig, .jsonld, summary.json
    "exports": "graph.export:build_exports",  # exports/network.{graphml,gexf,json,csv}, exports/jakarta.md
    "html": "graph.html:build_network_html",  # network.html
}
"""Output steps in the order they run: name -> ``module:function(built, out_dir) -> list[Path]``."""

ALL_STEPS: tuple[str, ...] = tuple(STEPS)


def _step(name: str):  # noqa: ANN202 - a step function, see STEPS
    module, _, func = STEPS[name].partition(":")
    return getattr(importlib.import_module(module), func)


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
    from .store import input_files, write_stamp

    unknown = [s for s in steps if s not in STEPS]
    if unknown or "rdf" not in steps:
        raise ValueError(f"steps must include 'rdf' and come from {', '.join(STEPS)}; got {list(steps)}")
    written: list[Path] = []
    for name in STEPS:
        if name in steps:
            written += _step(name)(built, Path(out_dir))
    files = input_files([Path(f) for f in built.data.files], ontology=ontology, shapes=shapes, checks_dir=checks_dir)
    written.append(write_stamp(out_dir, files, validated=built.validation is not None))
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
    from .build import build_graph

    built = build_graph(inputs, ontology=ontology, shapes=shapes, checks_dir=checks_dir, validate=validate)
    written = write_build(built, out_dir, steps=steps, ontology=ontology, shapes=shapes, checks_dir=checks_dir)
    return built, written
