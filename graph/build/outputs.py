"""The build's RDF files: the validated graph in Turtle, N-Triples, N-Quads, TriG, JSON-LD, and a summary."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import URIRef

from ..io import write_text
from ..rdf import jsonld, nquads, ntriples, trig, turtle
from .assemble import Built, summarize

__all__ = ["ONTOLOGY_GRAPH", "DATA_GRAPH", "OUTPUT_FILES", "serialize_outputs", "write_outputs"]

# Named graphs of the TriG/N-Quads outputs, so a triple store can replace the data without the vocabulary.
ONTOLOGY_GRAPH = URIRef("https://w3id.org/mitra/graph/ontology")
DATA_GRAPH = URIRef("https://w3id.org/mitra/graph/data")
OUTPUT_FILES = ("mitra.ttl", "mitra.nt", "mitra.nq", "mitra.trig", "mitra.jsonld", "summary.json")


def serialize_outputs(built: Built) -> dict[str, str]:
    """Every output file's text, computed in memory first so a failure leaves ``out/`` untouched.

    Same input, same bytes: Turtle is ``longturtle`` with ``canon=True``, N-Triples/N-Quads are sorted,
    TriG is built from canonical Turtle and JSON-LD has its arrays sorted.
    """
    parts = ((ONTOLOGY_GRAPH, built.ont), (DATA_GRAPH, built.data.g))
    return {
        "mitra.ttl": turtle(built.g),
        "mitra.nt": ntriples(built.g),
        "mitra.nq": nquads(parts),
        "mitra.trig": trig(parts),
        "mitra.jsonld": jsonld(built.g),
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


