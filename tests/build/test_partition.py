"""The chunk rule of the partitioned Rust validation: derived from the shapes, refusing what it does not cover.

That the chunked reports equal pySHACL's is tested in ``test_validate_engines.py`` (every fixture, the bad-input
corpus, the shipped data); here: the rule read from ``shapes.ttl``, every shape feature it must refuse (so a new
kind of shape falls back to one call instead of silently wrong chunks), and what the chunks hold.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import BNode, Graph

from graph.build.partition import UnsupportedShapeError, chunk_rule, chunks, read_triples
from graph.build.validate import shacl_report, shacl_results
from graph.namespaces import MITRA, RDF, RDFS, SH
from graph.rdf import merge_graphs, nt_rows, triples_of, triples_text

_PREFIXES = (
    "@prefix mitra: <https://w3id.org/mitra/ontology#> .\n@prefix msh: <https://w3id.org/mitra/shapes#> .\n"
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
)

# name → a shape the chunk rule does not cover (each reads beyond a focus's own triples and one hop)
UNCOVERED = {
    "sh:node": "msh:X a sh:NodeShape ; sh:targetClass mitra:Agreement ; sh:node msh:Y . msh:Y sh:closed true .",
    "sh:targetObjectsOf": "msh:X sh:targetObjectsOf mitra:party ; "
                          "sh:property [ sh:path mitra:country ; sh:minCount 1 ] .",
    "sh:targetNode": "msh:X sh:targetNode mitra:Grant ; sh:property [ sh:path mitra:country ; sh:minCount 1 ] .",
    "sequence path": "msh:X sh:targetClass mitra:Agreement ; sh:property [ sh:path ( mitra:party mitra:country ) ; "
                     "sh:minCount 1 ] .",
    "nested inverse path": "msh:X sh:targetClass mitra:Agreement ; sh:property [ sh:path [ sh:inversePath "
                           "[ sh:inversePath mitra:party ] ] ; sh:minCount 1 ] .",
    "zero-or-more path": "msh:X sh:targetClass mitra:Agreement ; sh:property [ sh:path [ sh:zeroOrMorePath "
                         "mitra:partOf ] ; sh:minCount 1 ] .",
    "inverse of an alternative": "msh:X sh:targetClass mitra:Agreement ; sh:property [ sh:path [ sh:inversePath "
                                 "[ sh:alternativePath ( mitra:party mitra:funder ) ] ] ; sh:minCount 1 ] .",
    "a value's values": "msh:X sh:targetClass mitra:Agreement ; sh:property [ sh:path mitra:party ; "
                        "sh:qualifiedValueShape [ sh:property [ sh:path mitra:country ; sh:minCount 1 ] ] ; "
                        "sh:qualifiedMinCount 1 ] .",
    "a value's path in sh:or": "msh:X sh:targetClass mitra:Agreement ; sh:property [ sh:path mitra:party ; "
                               "sh:or ( [ sh:path mitra:country ; sh:minCount 1 ] ) ] .",
    "sh:property without a target": "msh:X sh:property [ sh:path mitra:party ; sh:minCount 1 ] .",
    "SPARQL two hops": 'msh:X sh:targetClass mitra:Agreement ; sh:sparql [ sh:select """SELECT $this WHERE { '
                       '$this mitra:party ?p . ?p mitra:country ?c . ?c mitra:isoCode "NL" }""" ] .',
    "SPARQL this as object": 'msh:X sh:targetClass mitra:Agreement ; sh:sparql [ sh:select """SELECT $this WHERE '
                             '{ ?x mitra:party $this }""" ] .',
    "SPARQL path from a value": 'msh:X sh:targetClass mitra:Agreement ; sh:sparql [ sh:select """SELECT $this '
                                'WHERE { $this mitra:party ?p . ?p mitra:partOf+ ?r }""" ] .',
    "SPARQL $PATH": 'msh:X sh:targetClass mitra:Agreement ; sh:property [ sh:path mitra:party ; sh:sparql '
                    '[ sh:select """SELECT $this WHERE { $this $PATH ?v }""" ] ] .',
    "implicit class target": "msh:X a <http://www.w3.org/2000/01/rdf-schema#Class> , sh:NodeShape ; "
                             "sh:property [ sh:path mitra:party ; sh:minCount 1 ] .",
}


