"""Exports: every registered format renders, graph formats read back equal, RDF is isomorphic, CLI behaves."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import warnings
from pathlib import Path

import networkx as nx
import pytest
from conftest import MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from cli import cli
from graph.errors import ExportError
from graph.export.formats import (
    EXPORTERS,
    GEXF_RENAMES,
    build_exports,
    coerce_attributes,
    export_files,
    graph_out,
    write_export,
)
from graph.export.whole import WholeNetwork
from graph.export.writers import gexf_bytes
from graph.namespaces import MID
from graph.network.projection import project_network
from graph.network.select import Selection, Selector, rdf_subgraph, select

GOLDEN = Path(__file__).parent.parent / "golden"
MINI_ARGS = ["--data", str(MINI)]


@pytest.fixture(scope="module")
def mini(mini_built):
    return mini_built  # built once per session (conftest); read only


@pytest.fixture(scope="module")
def jakarta(mini) -> Selection:
    return select(mini.g, Selector(focus="DKI Jakarta", depth=2), lang="en")


@pytest.fixture(scope="module")
def jakarta_files(jakarta):
    """``jakarta_files(fmt)``: ``export_files(jakarta, fmt)``, rendered once for the module (bytes: read only)."""
    cache: dict[str, dict[str, bytes]] = {}

    def files(fmt: str) -> dict[str, bytes]:
        if fmt not in cache:
            cache[fmt] = export_files(jakarta, fmt)
        return cache[fmt]

    return files


def read_graphml(data: bytes) -> nx.MultiDiGraph:
    return nx.read_graphml(io.BytesIO(data), force_multigraph=True)


def read_gexf(data: bytes) -> nx.MultiDiGraph:
    """GEXF read back as the exported graph: viz and GEXF's own ids dropped, renamed attributes restored."""
    G = nx.read_gexf(io.BytesIO(data))
    back = {new: old for old, new in GEXF_RENAMES.items()}
    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(n, **{back.get(k, k): v for k, v in d.items() if k != "viz"})
    if G.is_multigraph():
        edges = G.edges(keys=True, data=True)
    else:  # read_gexf returns a simple graph when no two edges share ends; keys are then not kept
        edges = ((u, v, d.get("relation"), d) for u, v, d in G.edges(data=True))
    for u, v, k, d in edges:
        H.add_edge(u, v, key=k, **{back.get(a, a): x for a, x in d.items() if a != "id"})
    return H


def diff(a: Graph, b: Graph) -> str:
    """The triples only one side has (our graphs have no blank nodes), for a readable failure."""
    only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
    return f"only in got: {only_a}\nonly in expected: {only_b}"


def assert_same_graph(expected: nx.MultiDiGraph, got: nx.MultiDiGraph, *, keys: bool = True) -> None:
    assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
    if keys:
        assert sorted(got.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))
    else:
        assert sorted((u, v, sorted(d.items())) for u, v, d in got.edges(data=True)) == sorted(
            (u, v, sorted(d.items())) for u, v, d in expected.edges(data=True)
        )


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_every_exporter_renders_the_selection(jakarta, jakarta_files, fmt) -> None:
    files = jakarta_files(fmt)
    assert files and all(isinstance(v, bytes) and len(v) > 100 for v in files.values())
    assert all(suffix.endswith(fmt) for suffix in files)
    assert files == export_files(jakarta, fmt), "same selection, same bytes"  # rendered again


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_every_exporter_writes_atomically_next_to_the_base_name(jakarta_files, fmt, tmp_path) -> None:
    written = write_export(jakarta_files(fmt), tmp_path / "out" / f"jakarta.{fmt}")
    assert all(p.exists() and p.stat().st_size > 100 for p in written)
    assert {p.name for p in written} == (
        {"jakarta.nodes.csv", "jakarta.edges.csv"} if fmt == "csv" else {f"jakarta.{fmt}"}
    )
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]


def test_unknown_format_is_an_export_error(jakarta) -> None:
    with pytest.raises(ExportError, match="unknown format 'xls'; one of: csv, gexf"):
        export_files(jakarta, "xls")


