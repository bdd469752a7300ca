"""The fast deterministic serializers of graph/rdf.py: same meaning as rdflib's, bytes fixed by the triples."""

from __future__ import annotations

import json
import random
import warnings

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph.build.outputs import DATA_GRAPH, ONTOLOGY_GRAPH
from graph.namespaces import MID, MITRA, PREFIXES, RDFS, XSD
from graph.rdf import jsonld, sorted_json, trig, turtle

ODD_LITERALS = [
    Literal("line one\nline two"),
    Literal('says "hi" and \\ backslash'),
    Literal("triple \"\"\" quotes\n"),
    Literal("Kerja sama", lang="id"),
    Literal("12", datatype=XSD.integer),
    Literal("1.50", datatype=XSD.decimal),
    Literal("true", datatype=XSD.boolean),
    Literal("2014-09", datatype=XSD.gYearMonth),
    Literal("x", datatype=URIRef("http://example.org/dt#t")),
    Literal("tab\tand ünïcødé"),
]


def _assert_isomorphic(a: Graph, b: Graph) -> None:
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail(f"only in written: {sorted(only_a)[:5]}\nonly in original: {sorted(only_b)[:5]}")


def test_turtle_of_the_shipped_graph_parses_back_isomorphic(shipped):
    text = turtle(shipped.g)
    assert len(shipped.g) > 4000
    _assert_isomorphic(Graph().parse(data=text, format="turtle"), shipped.g)


def test_turtle_does_not_depend_on_insertion_order(shipped):
    triples = list(shipped.g)
    random.Random(7).shuffle(triples)
    g = Graph()
    for t in triples:
        g.add(t)
    assert turtle(g) == turtle(shipped.g)


@pytest.mark.parametrize("lit", ODD_LITERALS, ids=repr)
def test_odd_literals_and_iris_round_trip(lit):
    g = Graph()
    g.add((MID["a-b.c"], RDFS.label, lit))
    g.add((MID["a-b.c"], MITRA.source, URIRef("https://w3id.org/mitra/id/with/slash")))
    g.add((URIRef("http://example.org/x%20y#frag"), MITRA.note, lit))
    g.add((MID["ends."], MITRA.note, lit))
    _assert_isomorphic(Graph().parse(data=turtle(g), format="turtle"), g)
    with warnings.catch_warnings():  # rdflib's JSON-LD parser builds a ConjunctiveGraph (deprecated) inside
        warnings.simplefilter("ignore", DeprecationWarning)
        back = Graph().parse(data=jsonld(g), format="json-ld")
    assert json.loads(jsonld(g)) == sorted_json(
        json.loads(g.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)))
    _assert_isomorphic(back, g)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_trig_holds_each_named_graph(shipped):
    ds = Dataset()
    ds.parse(data=trig(((ONTOLOGY_GRAPH, shipped.ont), (DATA_GRAPH, shipped.data.g))), format="trig")
    _assert_isomorphic(ds.graph(ONTOLOGY_GRAPH), shipped.ont)
    _assert_isomorphic(ds.graph(DATA_GRAPH), shipped.data.g)


def test_jsonld_is_what_rdflibs_compacting_serializer_gives(shipped):
    """Our JSON-LD writer replaces rdflib's (seconds at 10× the data); the documents are equal as JSON."""
    reference = json.loads(shipped.g.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True))
    assert json.loads(jsonld(shipped.g)) == sorted_json(reference)
    assert len(reference["@graph"]) > 500
