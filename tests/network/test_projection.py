"""The NetworkX projection: node and edge contract, plain attributes, collapse, determinism, read paths."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from conftest import turtle
from rdflib import Graph, URIRef

from graph.namespaces import MID, MITRA, RDF, curie
from graph.network.classes import NODE_CLASSES
from graph.network.projection import EDGE_PREDICATES, plain_value, project_network

JAKARTA, ROTTERDAM = str(MID.jakarta), str(MID.rotterdam)


@pytest.fixture(scope="module")
def mini(mini_built):
    return mini_built


def _typed_entities(g: Graph) -> set[str]:
    return {str(s) for c in NODE_CLASSES for s in g.subjects(RDF.type, c) if str(s).startswith(str(MID))}


def test_nodes_are_iri_strings_with_plain_attributes(mini) -> None:
    G = project_network(mini.g)
    assert set(G.nodes) == _typed_entities(mini.data.g)
    assert G.number_of_nodes() == 8
    for n, d in G.nodes(data=True):
        assert isinstance(n, str) and n.startswith(str(MID))
        for key in ("label", "label_id", "label_en", "type", "local_id"):
            assert key in d, (n, key)
        for value in d.values():
            assert type(value) in (str, int, float, bool), (n, value, type(value))


def test_labels_follow_the_language_and_attributes_are_typed(mini) -> None:
    G_id, G_en = project_network(mini.g, lang="id"), project_network(mini.g, lang="en")
    assert G_id.nodes[JAKARTA]["label"] == "DKI Jakarta"
    assert G_en.nodes[JAKARTA]["label"] == "Jakarta"
    agreement = G_en.nodes[str(MID["jakarta-rotterdam"])]
    assert (agreement["type"], agreement["signed"], agreement["form"]) == (
        "mitra:KSDPL",
        "1986",
        "sister city",
    )
    funding = G_en.nodes[str(MID["f-dutep"])]
    assert funding["amount"] == 1000000.5 and funding["currency"] == "EUR" and funding["date"] == "2015"
    assert G_en.nodes[ROTTERDAM]["country"] == "Netherlands"
    assert G_en.nodes[str(MID.batam)]["province"] == "Riau Islands"


def test_edges_are_keyed_by_predicate_curie_with_relation_label_and_sources(mini) -> None:
    G = project_network(mini.g, lang="en")
    allowed = {curie(str(p)) for p in EDGE_PREDICATES}
    expected = {
        (str(s), str(o), curie(str(p))) for p in EDGE_PREDICATES for s, o in mini.g.subject_objects(p)
    }
    predicate_edges = {(u, v, k) for u, v, k in G.edges(keys=True) if k in allowed}
    assert predicate_edges == expected and len(expected) == 9
    assert G.edges[str(MID["jakarta-rotterdam"]), JAKARTA, "mitra:party"] == {
        "relation": "party",
        "label": "party",
        "sources": "src-a",
    }
    roles = {(u, v, k) for u, v, k in G.edges(keys=True) if k.startswith("mitra:role-")}
    assert roles == {
        (JAKARTA, str(MID.dutep), "mitra:role-beneficiary"),
        (ROTTERDAM, str(MID.dutep), "mitra:role-implementing"),
    }


def test_insertion_is_sorted(net_g) -> None:
    G = project_network(net_g)
    assert list(G.nodes) == sorted(G.nodes)
    assert list(G.edges(keys=True)) == sorted(G.edges(keys=True))


def test_same_graph_in_any_triple_order_gives_the_same_output(net_g) -> None:
    triples = list(net_g)
    random.Random(3).shuffle(triples)
    shuffled = Graph()
    for t in triples:
        shuffled.add(t)
    a = json.dumps(nx.node_link_data(project_network(net_g), edges="edges"))
    b = json.dumps(nx.node_link_data(project_network(shuffled), edges="edges"))
    assert a == b


def test_memory_index_fast_path_equals_the_public_api(net_g) -> None:
    """The projection reads rdflib's Memory index directly; any other store takes subject_objects()."""
    other = Graph(store="SimpleMemory")
    for t in net_g:
        other.add(t)
    A, B = project_network(net_g, collapse=False), project_network(other, collapse=False)
    assert A.number_of_edges() == 21
    assert nx.utils.graphs_equal(A, B)
    assert list(A.edges(keys=True, data=True)) == list(B.edges(keys=True, data=True))