@pytest.mark.parametrize("collapse", [False, True])
def test_node_link_json_reads_back_equal(mini, collapse) -> None:
    sel = select(mini.g, lang="en")
    data = json.loads(export_files(sel, "json", collapse=collapse)[".json"])
    back = nx.node_link_graph(data, edges="edges")
    assert nx.utils.graphs_equal(back, graph_out(sel, collapse=collapse))
    assert back.number_of_edges() == (5 if collapse else 11)


@pytest.mark.parametrize("collapse", [False, True])
def test_graphml_reads_back_with_the_same_nodes_edges_and_attributes(mini, collapse) -> None:
    sel = select(mini.g)
    back = read_graphml(export_files(sel, "graphml", collapse=collapse)[".graphml"])
    assert_same_graph(graph_out(sel, collapse=collapse), back)
    assert back.number_of_edges() == (5 if collapse else 11)
    if not collapse:
        assert back.nodes[str(MID["f-dutep"])]["amount"] == 1000000.5


@pytest.mark.parametrize("collapse", [False, True])
def test_gexf_reads_back_with_the_same_nodes_edges_and_attributes(mini, collapse) -> None:
    sel = select(mini.g)
    raw = export_files(sel, "gexf", collapse=collapse)[".gexf"]
    back = read_gexf(raw)
    # the collapsed mini graph has parallel edges
    assert_same_graph(graph_out(sel, collapse=collapse), back, keys=collapse)


def test_gexf_has_viz_colours_sizes_positions_and_labels(mini) -> None:
    sel = select(mini.g)
    G = nx.read_gexf(io.BytesIO(export_files(sel, "gexf")[".gexf"]))
    jakarta = G.nodes[str(MID.jakarta)]
    assert jakarta["label"] == "DKI Jakarta"
    assert jakarta["viz"]["color"] == {"r": 31, "g": 95, "b": 168, "a": 1.0}  # the province blue, as on the page
    assert jakarta["viz"]["size"] > G.nodes[str(MID.batam)]["viz"]["size"]
    assert {"x", "y"} <= set(jakarta["viz"]["position"])
    assert G.nodes[str(MID.dutep)]["start_date"] == "2014-09" and G.graph["mode"] == "static"


def test_csv_opens_as_nodes_and_edges_tables(jakarta, jakarta_files) -> None:
    files = jakarta_files("csv")
    nodes = list(csv.DictReader(io.StringIO(files[".nodes.csv"].decode("utf-8-sig"))))
    edges = list(csv.DictReader(io.StringIO(files[".edges.csv"].decode("utf-8-sig"))))
    assert len(nodes) == jakarta.G.number_of_nodes() == 6
    assert len(edges) == jakarta.G.number_of_edges() == 10
    assert list(nodes[0])[:4] == ["id", "label", "type", "local_id"]
    party = next(e for e in edges if e["key"] == "mitra:party" and e["target"] == str(MID.rotterdam))
    assert (party["source_label"], party["target_label"]) == ("Jakarta–Rotterdam sister city", "Rotterdam")


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_rdf_export_parses_back_isomorphic_to_the_selection(jakarta, mini, fmt, jakarta_files) -> None:
    data = jakarta_files(fmt)[f".{fmt}"]
    with warnings.catch_warnings():  # rdflib 7's JSON-LD parser calls its own deprecated ConjunctiveGraph API
        warnings.simplefilter("ignore", DeprecationWarning)
        back = Graph().parse(data=data.decode(), format="json-ld" if fmt == "jsonld" else "turtle")
    expected = rdf_subgraph(mini.g, jakarta.G.nodes)
    assert len(back) == len(expected) > 40
    assert isomorphic(back, expected), diff(back, expected)


def test_rdf_export_matches_the_golden_file(jakarta_files) -> None:
    back = Graph().parse(data=jakarta_files("ttl")[".ttl"].decode(), format="turtle")
    golden = Graph().parse(GOLDEN / "mini-jakarta.ttl")
    assert isomorphic(back, golden), diff(back, golden)


def test_node_link_export_matches_the_golden_file(jakarta_files) -> None:
    golden = nx.node_link_graph(json.loads((GOLDEN / "mini-jakarta.json").read_text()), edges="edges")
    got = nx.node_link_graph(json.loads(jakarta_files("json")[".json"]), edges="edges")
    assert nx.utils.graphs_equal(got, golden) and golden.number_of_nodes() == 6


