"""SHACL validation and the QC checks of ontology/checks, with every violation placed at file:line: field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import edit
from rdflib import Graph, URIRef

from graph import paths
from graph.build.load import LoadedData, load_data
from graph.build.validate import Violation, run_checks, validate_graph
from graph.errors import QueryError
from graph.namespaces import MID

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "mini"
BASE = FIXTURES / "shapes" / "base.ttl"
CHECKS = sorted(paths.CHECKS_DIR.glob("*-violation.rq"))


def validate(folder: Path, ontology_g, shapes_g, checks_dir=paths.CHECKS_DIR):
    return validate_graph(
        load_data(folder, ontology_g), shapes=shapes_g, ont=ontology_g, checks_dir=checks_dir
    )


def test_mini_data_conforms(ontology_g, shapes_g):
    result = validate(MINI, ontology_g, shapes_g)
    assert result.conforms, result.text
    assert result.violations == ()
    assert "Conforms: True" in result.text


def test_violation_is_placed_at_file_row_and_csv_column(mini, ontology_g, shapes_g):
    edit(mini, "fundings.csv", "1000000.50,EUR", "-5,")
    result = validate(mini, ontology_g, shapes_g)
    assert not result.conforms
    lines = [str(v).replace(f"{mini}/", "") for v in result.violations]
    assert lines == [
        "fundings.csv:2: amount: an amount is one non-negative xsd:decimal [mid:f-dutep]",
        "fundings.csv:2: currency: an amount needs its ISO 4217 currency [mid:f-dutep]",
    ]


def test_program_without_participants_points_at_participations(mini, ontology_g, shapes_g):
    (mini / "participations.csv").write_text("id,in,participant,role,topic,source,note\n", encoding="utf-8")
    result = validate(mini, ontology_g, shapes_g)
    [v] = result.violations
    assert (Path(v.path).name, v.line, v.field) == ("programs.csv", 2, "participations.csv:in")
    assert v.message == "a program has at least one participant with a role (participations.csv)"
    assert v.focus == str(MID.dutep)


def test_agreement_with_one_party_names_the_parties_column(mini, ontology_g, shapes_g):
    edit(mini, "agreements.csv", "jakarta|rotterdam", "jakarta")
    result = validate(mini, ontology_g, shapes_g)
    fields = {(Path(v.path).name, v.line, v.field, v.message) for v in result.violations}
    assert ("agreements.csv", 2, "parties", "an agreement has at least two parties") in fields


def test_date_shape_names_the_date_that_is_wrong(mini, ontology_g, shapes_g):
    """The shared date shape uses an sh:alternativePath; the field is the alternative with the bad value."""
    (mini / "extra.ttl").write_text(
        "@prefix mid: <https://w3id.org/mitra/id/> .\n@prefix mitra: <https://w3id.org/mitra/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        'mid:workshop a mitra:Event ; rdfs:label "Lokakarya"@id , "Workshop"@en ; mitra:source mid:src-a ;\n'
        '    mitra:startDate "2023-09-26"^^xsd:date ; mitra:endDate "soon" .\n',
        encoding="utf-8",
    )
    result = validate(mini, ontology_g, shapes_g)
    [v] = result.violations
    assert (Path(v.path).name, v.line, v.field) == ("extra.ttl", 6, "endDate")
    assert v.message.startswith("dates are xsd:date")


def test_subject_of_a_turtle_file_is_placed_at_its_line(mini, ontology_g, shapes_g):
    (mini / "extra.ttl").write_text(
        "@prefix mid: <https://w3id.org/mitra/id/> .\n@prefix mitra: <https://w3id.org/mitra/ontology#> .\n\n"
        "mid:someone a mitra:Person .\n",
        encoding="utf-8",
    )
    result = validate(mini, ontology_g, shapes_g)
    assert {(Path(v.path).name, v.line) for v in result.violations} == {("extra.ttl", 4)}
    assert {v.field for v in result.violations} == {"label", "source"}


def test_node_outside_the_data_is_reported_as_graph(ontology_g, shapes_g):
    g = Graph().parse(
        data="""@prefix mitra: <https://w3id.org/mitra/ontology#> .
        <https://w3id.org/mitra/id/x> a mitra:Country .""",
        format="turtle",
    )
    result = validate_graph(LoadedData(g=g), shapes=shapes_g, ont=ontology_g)
    assert result.violations and all(v.path == "(graph)" and v.line == 0 for v in result.violations)
    assert str(result.violations[0]).startswith("(graph): ")


