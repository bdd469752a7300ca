"""The fast deterministic serializers of graph/rdf.py: same meaning as rdflib's, bytes fixed by the triples."""

from __future__ import annotations

import json
import random
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph.build.outputs import DATA_GRAPH, ONTOLOGY_GRAPH
from graph.namespaces import MID, MITRA, PREFIXES, RDF, RDFS, XSD
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
    # Without blank nodes (the shipped data has none) two graphs are isomorphic exactly when they hold the same
    # triples, which is compared directly: rdflib's isomorphic() first hashes every triple of both graphs
    # (about a second on the shipped graph) to the same verdict. With blank nodes, rdflib decides.
    if not any(isinstance(term, BNode) for g in (a, b) for triple in g for term in triple):
        only_a, only_b = set(a) - set(b), set(b) - set(a)
        if only_a or only_b:
            pytest.fail(f"only in written: {sorted(only_a)[:5]}\nonly in original: {sorted(only_b)[:5]}")
        return
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail(f"only in written: {sorted(only_a)[:5]}\nonly in original: {sorted(only_b)[:5]}")


@pytest.fixture(scope="module")
def shipped_turtle(shipped) -> str:
    """``turtle(shipped.g)``, written once for the module (the writer is deterministic; tests compare with it)."""
    return turtle(shipped.g)


@pytest.fixture(scope="module")
def shipped_parts(shipped) -> tuple:
    """The build's two named graphs of the shipped data, as the TriG writers take them."""
    return (ONTOLOGY_GRAPH, shipped.ont), (DATA_GRAPH, shipped.data.g)


@pytest.fixture(scope="module")
def shipped_trig(shipped_parts) -> str:
    """``trig(shipped_parts)``, written once for the module."""
    return trig(shipped_parts)


def test_turtle_of_the_shipped_graph_parses_back_isomorphic(shipped, shipped_turtle):
    assert len(shipped.g) > 4000
    _assert_isomorphic(Graph().parse(data=shipped_turtle, format="turtle"), shipped.g)


def test_turtle_does_not_depend_on_insertion_order(shipped, shipped_turtle):
    triples = list(shipped.g)
    random.Random(7).shuffle(triples)
    g = Graph()
    for t in triples:
        g.add(t)
    assert turtle(g) == shipped_turtle


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
def test_trig_holds_each_named_graph(shipped, shipped_trig):
    ds = Dataset()
    ds.parse(data=shipped_trig, format="trig")
    _assert_isomorphic(ds.graph(ONTOLOGY_GRAPH), shipped.ont)
    _assert_isomorphic(ds.graph(DATA_GRAPH), shipped.data.g)


def test_jsonld_is_what_rdflibs_compacting_serializer_gives(shipped):
    """Our JSON-LD writer replaces rdflib's (seconds at 10× the data); the documents are equal as JSON."""
    reference = json.loads(shipped.g.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True))
    assert json.loads(jsonld(shipped.g)) == sorted_json(reference)
    assert len(reference["@graph"]) > 500


# --- the build's store and the writers that read it in bulk (issue #15) ----------------------------------------

def _patterns(triples: list[tuple], rng: random.Random) -> list[tuple]:
    """Every shape of triple pattern (each of s, p, o bound or not), bound to terms of real triples, plus
    patterns that match nothing."""
    out = []
    for s, p, o in rng.sample(triples, 40):
        for mask in range(8):
            out.append(tuple(t if mask & (1 << i) else None for i, t in enumerate((s, p, o))))
    out += [(MID["no-such-entity"], None, None), (None, URIRef(f"{MITRA}noSuchPredicate"), None),
            (None, None, Literal("∅"))]
    return list(dict.fromkeys(out))  # each pattern once: 40 samples repeat (None, None, None) and the predicates