def _with(shapes_g: Graph, ttl: str) -> Graph:
    g = Graph()
    for t in shapes_g:
        g.add(t)
    return g.parse(data=_PREFIXES + ttl, format="turtle")


def test_the_rule_of_the_shipped_shapes(shapes_g):
    """Read from shapes.ttl: ProgramShape's inverse path, NoCycleShape's two transitive SPARQL paths."""
    rule = chunk_rule(shapes_g)
    assert rule.inverse_predicates == {MITRA.participationIn}
    assert rule.closure_predicates == {MITRA.unitOf, MITRA.partOf}
    assert rule.global_predicates == {RDFS.subClassOf}
    # what the shapes read: every path's predicate (the date alternatives, the inverse participationIn), the
    # cycle checks' and the funding parts' SPARQL, targetSubjectsOf
    assert {RDFS.label, MITRA.source, MITRA.startDate, MITRA.participationIn, MITRA.unitOf, MITRA.currency,
            MITRA.amount, MITRA.partOfFunding} <= rule.read_predicates
    assert not {MITRA.inProvince, MITRA.publisher, MITRA.title} & rule.read_predicates


def test_the_chunks_load_only_what_a_shape_reads(shapes_g, shipped):
    """read_triples keeps, in their order, the triples whose predicate a shape names or whose predicate is in the
    RDF, RDFS, OWL or SHACL vocabulary, and drops the others (at 30x a tenth of the graph)."""
    triples = triples_of(shipped.g)
    rule = chunk_rule(shapes_g)
    kept = read_triples(triples, rule)
    assert kept == [t for t in triples if t[1] in rule.read_predicates or str(t[1]).startswith(
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
         "http://www.w3.org/2002/07/owl#", "http://www.w3.org/ns/shacl#"))]
    assert 0 < len(triples) - len(kept) < len(triples) / 4
    assert {t[1] for t in kept} >= {RDF.type, RDFS.subClassOf, RDFS.label, MITRA.party}
    # a predicate a new shape compares values with (sh:equals) or targets (sh:targetSubjectsOf) is read
    shapes = _with(shapes_g, "msh:X sh:targetSubjectsOf mitra:inProvince ; sh:property [ sh:path mitra:partOf ; "
                             "sh:equals mitra:publisher ] .")
    assert {MITRA.inProvince, MITRA.publisher} <= chunk_rule(shapes).read_predicates


def test_a_result_about_a_chunks_own_focus_is_kept_among_its_neighbours_results(shapes_g, ontology_g, shipped):
    """Chunks whose results are only about neighbours are not read back; one result about a focus subject among
    them still is: the same report in chunks of 7 and 50 and in one call."""
    g = Graph()
    [program] = sorted(set(shipped.data.g.subjects(RDF.type, MITRA.Program)))[:1]
    for s, p, o in shipped.data.g:
        if not (s == program and p == MITRA.source):
            g.add((s, p, o))
    merged = merge_graphs(ontology_g, g)
    one = shacl_results(shacl_report(merged, shapes_g, chunk_subjects=10**9))
    assert [r.focus for r in one] == [str(program)]
    assert shacl_results(shacl_report(merged, shapes_g, chunk_subjects=7)) == one
    assert shacl_results(shacl_report(merged, shapes_g, chunk_subjects=50)) == one


@pytest.mark.parametrize("name", sorted(UNCOVERED))
def test_the_rule_refuses_what_it_does_not_cover(name, shapes_g):
    with pytest.raises(UnsupportedShapeError):
        chunk_rule(_with(shapes_g, UNCOVERED[name]))


def test_uncovered_shapes_are_validated_in_one_call(shapes_g, ontology_g, shipped):
    """With a shape the rule refuses, a forced tiny chunk size changes nothing: the graph is one call."""
    shapes = _with(shapes_g, 'msh:X a sh:NodeShape ; sh:targetClass mitra:Program ; sh:sparql [ sh:select '
                             '"""SELECT $this WHERE { ?x <https://w3id.org/mitra/ontology#participationIn> '
                             '$this }""" ] .')
    merged = merge_graphs(ontology_g, shipped.data.g)
    one = shacl_results(shacl_report(merged, shapes, chunk_subjects=10**9))
    assert one and one == shacl_results(shacl_report(merged, shapes, chunk_subjects=7))