def test_violations_are_sorted_and_unique(mini, ontology_g, shapes_g):
    edit(mini, "fundings.csv", "1000000.50,EUR", "-5,")
    (mini / "participations.csv").write_text("id,in,participant,role,topic,source,note\n", encoding="utf-8")
    result = validate(mini, ontology_g, shapes_g)
    assert len(result.violations) == 3
    assert list(result.violations) == sorted(set(result.violations))


def test_violation_renders_as_file_line_field_message():
    v = Violation(
        "data/agreements.csv",
        4,
        "parties",
        "an agreement has at least two parties",
        "https://w3id.org/mitra/id/a",
    )
    assert str(v) == "data/agreements.csv:4: parties: an agreement has at least two parties [mid:a]"


# --- QC checks ------------------------------------------------------------------------------------------


def _graph(*files: Path) -> Graph:
    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    return g


def _expected_focus(path: Path) -> str:
    line = next(
        ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("# expect-focus:")
    )
    return str(MID[line.split("mid:", 1)[1].strip()])


def _check_dir(tmp_path: Path, rq: Path) -> Path:
    """A checks folder with just one check, so a fixture is tested against its own query."""
    folder = tmp_path / "checks"
    folder.mkdir()
    shutil.copy(rq, folder / rq.name)
    return folder


def test_there_are_several_checks():
    assert len(CHECKS) >= 5


@pytest.mark.parametrize("rq", CHECKS, ids=lambda p: p.stem)
def test_check_starts_with_its_message_and_declares_prefixes(rq):
    lines = rq.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and len(lines[0]) > 20
    assert any(ln.startswith("PREFIX mitra:") for ln in lines)


@pytest.mark.parametrize("rq", CHECKS, ids=lambda p: p.stem)
def test_check_finds_its_violating_fixture(tmp_path, rq):
    fixture = FIXTURES / "checks" / f"{rq.stem.removesuffix('-violation')}.ttl"
    assert fixture.exists(), f"no violating fixture for {rq.name}"
    found = run_checks(_graph(BASE, fixture), _check_dir(tmp_path, rq), {})
    assert found, f"{rq.name} found nothing in {fixture.name}"
    assert {v.focus for v in found} == {_expected_focus(fixture)}
    message = rq.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    assert all(v.message == message and v.field == rq.stem and v.severity == "Violation" for v in found)


def test_checks_find_nothing_in_the_conforming_context():
    assert run_checks(_graph(BASE), paths.CHECKS_DIR, {}) == []


def test_checks_find_nothing_in_the_mini_data(ontology_g):
    data = load_data(MINI, ontology_g)
    assert run_checks(data.g, paths.CHECKS_DIR, data.origins) == []


def test_checks_find_nothing_in_the_shipped_data(shipped):
    assert len(shipped.data.g) > 1000
    found = run_checks(shipped.g, paths.CHECKS_DIR, shipped.data.origins)
    assert found == [], "\n".join(map(str, found))


@pytest.mark.parametrize(
    "start, end, violates",
    [
        ("2014-09", "2014", False),  # same year: not before
        ("2014-09", "2014-08-31", True),
        ("2014-09-02", "2014-09-01", True),
        ("2014", "2013-12", True),
        ("2019-12", "2023", False),
    ],
)
def test_end_before_start_compares_at_the_shared_precision(tmp_path, start, end, violates):
    def typed(value: str) -> str:
        return {4: "gYear", 7: "gYearMonth", 10: "date"}[len(value)]

    g = Graph().parse(
        data=f"""@prefix mitra: <https://w3id.org/mitra/ontology#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/mitra/id/p> mitra:startDate "{start}"^^xsd:{typed(start)} ;
            mitra:endDate "{end}"^^xsd:{typed(end)} .""",
        format="turtle",
    )
    rq = paths.CHECKS_DIR / "end-before-start-violation.rq"
    assert bool(run_checks(g, _check_dir(tmp_path, rq), {})) is violates


