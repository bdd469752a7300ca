"""Where the ontology, the shapes, the queries and the data live: the only module that knows the repo layout."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ROOT", "ONTOLOGY_DIR", "ONTOLOGY", "SHAPES", "QUERIES_DIR", "CHECKS_DIR", "DATA_DIR", "OUT_DIR",
           "Project", "DEFAULT_PROJECT"]

# Mitra runs from a checkout or an editable install (a wheel would not carry ontology/ or data/).
ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "mitra.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ONTOLOGY_DIR / "queries"
CHECKS_DIR = ONTOLOGY_DIR / "checks"
DATA_DIR = ROOT / "data"
OUT_DIR = ROOT / "out"


@dataclass(frozen=True)
class Project:
    """The files one build reads and the folder it writes, as one value.

    The loader, the validator, the freshness stamp and every command that rebuilds must agree on the same five
    paths; passing them as one frozen value (instead of five parameters through every signature) keeps them
    from drifting apart. ``inputs`` takes one path or several and is kept as a tuple of ``Path``;
    ``checks_dir=None`` runs no QC checks.

    Example:
        >>> p = Project("data", out_dir="build")
        >>> p.inputs, p.out_dir
        ((PosixPath('data'),), PosixPath('build'))
    """

    inputs: tuple[Path, ...] = (DATA_DIR,)
    out_dir: Path = OUT_DIR
    ontology: Path = ONTOLOGY
    shapes: Path = SHAPES
    checks_dir: Path | None = CHECKS_DIR

    def __post_init__(self) -> None:
        raw: str | os.PathLike | Iterable = self.inputs
        items = (raw,) if isinstance(raw, (str, os.PathLike)) else tuple(raw)
        object.__setattr__(self, "inputs", tuple(Path(p) for p in items))
        for name in ("out_dir", "ontology", "shapes"):
            object.__setattr__(self, name, Path(getattr(self, name)))
        if self.checks_dir is not None:
            object.__setattr__(self, "checks_dir", Path(self.checks_dir))


DEFAULT_PROJECT = Project()
"""The checkout's own data/, ontology/ and out/."""