def _numbers(G: nx.MultiDiGraph) -> dict[str, int]:
    """Source id → its number in the report: the cited ids in sorted order, numbered from 1."""
    cited = {s for _, d in G.nodes(data=True) for s in d.get("sources", "").split(" | ") if s}
    cited |= {s for *_, d in G.edges(data=True) for s in d.get("sources", "").split(" | ") if s}
    return {sid: i for i, sid in enumerate(sorted(cited), start=1)}


def _refs(sources: str, numbers: dict[str, int]) -> str:
    return ", ".join(f"[{numbers[s]}]" for s in sorted(sources.split(" | "), key=numbers.get))


def test_report_lists_every_fact_of_the_selection_with_its_source(net_g) -> None:
    sel = select(net_g, Selector(focus="jakarta", depth=2), lang="en")
    md = export_files(sel, "md")[".md"].decode()
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    numbers = _numbers(sel.G)
    assert numbers == {"src-a": 1, "src-b": 2}
    for u, v, k, d in sel.G.edges(keys=True, data=True):
        want = (
            f"| {sel.G.nodes[u]['label']} | {d['label']} | {sel.G.nodes[v]['label']} | "
            f"{_refs(d['sources'], numbers)} |"
        )
        assert want in rows, (u, v, k)
    for n, d in sel.G.nodes(data=True):
        assert any(
            r.startswith(f"| {d['label']} |") and r.rstrip(" |").endswith(_refs(d["sources"], numbers))
            for r in rows
        ), n
    assert "| 1 | Title A | Publisher A | 2023-09-28 | https://example.org/a |" in rows
    assert "| 2 | Title B |  |  |  |" in rows


def test_report_summarises_counts_and_money(net_g) -> None:
    sel = select(net_g, Selector(focus="jakarta", depth=2), lang="en")
    md = export_files(sel, "md")[".md"].decode()
    assert md.startswith("# Jakarta: network within 2 step(s)\n")
    assert f"**{sel.G.number_of_nodes()}** entities and **{sel.G.number_of_edges()}** relations" in md
    assert "**2** agreement(s), **1** program(s), **1** funding(s), **1** event(s)" in md
    assert "Funding stated, independent amounts only: EUR 1,000,000.5." in md
    assert (
        "| Jakarta–Rotterdam sister city | KSDPL | form-sister-city | Jakarta; Rotterdam | 1986 | active |"
        in md
    )
    for heading in (
        "## Foreign partners", "## Agreements", "## Programs", "## Fundings", "## Events", "## Sources"
    ):
        assert heading in md


def test_report_escapes_pipes_in_cells() -> None:
    from graph.export.report import markdown_table

    assert markdown_table(["a"], [["x | y"]])[-1] == "| x \\| y |"


def test_figure_is_a_valid_png(jakarta_files) -> None:
    png = jakarta_files("png")[".png"]
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width == round(8.27 * 200) and 0.5 < height / width < 0.8


def test_figure_svg_has_every_label_as_text(jakarta, jakarta_files) -> None:
    svg = jakarta_files("svg")[".svg"].decode()
    from xml.etree import ElementTree

    root = ElementTree.fromstring(svg)
    text = " ".join(t for t in root.itertext())
    for _, d in jakarta.G.nodes(data=True):
        for word in d["label"].split():
            assert word in text, word
    assert "Province" in text and "KSDPL" in text  # the legend
    assert re.search(r"<svg[^>]+width=\"595", svg)  # A4 width in points


def test_coerce_makes_any_attribute_writable() -> None:
    from rdflib import Literal, URIRef

    G = nx.MultiDiGraph()
    G.add_node(
        "a",
        none=None,
        lst=["x", 1],
        term=URIRef("https://example.org/x"),
        lit=Literal(3),
        ctrl="bad\x01char",
        mixed=1,
    )
    G.add_node("b", mixed="one")
    G.add_edge("a", "b", key="k", s={"b", "a"})
    H = coerce_attributes(G)
    assert dict(H.nodes["a"]) == {
        "lst": "x | 1",
        "term": "https://example.org/x",
        "lit": 3,
        "ctrl": "badchar",
        "mixed": "1",
    }
    assert H.edges["a", "b", "k"] == {"s": "a | b"}
    for writer in (nx.write_graphml, nx.write_gexf):
        writer(H, io.BytesIO())