def test_check_violation_is_placed_at_the_focus_row(mini, ontology_g, shapes_g):
    edit(mini, "agreements.csv", "jakarta-rotterdam,KSDPL,sister-city", "jakarta-rotterdam,other,sister-city")
    result = validate(mini, ontology_g, shapes_g)
    assert not result.conforms
    [v] = result.violations
    assert (Path(v.path).name, v.line, v.field) == ("agreements.csv", 2, "sister-city-not-ksdpl-violation")


def test_a_broken_check_is_a_query_error(tmp_path):
    folder = tmp_path / "checks"
    folder.mkdir()
    (folder / "broken-violation.rq").write_text("# broken\nSELECT ?x WHERE { ?x ", encoding="utf-8")
    with pytest.raises(QueryError, match="broken-violation.rq"):
        run_checks(Graph(), folder, {})


def test_checks_can_be_switched_off(mini, ontology_g, shapes_g):
    edit(mini, "agreements.csv", "jakarta-rotterdam,KSDPL,sister-city", "jakarta-rotterdam,other,sister-city")
    assert validate(mini, ontology_g, shapes_g, checks_dir=None).conforms


def test_check_focus_is_the_first_iri_of_the_row(tmp_path):
    folder = tmp_path / "checks"
    folder.mkdir()
    (folder / "literal-first-violation.rq").write_text(
        '# literal first\nSELECT ?label ?x WHERE {\n'
        '  BIND("a" AS ?label) BIND(<https://w3id.org/mitra/id/x> AS ?x) }\n',
        encoding="utf-8",
    )
    [v] = run_checks(Graph(), folder, {})
    assert v.focus == str(URIRef(MID.x))


@pytest.mark.parametrize("rq", CHECKS, ids=lambda p: p.stem)
def test_check_engines_agree_on_every_check_fixture(tmp_path, rq):
    fixture = FIXTURES / "checks" / f"{rq.stem.removesuffix('-violation')}.ttl"
    g, folder = _graph(BASE, fixture), _check_dir(tmp_path, rq)
    ox, rd = (run_checks(g, folder, {}, engine=e) for e in ("oxigraph", "rdflib"))
    assert ox and ox == rd


def test_check_engines_agree_on_the_shipped_data_with_violations_added(shipped):
    """The shipped data conforms, so break it in the ways the checks look for, then compare the engines."""
    from rdflib import Literal
    from rdflib.namespace import RDF, XSD

    from graph.namespaces import MITRA

    g = Graph()
    for t in shipped.g:
        g.add(t)
    agreements = sorted(set(g.subjects(MITRA.party, None)))[:5]
    for a in agreements:
        g.add((a, MITRA.endDate, Literal("1900", datatype=XSD.gYear)))
        g.add((a, MITRA.party, a))  # a party to itself: self-participation or duplicate-party shapes of rows
    g.add((URIRef(MID["orphan-source"]), RDF.type, MITRA.Source))
    ox, rd = (run_checks(g, paths.CHECKS_DIR, shipped.data.origins, engine=e) for e in ("oxigraph", "rdflib"))
    assert len(ox) >= 5 and ox == rd


def test_an_unknown_check_engine_is_refused():
    with pytest.raises(QueryError, match="unknown check engine"):
        run_checks(Graph(), paths.CHECKS_DIR, {}, engine="virtuoso")


