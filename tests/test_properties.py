"""Property tests over generated cooperation graphs: projection invariants and export round trips."""

from __future__ import annotations

import io
import json
import random

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from graph.export.formats import export_files, graph_out
from graph.namespaces import MID, MITRA, RDF, RDFS
from graph.network.projection import EDGE_PREDICATES, project_network
from graph.network.select import rdf_subgraph, select

# Any text but lone surrogates (which no file format can hold): labels with pipes, quotes, markup and control
# characters are exactly what the exporters must survive.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
YEAR = st.integers(min_value=1950, max_value=2030)


@st.composite
def networks(draw) -> Graph:
    """Provinces, cities, foreign partners in countries, agreements between them, programs and fundings."""
    g = Graph()
    src = MID["src-x"]
    g.add((src, RDF.type, MITRA.Source))

    def entity(local: str, cls, *, label: bool = True) -> object:
        iri = MID[local]
        g.add((iri, RDF.type, cls))
        if label:
            g.add((iri, RDFS.label, Literal(draw(TEXT), lang="id")))
            if draw(st.booleans()):
                g.add((iri, RDFS.label, Literal(draw(TEXT), lang="en")))
        if draw(st.booleans()):
            g.add((iri, MITRA.source, src))
        return iri

    countries = [entity(f"c{i}", MITRA.Country) for i in range(draw(st.integers(1, 3)))]
    provinces = [entity(f"p{i}", MITRA.Province) for i in range(draw(st.integers(1, 3)))]
    cities = []
    for i in range(draw(st.integers(0, 2))):
        city = entity(f"city{i}", MITRA.City, label=draw(st.booleans()))
        g.add((city, MITRA.partOf, draw(st.sampled_from(provinces))))
        cities.append(city)
    partners = []
    for i in range(draw(st.integers(1, 4))):
        cls = draw(st.sampled_from([MITRA.ForeignLocalGovernment, MITRA.ForeignInstitution]))
        partner = entity(f"f{i}", cls)
        g.add((partner, MITRA.country, draw(st.sampled_from(countries))))
        partners.append(partner)
    agreements = []
    for i in range(draw(st.integers(0, 5))):
        agreement = entity(f"a{i}", draw(st.sampled_from([MITRA.KSDPL, MITRA.KSDLL, MITRA.Agreement])))
        g.add((agreement, MITRA.party, draw(st.sampled_from(provinces + cities))))
        for party in draw(st.lists(st.sampled_from(partners), min_size=1, max_size=2, unique=True)):
            g.add((agreement, MITRA.party, party))
        if draw(st.booleans()):
            g.add((agreement, MITRA.signingDate, Literal(str(draw(YEAR)), datatype=XSD.gYear)))
        if draw(st.booleans()):
            g.add((agreement, MITRA.note, Literal(draw(TEXT))))
        agreements.append(agreement)
    for i, agreement in enumerate(agreements[: draw(st.integers(0, len(agreements)))]):
        program = entity(f"prog{i}", MITRA.Program)
        g.add((program, MITRA.resultOf, agreement))
        funding = entity(f"fund{i}", MITRA.Funding)
        g.add((funding, MITRA.funder, draw(st.sampled_from(partners + countries))))
        g.add((funding, MITRA.funds, program))
        if draw(st.booleans()):
            g.add((funding, MITRA.recipient, draw(st.sampled_from(provinces))))
        amount = draw(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
        g.add((funding, MITRA.amount, Literal(amount, datatype=XSD.decimal)))
    return g


SETTINGS = settings(max_examples=25, deadline=None)


@SETTINGS
@given(networks())
def test_edge_count_equals_allow_listed_triples_between_entities(g) -> None:
    G = project_network(g)
    nodes = set(G.nodes)
    expected = sum(
        1 for p in EDGE_PREDICATES for s, o in g.subject_objects(p) if str(s) in nodes and str(o) in nodes
    )
    assert G.number_of_edges() == expected
    assert G.number_of_nodes() == len({s for s in g.subjects(RDF.type, None) if s != MID["src-x"]})


@SETTINGS
@given(networks(), st.randoms(use_true_random=False))
def test_projection_is_the_same_whatever_the_triple_order(g, rnd: random.Random) -> None:
    triples = list(g)
    rnd.shuffle(triples)
    shuffled = Graph()
    for t in triples:
        shuffled.add(t)
    for collapse in (False, True):
        a = nx.node_link_data(project_network(g, collapse=collapse), edges="edges")
        b = nx.node_link_data(project_network(shuffled, collapse=collapse), edges="edges")
        assert json.dumps(a) == json.dumps(b)


@SETTINGS
@given(networks(), st.booleans())
def test_node_link_graphml_and_gexf_read_back_equal(g, collapse) -> None:
    sel = select(g)
    expected = graph_out(sel, collapse=collapse)
    back_json = nx.node_link_graph(json.loads(export_files(sel, "json", collapse=collapse)[".json"]), edges="edges")
    assert nx.utils.graphs_equal(back_json, expected)
    back_graphml = nx.read_graphml(
        io.BytesIO(export_files(sel, "graphml", collapse=collapse)[".graphml"]), force_multigraph=True
    )
    assert dict(back_graphml.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(back_graphml.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))
    back_gexf = nx.read_gexf(io.BytesIO(export_files(sel, "gexf", collapse=collapse)[".gexf"]))
    assert set(back_gexf.nodes) == set(expected.nodes)
    for n, d in expected.nodes(data=True):
        got = {k: v for k, v in back_gexf.nodes[n].items() if k != "viz"}
        assert got == {{"start": "start_date", "end": "end_date"}.get(k, k): v for k, v in d.items()}
    assert back_gexf.number_of_edges() == expected.number_of_edges()


@SETTINGS
@given(networks())
def test_rdf_export_is_isomorphic_to_the_selection(g) -> None:
    sel = select(g)
    back = Graph().parse(data=export_files(sel, "ttl")[".ttl"].decode(), format="turtle")
    assert isomorphic(back, rdf_subgraph(g, sel.G.nodes))
    assert {str(s) for s in back.subjects(RDF.type, None)} >= set(sel.G.nodes)


@SETTINGS
@given(networks())
def test_collapse_leaves_no_activity_nodes_and_joins_only_parties(g) -> None:
    G, C = project_network(g), project_network(g, collapse=True)
    assert not {d["type"] for _, d in C.nodes(data=True)} & {
        "mitra:KSDPL",
        "mitra:KSDLL",
        "mitra:Agreement",
        "mitra:Program",
        "mitra:Funding",
    }
    for u, v, d in C.edges(data=True):
        if "via" in d and d["relation"] in ("KSDPL", "KSDLL", "Agreement"):
            parties = {w for _, w, key in G.out_edges(d["via"], keys=True) if key == "mitra:party"}
            assert {u, v} <= parties