def test_collapse_turns_agreements_programs_and_fundings_into_labelled_edges(mini) -> None:
    G = project_network(mini.g, lang="en", collapse=True)
    kinds = {d["type"] for _, d in G.nodes(data=True)}
    assert not kinds & {"mitra:KSDPL", "mitra:Program", "mitra:Funding"}
    sister = G.edges[JAKARTA, ROTTERDAM, "mitra:KSDPL/jakarta-rotterdam"]
    assert sister["label"] == "sister city, 1986"
    assert (sister["signed"], sister["status"], sister["name"]) == (
        "1986",
        "active",
        "Jakarta–Rotterdam sister city",
    )
    assert sister["via"] == str(MID["jakarta-rotterdam"]) and sister["sources"] == "src-a"
    money = G.edges[str(MID.netherlands), JAKARTA, "mitra:Funding/f-dutep"]
    assert money["amount"] == 1000000.5 and money["label"] == "grant, EUR 1,000,000, 2015"
    assert (ROTTERDAM, str(MID.netherlands), "mitra:country") in G.edges(keys=True)
    assert G.number_of_edges() == 5


def test_collapse_joins_every_pair_of_a_multiparty_agreement() -> None:
    g = turtle("""
        mid:a a mitra:Province . mid:b a mitra:City . mid:c a mitra:ForeignLocalGovernment .
        mid:k a mitra:KSDLL ; mitra:party mid:a , mid:b , mid:c ; mitra:signingDate "2001"^^xsd:gYear .
    """)
    G = project_network(g, collapse=True)
    assert sorted((u[-1], v[-1]) for u, v in G.edges()) == [("a", "b"), ("a", "c"), ("b", "c")]


def test_only_mitra_instances_become_nodes() -> None:
    g = turtle("""
        mid:a a mitra:Province ; rdfs:label "A"@id .
        <https://example.org/x> a mitra:Province ; rdfs:label "X"@id .
        mid:a mitra:partOf <https://example.org/x> .
    """)
    G = project_network(g)
    assert list(G.nodes) == [str(MID.a)] and G.number_of_edges() == 0


def test_labels_fall_back_to_the_other_language_then_the_local_name() -> None:
    g = turtle("""
        mid:a a mitra:Province ; rdfs:label "Only English"@en .
        mid:b a mitra:Province .
    """)
    G = project_network(g, lang="id")
    assert G.nodes[str(MID.a)]["label"] == "Only English"
    assert G.nodes[str(MID.b)]["label"] == "b"


def test_plain_value_keeps_dates_as_text_and_numbers_as_numbers() -> None:
    from rdflib import Literal
    from rdflib.namespace import XSD

    assert plain_value(Literal("2014-09", datatype=XSD.gYearMonth)) == "2014-09"
    assert plain_value(Literal("2015-03-04", datatype=XSD.date)) == "2015-03-04"
    assert plain_value(Literal(22)) == 22 and plain_value(Literal(True)) is True
    assert plain_value(URIRef("https://example.org/x")) == "https://example.org/x"


def test_shipped_data_projects_every_entity(shipped) -> None:
    G = project_network(shipped.g)
    assert set(G.nodes) == _typed_entities(shipped.data.g)
    assert G.number_of_nodes() > 150 and G.number_of_edges() > 200
    jakarta = G.nodes[str(MID.jakarta)]
    assert jakarta["label_id"] == "DKI Jakarta" and jakarta["type"] == curie(str(MITRA.Province))
    assert G.degree(str(MID.jakarta)) > 40



def _structure(G: nx.MultiDiGraph) -> list:
    """Every dict of ``G`` in its order: nodes with their data, and each node's successors and predecessors."""
    return [(n, list(d.items()),
             [(m, [(k, list(e.items())) for k, e in keys.items()]) for m, keys in G.succ[n].items()],
             [(m, list(keys)) for m, keys in G.pred[n].items()]) for n, d in G.nodes(data=True)]


def test_the_network_is_what_networkx_add_node_and_add_edge_make(shipped) -> None:
    """The projection writes NetworkX's dicts itself (#15): the same graph, dict for dict and in the same order, as
    ``add_node`` of its nodes and ``add_edge`` of its edges; a repeated key updates its edge's dict as there."""
    G = project_network(shipped.g)
    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(n, **d)
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        H.add_edge(u, v, key=k, **d)
    assert _structure(G) == _structure(H)
    # two participations of one participant in one program in one role: one edge, the later's words over it
    part = turtle("""
        mid:a a mitra:City ; rdfs:label "A"@id .  mid:p a mitra:Program ; rdfs:label "P"@id .
        mid:x a mitra:Participation ; mitra:participant mid:a ; mitra:participationIn mid:p ;
            mitra:role mitra:role-lead ; mitra:topic mitra:sector-water .
        mid:y a mitra:Participation ; mitra:participant mid:a ; mitra:participationIn mid:p ;
            mitra:role mitra:role-lead .
    """)
    edges = list(project_network(part).edges(keys=True, data=True))
    assert [(u, v, k) for u, v, k, _ in edges] == [(str(MID.a), str(MID.p), "mitra:role-lead")]
    assert edges[0][3]["via"] == str(MID.y) and edges[0][3]["topic"] == "sector-water"


# ---- issue #15: the page's English words read from the graph, not from a second projection ----

_WORD_KEYS = ("signed", "status", "form", "stage", "sector", "amount", "currency", "funding_kind", "label_en")


