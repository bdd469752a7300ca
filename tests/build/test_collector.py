"""The build's shortcuts around rdflib and the cyclic collector (#15, session 23): each gives what the plain way
gives, and leaves the collector as it found it."""

from __future__ import annotations

import gc

import pytest
from rdflib import BNode, Graph

from graph import paths
from graph.build.assemble import build_graph, derive_provinces
from graph.build.load import load_data, load_ontology
from graph.build.mapping import id_term
from graph.errors import ValidationFailed
from graph.namespaces import MID, MITRA, RDF
from graph.paths import Project
from graph.rdf import collector_paused, collector_skips_existing, triple_graph, triples_of

MINI = paths.ROOT / "tests" / "fixtures" / "mini"


def _odd_regions() -> list[tuple]:
    """A district under a regency under a province, a region with two parents (the first a province), one
    whose first parent is not a province but whose second is, a cycle, and a parent that is not loaded."""
    d, r, p, q, two, other, c1, c2, lost = (MID[x] for x in ("d", "r", "p", "q", "two", "other", "c1", "c2", "lost"))
    return [(p, RDF.type, MITRA.Province), (q, RDF.type, MITRA.Province), (d, MITRA.partOf, r),
            (r, MITRA.partOf, p), (two, MITRA.partOf, q), (two, MITRA.partOf, p), (other, MITRA.partOf, r),
            (other, MITRA.partOf, q), (c1, MITRA.partOf, c2), (c2, MITRA.partOf, c1), (lost, MITRA.partOf, MID.nowhere)]


@pytest.mark.parametrize("source", ["odd", "blank", "shipped"])
def test_derive_provinces_on_the_store_index_is_rdflibs_answer(source):
    if source == "odd":
        triples = _odd_regions()
    elif source == "blank":  # regions that are not all IRIs: sorted as rdflib sorts nodes (blank nodes first)
        triples = [*_odd_regions(), (BNode("b"), MITRA.partOf, MID.r), (BNode("a"), MITRA.partOf, MID.q)]
    else:
        ont = triple_graph(triples_of(load_ontology(paths.ONTOLOGY)))
        triples = list(triples_of(load_data(paths.DATA_DIR, ont).g))
    plain = Graph()
    for t in triples:
        plain.add(t)
    fast = derive_provinces(triple_graph(triples))
    slow = derive_provinces(plain)
    added = [t for t in triples_of(fast) if t[1] == MITRA.inProvince]
    assert added, "the data must have regions to roll up"
    assert set(added) == set(slow.triples((None, MITRA.inProvince, None)))
    assert added == sorted(added, key=lambda t: t[0])  # added in region order, as before
    if source == "odd":
        assert {(s[len(MID):], o[len(MID):]) for s, _, o in added} == {
            ("d", "p"), ("r", "p"), ("two", "q"), ("other", "p")}


def test_id_term_is_one_object_per_id_and_equals_the_namespaces_term():
    cache: dict = {}
    first = id_term("jakarta", cache)
    assert first == MID["jakarta"] and type(first) is type(MID["jakarta"])
    assert id_term("jakarta", cache) is first
    assert id_term("bandung", cache) != first
    assert cache[MID["jakarta"]] is first  # the term itself is interned too: row_triples' objects share it


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_paused_restores_what_it_found(enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(KeyError), collector_paused():
            raise KeyError("x")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collector_skips_existing_objects_collects_new_cycles_and_unfreezes():
    assert gc.get_freeze_count() == 0
    with collector_skips_existing():
        assert gc.get_freeze_count() > 0
        _Cycle()
        assert gc.collect() >= 1  # a cycle made inside is still found
    assert gc.get_freeze_count() == 0


def test_collector_skips_existing_leaves_an_outer_freeze_alone():
    gc.freeze()
    try:
        outer = gc.get_freeze_count()
        with collector_skips_existing():
            pass
        assert gc.get_freeze_count() >= outer > 0
    finally:
        gc.unfreeze()


def test_build_graph_leaves_nothing_frozen_even_when_validation_fails(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for f in MINI.iterdir():
        (folder / f.name).write_text(f.read_text(encoding="utf-8").replace("jakarta|rotterdam", "jakarta"),
                                     encoding="utf-8")
    with pytest.raises(ValidationFailed):
        build_graph(Project(folder))
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    built = build_graph(Project(MINI))
    assert built.validation.conforms and gc.get_freeze_count() == 0 and gc.isenabled()