def _prepared(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


@pytest.mark.parametrize("text, expected", [
    ("SELECT * WHERE { ?s <http://x/a> ?o }", {"a"}),
    ("SELECT * WHERE { ?s <http://x/a>/^<http://x/b>|<http://x/c>+ ?o }", {"a", "b", "c"}),
    ("SELECT * WHERE { VALUES ?p { <http://x/a> <http://x/b> } ?s ?p ?o }", {"a", "b"}),
    ("SELECT * WHERE { ?s <http://x/a> ?o FILTER NOT EXISTS { ?o <http://x/b> ?s ; <http://x/c> ?x } }",
     {"a", "b", "c"}),
    ("SELECT * WHERE { ?s ?p ?o }", None),
    ('SELECT * WHERE { VALUES ?p { <http://x/a> "b" } ?s ?p ?o }', None),
    ("SELECT * WHERE { ?s !<http://x/a> ?o }", None),
    ("SELECT * WHERE { ?s <http://x/a> ?o FILTER EXISTS { ?o ?q ?s } }", None),
    # a FILTER inside an EXISTS: rdflib takes it out of the parsed pattern, and keeps it in the translated one
    ("SELECT * WHERE { ?s <http://x/a> ?o FILTER EXISTS { ?o <http://x/b> ?s FILTER NOT EXISTS { ?s <http://x/c> ?x } "
     "} }", {"a", "b", "c"}),
])
def test_check_predicates_are_what_the_checks_can_read(text, expected):
    from rdflib.namespace import RDF

    from graph.build.validate import check_predicates

    got = check_predicates([_prepared(text)])
    assert got == (None if expected is None else {URIRef(f"http://x/{n}") for n in expected} | {RDF.type})


def _rows_of_every_check(g: Graph, predicates) -> dict[str, list]:
    from graph.build.validate import check_queries, oxigraph_rows, oxigraph_store

    store = oxigraph_store(g, predicates)
    return {name: oxigraph_rows(store, text) for name, _, text, _ in check_queries(paths.CHECKS_DIR)}


def _shipped_predicates():
    from graph.build.validate import check_predicates, check_queries

    return check_predicates([q for *_, q in check_queries(paths.CHECKS_DIR)])


@pytest.mark.parametrize("rq", CHECKS, ids=lambda p: p.stem)
def test_the_checks_store_of_the_read_predicates_answers_as_the_full_store(rq):
    fixture = FIXTURES / "checks" / f"{rq.stem.removesuffix('-violation')}.ttl"
    g = _graph(BASE, fixture)
    predicates = _shipped_predicates()
    assert predicates is not None and len({t for t in g if t[1] in predicates}) < len(g)
    small, full = _rows_of_every_check(g, predicates), _rows_of_every_check(g, None)
    assert small == full and small[rq.stem]


def test_the_checks_store_of_the_shipped_data_answers_as_the_full_store(shipped):
    """With every check's violations added (the shipped data has none), on the shipped graph."""
    from rdflib import Literal
    from rdflib.namespace import RDF, XSD

    from graph.namespaces import MITRA

    g = Graph()
    for t in shipped.g:
        g.add(t)
    for a in sorted(set(g.subjects(MITRA.party, None)))[:5]:
        g.add((a, MITRA.endDate, Literal("1900", datatype=XSD.gYear)))
        g.add((a, MITRA.party, a))
    g.add((URIRef(MID["orphan-source"]), RDF.type, MITRA.Source))
    predicates = _shipped_predicates()
    kept = sum(1 for t in g if t[1] in predicates)
    assert kept < 0.8 * len(g)
    small, full = _rows_of_every_check(g, predicates), _rows_of_every_check(g, None)
    assert small == full and sum(map(len, small.values())) >= 5


@pytest.mark.parametrize("narrowed", [False, True], ids=["by-predicate", "narrowed-to-the-checks"])
def test_the_checks_store_keeps_blank_nodes_whole_across_its_pieces(narrowed):
    """Oxigraph renames each load's blank nodes: a blank node's triples must all be in one load, whether the store
    holds its predicates' triples or only what the check queries' patterns match."""
    from graph.build.validate import oxigraph_store

    g = Graph().parse(data="""@prefix mitra: <https://w3id.org/mitra/ontology#> .
        <https://w3id.org/mitra/id/a> mitra:party [ mitra:party <https://w3id.org/mitra/id/b> ] .
        <https://w3id.org/mitra/id/c> mitra:party <https://w3id.org/mitra/id/d> .""", format="turtle")
    query = ("SELECT ?a ?b WHERE { ?a <https://w3id.org/mitra/ontology#party> ?x . "
             "?x <https://w3id.org/mitra/ontology#party> ?b }")
    store = oxigraph_store(g, checks=[_prepared(query)], piece=1) if narrowed else oxigraph_store(g, None, piece=1)
    rows = [[str(t.value) for t in row] for row in store.query(query)]
    assert rows == [["https://w3id.org/mitra/id/a", "https://w3id.org/mitra/id/b"]]


def test_the_checks_store_loaded_leniently_holds_what_a_strict_parse_of_the_same_graph_holds(shipped):
    """The checks' store skips Oxigraph's own term checks (the text is written from rdflib terms): on the shipped
    graph, with its language-tagged, typed and escaped literals, it must hold exactly the quads of a strict load."""
    import pyoxigraph as ox
    from rdflib import Literal

    from graph.build.validate import oxigraph_store
    from graph.rdf import ntriples_text

    g = Graph()
    for t in shipped.g:
        g.add(t)
    note = Literal('a "quoted"\nline\\ é', lang="id")
    g.add((URIRef(MID["x"]), URIRef("https://w3id.org/mitra/ontology#note"), note))
    strict = ox.Store()
    strict.load(ntriples_text(g), format=ox.RdfFormat.N_TRIPLES)
    lenient = oxigraph_store(g, None, piece=997)
    assert len(lenient) == len(strict) == len(g) > 10_000
    assert set(lenient) == set(strict)


# --- the checks' store narrowed to what their patterns can match (oxigraph_store's checks) ----------------------

def _check_prepared() -> list:
    from graph.build.validate import check_queries

    return [q for *_, q in check_queries(paths.CHECKS_DIR)]


def _answers(store, texts) -> list[list]:
    from graph.build.validate import oxigraph_rows

    return [sorted(map(str, oxigraph_rows(store, text))) for text in texts]


def _shipped_with_violations(shipped) -> Graph:
    """The shipped graph (on the build's store) with a violation of every check added."""
    from rdflib import Literal
    from rdflib.namespace import RDF, XSD

    from graph.namespaces import MITRA
    from graph.rdf import triple_graph, triples_of

    g = triple_graph(triples_of(shipped.g))
    agreements = sorted(set(g.subjects(MITRA.party, None)))[:5]
    for a in agreements:
        g.add((a, MITRA.endDate, Literal("1900", datatype=XSD.gYear)))
        g.add((a, MITRA.party, a))
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    party = min(g.objects(agreements[0], MITRA.party))
    g.add((agreements[0], MITRA.party, URIRef(MID["twin"])))  # a second party of the same name
    for name in g.objects(party, label):
        g.add((URIRef(MID["twin"]), label, name))
    g.add((URIRef(MID["orphan-source"]), RDF.type, MITRA.Source))
    g.add((URIRef(MID["p-self"]), RDF.type, MITRA.Participation))
    g.add((URIRef(MID["p-self"]), MITRA.participant, agreements[1]))
    g.add((URIRef(MID["p-self"]), MITRA.participationIn, agreements[1]))
    g.add((agreements[2], MITRA.stage, URIRef(MID["no-stage"])))
    g.add((URIRef(MID["not-ksdpl"]), MITRA.form, MITRA["form-sister-city"]))
    return g


@pytest.mark.parametrize("store", ["build", "rdflib"])
def test_the_checks_store_narrowed_to_their_patterns_answers_as_the_full_store(shipped, store):
    """On the shipped graph with every check's violations added, on the build's store (its indexes) and on
    rdflib's (one pass): the same rows from far fewer triples than the read predicates hold."""
    from graph.build.validate import check_predicates, check_queries, oxigraph_store

    g = _shipped_with_violations(shipped)
    if store == "rdflib":
        plain = Graph()
        for t in g:
            plain.add(t)
        g = plain
    texts = [text for _, _, text, _ in check_queries(paths.CHECKS_DIR)]
    narrow = oxigraph_store(g, checks=_check_prepared(), piece=997)
    full = oxigraph_store(g, None)
    wide = oxigraph_store(g, check_predicates(_check_prepared()))
    assert len(narrow) < 0.7 * len(wide)
    got = _answers(narrow, texts)
    assert got == _answers(full, texts) and all(got), got


@pytest.mark.parametrize("rq", CHECKS, ids=lambda p: p.stem)
def test_the_checks_store_narrowed_to_their_patterns_answers_as_the_full_store_on_every_fixture(rq):
    from graph.build.validate import oxigraph_store

    g = _graph(BASE, FIXTURES / "checks" / f"{rq.stem.removesuffix('-violation')}.ttl")
    text = rq.read_text(encoding="utf-8")
    narrow, full = oxigraph_store(g, checks=_check_prepared()), oxigraph_store(g, None)
    assert len(narrow) < len(full)
    assert _answers(narrow, [text]) == _answers(full, [text]) != [[]]


_PATTERNS_DATA = """@prefix : <http://x/> .
:a :p :b , :c , :a ; :q "1" , "01" ; a :K .
:b :r :c ; :q "x" ; a :L .
:c :r :d ; :s :a ; a :K .
:d :s [ :r :a ] ; :q "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
:e :r :e ; :q "01"^^<http://www.w3.org/2001/XMLSchema#integer> .
"""


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?x <http://x/p> ?y . ?y <http://x/r> ?z }",
    "SELECT * WHERE { ?x <http://x/p> ?y OPTIONAL { ?y <http://x/r> ?z } }",
    "SELECT * WHERE { ?x <http://x/p> ?y FILTER NOT EXISTS { ?y <http://x/r> ?z } }",
    "SELECT * WHERE { ?x <http://x/p> ?y FILTER EXISTS { ?y a <http://x/K> } }",
    "SELECT * WHERE { ?x a <http://x/K> ; <http://x/r> ?z }",
    "SELECT * WHERE { ?x <http://x/q> 1 }",
    'SELECT * WHERE { ?x <http://x/q> "1" }',
    "SELECT * WHERE { ?x <http://x/s> [ <http://x/r> ?y ] }",
    "SELECT * WHERE { ?x <http://x/s> ?b . ?b <http://x/r> <http://x/a> }",
    "SELECT * WHERE { VALUES ?p { <http://x/r> <http://x/s> } ?x ?p ?y . ?y <http://x/p> ?z }",
    "SELECT * WHERE { ?x <http://x/p>/<http://x/r> ?z . ?z <http://x/q> ?v }",
    "SELECT * WHERE { { ?x <http://x/r> ?y } UNION { ?x <http://x/p> ?y } ?y a <http://x/K> }",
    "SELECT * WHERE { ?x <http://x/r> ?x }",
    "SELECT * WHERE { ?x <http://x/p> ?y { SELECT ?y WHERE { ?y <http://x/r> ?z } LIMIT 5 } }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?x <http://x/p> ?y . ?y a ?k }",
    "SELECT * WHERE { ?x <http://x/p> ?y MINUS { ?y <http://x/r> <http://x/c> } }",
    "SELECT * WHERE { ?x ?p ?y . ?y <http://x/r> ?z }",
    "SELECT * WHERE { ?x <http://x/p> ?y FILTER EXISTS { ?y <http://x/r> ?z "
    "FILTER NOT EXISTS { ?z <http://x/s> ?w } } }",
])
@pytest.mark.parametrize("store", ["build", "rdflib"])
def test_the_narrowed_checks_store_answers_each_query_shape_as_the_full_store(query, store):
    """Joins inside a BGP narrow a pattern; OPTIONAL, UNION, MINUS, EXISTS, sub-queries and paths do not wrongly
    narrow it; literals are never matched by their text (Oxigraph matches "01"^^xsd:integer as 1)."""
    import pyoxigraph as ox

    from graph.build.validate import oxigraph_store
    from graph.rdf import triple_graph, triples_of

    g = Graph().parse(data=_PATTERNS_DATA, format="turtle")
    if store == "build":
        g = triple_graph(triples_of(g))
    narrow = oxigraph_store(g, checks=[_prepared(query)], piece=2)
    full = oxigraph_store(g, None)

    def rows(st) -> list:  # a blank node's label is the load's own: compared as a blank node
        return sorted([None if t is None else "_:" if isinstance(t, ox.BlankNode) else str(t) for t in row]
                      for row in st.query(query))

    assert rows(narrow) == rows(full)


