"""Selectors: each narrows to exactly what it should, they combine by intersection, errors are clear."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.errors import QueryError, SelectionError
from graph.namespaces import MID, MITRA, RDF
from graph.network.projection import induced_copy, project_network
from graph.network.select import Selector, date_interval, rdf_subgraph, resolve_node, select_nodes, select_subgraph


@pytest.fixture(scope="module")
def G(net_g):
    return project_network(net_g)


def ids(nodes: set[str]) -> set[str]:
    return {n[len(str(MID)) :] for n in nodes}


def test_no_selector_keeps_everything(G) -> None:
    assert Selector().is_empty
    assert select_nodes(G, Selector()) == set(G.nodes) and G.number_of_nodes() == 15


@pytest.mark.parametrize(
    ("depth", "expected"),
    [
        (0, {"jakarta"}),
        (1, {"jakarta", "dutep", "jakarta-osaki", "jakarta-rotterdam", "f-dutep", "osaki-visit"}),
    ],
)
def test_focus_keeps_the_ego_network_whichever_way_edges_point(G, depth, expected) -> None:
    assert ids(select_nodes(G, Selector(focus="DKI Jakarta", depth=depth))) == expected


def test_depth_two_reaches_partners_through_agreements(G) -> None:
    found = ids(select_nodes(G, Selector(focus="jakarta", depth=2)))
    assert {"rotterdam", "osaki", "netherlands", "permendagri-25-2020"} <= found
    assert not {"batam", "kepri", "jica", "japan", "batam-osaki"} & found
    assert len(found) == 10


@pytest.mark.parametrize(
    "name",
    [
        "jakarta",
        "mid:jakarta",
        "https://w3id.org/mitra/id/jakarta",
        "DKI Jakarta",
        "jakarta ",
        "Jakarta",
        "pemprov dki",
    ],
)
def test_focus_accepts_ids_curies_iris_labels_and_aliases(G, name) -> None:
    assert resolve_node(G, name) == str(MID.jakarta)


def test_unknown_focus_lists_the_closest_labels(G) -> None:
    with pytest.raises(SelectionError, match="no entity named 'DKI Jakrta'; closest: 'DKI Jakarta'"):
        select_nodes(G, Selector(focus="DKI Jakrta"))


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (("Province",), {"jakarta", "kepri"}),
        (("mitra:KSDPL",), {"jakarta-rotterdam", "jakarta-osaki", "batam-osaki"}),
        (("Agreement",), {"jakarta-rotterdam", "jakarta-osaki", "batam-osaki"}),
        (("IndonesianRegion",), {"jakarta", "kepri", "batam"}),
        (("Country", "program"), {"netherlands", "japan", "dutep"}),
    ],
)
def test_type_keeps_the_class_and_its_subclasses(G, types, expected) -> None:
    assert ids(select_nodes(G, Selector(types=types))) == expected


def test_unknown_type_is_an_error_listing_classes(G) -> None:
    with pytest.raises(SelectionError, match="unknown class 'Sister'.*Province"):
        select_nodes(G, Selector(types=("Sister",)))


def test_province_keeps_activities_of_the_province_and_its_cities(G) -> None:
    assert ids(select_nodes(G, Selector(province="kepri"))) == {
        "kepri",
        "batam-osaki",
        "batam",
        "osaki",
        "japan",
    }
    assert ids(select_nodes(G, Selector(province="DKI Jakarta"))) == {
        "jakarta",
        "jakarta-rotterdam",
        "jakarta-osaki",
        "dutep",
        "f-dutep",
        "osaki-visit",
        "rotterdam",
        "osaki",
        "netherlands",
        "japan",
    }


def test_province_must_name_a_province(G) -> None:
    with pytest.raises(SelectionError, match="no entity named 'batam'"):
        select_nodes(G, Selector(province="batam"))


def test_country_keeps_activities_with_the_country_or_its_partners(G) -> None:
    assert ids(select_nodes(G, Selector(country="Japan"))) == {
        "japan",
        "jakarta-osaki",
        "batam-osaki",
        "osaki-visit",
        "jakarta",
        "batam",
        "osaki",
    }


def test_sector_matches_keys_and_labels_and_inherits_through_programs_and_fundings(G) -> None:
    water = {
        "jakarta-rotterdam",
        "batam-osaki",
        "jakarta",
        "rotterdam",
        "batam",
        "osaki",
        "netherlands",
        "japan",
    }
    assert ids(select_nodes(G, Selector(sector="water"))) == water
    assert ids(select_nodes(G, Selector(sector="sector-water"))) == water
    governance = ids(select_nodes(G, Selector(sector="governance")))
    assert {"dutep", "f-dutep"} <= governance and not {"jakarta-rotterdam", "batam-osaki"} & governance


def test_unknown_sector_suggests_close_ones(G) -> None:
    with pytest.raises(SelectionError, match="closest: water"):
        select_nodes(G, Selector(sector="watr"))


@pytest.mark.parametrize(
    ("since", "until", "activities"),
    [
        # agreements and programs signed or started without an end stay active (the page's rule too, #12)
        ("2010", "2016", {"jakarta-rotterdam", "batam-osaki", "dutep", "f-dutep"}),
        ("2020", None, {"jakarta-rotterdam", "batam-osaki", "dutep", "jakarta-osaki", "osaki-visit"}),
        (None, "1990", {"jakarta-rotterdam"}),
        ("2020-11-04", "2020-11-04", {"jakarta-rotterdam", "batam-osaki", "dutep"}),
        ("2020-11-06", "2021-01", {"jakarta-rotterdam", "batam-osaki", "dutep", "jakarta-osaki"}),
        ("2021-02", "2021-02", {"jakarta-rotterdam", "batam-osaki", "dutep", "jakarta-osaki", "osaki-visit"}),
        ("2021-02-02", "2021-03", {"jakarta-rotterdam", "batam-osaki", "dutep", "jakarta-osaki"}),
        ("2015-12-31", "2015-12-31", {"jakarta-rotterdam", "batam-osaki", "dutep", "f-dutep"}),
        ("2016", None, {"jakarta-rotterdam", "batam-osaki", "dutep", "jakarta-osaki", "osaki-visit"}),
    ],
)
def test_dates_keep_activities_overlapping_the_range(G, since, until, activities) -> None:
    found = select_nodes(G, Selector(since=since, until=until))
    kinds = {"mitra:KSDPL", "mitra:Program", "mitra:Funding", "mitra:Event"}
    assert ids({n for n in found if G.nodes[n]["type"] in kinds}) == activities


def test_bad_date_is_an_error(G) -> None:
    with pytest.raises(SelectionError, match="not a date"):
        select_nodes(G, Selector(since="1 May 2020"))
    assert date_interval("2014-09") == ("2014-09-01", "2014-09-31")


def test_select_query_keeps_the_bound_iris(G, net_g) -> None:
    text = (
        "PREFIX mitra: <https://w3id.org/mitra/ontology#> PREFIX mid: <https://w3id.org/mitra/id/> "
        "SELECT ?a WHERE { ?a mitra:party mid:osaki }"
    )
    assert ids(select_nodes(G, Selector(query=text), g=net_g)) == {"jakarta-osaki", "batam-osaki"}


def test_construct_query_keeps_the_nodes_of_its_triples(G, net_g) -> None:
    text = (
        "PREFIX mitra: <https://w3id.org/mitra/ontology#> PREFIX mid: <https://w3id.org/mitra/id/> "
        "CONSTRUCT { ?a mitra:party ?b } WHERE { ?a mitra:party ?b FILTER(?b = mid:osaki) }"
    )
    assert ids(select_nodes(G, Selector(query=text), g=net_g)) == {"jakarta-osaki", "batam-osaki", "osaki"}


def test_bad_query_is_a_query_error(G, net_g) -> None:
    with pytest.raises(QueryError, match="could not be run"):
        select_nodes(G, Selector(query="SELEKT nothing"), g=net_g)
    with pytest.raises(QueryError, match="not an ASK"):
        select_nodes(G, Selector(query="ASK { ?s ?p ?o }"), g=net_g)


def test_selectors_combine_by_intersection(G) -> None:
    both = select_nodes(G, Selector(province="jakarta", types=("Agreement",)))
    assert ids(both) == {"jakarta-rotterdam", "jakarta-osaki"}
    focus_and_sector = select_nodes(G, Selector(focus="jakarta", depth=1, sector="water"))
    assert ids(focus_and_sector) == {"jakarta", "jakarta-rotterdam"}
    assert both == select_nodes(G, Selector(province="jakarta")) & select_nodes(
        G, Selector(types=("Agreement",))
    )


def test_subgraph_is_induced_and_independent(G) -> None:
    sub = select_subgraph(G, Selector(focus="jakarta", depth=1))
    assert sub.number_of_nodes() == 6
    assert set(sub.edges(keys=True)) == {(u, v, k) for u, v, k in G.edges(keys=True) if u in sub and v in sub}
    sub.nodes[str(MID.jakarta)]["label"] = "changed"
    assert G.nodes[str(MID.jakarta)]["label"] == "DKI Jakarta"


def _walked_copy(G: nx.MultiDiGraph, nodes) -> nx.MultiDiGraph:
    """induced_copy's definition: G's nodes and then every edge of G, in G's order, kept if both ends are."""
    keep = set(nodes)
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True) if n in keep)
    H.add_edges_from((u, v, k, dict(d)) for u, v, k, d in G.edges(keys=True, data=True) if u in keep and v in keep)
    return H


