"""Ontology hygiene, tested like code: required terms, labels and comments in both languages, alignment by
subclass/subproperty only, and SHACL shapes that carry messages and pass pySHACL's meta-SHACL check."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from graph import paths
from graph.build.mapping import TABLES
from graph.namespaces import DCTERMS, FOAF, MITRA, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SH, SKOS, XSD

CLASS_TYPES = (OWL.Class,)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
ALIGNED = {
    "ORG": ORG,
    "schema.org": SCHEMA,
    "FOAF": FOAF,
    "PROV-O": PROV,
    "SKOS": SKOS,
    "Dublin Core": DCTERMS,
}

REQUIRED_CLASSES = (
    "Province",
    "Regency",
    "City",
    "ForeignLocalGovernment",
    "Country",
    "ForeignInstitution",
    "NationalAgency",
    "OrganizationalUnit",
    "Person",
    "Post",
    "Agreement",
    "KSDPL",
    "KSDLL",
    "Program",
    "Funding",
    "Participation",
    "LegalInstrument",
    "Stage",
    "Sector",
    "Event",
    "Source",
)


def _mitra_terms(ont: Graph, types: tuple[URIRef, ...]) -> list[URIRef]:
    return sorted({s for t in types for s in ont.subjects(RDF.type, t) if str(s).startswith(str(MITRA))})


def _langs(ont: Graph, s: URIRef, p: URIRef) -> set[str | None]:
    return {o.language for o in ont.objects(s, p) if isinstance(o, Literal) and str(o).strip()}


def test_ontology_and_shapes_parse(ontology_g, shapes_g):
    assert len(ontology_g) > 500
    assert len(shapes_g) > 200
    assert (URIRef("https://w3id.org/mitra/ontology"), RDF.type, OWL.Ontology) in ontology_g


def test_ontology_and_shapes_are_separate_files():
    assert paths.ONTOLOGY != paths.SHAPES
    ont = Graph().parse(paths.ONTOLOGY)
    assert not set(ont.subjects(RDF.type, SH.NodeShape)), "shapes belong in shapes.ttl"


@pytest.mark.parametrize("name", REQUIRED_CLASSES)
def test_required_class_is_declared(ontology_g, name):
    assert (MITRA[name], RDF.type, OWL.Class) in ontology_g


def test_ksdpl_keeps_the_seed_spelling_as_alt_label(ontology_g):
    alts = {str(o) for o in ontology_g.objects(MITRA.KSDPL, SKOS.altLabel)}
    assert {"KSDPL", "KSPDL"} <= alts
    assert (MITRA.KSDPL, RDFS.subClassOf, MITRA.Agreement) in ontology_g
    assert (MITRA.KSDLL, RDFS.subClassOf, MITRA.Agreement) in ontology_g


def test_regency_and_city_are_indonesian_regions(ontology_g):
    for name in ("Province", "Regency", "City"):
        assert (MITRA[name], RDFS.subClassOf, MITRA.IndonesianRegion) in ontology_g


def test_participation_roles_follow_iati(ontology_g):
    roles = set(ontology_g.subjects(SKOS.inScheme, MITRA.RoleScheme))
    for role in ("funding", "implementing", "supporting", "beneficiary"):
        assert MITRA[f"role-{role}"] in roles
    # IATI OrganisationRole codes: 1 Funding, 2 Accountable, 3 Extending, 4 Implementing
    notations = {
        str(ontology_g.value(MITRA[f"role-{r}"], SKOS.notation)): r
        for r in ("funding", "accountable", "extending", "implementing")
    }
    assert notations == {"1": "funding", "2": "accountable", "3": "extending", "4": "implementing"}
    assert (MITRA.role, RDFS.range, MITRA.Role) in ontology_g


@pytest.mark.parametrize(
    "concept_class, scheme", [(MITRA.Stage, MITRA.StageScheme), (MITRA.Sector, MITRA.SectorScheme)]
)
def test_stage_and_sector_are_skos_schemes(ontology_g, concept_class, scheme):
    assert (concept_class, RDFS.subClassOf, SKOS.Concept) in ontology_g
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology_g


def test_every_sector_concept_is_in_the_sector_scheme(ontology_g):
    sectors = set(ontology_g.subjects(RDF.type, MITRA.Sector))
    assert len(sectors) >= 10
    assert all((s, SKOS.inScheme, MITRA.SectorScheme) in ontology_g for s in sectors)
    assert all(_langs(ontology_g, s, SKOS.prefLabel) >= {"id", "en"} for s in sectors)


def test_classes_and_properties_have_labels_and_comments_in_both_languages(ontology_g):
    terms = _mitra_terms(ontology_g, CLASS_TYPES + PROPERTY_TYPES + (SKOS.ConceptScheme,))
    assert len(terms) > 80
    missing = [
        f"{t} {p.fragment or p}"
        for t in terms
        for p in (RDFS.label, RDFS.comment)
        if not _langs(ontology_g, t, p) >= {"id", "en"}
    ]
    assert not missing, "\n".join(missing)


def test_concept_individuals_have_labels_in_both_languages(ontology_g):
    concepts = [
        s
        for s in ontology_g.subjects(RDF.type, None)
        if str(s).startswith(str(MITRA)) and "-" in str(s).rsplit("#", 1)[-1]
    ]
    assert len(concepts) > 40
    assert [c for c in concepts if not _langs(ontology_g, c, RDFS.label) >= {"id", "en"}] == []


@pytest.mark.parametrize("vocabulary", sorted(ALIGNED))
def test_aligned_to_each_standard_vocabulary(ontology_g, vocabulary):
    ns = str(ALIGNED[vocabulary])
    supers = {o for p in (RDFS.subClassOf, RDFS.subPropertyOf) for o in ontology_g.objects(None, p)}
    assert any(str(o).startswith(ns) for o in supers), f"nothing in mitra.ttl is aligned to {vocabulary}"


def test_alignment_is_by_subclass_or_subproperty_only(ontology_g):
    external = tuple(str(ns) for ns in ALIGNED.values())
    allowed = {RDFS.subClassOf, RDFS.subPropertyOf, RDF.type}
    for p in (OWL.equivalentClass, OWL.equivalentProperty, OWL.sameAs):
        assert not list(ontology_g.triples((None, p, None))), f"{p} is not used for alignment"
    odd = [
        (s, p, o)
        for s, p, o in ontology_g
        if str(s).startswith(str(MITRA)) and str(o).startswith(external) and p not in allowed
    ]
    assert not odd, odd


def test_every_mitra_term_used_in_the_ontology_is_declared(ontology_g):
    declared = set(ontology_g.subjects(RDF.type, None))
    used = {x for t in ontology_g for x in t if isinstance(x, URIRef) and str(x).startswith(str(MITRA))}
    assert used - declared == set()


def test_csv_mapping_uses_only_declared_terms(ontology_g):
    declared = set(ontology_g.subjects(RDF.type, None))
    used = set()
    for table in TABLES.values():
        used |= {t for t in (table.rdf_type, table.scheme) if t is not None}
        used |= {c.predicate for c in table.columns if c.predicate is not None}
        used |= {v for c in table.columns for v in c.choices.values()}
    mitra_used = {u for u in used if str(u).startswith(str(MITRA))}
    assert len(mitra_used) > 50
    assert mitra_used - declared == set()


# --- shapes -----------------------------------------------------------------------------------------------


def _property_shapes(shapes: Graph) -> set:
    return set(shapes.objects(None, SH.property)) | set(shapes.subjects(RDF.type, SH.PropertyShape))


# Parameters that are not constraints (they name, target, or nest shapes).
NON_CONSTRAINTS = {
    SH.property,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.message,
    SH.name,
    SH.description,
    SH.deactivated,
    SH.severity,
    SH.order,
    SH.group,
    SH.path,
}


def test_every_property_shape_has_an_english_message(shapes_g):
    props = _property_shapes(shapes_g)
    assert len(props) >= 50
    missing = [shapes_g.value(p, SH.path) for p in props if "en" not in _langs(shapes_g, p, SH.message)]
    assert not missing, missing


def test_every_node_shape_with_its_own_constraints_has_a_message(shapes_g):
    node_shapes = set(shapes_g.subjects(RDF.type, SH.NodeShape))
    assert len(node_shapes) >= 20
    for s in node_shapes:
        own = {p for p in shapes_g.predicates(s, None) if str(p).startswith(str(SH))} - NON_CONSTRAINTS
        if own:
            assert "en" in _langs(shapes_g, s, SH.message), s
        assert set(shapes_g.objects(s, SH.property)), f"{s} checks nothing"


def test_shapes_pass_meta_shacl(shapes_g, tiny_g):
    import pyshacl

    # meta_shacl=True validates the shapes graph against the SHACL-SHACL shapes first and raises if it is
    # not well formed; the data graph only has to exist.
    conforms, _, text = pyshacl.validate(
        tiny_g, shacl_graph=shapes_g, ont_graph=None, meta_shacl=True, inference="none"
    )
    assert isinstance(conforms, bool)
    assert "Validation Report" in text


def test_meta_shacl_catches_a_malformed_shape(tiny_g):
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    bad = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount "one" ] .
    """,
        format="turtle",
    )
    with pytest.raises(ReportableRuntimeError):
        pyshacl.validate(tiny_g, shacl_graph=bad, meta_shacl=True)