def test_triple_store_answers_every_pattern_as_rdflibs_memory_store(shipped):
    from graph.rdf import TripleStore, merge_graphs, triples_of

    assert isinstance(shipped.g.store, TripleStore)
    memory = merge_graphs(shipped.g)  # rdflib's Memory store, the reference
    assert len(shipped.g) == len(memory) > 10_000
    assert set(triples_of(shipped.g)) == set(memory)
    for pattern in _patterns(sorted(memory), random.Random(15)):
        assert sorted(shipped.g.triples(pattern)) == sorted(memory.triples(pattern)), pattern
    query = "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s a mitra:Province ; rdfs:label ?o } GROUP BY ?s ORDER BY ?s"
    assert [tuple(r) for r in shipped.g.query(query)] == [tuple(r) for r in memory.query(query)]


def test_triple_store_adds_removes_and_indexes_after_first_use():
    from graph.rdf import triple_graph

    g = triple_graph()
    a, b = MID["a"], MID["b"]
    g.add((a, RDFS.label, Literal("A")))
    assert list(g.objects(a, RDFS.label)) == [Literal("A")]  # the indexes are built here
    g.add((a, RDFS.label, Literal("A")))  # once only
    g.add((b, RDFS.label, Literal("B", lang="en")))
    g.add((a, MITRA.partOf, b))
    assert len(g) == 3 and (a, MITRA.partOf, b) in g
    assert sorted(g.subjects(RDFS.label, None)) == [a, b]
    g.remove((a, None, None))
    assert len(g) == 1 and list(g.subjects(None, None)) == [b] and (a, MITRA.partOf, b) not in g
    assert list(g.objects(None, RDFS.label)) == [Literal("B", lang="en")]


_index_terms = st.sampled_from(["a", "b", "c"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_index_terms, _index_terms, st.tuples(st.sampled_from(["iri", "text", "en"]), _index_terms,
                                                                  st.booleans())), max_size=12))