def test_build_exports_write_the_network_and_the_jakarta_report(mini, tmp_path) -> None:
    written = build_exports(mini.g, tmp_path)
    names = sorted(p.name for p in written)
    assert names == [
        "jakarta.md",
        "network.edges.csv",
        "network.gexf",
        "network.graphml",
        "network.json",
        "network.nodes.csv",
    ]
    assert all(p.parent == tmp_path / "exports" for p in written)
    assert (
        (tmp_path / "exports" / "jakarta.md")
        .read_text()
        .startswith("# DKI Jakarta: jejaring dalam 2 langkah")
    )
    G = nx.node_link_graph(json.loads((tmp_path / "exports" / "network.json").read_text()), edges="edges")
    assert nx.utils.graphs_equal(G, project_network(mini.g))


def test_build_exports_are_a_step_of_mitra_build(mini, tmp_path) -> None:
    from graph.pipeline import STEPS

    step = STEPS["exports"](mini, tmp_path / "step")
    direct = build_exports(mini.g, tmp_path / "direct")
    assert [p.relative_to(tmp_path / "step") for p in step] == [p.relative_to(tmp_path / "direct") for p in direct]
    assert len(step) >= 5


def test_the_build_projects_once_and_its_gexf_and_page_draw_one_layout(mini, tmp_path) -> None:
    """The pipeline's one network: projected once (in Indonesian), laid out once, and the files it gives are those
    of ``mitra export --format gexf`` (seed 42) and ``mitra html`` of the whole network (#15)."""
    from graph import pipeline
    from graph.export.html import build_html

    made = []

    def project(lang):
        made.append(lang)
        return project_network(mini.g, lang=lang)

    network = WholeNetwork(g=mini.g, project=project)
    shared = lambda: network  # noqa: E731 - what pipeline._write_steps hands each step
    pipeline.STEPS["exports"](mini, tmp_path, shared)
    assert made == ["id"] and "positions" in network.__dict__  # the exports never project in English
    pipeline.STEPS["html"](mini, tmp_path, shared)
    assert made == ["id"]  # nor the page: it reads its English words from the graph (branch english, #15)
    whole = select(mini.g)
    gexf = (tmp_path / "exports" / "network.gexf").read_bytes()
    assert gexf == export_files(whole, "gexf", seed=42)[".gexf"]
    assert (tmp_path / "network.html").read_text(encoding="utf-8") == build_html(whole)
    G = nx.read_gexf(io.BytesIO(gexf))
    page = {n["id"]: (n["x"], n["y"]) for n in json.loads(re.search(
        r'id="mitra-nodes">(.*?)</script>', (tmp_path / "network.html").read_text(encoding="utf-8")).group(1))}
    scale = 110 * len(page) ** 0.5 / 2 / 500  # page pixels per GEXF unit
    for n, d in G.nodes(data=True):
        x, y = d["viz"]["position"]["x"], d["viz"]["position"]["y"]
        assert page[n] == pytest.approx((x * scale, y * scale), abs=0.06)


def synthetic(n: int) -> nx.MultiDiGraph:
    """A projection-shaped network of ``n`` nodes: regions, agreements joining two of them, typed and labelled."""
    G = nx.MultiDiGraph()
    for i in range(n):
        kind = "mitra:SisterCityAgreement" if i % 3 == 0 else "mitra:City"
        G.add_node(f"https://w3id.org/mitra/id/n{i}", label=f"N{i} & <{i}>", label_id=f"N{i}", label_en=f"N{i}",
                   type=kind, local_id=f"n{i}", sector="health" if i % 5 == 0 else None, stage="signed")
    for i in range(0, n - 2, 3):
        for j in (1, 2):
            G.add_edge(f"https://w3id.org/mitra/id/n{i}", f"https://w3id.org/mitra/id/n{i + j}", key="mitra:party",
                       relation="party", label="pihak", sources="s1")
    return G


