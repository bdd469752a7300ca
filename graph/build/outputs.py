"""The build's RDF files: the validated graph in Turtle, N-Triples, N-Quads, TriG, JSON-LD, and a summary."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import URIRef

from ..io import write_pieces, write_pieces_together
from ..rdf import (
    TripleStore,
    collector_paused,
    jsonld_chunks,
    ntriples_and_nquads_pieces,
    trig,
    triples_of,
    turtle,
    turtle_and_trig_pieces,
)
from .assemble import RELEASE_FROM, Built, summarize

__all__ = ["ONTOLOGY_GRAPH", "DATA_GRAPH", "OUTPUT_FILES", "serialize_outputs", "write_outputs"]

# Named graphs of the TriG/N-Quads outputs, so a triple store can replace the data without the vocabulary.
ONTOLOGY_GRAPH = URIRef("https://w3id.org/mitra/graph/ontology")
DATA_GRAPH = URIRef("https://w3id.org/mitra/graph/data")
OUTPUT_FILES = ("mitra.ttl", "mitra.nt", "mitra.nq", "mitra.trig", "mitra.jsonld", "summary.json")


def _texts(built: Built) -> Iterator[tuple[str, Iterable[str]]]:
    """Each output file's name and text as chunks, one file at a time: the caller writes each before the next
    is made, so at 100× the shipped data no two texts are held at once. Same input, same bytes: every writer
    sorts (see :mod:`graph.rdf`); each RDF file is made one subject at a time from the graphs' subject indexes
    when it can (#15: at 100× the shipped data the grouped triples had been the outputs' peak)."""
    for names, pieces in _grouped_texts(built):
        if len(names) == 1:
            yield names[0], (piece for (piece,) in pieces)
        else:  # made together, given one after the other (serialize_outputs joins each whole anyway)
            texts: list[list[str]] = [[] for _ in names]
            for item in pieces:
                for chunks, piece in zip(texts, item, strict=True):
                    chunks.append(piece)
            yield from zip(names, texts, strict=True)


def _grouped_texts(built: Built) -> Iterator[tuple[tuple[str, ...], Iterable[tuple[str, ...]]]]:
    """The output files in groups written together: each group's names and a stream of pieces, one for each of
    its files per item. Turtle and TriG are one group when they share their blocks
    (:func:`graph.rdf.turtle_and_trig_pieces`: each data block made once, #15)."""
    parts = ((ONTOLOGY_GRAPH, built.ont), (DATA_GRAPH, built.data.g))
    both = turtle_and_trig_pieces(parts) if _is_union(built) else None
    if both is None:
        yield ("mitra.ttl",), [(turtle(built.g),)]
        yield ("mitra.trig",), [(trig(parts),)]
    else:
        yield ("mitra.ttl", "mitra.trig"), both
    del both
    yield ("mitra.nt", "mitra.nq"), ntriples_and_nquads_pieces(parts)
    yield ("mitra.jsonld",), ((chunk,) for chunk in jsonld_chunks(built.g))
    yield ("summary.json",), [(json.dumps(summarize(built), indent=2, ensure_ascii=False, sort_keys=True) + "\n",)]


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


def _collector_paused_if_large(built: Built) -> contextlib.AbstractContextManager:
    """:func:`graph.rdf.collector_paused` for a graph of :data:`~graph.build.assemble.RELEASE_FROM` triples or
    more: the writers make hundreds of thousands of short-lived tuples and lists and no cycles, and each
    collection of the oldest generation they trigger walks the whole built graph (at 30x the shipped data about
    0.6 CPU s each, 0.8-1.0 s of the outputs' 6 s, #15). A smaller build has not freed validation's leftovers
    (``assemble.release_validation_memory`` runs from that size): there the collections free them as before,
    and a paused collector kept them to the end of the build (4 MB more at the build's peak at 1x)."""
    return collector_paused() if len(built.g) >= RELEASE_FROM else contextlib.nullcontext()


def serialize_outputs(built: Built) -> dict[str, str]:
    """Every output file's text (for library callers and tests; :func:`write_outputs` writes them one by one)."""
    with _collector_paused_if_large(built):
        return {name: "".join(chunks) for name, chunks in _texts(built)}


def write_outputs(built: Built, out_dir: Path) -> list[Path]:
    """Serialize each file and write it atomically into ``out_dir`` before the next is made.

    A failure part-way leaves files of this build beside older ones in ``out_dir``: ``mitra build`` writes
    into a staging folder it swaps in whole (:func:`graph.pipeline.write_build`), so ``out/`` never shows that.

    The cyclic garbage collector is paused meanwhile for a large graph (:func:`_collector_paused_if_large`).
    """
    written = []
    with _collector_paused_if_large(built):
        for names, pieces in _grouped_texts(built):
            targets = [Path(out_dir) / name for name in names]
            if len(targets) == 1:
                write_pieces(targets[0], (piece for (piece,) in pieces))
            else:
                write_pieces_together(targets, pieces)
            del pieces
            written += targets
    return written