def test_triple_store_indexes_are_those_one_loop_makes(rows):
    # built in C passes, the objects grouped by identity first (#15): the same keys in the same order and the
    # same lists as one loop of appends, also where equal objects are distinct objects (then grouped by value)
    from collections import defaultdict

    from graph.rdf import TripleStore

    made: dict = {}

    def term(kind: str, text: str, shared: bool):
        new = MID[text] if kind == "iri" else Literal(text, lang="en" if kind == "en" else None)
        return made.setdefault((kind, text), new) if shared else new

    predicates = {"a": MITRA.party, "b": MITRA.note, "c": RDFS.label}
    given_triples = [(MID[s], predicates[p], term(*o)) for s, p, o in rows]
    triples = list(dict.fromkeys(given_triples))
    loop: tuple = (defaultdict(list), defaultdict(list), defaultdict(list))
    for t in triples:
        for index, key in zip(loop, t, strict=True):
            index[key].append(t)
    assert _listed(TripleStore(triples).indexes()) == _listed(loop)
    # and the rest added once the indexes exist (some again): as if one pass had read them all
    half = len(given_triples) // 2
    store = TripleStore(given_triples[:half])
    store.indexes()
    store.add_many(given_triples[half // 2:])
    assert store.all_triples() == triples and _listed(store.indexes()) == _listed(loop)


def _joined_pairs(pairs) -> tuple[str, str]:
    pairs = list(pairs)
    return "".join(a for a, _ in pairs), "".join(b for _, b in pairs)


def test_turtle_and_trig_pieces_are_the_separate_writers_bytes(shipped, shipped_parts, shipped_turtle, shipped_trig):
    # written together (each data block made once for both files, #15): the bytes of turtle() and trig()
    from graph.rdf import turtle_and_trig_pieces, union_graph

    assert _joined_pairs(turtle_and_trig_pieces(shipped_parts)) == (shipped_turtle, shipped_trig)
    for parts in (((ONTOLOGY_GRAPH, shipped.ont), (DATA_GRAPH, Graph())),
                  ((ONTOLOGY_GRAPH, Graph()), (DATA_GRAPH, shipped.data.g)),
                  ((DATA_GRAPH, shipped.data.g),)):
        union = union_graph(*(g for _, g in parts))
        assert _joined_pairs(turtle_and_trig_pieces(parts)) == (turtle(union), trig(parts))


def test_turtle_and_trig_decline_a_subject_in_two_graphs_and_blank_nodes():
    from rdflib import BNode

    from graph.rdf import turtle_and_trig_pieces

    a, b = Graph(), Graph()
    a.add((MID["x"], RDFS.label, Literal("x")))
    b.add((MID["x"], RDFS.label, Literal("y")))
    assert turtle_and_trig_pieces(((ONTOLOGY_GRAPH, a), (DATA_GRAPH, b))) is None
    b = Graph()
    b.add((MID["y"], MITRA.party, BNode()))
    assert turtle_and_trig_pieces(((ONTOLOGY_GRAPH, a), (DATA_GRAPH, b))) is None


def test_statement_text_is_the_joined_statement_lines(shipped):
    from graph.rdf import nt_rows, statement_lines, statement_text, triples_of

    ont, data = nt_rows(triples_of(shipped.ont)), nt_rows(triples_of(shipped.data.g))
    shared = ont[:50]  # rows in both graphs: one N-Triples line, two N-Quads lines
    for graphs in ((None, None), (ONTOLOGY_GRAPH, DATA_GRAPH)):
        parts = list(zip(graphs, (ont, data + shared), strict=True))
        text = "".join(statement_text([(iri, sorted(set(rows))) for iri, rows in parts]))
        assert text == "\n".join(statement_lines(parts)) + "\n"
    assert "".join(statement_text([(None, [])])) == "\n".join(statement_lines([(None, [])])) + "\n" == "\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="ab \t\x01.<>", max_size=5), max_size=6), min_size=1, max_size=3))
def test_statement_text_keeps_the_lines_order_whatever_the_rows(groups):
    # rows that are prefixes of others, followed by a tab, a space or a control character: the lines' order
    from graph.rdf import statement_lines, statement_text

    for iris in ([None] * len(groups), [URIRef(f"https://example.org/g{i}") for i in range(len(groups))]):
        parts = list(zip(iris, groups, strict=True))
        text = "".join(statement_text([(iri, sorted(set(rows))) for iri, rows in parts]))
        assert text == "\n".join(statement_lines(parts)) + "\n"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_indented_json_is_jsons_own_indent_2(value):
    from graph.jsontext import indented_json

    assert indented_json(value, 2, sort_keys=True) == json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)


# --- the RDF outputs one subject at a time (#15: the 100× build within 1.5 GB) ----------------------------------

def test_ntriples_and_nquads_pieces_are_the_separate_writers_bytes(shipped, shipped_parts):
    # written together (each row made once for both files, #15): the bytes of ntriples() and nquads()
    from graph.rdf import nquads, ntriples, ntriples_and_nquads_pieces, triple_graph, triples_of, union_graph

    assert _joined_pairs(ntriples_and_nquads_pieces(shipped_parts)) == (ntriples(shipped.g), nquads(shipped_parts))
    ont = triple_graph(triples_of(shipped.ont))
    data = triple_graph(triples_of(shipped.data.g) + triples_of(ont)[:40])  # 40 triples in both graphs
    for parts in (((ONTOLOGY_GRAPH, ont), (DATA_GRAPH, data)), ((ONTOLOGY_GRAPH, ont), (DATA_GRAPH, Graph())),
                  ((ONTOLOGY_GRAPH, Graph()),)):
        union = union_graph(*(g for _, g in parts))
        assert _joined_pairs(ntriples_and_nquads_pieces(parts)) == (ntriples(union), nquads(parts))


# Subjects whose written forms are prefixes of one another (followed by a space, a control character or a
# letter), an IRI written like a prefixed name (the same JSON-LD @id as mid:x), an IRI and a blank node of one
# label, and a predicate whose JSON-LD key sorts before "@id".
_ODD_SUBJECTS = [MID["x"], URIRef("mid:x"), URIRef("https://w3id.org/mitra/id/x-y"), URIRef("_:b"), BNode("b"),
                 BNode("b c"), BNode("b\x01"), BNode("bc"), URIRef("http://example.org/a"),
                 URIRef("http://example.org/a/b")]
_ODD_PREDICATES = [RDFS.label, MITRA.partOf, URIRef("1:first"), URIRef(f"{MITRA}note")]
_ODD_OBJECTS = [Literal("v"), Literal("v", lang="en"), Literal("3", datatype=XSD.integer), MID["x"],
                URIRef("mid:x"), BNode("b"), URIRef(f"{MITRA}Province"), Literal('"é"\n\\', lang="id"),
                Literal("03", datatype=XSD.integer), Literal("1.5", datatype=XSD.double),
                Literal("true", datatype=XSD.boolean), Literal("x", datatype=XSD.string),
                Literal("2014-09", datatype=XSD.gYearMonth)]


def _odd_quads(*, blank_nodes: bool = True):
    """Lists of (subject, predicate, object, in the ontology?) from the odd terms above: the two graphs of a
    build, in any mix, with or without blank nodes."""
    def kept(terms: list) -> list:
        return terms if blank_nodes else [t for t in terms if not isinstance(t, BNode)]

    return st.lists(st.tuples(st.sampled_from(kept(_ODD_SUBJECTS)), st.sampled_from(_ODD_PREDICATES),
                              st.sampled_from(kept(_ODD_OBJECTS)), st.booleans()), max_size=14)


def _ontology_and_data(quads: list[tuple]) -> tuple[Graph, Graph]:
    """The ontology and data graphs of :func:`_odd_quads`' lists, on the build's triple store."""
    from graph.rdf import triple_graph

    return (triple_graph([(s, p, o) for s, p, o, in_ont in quads if in_ont]),
            triple_graph([(s, p, o) for s, p, o, in_ont in quads if not in_ont]))


@settings(max_examples=150, deadline=None)
@given(_odd_quads())
def test_one_subject_at_a_time_writers_keep_every_order(quads):
    # what the streamed JSON-LD writer relies on (nodes sort as their ids) fails on these subjects; it must then
    # give what the whole-file definition gives (the N-Triples writer: the next test)
    from graph.rdf import union_graph

    ont, data = _ontology_and_data(quads)
    union = union_graph(ont, data)
    text = jsonld(union)  # json's own indented text of the document, @graph sorted
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    nodes = json.loads(text)["@graph"]
    assert nodes == sorted(nodes, key=lambda n: json.dumps(n, sort_keys=True, ensure_ascii=False))
    assert nodes == [sorted_json(n) for n in nodes]  # every array sorted
    if not any(isinstance(t, BNode) for q in quads for t in q[:3]):  # else relabelled canonically first
        assert len(nodes) == len({str(s) for s, _, _, _ in quads})  # one node per subject, even of one @id


@settings(max_examples=150, deadline=None)
@given(_odd_quads())
def test_ntriples_and_nquads_pieces_keep_every_order(quads):
    # the paired writer on subjects whose lines do not sort as they do (its whole-sort fallback), and on the rest
    from graph.rdf import nquads, ntriples, ntriples_and_nquads_pieces, union_graph

    ont, data = _ontology_and_data(quads)
    parts = ((ONTOLOGY_GRAPH, ont), (DATA_GRAPH, data))
    assert _joined_pairs(ntriples_and_nquads_pieces(parts)) == (ntriples(union_graph(ont, data)), nquads(parts))


@settings(max_examples=100, deadline=None)
@given(_odd_quads(blank_nodes=False))
def test_turtle_and_trig_pieces_are_the_whole_writers_bytes(quads):
    from graph.rdf import turtle_and_trig_pieces, union_graph

    ont, data = _ontology_and_data(quads)
    parts = ((ONTOLOGY_GRAPH, ont), (DATA_GRAPH, data))
    pairs = turtle_and_trig_pieces(parts)
    if {s for s, *_ in ont} & {s for s, *_ in data}:
        assert pairs is None
        return
    assert _joined_pairs(pairs) == (turtle(union_graph(ont, data)), trig(parts))


def test_a_union_holds_what_its_parts_held_when_it_was_made():
    # union_graph reads its parts' triples in place (#15): a change to a part, or to the union, must not show
    # through, and the union's order and length are the dict union's, a triple in two parts once
    from graph.rdf import TripleStore, triple_graph, triples_of, union_graph

    a = triple_graph([(MID["a"], RDFS.label, Literal("A")), (MID["s"], RDFS.label, Literal("shared"))])
    b = triple_graph([(MID["s"], RDFS.label, Literal("shared")), (MID["b"], RDFS.label, Literal("B"))])
    expected = list(dict.fromkeys(triples_of(a) + triples_of(b)))
    u = union_graph(a, b)
    assert u.store.is_union_of((a.store, b.store)) and not u.store.is_union_of((b.store, a.store))
    assert triples_of(u) == list(u) == expected and len(u) == 3
    assert sorted(u.objects(MID["s"], None)) == [Literal("shared")] and (MID["b"], RDFS.label, Literal("B")) in u
    a.add((MID["late"], RDFS.label, Literal("late")))  # a part changes after the union was made
    b.remove((MID["b"], None, None))
    assert triples_of(u) == expected and len(u) == 3 and not u.store.is_union_of((a.store, b.store))
    v = union_graph(a, b)
    v.add((MID["v"], RDFS.label, Literal("v")))  # the union changes: its parts do not
    assert (MID["v"], RDFS.label, Literal("v")) not in a and len(a) == 3 and len(b) == 1 and len(v) == 4
    w = union_graph(union_graph(a, b), b)  # a union of a union: one dict of its own
    assert isinstance(w.store, TripleStore) and sorted(w) == sorted(union_graph(a, b))


# --- the outputs' shortcuts against their definitions (#15: the serialize stage at half its CPU) -------------

def _one_triple_texts(triple: tuple) -> tuple[set[str], str, str, str]:
    """The prefix lines, subject, predicate and object texts ``turtle`` writes for a graph of one triple."""
    from graph.rdf import triple_graph

    text = turtle(triple_graph([triple]))
    head, block = ("", text[1:]) if text.startswith("\n") else text.split("\n\n", 1)  # no prefix used
    subject, rest = block.split("\n", 1)
    predicate, obj = rest[4:].split(" ", 1)  # "    P O .\n": a predicate's text holds no space
    return set(head.splitlines()), subject, predicate, obj[: -len(" .\n")]


def _turtle_by_definition(triples: list[tuple]) -> str:
    """Turtle as the module defines it, from each triple's texts alone: subjects by IRI, ``rdf:type`` first (as
    ``a``) and then predicates by IRI, each predicate's distinct object texts sorted."""
    from collections import defaultdict

    prefixes: set[str] = set()
    blocks: dict[str, tuple[str, dict]] = {}
    for s, p, o in triples:
        lines, subject, predicate, obj = _one_triple_texts((s, p, o))
        prefixes |= lines
        objects = blocks.setdefault(str(s), (subject, defaultdict(set)))[1]
        objects[(p != RDF.type, str(p), predicate)].add(obj)
    out = []
    for name in sorted(blocks):
        subject, objects = blocks[name]
        lines = [f"    {key[2]} " + " ,\n        ".join(sorted(objects[key])) for key in sorted(objects)]
        out.append(f"{subject}\n" + " ;\n".join(lines) + " .\n")
    return "".join(ln + "\n" for ln in sorted(prefixes, key=lambda ln: ln.split(":")[0])) + "\n" + "\n".join(out)


@settings(max_examples=100, deadline=None)
@given(_odd_quads(blank_nodes=False))
def test_turtle_is_the_definitions_bytes(quads):
    # each block from one sort of (predicate key, object text) pairs: the definition's block, built here from
    # one-triple Turtle texts (the paired writer is tested equal to turtle() above)
    from graph.rdf import triple_graph, triples_of

    g = triple_graph([(s, p, o) for s, p, o, _ in quads] + [(MID["x"], RDF.type, MITRA.Province)])
    assert turtle(g) == _turtle_by_definition(triples_of(g))


@settings(max_examples=100, deadline=None)
@given(_odd_quads())
def test_jsonld_nodes_one_at_a_time_are_the_whole_trees_nodes(quads):
    # a key that sorts before "@id" sends the whole graph to the whole-tree writer (dicts, sorted_json): the
    # other nodes must be those the node-at-a-time writer gave
    from graph.rdf import triple_graph

    g = triple_graph([(s, p, o) for s, p, o, _ in quads if str(p) != "1:first"])
    whole = triple_graph([*g, (URIRef("http://example.org/zz"), URIRef("1:first"), Literal("z"))])
    nodes = [n for n in json.loads(jsonld(whole))["@graph"] if n["@id"] != "http://example.org/zz"]
    assert json.loads(jsonld(g))["@graph"] == nodes


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(PREFIXES.values())), st.text(alphabet="ab1_-.:/#%é", max_size=6))
def test_turtle_names_an_iri_with_the_longest_namespace_that_leaves_a_plain_local_part(namespace, local):
    # only the namespace ending at the IRI's last "/" or "#" is tried: the name every namespace would give
    import re

    iri = namespace + local
    expected, prefix = f"<{iri}>", None
    for ns, p in sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda t: (-len(t[0]), t[1])):
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?", iri[len(ns):]):
            expected, prefix = f"{p}:{iri[len(ns):]}", p
            break
    lines, subject, _, _ = _one_triple_texts((URIRef(iri), RDFS.label, Literal("v")))
    assert subject == expected
    assert {ln.split(":")[0][len("PREFIX "):] for ln in lines} == {"rdfs"} | ({prefix} if prefix else set())


