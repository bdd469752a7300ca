"""Assemble ontology and data into one validated graph: the build stage's one entry point, :func:`build_graph`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .. import paths
from ..errors import ValidationFailed
from ..namespaces import MITRA, RDF, curie
from ..rdf import merge_graphs
from .load import LoadedData, load_data, load_ontology
from .validate import ValidationResult, validate_graph

__all__ = ["Built", "build_graph", "summarize"]


@dataclass(frozen=True)
class Built:
    """A built graph: ``g`` (ontology + data), the loaded data with origins, the ontology, and validation."""

    g: Graph
    data: LoadedData
    ont: Graph
    validation: ValidationResult | None


def build_graph(inputs: Iterable[Path] | Path = paths.DATA_DIR, *, ontology: Path = paths.ONTOLOGY,
                shapes: Path = paths.SHAPES, checks_dir: Path | None = paths.CHECKS_DIR,
                validate: bool = True) -> Built:
    """Load ``inputs`` and the ontology, validate (unless told not to) and merge.

    Raises ``LoadError`` for unreadable input and ``ValidationFailed`` for a non-conforming graph.
    """
    ont = load_ontology(ontology)
    data = load_data(inputs, ont)
    g = merge_graphs(ont, data.g)
    result = None
    if validate:
        result = validate_graph(data, shapes=load_ontology(shapes), ont=ont, checks_dir=checks_dir, merged=g)
        if not result.conforms:
            raise ValidationFailed(result)
    return Built(g=g, data=data, ont=ont, validation=result)


def summarize(built: Built) -> dict:
    """Counts a planner checks after a build: entities per Mitra class, triples, sources, files."""
    data = built.data.g
    per_class = Counter(curie(str(o)) for o in data.objects(None, RDF.type) if str(o).startswith(str(MITRA)))
    return {
        "triples": len(built.g),
        "data_triples": len(data),
        "ontology_triples": len(built.ont),
        "entities": sum(per_class.values()),
        "entities_per_class": dict(sorted(per_class.items())),
        "sources": per_class.get("mitra:Source", 0),
        "files": len(built.data.files),
    }
