"""graph/namespaces.py and ontology/mitra.ttl stay in step, and the helpers render IRIs as Mitra's CURIEs."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from graph.namespaces import MID, MITRA, PREFIXES, RDF, bind_prefixes, curie, entity_id, entity_iri


def _python_terms() -> set[URIRef]:
    # the class's own annotations (not inherited ones), minus DefinedNamespace's settings
    names = set(vars(MITRA).get("__annotations__", {})) - {
        "_NS",
        "_fail",
        "_warn",
        "_extras",
        "_underscore_num",
    }
    return {MITRA[n] for n in names} | {MITRA[n] for n in MITRA._extras}


def _declared(ont: Graph) -> set[URIRef]:
    return {
        s for s in ont.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(MITRA))
    }


def test_every_python_term_is_declared_in_the_ontology(ontology_g):
    terms = _python_terms()
    assert len(terms) > 130  # classes, properties and the concept individuals of _extras
    assert sorted(terms - _declared(ontology_g)) == []


def test_every_ontology_term_is_in_the_python_namespace(ontology_g):
    declared = _declared(ontology_g)
    assert len(declared) > 130
    assert sorted(declared - _python_terms()) == []


def test_extras_include_the_hyphenated_concepts():
    assert "role-funding" in MITRA._extras
    assert MITRA["form-sister-city"] == URIRef(f"{MITRA._NS}form-sister-city")


def test_a_typo_raises_instead_of_minting_an_iri():
    with pytest.raises(AttributeError):
        MITRA.Provinse  # noqa: B018
    with pytest.raises(AttributeError):
        MITRA["role-funder"]


def test_prefixes_are_distinct_and_cover_mitra():
    assert PREFIXES["mitra"] == "https://w3id.org/mitra/ontology#"
    assert PREFIXES["mid"] == "https://w3id.org/mitra/id/"
    assert len(set(PREFIXES.values())) == len(PREFIXES)


def test_bind_prefixes_replaces_rdflib_defaults():
    g = bind_prefixes(Graph())
    bound = {p: str(ns) for p, ns in g.namespaces()}
    for prefix, iri in PREFIXES.items():
        assert bound[prefix] == iri
    # rdflib binds schema: to http://schema.org/ by default; Mitra uses https
    assert bound["schema"] == "https://schema.org/"


@pytest.mark.parametrize(
    "iri, expected",
    [
        ("https://w3id.org/mitra/ontology#KSDPL", "mitra:KSDPL"),
        ("https://w3id.org/mitra/id/jakarta-rotterdam", "mid:jakarta-rotterdam"),
        ("http://www.w3.org/2000/01/rdf-schema#label", "rdfs:label"),
        ("http://example.org/x", "http://example.org/x"),
    ],
)
def test_curie(iri, expected):
    assert curie(iri) == expected


def test_entity_iri_and_id_round_trip():
    iri = entity_iri("jakarta")
    assert iri == MID.jakarta
    assert entity_id(str(iri)) == "jakarta"
    assert entity_id("http://example.org/x") == "http://example.org/x"