def test_ntriples_pieces_refuse_an_iri_rdflib_refuses():
    # the IRIs' texts are made in bulk after one look for the characters URIRef.n3 refuses: the same error
    from graph.rdf import ntriples, ntriples_and_nquads_pieces, triple_graph

    g = triple_graph([(MID["a"], RDFS.label, Literal("a")), (MID["a"], RDFS.seeAlso, URIRef("http://ex.org/a b"))])
    for write in (lambda: ntriples(g), lambda: list(ntriples_and_nquads_pieces(((DATA_GRAPH, g),)))):
        with pytest.raises(Exception, match="does not look like a valid URI"):
            write()


def _listed(indexes) -> list[list]:
    """Indexes as lists of (term, a copy of its triples): key order included, and unchanged by later changes."""
    return [[(term, list(triples)) for term, triples in index.items()] for index in indexes]


def _fresh_indexes(store) -> list[list]:
    """The indexes one pass over ``store``'s triples makes (:func:`_listed`)."""
    from graph.rdf import TripleStore

    return _listed(TripleStore(store.all_triples()).indexes())


def test_a_unions_indexes_merged_from_its_parts_are_those_one_pass_makes(shipped):
    from graph.rdf import triple_graph, triples_of, union_graph

    ont, data = triple_graph(triples_of(shipped.ont)), triple_graph(triples_of(shipped.data.g))
    data.store.indexes()  # as the build's data store (derive_provinces makes them)
    u = union_graph(ont, data)
    merged = _listed(u.store.indexes())
    assert merged == _fresh_indexes(u.store) and len(merged[0]) > 1000
    assert all(triples is data.store.indexes()[0][s] for s, triples in u.store.indexes()[0].items()
               if s in data.store.indexes()[0] and s not in ont.store.indexes()[0])  # shared, not copied
    data.add((MID["late"], RDFS.label, Literal("late")))  # a part changes: the union keeps what it held
    ont.remove((next(iter(ont.subjects(None, None))), None, None))
    assert list(u.objects(MID["late"], None)) == []
    assert _listed(u.store.indexes()) == merged
    u.add((MID["only-in-union"], RDFS.label, Literal("u")))  # the union changes: its parts do not
    assert list(data.objects(MID["only-in-union"], None)) == [] and len(list(u.objects(MID["only-in-union"])))
    # a triple in both parts, or a part that lost a triple: one pass, still the same indexes
    for parts in ((ont, triple_graph(triples_of(data) + triples_of(ont)[:5])), (ont, data)):
        v = union_graph(*parts)
        assert _listed(v.store.indexes()) == _fresh_indexes(v.store)