_LOOSE_DATA = """@prefix : <http://x/> .
:a :r :x , :y ; a :K . :b :r :x . :c :r :x , :w ; :q "1" , "2" . :x a :K . :y a :K . :z a :K .
"""
_K = "?k a <http://x/K>"


@pytest.mark.parametrize(("query", "narrowed"), [
    (f"SELECT ?k WHERE {{ {_K} FILTER NOT EXISTS {{ ?s <http://x/r> ?k }} }}", "r"),
    (f"SELECT ?k WHERE {{ {_K} FILTER EXISTS {{ ?k <http://x/r> ?o }} }}", "r"),
    (f"SELECT ?k WHERE {{ {_K} FILTER EXISTS {{ ?s <http://x/r> ?o }} }}", "r"),
    (f"SELECT ?k WHERE {{ {_K} FILTER EXISTS {{ ?s <http://x/r> ?k FILTER NOT EXISTS {{ ?s <http://x/q> ?v }} }} }}",
     "q"),
    (f"SELECT ?k WHERE {{ {_K} FILTER EXISTS {{ ?s <http://x/r> ?k MINUS {{ ?s <http://x/q> ?v }} }} }}", "q"),
    (f"SELECT ?k WHERE {{ {_K} FILTER EXISTS {{ ?s <http://x/r> ?k . ?s <http://x/r> ?o }} }}", None),
    (f"SELECT ?k WHERE {{ {_K} FILTER EXISTS {{ SELECT ?k WHERE {{ ?s <http://x/r> ?k }} GROUP BY ?k "
     "HAVING (COUNT(*) > 2) } }", None),
    (f"SELECT ?k ?s WHERE {{ {_K} FILTER EXISTS {{ ?s <http://x/r> ?k }} }}", None),
    ("SELECT ?s WHERE { ?s <http://x/r> ?k FILTER EXISTS { ?t <http://x/r> ?k } }", None),
])
def test_a_pattern_in_exists_whose_variable_is_used_nowhere_else_reads_one_triple_per_other_term(query, narrowed):
    """Inside a FILTER [NOT] EXISTS, a variable the query uses once joins nothing: one triple per distinct term at
    the pattern's other positions answers as all do (``narrowed``: the predicate whose triples the store holds
    fewer of). Not in a sub-query (its COUNT counts the matches), nor where the variable is used again (projected
    here), nor for a predicate another pattern reads whole."""
    from graph.build.validate import oxigraph_store

    g = Graph().parse(data=_LOOSE_DATA, format="turtle")
    narrow, full = oxigraph_store(g, checks=[_prepared(query)], piece=2), oxigraph_store(g, None)
    for name in (n for n in "qr" if f"<http://x/{n}>" in query):
        held = sum(1 for q in narrow if q.predicate.value == f"http://x/{name}")
        assert (held < sum(1 for t in g if str(t[1]) == f"http://x/{name}")) is (name == narrowed), name

    def rows(st) -> list:
        return sorted([None if t is None else str(t) for t in row] for row in st.query(query))

    assert rows(narrow) == rows(full) != []


