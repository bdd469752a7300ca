"""The one-pass GraphML, GEXF and JSON writers give the very bytes NetworkX's ElementTree writers and
``json.dumps(indent=1)`` give, on graphs of every shape the exports can hold, and read back to an equal graph."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.export.writers import UniformViz, gexf_bytes, graph_rows, graphml_bytes, not_plain
from graph.jsontext import indented_items, indented_json

# Text with everything XML escapes or drops: markup, quotes, tabs, line ends, non-ASCII, an empty string.
TEXT = st.text(alphabet=st.sampled_from(list("ab &<>\"'\t\n\r é中\u2028")), max_size=8)
VALUE = st.one_of(TEXT, st.integers(-10**12, 10**12), st.booleans(),
                  st.floats(allow_nan=False, allow_infinity=False, width=64))
NAME = st.sampled_from(["label", "type", "sector", "amount", "key", "networkx_key", "relation", "note", "x y"])
ATTRS = st.dictionaries(NAME, VALUE, max_size=5)


# The strategies a graph is drawn from, made once: a strategy built inside ``graphs`` for every draw costs hypothesis
# a third of the generation time (validation, caching) and draws exactly the same values.
GRAPH_ATTRS = st.dictionaries(st.sampled_from(["title", "note"]), VALUE, max_size=2)
IDS = st.lists(TEXT.filter(bool), min_size=0, max_size=8, unique=True)
EDGE_COUNT = st.integers(0, 12)
EDGE_KEY = st.one_of(TEXT, st.integers(0, 3))
SIMPLE_KIND = st.sampled_from([nx.DiGraph, nx.Graph])


# Text every format writes as it is (no markup, quote, control, formula start or empty text), so that most nodes and
# edges of a graph are plain and written from their shape's template (graph.export.writers.GraphRows), the rest
# escaped one by one, in the same file.
PLAIN = st.text(alphabet=st.sampled_from(list("abé中 ,'%")), min_size=1, max_size=6)
MOSTLY_PLAIN = st.one_of(PLAIN, PLAIN, PLAIN, VALUE)
PLAIN_ATTRS = st.dictionaries(NAME, MOSTLY_PLAIN, max_size=5)
PLAIN_IDS = st.lists(st.one_of(PLAIN, PLAIN, TEXT.filter(bool)), min_size=0, max_size=8, unique=True)
PLAIN_KEY = st.one_of(PLAIN, PLAIN, EDGE_KEY)


@st.composite
def graphs(draw, *, multi: bool = True, plain: bool = False):
    attrs, ids, edge_key = (PLAIN_ATTRS, PLAIN_IDS, PLAIN_KEY) if plain else (ATTRS, IDS, EDGE_KEY)
    G = nx.MultiDiGraph() if multi else draw(SIMPLE_KIND)()
    G.graph.update(draw(GRAPH_ATTRS))
    ids = draw(ids)
    for n in ids:
        G.add_node(n, **draw(attrs))
    if ids:
        node = st.sampled_from(ids)
        for _ in range(draw(EDGE_COUNT)):
            u, v = draw(node), draw(node)
            d = draw(attrs)
            d.pop("key", None)
            if multi:
                G.add_edge(u, v, key=draw(edge_key), **d)
            else:
                G.add_edge(u, v, **d)
    return G


def nx_graphml(G: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml_xml(G, buf, encoding="utf-8")
    return buf.getvalue()


def nx_gexf(G: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_gexf(G, buf, encoding="utf-8")
    return buf.getvalue()


def assert_both_writers_are_networkx(G: nx.Graph, shade: int, with_viz: bool) -> None:
    assert graphml_bytes(G) == nx_graphml(G)
    viz = {n: {"color": {"r": shade, "g": 0, "b": i % 256, "a": 1.0}, "size": 5.0 + i,
               "position": {"x": i * 1.5, "y": -float(i), "z": 0.0}} for i, n in enumerate(G) if with_viz}
    renames = {"sector": "sector_name", "note": "remark"}
    H = G.copy()
    for n, d in H.nodes(data=True):
        if n in viz:
            d["viz"] = viz[n]
    for d in [d for _, d in H.nodes(data=True)] + [d for *_, d in H.edges(data=True)]:
        for old, new in renames.items():
            if old in d:
                d[new] = d.pop(old)
    before = nx.to_dict_of_dicts(G), dict(G.nodes(data=True))
    assert gexf_bytes(G, viz=viz, renames=renames) == nx_gexf(H)
    assert (nx.to_dict_of_dicts(G), dict(G.nodes(data=True))) == before  # G itself is not changed


# Each drawn graph is checked by both writers: drawing it is most of the cost (hypothesis makes a hundred choices
# for a graph of eight nodes; the two writers and NetworkX's take a tenth of that), and the GraphML and GEXF
# properties were drawn from the same strategies, so one draw serves both with the same examples for each.
@settings(max_examples=150, deadline=None)
@given(graphs(), st.integers(0, 255), st.booleans())
def test_graphml_and_gexf_are_byte_for_byte_networkx_with_viz_and_renames(G, shade, with_viz) -> None:
    assert_both_writers_are_networkx(G, shade, with_viz)


@settings(max_examples=150, deadline=None)
@given(graphs(plain=True), st.integers(0, 255), st.booleans())
def test_plain_nodes_and_edges_written_from_their_shapes_are_networkx_among_escaped_ones(G, shade, with_viz) -> None:
    assert_both_writers_are_networkx(G, shade, with_viz)


@settings(max_examples=100, deadline=None)
@given(graphs(multi=False))
def test_graphml_and_gexf_of_simple_graphs_are_byte_for_byte_networkx(G) -> None:
    assert graphml_bytes(G) == nx_graphml(G)
    assert gexf_bytes(G) == nx_gexf(G)


@settings(max_examples=60, deadline=None)
@given(graphs(multi=False, plain=True))
def test_plain_simple_graphs_are_byte_for_byte_networkx(G) -> None:
    assert graphml_bytes(G) == nx_graphml(G)
    assert gexf_bytes(G) == nx_gexf(G)


class EntryViz(UniformViz):
    """A :class:`UniformViz` of given entries, one colour dict shared by every other node (as the build's classes
    share theirs)."""

    def __init__(self, G: nx.Graph, entries: dict) -> None:
        self.G, self.entries = G, entries

    def entry(self, n: object, d: dict) -> tuple:
        return self.entries[n]

    def data(self, n: object) -> dict:
        return self.G.nodes[n]

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


NUMBER = st.one_of(st.floats(allow_nan=False, allow_infinity=False, width=64), st.integers(-10**6, 10**6))


@settings(max_examples=150, deadline=None)
@given(graphs(plain=True), st.lists(st.tuples(NUMBER, NUMBER, NUMBER, NUMBER), min_size=8, max_size=8),
       st.booleans())
def test_a_uniform_viz_is_written_as_the_same_viz_given_as_dicts(G, numbers, floats) -> None:
    # The uniform path (each node's viz text from its entry) against the general one (a dict per node, worded key
    # by key), with the build's floats or any numbers (ints and floats mixed: each then written as the dicts are).
    shared = {"r": 31, "g": 95, "b": 168, "a": 1.0}
    entries = {}
    for i, n in enumerate(G):
        colour = shared if i % 2 else {"r": i, "g": 0, "b": 7, "a": 1.0}
        size, x, y, z = (float(v) for v in numbers[i]) if floats else numbers[i]
        entries[n] = (colour, size, x, y, z)
    uniform = EntryViz(G, entries)
    as_dicts = {n: {"color": c, "size": s, "position": {"x": x, "y": y, "z": z}}
                for n, (c, s, x, y, z) in entries.items()}
    assert dict(uniform) == as_dicts
    renames = {"sector": "sector_name", "note": "remark"}
    assert gexf_bytes(G, viz=uniform, renames=renames) == gexf_bytes(G, viz=as_dicts, renames=renames)


def test_a_uniform_viz_without_a_node_s_entry_is_an_error() -> None:
    G = nx.MultiDiGraph()
    G.add_node("a", label="A")
    G.add_node("b", label="B")
    with pytest.raises(KeyError):
        gexf_bytes(G, viz=EntryViz(G, {"a": ({"r": 1, "g": 2, "b": 3, "a": 1.0}, 5.0, 0.0, 0.0, 0.0)}))


# Each text that keeps a node from being written from its shape's template, beside a plain one.
NOT_PLAIN = ["a & b", "<b>", 'say "x"', "back\\slash", "tab\tbed", "line\nbreak", "return\r", "nul\x00",
             "=SUM(1)", "+1", "-x", "@me", "", "\ufffe"]


def test_graph_rows_mark_as_plain_only_what_every_format_writes_as_it_is() -> None:
    G = nx.MultiDiGraph()
    G.add_node("plain", label="Kota Bandung, Jawa Barat", type="mitra:City", note="it's 100% é中 a=b")
    for i, text in enumerate(NOT_PLAIN):
        G.add_node(f"n{i}", label="Kota", type="mitra:City", note=text)
    G.add_node("amount", label="Kota", type="mitra:City", note=1.5)  # a number: not a text
    G.add_node("=id", label="Kota", type="mitra:City", note="x")  # an id a spreadsheet would run
    G.add_node(7, label="Kota", type="mitra:City", note="x")  # an id that is no text
    for u, k in [("plain", "mitra:party"), ("n0", "mitra:party"), ("plain", "-k"), ("plain", 3)]:
        G.add_edge(u, "amount", key=k, relation="party", label="pihak")
    rows = graph_rows(G)
    assert list(rows.node_fast) == [1] + [0] * (len(NOT_PLAIN) + 3)
    # In the graph's order (by source): an edge's own texts count, not its ends' data (n0's note)
    assert [(u, k) for u, _, k, _ in rows.edges] == [("plain", "mitra:party"), ("plain", "-k"), ("plain", 3),
                                                     ("n0", "mitra:party")]
    assert list(rows.edge_fast) == [1, 0, 0, 1]
    assert [s.names for s in rows.shapes["node"]] == [("label", "type", "note")] * 2  # text notes, a float note
    assert len(rows.shapes["edge"]) == 2 and rows.edge_shapes[0] is rows.edge_shapes[3]
    assert graphml_bytes(G) == nx_graphml(G)
    assert gexf_bytes(G) == nx_gexf(G)


def _plain_alone(text: str) -> bool:
    """Whether ``text`` is plain by the rule ``not_plain`` finds in one search, checked one text at a time."""
    breaks = set('&<>"\\\ufffe\uffff') | {chr(c) for c in range(32)}
    return bool(text) and not text.startswith(("=", "+", "-", "@")) and breaks.isdisjoint(text)


# Texts next to each other with every bad start after every other text, empty ones (two NULs in a row) included:
# a text starting "=" after an empty one was once missed (its match was taken by the empty text's, #15).
STARTS = st.lists(st.text(alphabet=st.sampled_from(list("a=+-@\t\r\x00&")), max_size=3), max_size=12)


@settings(max_examples=500, deadline=None)
@given(STARTS)
def test_not_plain_finds_each_text_a_search_of_it_alone_finds(texts) -> None:
    assert not_plain(texts) == {i for i, t in enumerate(texts) if not _plain_alone(t)}


def test_what_the_fast_writers_do_not_handle_goes_to_networkx() -> None:
    G = nx.MultiDiGraph(node_default={"label": "?"})
    G.add_node("a", start="2014", spells=[("2014", "2015")], weights=[(1, "2014", None)])
    G.add_node("b", label="B", id="bee")
    G.add_edge("a", "b", key="k", start=1, weight=2.5)
    assert graphml_bytes(nx.MultiDiGraph(G.edges(keys=True))) == nx_graphml(nx.MultiDiGraph(G.edges(keys=True)))
    assert gexf_bytes(G) == nx_gexf(G)
    with pytest.raises(nx.NetworkXError):  # what NetworkX rejects is still rejected: a list attribute
        graphml_bytes(G)


def test_written_files_read_back_to_an_equal_graph() -> None:
    G = nx.MultiDiGraph()
    G.add_node("https://w3id.org/mitra/id/jakarta", label="DKI Jakarta", type="mitra:Province", population=10_000,
               share=0.5, capital=True, note="a & b <c>\n\"d\"")
    G.add_node("https://w3id.org/mitra/id/rotterdam", label="Rotterdam", type="mitra:City")
    G.add_edge("https://w3id.org/mitra/id/jakarta", "https://w3id.org/mitra/id/rotterdam", key="mitra:party",
               relation="party", label="pihak")
    G.add_edge("https://w3id.org/mitra/id/jakarta", "https://w3id.org/mitra/id/rotterdam", key="mitra:funder")
    back = nx.read_graphml(io.BytesIO(graphml_bytes(G)), force_multigraph=True)
    back.graph.clear()  # the reader adds empty node_default and edge_default
    assert nx.utils.graphs_equal(back, G)
    back = nx.read_gexf(io.BytesIO(gexf_bytes(G)))
    assert set(back) == set(G) and back.number_of_edges() == 2
    assert back.nodes["https://w3id.org/mitra/id/jakarta"]["note"] == "a & b <c>\n\"d\""
    assert back.nodes["https://w3id.org/mitra/id/jakarta"]["population"] == 10_000


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(JSON, st.integers(0, 3))
def test_indented_json_is_json_dumps(value, indent) -> None:
    assert indented_json(value, indent) == json.dumps(value, indent=indent, ensure_ascii=False)


def test_indented_json_leaves_keys_json_would_convert_to_json() -> None:
    value = {1: "a", "b": [True, None, 1.5]}
    assert indented_json(value) == json.dumps(value, indent=1, ensure_ascii=False)


# Flat dicts (what a network's nodes and edges are: the batched path), mixed with anything else (the fallback).
FLAT = st.dictionaries(TEXT, st.one_of(st.none(), VALUE, st.floats()), min_size=1, max_size=5)
ITEMS = st.lists(st.one_of(FLAT, FLAT, JSON), max_size=12)


@settings(max_examples=200, deadline=None)
@given(ITEMS, st.integers(0, 3), st.integers(0, 3), st.integers(1, 4))
def test_indented_items_are_indented_json_of_each_item(items, indent, level, batch) -> None:
    assert list(indented_items(items, indent, level=level, batch=batch)) == [
        indented_json(item, indent, level=level) for item in items]


CELL = st.one_of(st.sampled_from(["=1+1", "+a", "-b", "@c", "\tt", "\rr", "a\x00=b", "x", ""]), TEXT,
                 st.integers(-5, 5), st.floats(allow_nan=False), st.none())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["a", "b", "c"]), CELL, max_size=3), max_size=8))
def test_csv_rows_are_dictwriters_with_formulas_neutralised(rows) -> None:
    import csv

    from graph.export.formats import csv_text

    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=["a", "b", "c"], lineterminator="\r\n")
    buf.write("\ufeff")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "'" + v if isinstance(v, str) and v[:1] in tuple("=+-@\t\r") and v else v
                         for k, v in row.items()})
    assert b"".join(csv_text(["a", "b", "c"], rows)) == buf.getvalue().encode()