def test_triples_text_is_nt_rows_text_with_a_cache_shared_by_calls(shipped):
    """triples_text writes each term once, by the term object's id, and joins in C: the rows nt_rows writes, for
    the shipped graph cut in pieces that share one cache (as validation's chunks do), and for odd literals and
    equal terms that are distinct objects."""
    from graph.rdf import nt_rows, triples_of, triples_text

    triples = triples_of(shipped.g)
    odd = [(URIRef("http://ex.org/s"), RDFS.label, Literal('a "q"\n\\ \r', lang="en")),
           (URIRef("http://ex.org/s"), RDFS.label, Literal("a \"q\"\n\\ \r", lang="en")),
           (BNode("b1"), RDF.value, Literal("1.50", datatype=XSD.decimal)), (BNode("b1"), RDF.value, Literal("x"))]
    cache: dict = {}
    for part in (triples[:5000], triples[3000:], odd, odd[:1], []):
        expected = "".join(f"{row} .\n" for row in nt_rows(part))
        assert triples_text(part, cache) == expected == triples_text(iter(part))


def test_indexed_nt_texts_are_each_terms_text_kept_with_its_store(shipped, shipped_parts):
    """indexed_nt_texts: every index key's N-Triples text by id, a union's from its parts, a new dict each call;
    as nt_words' cache the same words as without one, also for terms it lacks (equal copies, new literals)."""
    from graph.rdf import indexed_nt_texts, nt_rows, nt_words, triple_graph, triples_of

    parts: dict = {}
    for _, g in shipped_parts:
        texts = indexed_nt_texts(g)
        keys = {id(t): t for index in g.store.indexes() for t in index}
        assert texts == {k: nt_rows([(MID["s"], RDF.value, t)])[0].split(" ", 2)[2] for k, t in keys.items()}
        assert indexed_nt_texts(g) is not texts
        parts.update(texts)
    assert indexed_nt_texts(shipped.g) == parts  # the union of the ontology and the data
    triples = triples_of(shipped.g) + [(URIRef("http://ex.org/s"), RDFS.label, Literal('a "q"\n', lang="en")),
                                        (URIRef(str(MID["a"])), RDFS.label, Literal("x"))]
    assert nt_words(triples, indexed_nt_texts(shipped.g)) == nt_words(triples)
    refused = triple_graph([(MID["a"], RDFS.seeAlso, URIRef("http://ex.org/a b"))])
    assert indexed_nt_texts(refused) is None and indexed_nt_texts(Graph()) is None