@pytest.mark.parametrize("n", [500, 5000])
def test_build_exports_and_page_work_at_any_size(n, tmp_path) -> None:
    from graph.export.html import build_network_html

    G = synthetic(n)
    network = WholeNetwork(g=Graph(), project=lambda lang: G)
    written = build_exports(network, tmp_path) + build_network_html(network, tmp_path)
    assert sorted(p.name for p in written) == ["network.edges.csv", "network.gexf", "network.graphml",
                                                "network.html", "network.json", "network.nodes.csv"]
    back = read_graphml((tmp_path / "exports" / "network.graphml").read_bytes())
    assert back.number_of_nodes() == n and back.number_of_edges() == G.number_of_edges()
    assert nx.read_gexf(tmp_path / "exports" / "network.gexf").number_of_nodes() == n


# --- CLI ---------------------------------------------------------------------------------------------------


def test_cli_export_md_to_stdout(runner) -> None:
    result = runner.invoke(
        cli,
        ["export", *MINI_ARGS, "--focus", "DKI Jakarta", "--depth", "2", "--format", "md"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# DKI Jakarta: jejaring dalam 2 langkah")
    assert "## Ringkasan" in result.stdout and "## Summary" not in result.stdout
    assert "6 nodes, 10 edges selected" in result.stderr


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_cli_export_every_format_to_a_file(runner, tmp_path, fmt) -> None:
    result = runner.invoke(
        cli,
        ["export", *MINI_ARGS, "--no-validate", "--format", fmt, "--collapse", "-o", str(tmp_path / "net")],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    written = sorted(tmp_path.iterdir())
    assert written and all(p.name.startswith("net.") and p.name.endswith(fmt) for p in written)


def test_cli_unknown_focus_exits_3_with_closest_labels(runner) -> None:
    result = runner.invoke(cli, ["export", *MINI_ARGS, "--focus", "DKI Jakrta"])
    assert result.exit_code == 3
    assert "no entity named 'DKI Jakrta'; closest: 'DKI Jakarta'" in result.stderr


def test_cli_binary_format_without_output_is_a_usage_error(runner) -> None:
    result = runner.invoke(cli, ["export", *MINI_ARGS, "--format", "png"])
    assert result.exit_code == 2 and "give -o/--output" in result.stderr


def test_cli_format_choices_are_the_registry(runner) -> None:
    result = runner.invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    assert "[" + "|".join(sorted(EXPORTERS)) + "]" in result.stdout


def test_cli_query_selector(runner, tmp_path) -> None:
    rq = tmp_path / "parties.rq"
    rq.write_text("PREFIX mitra: <https://w3id.org/mitra/ontology#>\nSELECT ?x WHERE { ?a mitra:party ?x }\n")
    result = runner.invoke(
        cli, ["export", *MINI_ARGS, "--query", str(rq), "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert sorted(n["local_id"] for n in data["nodes"]) == ["jakarta", "rotterdam"]


def test_cli_failed_export_leaves_the_old_file(runner, tmp_path) -> None:
    target = tmp_path / "report.md"
    target.write_text("OLD")
    result = runner.invoke(cli, ["export", *MINI_ARGS, "--sector", "nonsense", "-o", str(target)])
    assert result.exit_code == 3 and "no activity has the sector 'nonsense'" in result.stderr
    assert target.read_text() == "OLD"


def test_cli_export_on_shipped_data_gives_the_jakarta_report(runner, shipped) -> None:
    result = runner.invoke(
        cli, ["export", "--focus", "DKI Jakarta", "--depth", "2", "--format", "md"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    # the command prints the library's report of the session's build (test_report.py checks that one)
    assert md == export_files(select(shipped.g, Selector(focus="DKI Jakarta", depth=2)), "md")[".md"].decode()
    assert md.startswith("# DKI Jakarta: jejaring dalam 2 langkah")
    assert "| Rotterdam | Pemerintah daerah di luar negeri | Belanda |" in md
    # the partners' fourth column holds a government type or an institution kind, and says so (#12)
    assert "| Nama | Jenis | Negara | Jenis pemerintahan atau lembaga | Sumber |" in md
    assert md.count("\n| ") > 100


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_docs_document_every_export_format(fmt) -> None:
    from graph import paths

    section = paths.ROOT.joinpath("docs", "network-and-exports.md").read_text(encoding="utf-8")
    assert re.search(rf"^\| [^|]*`{fmt}`", section, flags=re.M), f"docs/network-and-exports.md lacks `{fmt}`"


def test_report_text_has_the_same_keys_and_placeholders_in_both_languages() -> None:
    import json
    import string

    from graph.export.report import TEXT_PATH

    texts = json.loads(TEXT_PATH.read_text(encoding="utf-8"))
    assert set(texts) == {"id", "en"} and texts["id"].keys() == texts["en"].keys()

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key in texts["en"]:
        assert fields(texts["id"][key]) == fields(texts["en"][key]), key
        assert texts["id"][key].strip() and texts["en"][key].strip(), key


@pytest.mark.parametrize(("lang", "other"), [("id", "en"), ("en", "id")])
def test_report_headings_follow_the_label_language(net_g, lang, other) -> None:
    from graph.export.report import report_text
    from graph.network.select import TITLE_WORDS

    sel = select(net_g, Selector(focus="jakarta", depth=2), lang=lang)
    md = export_files(sel, "md")[".md"].decode()
    mine, theirs = report_text(lang), report_text(other)

    def section_names(t: dict[str, str]) -> set[str]:
        return {v for k, v in t.items() if k == "summary" or k.startswith("s_")}

    headings = {line[3:] for line in md.splitlines() if line.startswith("## ")}
    assert len(headings) >= 6 and headings <= section_names(mine)
    assert not headings & (section_names(theirs) - section_names(mine))
    assert f"| {mine['c_id']} | {mine['c_title']} | {mine['c_publisher']} |" in md
    assert md.startswith(f"# {sel.title}\n")
    assert TITLE_WORDS[lang]["within"].split("{label}")[1].format(depth=2) in sel.title


# --- The build's four graph files against the libraries' own writers, on projection-like graphs -------------

_TEXTS = st.one_of(st.text(alphabet=st.sampled_from(list("abé中 ,'%")), min_size=1, max_size=6),  # plain: templates
                   st.text(alphabet=st.sampled_from(list("ab,\"&<\n\r\t=+-@\\\x00")), max_size=5))  # escaped, quoted
_VALUES = st.one_of(_TEXTS, _TEXTS, _TEXTS, st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False),
                    st.booleans(), st.none(), st.lists(_TEXTS, max_size=2))
_NAMES = st.sampled_from(["sector", "note", "start", "end", "amount", "relation", "role", "title", "x y"])


@st.composite
def projection_like(draw) -> nx.MultiDiGraph:
    """Nodes with a label, a class and a local id, edges with keys: what the build's exports take, with values of
    every kind."""
    G = nx.MultiDiGraph()
    ids = draw(st.lists(_TEXTS.filter(bool), max_size=7, unique=True))
    for n in ids:
        kind = draw(st.sampled_from(["mitra:City", "mitra:Province", "mitra:KSDPL", "mitra:Funding"]))
        G.add_node(n, label=draw(_TEXTS), type=kind, local_id=draw(_TEXTS),
                   **draw(st.dictionaries(_NAMES, _VALUES, max_size=4)))
    for _ in range(draw(st.integers(0, 10)) if ids else 0):
        G.add_edge(draw(st.sampled_from(ids)), draw(st.sampled_from(ids)), key=draw(_TEXTS),
                   **draw(st.dictionaries(_NAMES, _VALUES, max_size=3)))
    return G


def _dictwriter_csv(header: list[str], rows: list[dict]) -> bytes:
    """What ``csv.DictWriter`` writes, with a BOM and every formula cell neutralised by an apostrophe (#16)."""
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\r\n")
    buf.write("\ufeff")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "'" + v if isinstance(v, str) and v[:1] in tuple("=+-@\t\r") and v else v
                         for k, v in row.items()})
    return buf.getvalue().encode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projection_like())
def test_build_exports_are_the_bytes_of_networkx_json_and_dictwriter(G) -> None:
    """The build's files, most nodes and edges written from their shape's template (#15), are NetworkX's GraphML,
    the GEXF of ``gexf_bytes`` (NetworkX's, test_writers.py) with the build's colours, sizes and layout,
    ``json.dumps``'s node-link JSON and ``csv.DictWriter``'s tables of the coerced network."""
    from graph.network.classes import class_colour

    H = coerce_attributes(G)
    network = WholeNetwork(g=Graph(), project=lambda lang: G)
    with tempfile.TemporaryDirectory() as tmp:
        build_exports(network, Path(tmp))
        files = {p.name: p.read_bytes() for p in (Path(tmp) / "exports").iterdir()}
    buf = io.BytesIO()
    nx.write_graphml_xml(H, buf, encoding="utf-8")
    assert files["network.graphml"] == buf.getvalue()
    text = json.dumps(nx.node_link_data(H, edges="edges"), indent=1, ensure_ascii=False) + "\n"
    assert files["network.json"] == text.encode()
    first = ["id", "label", "type", "local_id"]
    node_cols = first + sorted({k for _, d in H.nodes(data=True) for k in d} - set(first))
    assert files["network.nodes.csv"] == _dictwriter_csv(node_cols, [{"id": n, **d} for n, d in H.nodes(data=True)])
    ends = ["source", "source_label", "relation", "label", "target", "target_label", "key"]
    edge_cols = ends + sorted({k for *_, d in H.edges(data=True) for k in d} - set(ends))
    edges = [{**d, "source": u, "target": v, "key": k, "source_label": H.nodes[u]["label"],
              "target_label": H.nodes[v]["label"]} for u, v, k, d in H.edges(keys=True, data=True)]
    assert files["network.edges.csv"] == _dictwriter_csv(edge_cols, edges)
    viz = {}
    for n, d in H.nodes(data=True):
        c = class_colour(d["type"])
        x, y = network.positions[n]
        viz[n] = {"color": {"r": int(c[1:3], 16), "g": int(c[3:5], 16), "b": int(c[5:7], 16), "a": 1.0},
                  "size": float(5 + 3 * H.degree(n)),
                  "position": {"x": round(float(x) * 500, 3), "y": round(float(y) * 500, 3), "z": 0.0}}
    # gexf_bytes with a viz dict is NetworkX's write_gexf with the viz set and the names renamed (test_writers.py)
    assert files["network.gexf"] == gexf_bytes(H, viz=viz, renames=GEXF_RENAMES)


def test_plain_rows_with_commas_and_edges_of_nodes_with_a_value_to_escape_are_dictwriter_s() -> None:
    """The CSV rows written without the C writer (#15): a plain row with commas in some cells (those quoted), and
    edges of a node whose note needs escaping but whose label is plain (that label taken as it is)."""
    G = nx.MultiDiGraph()
    G.add_node("a", label="Kota A, Jawa", type="mitra:City", local_id="a", note="plain, with, commas")
    G.add_node("b", label="B", type="mitra:Province", local_id="b", note='say "hi" & <b>')
    G.add_node("c", label="=C", type="mitra:City", local_id="c")
    G.add_edge("a", "b", key="mitra:partOf", relation="partOf", label="bagian, dari", sources="s1, s2")
    G.add_edge("b", "a", key="mitra:x", relation="x", label="x")
    G.add_edge("a", "c", key="mitra:y", relation="y", label="y")
    test_build_exports_are_the_bytes_of_networkx_json_and_dictwriter.hypothesis.inner_test(G)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
@pytest.mark.parametrize("before", ["", "x", "=", "\x00"])
def test_an_id_or_value_a_spreadsheet_would_run_gets_its_guard_after_any_text(start, before) -> None:
    """A node id, a label or a value starting with a formula character, in a node or edge whose other texts are
    plain, right after a node or edge whose last text is empty, plain or a formula, is written guarded in both CSV
    tables (#16): an id ``=`` after an empty text was once taken as plain, its row written without the guard."""
    G = nx.MultiDiGraph()
    for i in range(3):  # the formula text as the id, the label, then the last value, each after ``before``
        G.add_node(f"a{i}", label="A", type="mitra:City", local_id="a", note=before)
        texts = ["n", "N", "n"]
        texts[i] = start + texts[i]
        G.add_node(texts[0], label=texts[1], type="mitra:City", local_id="n", note=texts[2])
    G.add_edge("a0", "a1", key="mitra:partOf", relation="partOf", label=before)
    G.add_edge("a1", start + "n", key="mitra:partOf", relation="partOf", label="x")
    G.add_edge("a1", "a2", key="mitra:partOf", relation="partOf", label=before)
    G.add_edge("a2", "a0", key=start + "k", relation="partOf", label="x")
    test_build_exports_are_the_bytes_of_networkx_json_and_dictwriter.hypothesis.inner_test(G)