def _path_predicates(shapes: Graph, path) -> set[URIRef]:
    if isinstance(path, URIRef):
        return {path}
    out: set[URIRef] = set()
    for p in (SH.inversePath, SH.alternativePath):
        inner = shapes.value(path, p)
        if isinstance(inner, URIRef):
            out.add(inner)
        elif isinstance(inner, BNode):
            out |= {x for x in Collection(shapes, inner) if isinstance(x, URIRef)}
    return out


def test_shapes_name_only_declared_classes_and_properties(shapes_g, ontology_g):
    declared = set(ontology_g.subjects(RDF.type, None))
    classes = set(shapes_g.objects(None, SH.targetClass)) | set(shapes_g.objects(None, SH["class"]))
    preds = {p for path in shapes_g.objects(None, SH.path) for p in _path_predicates(shapes_g, path)}
    mitra = {x for x in classes | preds if str(x).startswith(str(MITRA))}
    assert len(mitra) > 40
    assert mitra - declared == set()
    assert {x for x in preds if not str(x).startswith(str(MITRA))} <= {RDFS.label, SKOS.inScheme}


def test_shapes_check_the_data_rules(shapes_g):
    """The issue's data rules each have a constraint: dates, decimals with currency, code patterns, labels,
    sources, two parties per agreement, a participant per program."""
    text = paths.SHAPES.read_text(encoding="utf-8")
    datatypes = set(shapes_g.objects(None, SH.datatype))
    assert {XSD.date, XSD.gYear, XSD.gYearMonth, XSD.decimal} <= datatypes
    patterns = {str(o) for o in shapes_g.objects(None, SH.pattern)}
    assert {"^ID-[A-Z]{2}$", "^[A-Z]{2}$", "^[A-Z]{3}$"} <= patterns
    assert "sh:minCount 2" in text  # parties
    assert (None, SH.path, MITRA.source) in shapes_g
