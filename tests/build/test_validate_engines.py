"""The Rust ``shacl`` engine (the default) against pySHACL (the reference): the same results, everywhere.

Compared on the shipped data (as it is, and with facts removed so it violates many shapes), on every shape
fixture (valid and invalid) and on a corpus of bad inputs built from the mini data. A difference in focus node,
path, constraint component, severity or message fails, and so does any difference in the ``file:row: field:
message`` violations the build reports.

pySHACL is the slow side (about 1 s per shape fixture, 10-30 s on the shipped data): each test compares the
report of a graph and the violations ``validate_graph`` maps from it, and both ask pySHACL about the same
graph, so :func:`_pyshacl_once` answers the second ask from the first (keyed by the graph's content).

The Rust engine validates a big graph in chunks of focus subjects (``graph.build.partition``); every comparison
here runs it again with chunks forced on (:data:`CHUNK_SIZES` subjects a chunk) against the same pySHACL report,
and the ``validate_graph`` violations chunked against those of one call.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit
from rdflib import Graph

from graph import paths
from graph.build.load import LoadedData, load_data
from graph.build.partition import chunk_rule, chunks
from graph.build.validate import ENGINES, shacl_report, shacl_results, validate_graph
from graph.namespaces import MITRA, RDFS
from graph.rdf import merge_graphs, triples_of

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHAPES_FIXTURES = FIXTURES / "shapes"
FIXTURE_FILES = sorted((SHAPES_FIXTURES / "valid").glob("*.ttl")) + sorted((SHAPES_FIXTURES / "invalid").glob("*.ttl"))
assert len(FIXTURE_FILES) >= 70, f"no shape fixtures under {SHAPES_FIXTURES}"  # never compare zero fixtures

_DATE_TTL = (
    "@prefix mid: <https://w3id.org/mitra/id/> .\n@prefix mitra: <https://w3id.org/mitra/ontology#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    'mid:workshop a mitra:Event ; rdfs:label "Lokakarya"@id , "Workshop"@en ; mitra:source mid:src-a ;\n'
    '    mitra:startDate "2023-09-26"^^xsd:date ; mitra:endDate "soon" .\n'
)

# name → how to break the mini folder so that it loads but violates shapes or checks
BAD_INPUTS = {
    "negative-amount": lambda d: edit(d, "fundings.csv", "1000000.50,EUR", "-5,"),
    "no-participants": lambda d: (d / "participations.csv").write_text(
        "id,in,participant,role,topic,source,note\n", encoding="utf-8"),
    "one-party": lambda d: edit(d, "agreements.csv", "jakarta|rotterdam", "jakarta"),
    "bad-end-date": lambda d: (d / "extra.ttl").write_text(_DATE_TTL, encoding="utf-8"),
    "untyped-person": lambda d: (d / "extra.ttl").write_text(
        "@prefix mid: <https://w3id.org/mitra/id/> .\n@prefix mitra: <https://w3id.org/mitra/ontology#> .\n"
        "mid:someone a mitra:Person .\n", encoding="utf-8"),
}


def _content_key(*graphs: Graph) -> tuple[frozenset, ...]:
    """The graphs' triples as sets, whatever their order (the two asks build two equal graphs): rdflib's terms
    compare as terms (lexical form, datatype, language), as their N-Triples would, without writing them out."""
    return tuple(frozenset(g) for g in graphs)


@pytest.fixture(scope="module", autouse=True)
def _pyshacl_once():
    """pySHACL runs once per distinct (data, shapes, options): the same call on the same content gives the
    same report, so a second call gets the first report graph (read only: both readers only query it)."""
    import pyshacl

    real, reports = pyshacl.validate, {}

    def validate(data_graph, *args, shacl_graph=None, **kwargs):
        key = (_content_key(data_graph, shacl_graph), repr(args), repr(sorted(kwargs.items())))
        if key not in reports:
            reports[key] = real(data_graph, *args, shacl_graph=shacl_graph, **kwargs)
        return reports[key]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pyshacl, "validate", validate)
        yield reports


CHUNK_SIZES = (7, 50)
"""Chunk sizes (focus subjects) the partitioned Rust engine is forced to: every test graph has more subjects."""


def _both(merged: Graph, shapes_g: Graph):
    return [shacl_results(shacl_report(merged, shapes_g, engine=e)) for e in ENGINES]


def _chunked(merged: Graph, shapes_g: Graph, sizes: tuple[int, ...] = CHUNK_SIZES) -> dict[int, tuple]:
    """The Rust engine's results with the graph cut into chunks of each size (checked to be several chunks)."""
    out = {}
    for size in sizes:
        assert sum(1 for _ in chunks(triples_of(merged), chunk_rule(shapes_g), size)) > 1
        out[size] = shacl_results(shacl_report(merged, shapes_g, chunk_subjects=size))
    return out


