"""Where the ontology, the shapes, the queries and the data live: the only module that knows the repo layout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ROOT", "ONTOLOGY_DIR", "ONTOLOGY", "SHAPES", "QUERIES_DIR", "CHECKS_DIR", "DATA_DIR", "OUT_DIR"]

# Mitra runs from a checkout or an editable install (a wheel would not carry ontology/ or data/).
ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "mitra.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ONTOLOGY_DIR / "queries"
CHECKS_DIR = ONTOLOGY_DIR / "checks"
DATA_DIR = ROOT / "data"
OUT_DIR = ROOT / "out"