def test_triples_text_refuses_the_first_iri_rdflib_refuses():
    from graph.rdf import nt_rows, triples_text

    part = [(MID["a"], RDFS.seeAlso, URIRef("http://ex.org/a b")),
            (MID["a"], RDFS.seeAlso, URIRef("http://ex.org/c d"))]
    with pytest.raises(Exception, match="does not look like a valid URI") as first:
        nt_rows(part)
    with pytest.raises(Exception, match="does not look like a valid URI") as second:
        triples_text(part, {})
    assert str(second.value) == str(first.value) and "a b" in str(second.value)


def test_jsonld_text_is_jsons_own_over_many_chunks_and_every_kind_of_value():
    # the object texts are made beforehand in one json.dumps per kind and the nodes joined 256 to a chunk: the
    # document must still be json's own indented text of a tree equal to rdflib's, across chunk boundaries
    from graph.rdf import jsonld_chunks, triple_graph

    objects = [*ODD_LITERALS, Literal("ü", lang="de"), Literal("1", datatype=XSD.string), MID["x"], MITRA.Province,
               URIRef("http://example.org/no-prefix"), URIRef("mid:x")]
    g = triple_graph([t for i in range(600) for t in (
        (MID[f"n{i:03}"], RDF.type, MITRA.Province), (MID[f"n{i:03}"], RDFS.label, objects[i % len(objects)]),
        (MID[f"n{i:03}"], MITRA.partOf, objects[(i * 7) % len(objects)]))])
    chunks = list(jsonld_chunks(g))
    text = "".join(chunks)
    assert len(chunks) > 4
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    reference = json.loads(g.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True))
    assert json.loads(text) == sorted_json(reference)
