"""Assemble ontology and data into one graph, validate it, and write it to ``out/`` in every RDF format."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

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
    g = merge_graphs(ont, data.g)
    result = None
    if validate:
        result = validate_graph(data, shapes=load_ontology(shapes), ont=ont, checks_dir=checks_dir, merged=g)
        if not result.conforms:
            raise ValidationFailed(result)
    return Built(g=g, data=data, ont=ont, validation=result)


def _sorted_lines(text: str) -> str:
    lines = sorted({ln for ln in text.splitlines() if ln.strip()})
    return "\n".join(lines) + "\n"


def _nquads(parts: tuple[tuple[URIRef, Graph], ...]) -> str:
    """N-Quads from each graph's N-Triples: rdflib's N-Quads serializer goes through the deprecated
    ``Dataset.contexts`` (a DeprecationWarning, an error under the test suite's filterwarnings)."""
    lines = []
    for graph_iri, part in parts:
        for ln in part.serialize(format="nt").splitlines():
            if ln.strip():
                lines.append(f"{ln.rstrip().removesuffix('.').rstrip()} <{graph_iri}> .")
    return _sorted_lines("\n".join(lines))


def _trig(parts: tuple[tuple[URIRef, Graph], ...]) -> str:
    """TriG with the named graphs in a fixed order, each body in canonical ``longturtle``.

    rdflib's TriG serializer orders the graphs by hash, so its output changed from run to run
    (PYTHONHASHSEED). The bodies share one namespace manager, so a prefix rdflib invents (``ns1``)
    means the same in every graph. Blank-node labels are document-wide in TriG; neither of Mitra's
    graphs holds blank nodes.
    """
    nm = bind_prefixes(Graph()).namespace_manager
    prefixes: dict[str, None] = {}
    blocks = []
    for graph_iri, part in parts:
        g = Graph(namespace_manager=nm)
        for triple in part:
            g.add(triple)
        body = []
        # not indented: a multi-line literal is written between triple quotes, and indenting would change it
        for ln in g.serialize(format="longturtle", canon=True).splitlines(keepends=True):
            if ln.startswith("PREFIX "):
                prefixes[ln] = None
            else:
                body.append(ln)
        blocks.append(f"<{graph_iri}> {{\n{''.join(body).strip()}\n}}\n")
    return "".join(prefixes) + "\n" + "\n".join(blocks)


def _sorted_json(value: object, key: str | None = None) -> object:
    """JSON-LD with every array sorted (except ``@list``s, whose order is data), so the bytes are stable."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(g: Graph) -> str:
    # The context is inline: JSON-LD contexts are never fetched (no network at run time).
    text = g.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    return json.dumps(_sorted_json(json.loads(text)), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def serialize_outputs(built: Built) -> dict[str, str]:
    """Every output file's text, computed in memory first so a failure leaves ``out/`` untouched.

    Same input, same bytes: Turtle is ``longturtle`` with ``canon=True``, N-Triples/N-Quads are sorted,
    TriG is built from canonical Turtle and JSON-LD has its arrays sorted.
    """
    parts = ((ONTOLOGY_GRAPH, built.ont), (DATA_GRAPH, built.data.g))
    return {
        "mitra.ttl": built.g.serialize(format="longturtle", canon=True),
        "mitra.nt": _sorted_lines(built.g.serialize(format="nt")),
        "mitra.nq": _nquads(parts),
        "mitra.trig": _trig(parts),
        "mitra.jsonld": _jsonld(built.g),
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