def test_every_subject_is_a_focus_of_exactly_one_chunk(shapes_g, ontology_g, shipped):
    """Each chunk names its focus subjects by their N-Triples text and holds, as N-Triples rows, their triples,
    the class hierarchy, every blank node's triples and the types of its neighbours."""
    merged = merge_graphs(ontology_g, shipped.data.g)
    triples = triples_of(merged)
    parts = list(chunks(triples, chunk_rule(shapes_g), 50))
    assert len(parts) > 20
    seen: list = [s for focus, _ in parts for s in focus]
    assert len(seen) == len(set(seen)) and set(seen) == {t[0].n3() for t in triples}
    assert all(not s.startswith("_:") for focus, _ in parts[1:] for s in focus)  # blank nodes: the first
    row = dict(zip(triples, (r + " ." for r in nt_rows(triples)), strict=True))
    own: dict = defaultdict(set)  # each subject's rows, and who points to it through participationIn
    pointed: dict = defaultdict(set)
    by_text = {t[0].n3(): t[0] for t in triples}
    for t in triples:
        own[t[0]].add(t)
        if t[1] == MITRA.participationIn:
            pointed[t[2]].add(t[0])
    hierarchy = {row[t] for t in triples if t[1] == RDFS.subClassOf}
    blank = {row[t] for t in triples if isinstance(t[0], BNode)}
    for focus, text in parts:
        held = set(text.splitlines())
        subjects = {by_text[s] for s in focus}
        assert {row[t] for s in subjects for t in own[s]} <= held  # a focus's triples
        assert hierarchy <= held  # the class hierarchy, everywhere
        assert blank <= held
        neighbours = {t[2] for s in subjects for t in own[s]} | {s for o in subjects for s in pointed[o]}
        types = {row[t] for n in neighbours for t in own.get(n, ()) if t[1] == RDF.type}
        assert types <= held  # their types


def test_a_small_graph_is_one_chunk(shapes_g, ontology_g):
    triples = triples_of(ontology_g)
    assert list(chunks(triples, chunk_rule(shapes_g), 10**6)) == [(None, triples_text(triples))]


def test_the_chunked_report_is_one_report(shapes_g, ontology_g, shipped):
    """Results of many chunks in one ``sh:ValidationReport``, none lost to a blank-node label met twice."""
    g = Graph()
    for s, p, o in shipped.data.g:
        if p not in (MITRA.source, MITRA.participationIn):
            g.add((s, p, o))
    report = shacl_report(merge_graphs(ontology_g, g), shapes_g, chunk_subjects=50)  # about 80 chunks
    [root] = report.subjects(RDF.type, SH.ValidationReport)
    results = set(report.objects(root, SH.result))
    assert len(results) == len(set(report.subjects(SH.resultSeverity, None))) > 500
    assert report.value(root, SH.conforms).toPython() is False
    inverse = [r for r in results if isinstance(report.value(r, SH.resultPath), BNode)]
    assert len(inverse) > 10 and len({report.value(r, SH.resultPath) for r in inverse}) == len(inverse)


def test_a_blank_node_focus_is_validated_once(shapes_g, ontology_g):
    """A blank node typed as an agreement (no label, no parties): its results come from the first chunk, which
    holds every blank node as focus, and only from there."""
    from pathlib import Path

    base = Path(__file__).parent.parent / "fixtures" / "shapes" / "base.ttl"
    g = Graph().parse(base).parse(data=_PREFIXES + "[] a mitra:Agreement ; mitra:party [ a mitra:Country ] .",
                                  format="turtle")
    merged = merge_graphs(ontology_g, g)

    def anonymous(results):  # a blank node's label is new in every report: compare the rest
        return (sorted((r.path, r.constraint, r.messages) for r in results if "://" not in r.focus),
                sorted(r for r in results if "://" in r.focus))

    one = shacl_results(shacl_report(merged, shapes_g, chunk_subjects=10**9))
    assert anonymous(one)[0]  # the blank agreement and country are reported
    assert anonymous(shacl_results(shacl_report(merged, shapes_g, chunk_subjects=7))) == anonymous(one)