def _listed(H: nx.MultiDiGraph) -> tuple:
    return type(H), H.graph, list(H.nodes(data=True)), list(H.edges(keys=True, data=True))


@pytest.mark.parametrize("kind", [nx.MultiDiGraph, nx.MultiGraph])
def test_induced_copy_walks_the_kept_nodes_edges_in_g_s_order(G, kind) -> None:
    # induced_copy reads only the kept nodes' edges: the same nodes and edges in the same order as a walk over all
    # of G's, on the network and on random multigraphs with loops and parallel edges, nodes given in any order
    for depth in (1, 2):
        nodes = select_nodes(G, Selector(focus="jakarta", depth=depth))
        assert _listed(induced_copy(G, nodes)) == _listed(_walked_copy(G, nodes))
    rng = random.Random(7)
    for _ in range(20):
        R = kind(nx.gnm_random_graph(30, 90, seed=rng.randrange(10**6), directed=kind is nx.MultiDiGraph))
        R.add_edges_from([(1, 1), (2, 3), (3, 2), (2, 3)], label="x")
        nodes = rng.sample(range(30), rng.randrange(31))
        assert _listed(induced_copy(R, nodes)) == _listed(_walked_copy(R, nodes))
    assert _listed(induced_copy(G, [])) == _listed(_walked_copy(G, []))


