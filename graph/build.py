"""Assemble ontology and data into one graph, validate it, and write it to ``out/`` in every RDF format."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from . import paths
from .errors import ValidationFailed
from .io import write_text
from .load import LoadedData, load_data, load_ontology
from .namespaces import MITRA, PREFIXES, RDF, bind_prefixes, curie
from .validate import ValidationResult, validate_graph

__all__ = [
    "ONTOLOGY_GRAPH",
    "DATA_GRAPH",
    "Built",
    "build_graph",
    "merge_graphs",
    "serialize_outputs",
    "write_outputs",
    "summarize",
]

# Named graphs of the TriG/N-Quads outputs, so a triple store can replace the data without the vocabulary.
ONTOLOGY_GRAPH = URIRef("https://w3id.org/mitra/graph/ontology")
DATA_GRAPH = URIRef("https://w3id.org/mitra/graph/data")
OUTPUT_FILES = ("mitra.ttl", "mitra.nt", "mitra.nq", "mitra.trig", "mitra.jsonld", "summary.json")


@dataclass(frozen=True)
class Built:
    """A built graph: ``g`` (ontology + data), the loaded data with origins, the ontology, and validation."""

    g: Graph
    data: LoadedData
    ont: Graph
    validation: ValidationResult | None


def merge_graphs(*graphs: Graph) -> Graph:
    """One graph holding every triple of ``graphs``, with Mitra's prefixes."""
    g = bind_prefixes(Graph())
    for part in graphs:
        for t in part:
            g.add(t)
    return g


def build_graph(inputs: Iterable[Path] | Path = paths.DATA_DIR, *, ontology: Path = paths.ONTOLOGY,
                shapes: Path = paths.SHAPES, checks_dir: Path | None = paths.CHECKS_DIR,
                validate: bool = True) -> Built:
    """Load ``inputs`` and the ontology, validate (unless told not to) and merge.

    Raises ``LoadError`` for unreadable input and ``ValidationFailed`` for a non-conforming graph.
    """
    ont = load_ontology(ontology)
    data = load_data(inputs, ont)
    result = None
    if validate:
        result = validate_graph(data, shapes=load_ontology(shapes), ont=ont, checks_dir=checks_dir)
        if not result.conforms:
            raise ValidationFailed(result)
    return Built(g=merge_graphs(ont, data.g), data=data, ont=ont, validation=result)


def _sorted_lines(text: str) -> str:
    lines = sorted({ln for ln in text.splitlines() if ln.strip()})
    return "\n".join(lines) + "\n"


def serialize_outputs(built: Built) -> dict[str, str]:
    """Every output file's text, computed in memory first so a failure leaves ``out/`` untouched.

    Turtle is ``longturtle`` with ``canon=True`` and N-Triples/N-Quads are sorted: same input, same bytes.
    """
    ds = Dataset()
    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri, override=True, replace=True)
    for graph_iri, part in ((ONTOLOGY_GRAPH, built.ont), (DATA_GRAPH, built.data.g)):
        named = ds.graph(graph_iri)
        for t in part:
            named.add(t)
    context = {prefix: iri for prefix, iri in PREFIXES.items()}
    return {
        "mitra.ttl": built.g.serialize(format="longturtle", canon=True),
        "mitra.nt": _sorted_lines(built.g.serialize(format="nt")),
        "mitra.nq": _sorted_lines(ds.serialize(format="nquads")),
        "mitra.trig": ds.serialize(format="trig"),
        # The context is inline: JSON-LD contexts are never fetched (no network at run time).
        "mitra.jsonld": built.g.serialize(format="json-ld", context=context, auto_compact=True, sort_keys=True),
        "summary.json": json.dumps(summarize(built), indent=2, ensure_ascii=False, sort_keys=True) + "\n",
    }


def write_outputs(built: Built, out_dir: Path) -> list[Path]:
    """Serialize everything, then write each file atomically into ``out_dir``."""
    texts = serialize_outputs(built)
    written = []
    for name, text in texts.items():
        target = Path(out_dir) / name
        write_text(target, text)
        written.append(target)
    return written


def summarize(built: Built) -> dict:
    """Counts a planner checks after a build: entities per Mitra class, triples, sources, files."""
    data = built.data.g
    per_class = Counter(curie(str(o)) for s, o in data.subject_objects(RDF.type) if str(o).startswith(str(MITRA)))
    return {
        "triples": len(built.g),
        "data_triples": len(data),
        "ontology_triples": len(built.ont),
        "entities": sum(per_class.values()),
        "entities_per_class": dict(sorted(per_class.items())),
        "sources": per_class.get("mitra:Source", 0),
        "files": len(built.data.files),
    }
