"""The build's RDF files: the validated graph in Turtle, N-Triples, N-Quads, TriG, JSON-LD, and a summary."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from rdflib import URIRef

from ..io import write_text
from ..rdf import jsonld, nt_rows, trig, triples_of, turtle
from .assemble import Built, summarize

__all__ = ["ONTOLOGY_GRAPH", "DATA_GRAPH", "OUTPUT_FILES", "serialize_outputs", "write_outputs"]

# Named graphs of the TriG/N-Quads outputs, so a triple store can replace the data without the vocabulary.
ONTOLOGY_GRAPH = URIRef("https://w3id.org/mitra/graph/ontology")
DATA_GRAPH = URIRef("https://w3id.org/mitra/graph/data")
OUTPUT_FILES = ("mitra.ttl", "mitra.nt", "mitra.nq", "mitra.trig", "mitra.jsonld", "summary.json")


def _line_files(built: Built) -> tuple[str, str]:
    """``mitra.nt`` and ``mitra.nq`` from one N-Triples row per triple (each distinct term quoted once for
    both files): the sorted distinct lines of the union, and of each named graph with its name."""
    cache: dict = {}
    ont_rows = nt_rows(triples_of(built.ont), cache)
    data_rows = nt_rows(triples_of(built.data.g), cache)
    nt = sorted({f"{row} ." for rows in (ont_rows, data_rows) for row in rows})
    nq = sorted({f"{row} <{iri}> ." for iri, rows in ((ONTOLOGY_GRAPH, ont_rows), (DATA_GRAPH, data_rows))
                 for row in rows})
    del cache, ont_rows, data_rows
    return "\n".join(nt) + "\n", "\n".join(nq) + "\n"


def _texts(built: Built) -> Iterator[tuple[str, str]]:
    """Each output file's name and text, one at a time (the caller writes each before the next is made, so
    only one text is held at 100× the shipped data). Same input, same bytes: every writer sorts (see
    :mod:`graph.rdf`)."""
    parts = ((ONTOLOGY_GRAPH, built.ont), (DATA_GRAPH, built.data.g))
    yield "mitra.ttl", turtle(built.g)
    nt, nq = _line_files(built)
    yield "mitra.nt", nt
    del nt
    yield "mitra.nq", nq
    del nq
    yield "mitra.trig", trig(parts)
    yield "mitra.jsonld", jsonld(built.g)
    yield "summary.json", json.dumps(summarize(built), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def serialize_outputs(built: Built) -> dict[str, str]:
    """Every output file's text (for library callers and tests; :func:`write_outputs` writes them one by one)."""
    return dict(_texts(built))


def write_outputs(built: Built, out_dir: Path, *, write: Callable[[Path, str], None] = write_text) -> list[Path]:
    """Serialize each file and write it atomically into ``out_dir`` before the next is made.

    A failure part-way leaves files of this build beside older ones in ``out_dir``: ``mitra build`` writes
    into a staging folder it swaps in whole (:func:`graph.pipeline.write_build`), so ``out/`` never shows that.
    """
    written = []
    for name, text in _texts(built):
        target = Path(out_dir) / name
        write(target, text)
        del text
        written.append(target)
    return written