def test_rdf_subgraph_keeps_the_facts_of_the_selection_and_their_sources(G, net_g) -> None:
    nodes = select_nodes(G, Selector(focus="jakarta", depth=1))
    sub = rdf_subgraph(net_g, nodes)
    subjects = set(sub.subjects())
    assert {
        MID.jakarta,
        MID.dutep,
        MID["p-dutep-jakarta"],
        MID["p-visit-jakarta"],
        MID["fig-jakarta"],
        MID["src-a"],
        MID["src-b"],
    } <= subjects
    assert MID.rotterdam not in subjects and MID["p-dutep-rotterdam"] not in subjects
    assert (MID["jakarta-rotterdam"], MITRA.party, MID.rotterdam) not in sub  # the other end is not selected
    assert (MID["jakarta-rotterdam"], MITRA.party, MID.jakarta) in sub
    for n in nodes:
        assert len(list(sub.objects(MID[n[len(str(MID)) :]], RDF.type))) == 1
    for src in set(sub.objects(None, MITRA.source)):
        assert (src, RDF.type, MITRA.Source) in sub


def test_stop_at_hubs_keeps_the_focus_neighbourhood_out_of_the_hub(shipped) -> None:
    G = project_network(shipped.g)
    around = select_nodes(G, Selector(focus="jakarta-berlin", depth=3))
    kept = select_nodes(G, Selector(focus="jakarta-berlin", depth=3, stop_at_hubs=True))
    assert len(around) > 100
    assert {MID + x for x in ("jakarta", "berlin", "jakarta-future-city-hub", "f-jfch-fit-out", "eu")} <= kept
    assert 8 < len(kept) < 40  # 32 on the national data (the depth-3 walk without stopping: > 100)
    assert MID + "jakarta-rotterdam" in around and MID + "jakarta-rotterdam" not in kept  # only through Jakarta