def test_the_narrowed_checks_store_raises_rdflibs_error_for_an_iri_it_cannot_write():
    """As the store of the read predicates does, for the first IRI of their triples that N-Triples cannot hold;
    an IRI of another predicate's triple is not read at all."""
    from graph.build.validate import check_predicates, oxigraph_store

    party, note = URIRef("https://w3id.org/mitra/ontology#party"), URIRef("https://w3id.org/mitra/ontology#note")
    g = Graph()
    g.add((URIRef(MID.a), party, URIRef("http://x/a b")))
    with pytest.raises(Exception, match="does not look like a valid URI") as wide:
        oxigraph_store(g, check_predicates(_check_prepared()))
    with pytest.raises(Exception, match="does not look like a valid URI") as narrow:
        oxigraph_store(g, checks=_check_prepared())
    assert str(narrow.value) == str(wide.value)
    g = Graph()
    g.add((URIRef(MID.a), note, URIRef("http://x/a b")))
    g.add((URIRef(MID.a), URIRef("https://w3id.org/mitra/ontology#source"), URIRef(MID.b)))
    assert len(oxigraph_store(g, checks=_check_prepared())) == 1


def test_a_pattern_object_in_two_bgps_is_narrowed_by_neither():
    """rdflib makes a BGP's patterns its own tuples; were one tuple in two BGPs (a UNION's branches here, made so
    by hand), the joins of one BGP must not narrow what the other reads through it."""
    import pyoxigraph as ox

    from graph.build.partition import algebra_nodes
    from graph.build.validate import oxigraph_store

    query = "SELECT * WHERE { { ?x <http://x/p> ?y } UNION { ?x <http://x/p> ?y . ?y <http://x/r> ?z } }"
    prepared = _prepared(query)
    alone, joined = (bgp["triples"] for bgp in algebra_nodes(prepared.algebra, "BGP"))
    alone[0] = next(t for t in joined if str(t[1]) == "http://x/p")  # the same pattern object in both
    g = Graph().parse(data=_PATTERNS_DATA, format="turtle")
    narrow, full = oxigraph_store(g, checks=[prepared]), oxigraph_store(g, None)

    def rows(st) -> list:
        return sorted(["" if t is None else "_:" if isinstance(t, ox.BlankNode) else str(t) for t in row]
                      for row in st.query(query))

    assert rows(narrow) == rows(full)