def _violations_of_both(data: LoadedData, shapes_g: Graph, ontology_g: Graph, **kw):
    return [validate_graph(data, shapes=shapes_g, ont=ontology_g, engine=e, **kw) for e in ENGINES]


def _violations_chunked(data: LoadedData, shapes_g: Graph, ontology_g: Graph, size: int = CHUNK_SIZES[0], **kw):
    return validate_graph(data, shapes=shapes_g, ont=ontology_g, chunk_subjects=size, **kw)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_engines_agree_on_every_shape_fixture(path, shapes_g, ontology_g):
    g = Graph().parse(SHAPES_FIXTURES / "base.ttl").parse(path)
    merged = merge_graphs(ontology_g, g)
    rust, reference = _both(merged, shapes_g)
    assert rust == reference
    assert bool(reference) == (path.parent.name == "invalid")
    # each chunk size once a fixture: the report at the smallest, the mapped violations (read from the same
    # report) at the other
    assert _chunked(merged, shapes_g, CHUNK_SIZES[:1]) == {CHUNK_SIZES[0]: reference}
    a, b = _violations_of_both(LoadedData(g=g), shapes_g, ontology_g)
    assert a.violations == b.violations and a.conforms == b.conforms
    c = _violations_chunked(LoadedData(g=g), shapes_g, ontology_g, CHUNK_SIZES[1])
    assert (c.violations, c.conforms, c.text) == (a.violations, a.conforms, a.text)


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_engines_agree_on_bad_inputs(kind, mini, shapes_g, ontology_g):
    BAD_INPUTS[kind](mini)
    data = load_data(mini, ontology_g)
    merged = merge_graphs(ontology_g, data.g)
    rust, reference = _both(merged, shapes_g)
    assert rust == reference and reference
    assert _chunked(merged, shapes_g, CHUNK_SIZES[:1]) == {CHUNK_SIZES[0]: reference}
    a, b = _violations_of_both(data, shapes_g, ontology_g, checks_dir=paths.CHECKS_DIR)
    assert a.violations == b.violations and not a.conforms and not b.conforms
    assert all(v.path.endswith((".csv", ".ttl")) and v.line > 0 for v in a.violations)
    c = _violations_chunked(data, shapes_g, ontology_g, CHUNK_SIZES[1], checks_dir=paths.CHECKS_DIR)
    assert (c.violations, c.conforms, c.text) == (a.violations, a.conforms, a.text)


def test_engines_agree_on_the_shipped_data(shipped, shapes_g, ontology_g):
    merged = merge_graphs(ontology_g, shipped.data.g)
    rust, reference = _both(merged, shapes_g)
    assert rust == reference == ()
    assert len(merged) > 4000
    # the smallest chunks only: on valid data a chunk can only go wrong by a result its partial data invents,
    # and the fewer subjects a chunk holds, the more of each focus's neighbours come from outside it
    assert _chunked(merged, shapes_g, CHUNK_SIZES[:1]) == {CHUNK_SIZES[0]: reference}


def test_engines_agree_on_the_shipped_data_with_facts_removed(shipped, shapes_g, ontology_g):
    """A sixth of the shipped subjects, and English labels, sources and parties dropped from every second one
    of those: a thousand results of four constraint kinds (missing values, qualified parties, ``sh:class`` of
    an entity left out, ``sh:or``) on a graph small enough for pySHACL in seconds."""
    g = Graph()
    subjects = sorted(set(shipped.data.g.subjects()))
    kept = subjects[::6]
    broken, kept = set(kept[::2]), set(kept)
    for s, p, o in shipped.data.g:
        if s not in kept:
            continue
        if s in broken and (p in (MITRA.source, MITRA.party) or (p == RDFS.label and o.language == "en")):
            continue
        g.add((s, p, o))
    merged = merge_graphs(ontology_g, g)
    rust, reference = _both(merged, shapes_g)
    assert rust == reference
    # each chunk size once on the shipped graph (4,000 subjects: hundreds of chunks at 7): the report at the
    # smallest, the mapped violations below at the other
    assert _chunked(merged, shapes_g, CHUNK_SIZES[:1]) == {CHUNK_SIZES[0]: reference}
    assert len(reference) > 50
    assert {r.constraint.rsplit("#", 1)[-1] for r in reference} >= {
        "MinCountConstraintComponent", "QualifiedMinCountConstraintComponent", "ClassConstraintComponent",
        "OrConstraintComponent"}
    data = LoadedData(g=g, origins=shipped.data.origins)
    a, b = _violations_of_both(data, shapes_g, ontology_g)
    assert a.violations == b.violations and len(a.violations) > 50
    c = _violations_chunked(data, shapes_g, ontology_g, CHUNK_SIZES[1])
    assert (c.violations, c.conforms, c.text) == (a.violations, a.conforms, a.text)


def test_unknown_engine_is_refused(shapes_g):
    with pytest.raises(ValueError, match="unknown SHACL engine"):
        shacl_report(Graph(), shapes_g, engine="nope")