def _check_words(g: Graph, G: nx.MultiDiGraph, G_en: nx.MultiDiGraph) -> int:
    """``english_words(g, G)`` against the English projection ``G_en`` itself; the number of edges compared."""
    from graph.network.projection import english_words

    absent, words, labels = english_words(g, G, _WORD_KEYS)
    assert absent == {n for n in G if n not in G_en}
    for n in G:
        if n not in absent:
            d_en = G_en.nodes[n]
            assert words[n] == {k: d_en[k] for k in _WORD_KEYS if k in d_en}, n
    compared = 0
    for (u, v, k), label in zip(G.edges(keys=True), labels, strict=True):
        expected = G_en.edges[u, v, k]["label"] if G_en.has_edge(u, v, k) else None
        assert label == expected, (u, v, k)
        compared += expected is not None
    return compared


def test_english_words_are_the_english_projections(shipped) -> None:
    """Every node's words and every edge's label are what ``project_network(g, lang="en")`` holds, and they are
    English: they differ from the Indonesian projection's for concept values and relation labels."""
    from graph.network.projection import english_words

    G, G_en = project_network(shipped.g), project_network(shipped.g, lang="en")
    assert _check_words(shipped.g, G, G_en) == G.number_of_edges() > 1000
    _, words, labels = english_words(shipped.g, G, _WORD_KEYS)
    assert sum(words[n].get("sector") != d.get("sector") for n, d in G.nodes(data=True)) > 100
    keys = {k.split("-")[0] for (_, _, k, d), label in zip(G.edges(keys=True, data=True), labels, strict=True)
            if label != d["label"]}
    assert {"mitra:party", "mitra:role", "mitra:holdsPost"} <= keys


def test_english_words_of_a_collapsed_network_and_a_foreign_node(shipped) -> None:
    """A collapsed edge has no English projection edge (``None``); a node the projection lacks is absent."""
    G = project_network(shipped.g, collapse=True)
    G.add_node("https://example.org/not-mitra", label="x")
    G_en = project_network(shipped.g, lang="en")
    compared = _check_words(shipped.g, G, G_en)
    assert 0 < compared < G.number_of_edges()


# ---- issue #15: one basis for the build's projection and the page's words of the other language ----

def _words_from_changes(G: nx.MultiDiGraph, absent: set[str], changes: dict) -> dict:
    """``english_words``' words rebuilt from ``word_changes``: each node's own keys, the changes over them."""
    return {n: {k: changes.get(n, {}).get(k, G.nodes[n][k]) for k in _WORD_KEYS if k in G.nodes[n]}
            for n in G if n not in absent}


@pytest.mark.parametrize("fill", ["by the projection", "on first use", "on a plain rdflib graph"])
def test_word_changes_are_english_words_less_what_the_projection_holds(shipped, fill) -> None:
    """The words that change with the language, over ``G``'s own, are ``english_words``' words for every node
    and every edge; the projection given an empty basis is the projection without one, and fills it."""
    from graph.network.projection import ProjectionBasis, english_words, word_changes

    g = shipped.g
    if fill == "on a plain rdflib graph":
        g = Graph()
        for t in shipped.g:
            g.add(t)
    basis = ProjectionBasis(g)
    if fill == "by the projection":
        G = project_network(g, basis=basis)
        assert basis.filled
        assert json.dumps(nx.node_link_data(G, edges="links"), sort_keys=True) == json.dumps(
            nx.node_link_data(project_network(g), edges="links"), sort_keys=True)
    else:
        G = project_network(g)
        assert not basis.filled
    absent, words, labels = english_words(g, G, _WORD_KEYS)
    absent2, changes, labels2 = word_changes(basis, G, _WORD_KEYS)
    assert absent2 == absent and labels2 == labels
    assert _words_from_changes(G, absent, changes) == words
    # only concept words are kept, and the English ones differ from the Indonesian for many nodes
    assert {k for ch in changes.values() for k in ch} <= {"status", "form", "stage", "sector", "currency",
                                                          "funding_kind"}
    assert sum(ch.get("sector") != G.nodes[n].get("sector") for n, ch in changes.items()) > 100


def test_word_changes_of_a_collapsed_network_and_a_foreign_node(shipped) -> None:
    """A selection that is not the projection itself: a collapsed network with a node of its own."""
    from graph.network.projection import ProjectionBasis, english_words, word_changes

    G = project_network(shipped.g, collapse=True)
    G.add_node("https://example.org/not-mitra", label="x")
    absent, words, labels = english_words(shipped.g, G, _WORD_KEYS)
    absent2, changes, labels2 = word_changes(ProjectionBasis(shipped.g), G, _WORD_KEYS)
    assert absent2 == absent == {"https://example.org/not-mitra"}
    assert labels2 == labels and None in labels
    assert _words_from_changes(G, absent, changes) == words