# --- the date rule and selections that keep their links (#12) -----------------------------------------------

UNDATED_LINKED = """
mid:undated-program a mitra:Program ; rdfs:label "Program tanpa tanggal"@id , "Undated program"@en ;
    mitra:resultOf mid:jakarta-osaki ; mitra:location mid:jakarta ; mitra:source mid:src-a .
mid:undated-alone a mitra:Program ; rdfs:label "Program lain"@id , "Another program"@en ;
    mitra:location mid:kepri ; mitra:source mid:src-a .
mid:seoul a mitra:ForeignLocalGovernment ; rdfs:label "Seoul"@id , "Seoul"@en ; mitra:country mid:japan ;
    mitra:source mid:src-a .
mid:kepri-seoul a mitra:KSDPL ; rdfs:label "Kepri–Seoul"@id , "Kepri–Seoul"@en ;
    mitra:party mid:kepri , mid:seoul ; mitra:signingDate "1999"^^xsd:gYear ; mitra:status "expired" ;
    mitra:source mid:src-a .
"""


@pytest.fixture(scope="module")
def G_undated(net_g):
    from conftest import NETWORK_TTL, turtle

    g = turtle(UNDATED_LINKED)
    g.parse(NETWORK_TTL)
    return project_network(g, lang="en")


def test_an_undated_program_of_a_kept_agreement_stays_with_its_relation(G_undated) -> None:
    sub = select_subgraph(G_undated, Selector(since="2020"))
    assert {"undated-program", "jakarta-osaki"} <= ids(set(sub)) and "undated-alone" not in ids(set(sub))
    assert sub.has_edge(str(MID["undated-program"]), str(MID["jakarta-osaki"]), "mitra:resultOf")


def test_a_partner_left_with_no_relation_is_dropped(G_undated) -> None:
    sub = select_subgraph(G_undated, Selector(country="Japan", since="2020"))
    # Seoul's only agreement expired in 1999: it is not kept as a partner with no relation
    assert "seoul" not in ids(set(sub)) and "japan" in ids(set(sub))
    assert all(sub.degree(n) > 0 for n in sub if n != str(MID["japan"]))
    assert sub.number_of_nodes() >= 4


def test_shipped_japan_since_2010_keeps_the_undated_mrt_program_and_its_fundings(runner) -> None:
    from cli import cli

    result = runner.invoke(cli, ["export", "--country", "Jepang", "--since", "2010", "--format", "md", "--lang",
                                 "en"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    assert md.startswith("# Mitra network (country Japan; since 2010)\n")
    assert "| JICA loan for the MRT East–West Line Phase 1 Stage 1 | funds | MRT Jakarta |" in md
    assert "| Exchange of notes (E/N) for the MRT Jakarta Phase 2 loan | funds | MRT Jakarta |" in md
