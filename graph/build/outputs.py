"""The build's RDF files: the validated graph in Turtle, N-Triples, N-Quads, TriG, JSON-LD, and a summary."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import URIRef

from ..io import write_pieces
from ..rdf import (
    TripleStore,
    jsonld_chunks,
    ntriples_and_nquads,
    trig,
    triples_of,
    turtle,
    turtle_and_trig,
)
from .assemble import Built, summarize

__all__ = ["ONTOLOGY_GRAPH", "DATA_GRAPH", "OUTPUT_FILES", "serialize_outputs", "write_outputs"]

# Named graphs of the TriG/N-Quads outputs, so a triple store can replace the data without the vocabulary.
ONTOLOGY_GRAPH = URIRef("https://w3id.org/mitra/graph/ontology")
DATA_GRAPH = URIRef("https://w3id.org/mitra/graph/data")
OUTPUT_FILES = ("mitra.ttl", "mitra.nt", "mitra.nq", "mitra.trig", "mitra.jsonld", "summary.json")


def _line_files(built: Built) -> Iterator[tuple[str, Iterable[str]]]:
    """``mitra.nt``, then ``mitra.nq``: the sorted distinct lines of the union, then of each named graph with
    its name, each file's lines made one subject at a time as they are written
    (:func:`graph.rdf.ntriples_and_nquads`): at 100× the shipped data a row per triple held for both files
    was hundreds of MB (#15)."""
    nt, nq = ntriples_and_nquads(((ONTOLOGY_GRAPH, built.ont), (DATA_GRAPH, built.data.g)))
    yield "mitra.nt", nt
    yield "mitra.nq", nq


def _texts(built: Built) -> Iterator[tuple[str, Iterable[str]]]:
    """Each output file's name and text as chunks, one file at a time: the caller writes each before the next
    is made, so at 100× the shipped data no two texts are held at once. Same input, same bytes: every writer
    sorts (see :mod:`graph.rdf`); each RDF file is made one subject at a time from the graphs' subject indexes
    when it can (#15: at 100× the shipped data the grouped triples had been the outputs' peak)."""
    parts = ((ONTOLOGY_GRAPH, built.ont), (DATA_GRAPH, built.data.g))
    both = turtle_and_trig(parts) if _is_union(built) else None
    yield "mitra.ttl", [turtle(built.g)] if both is None else both[0]
    yield "mitra.trig", [trig(parts)] if both is None else both[1]
    del both
    yield from _line_files(built)
    yield "mitra.jsonld", jsonld_chunks(built.g)
    yield "summary.json", [json.dumps(summarize(built), indent=2, ensure_ascii=False, sort_keys=True) + "\n"]


def _is_union(built: Built) -> bool:
    """Whether ``built.g`` holds exactly the triples of the ontology and the data (as :func:`build_graph`
    makes it): only then is its Turtle the one of the two graphs' blocks. A graph a caller assembled
    otherwise is written from its own triples."""
    store, parts = built.g.store, (built.ont.store, built.data.g.store)
    if isinstance(store, TripleStore) and store.is_union_of(parts):  # known without a look-up per triple
        return True
    ont, data = triples_of(built.ont), triples_of(built.data.g)
    if len(built.g) != len(ont) + len(data):
        return False
    held = store if isinstance(store, TripleStore) else set(triples_of(built.g))
    return all(t in held for t in ont) and all(t in held for t in data)


def serialize_outputs(built: Built) -> dict[str, str]:
    """Every output file's text (for library callers and tests; :func:`write_outputs` writes them one by one)."""
    return {name: "".join(chunks) for name, chunks in _texts(built)}


def write_outputs(built: Built, out_dir: Path) -> list[Path]:
    """Serialize each file and write it atomically into ``out_dir`` before the next is made.

    A failure part-way leaves files of this build beside older ones in ``out_dir``: ``mitra build`` writes
    into a staging folder it swaps in whole (:func:`graph.pipeline.write_build`), so ``out/`` never shows that.
    """
    written = []
    for name, chunks in _texts(built):
        target = Path(out_dir) / name
        write_pieces(target, chunks)
        del chunks
        written.append(target)
    return written


