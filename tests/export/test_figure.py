"""Figures for a report (#12): labels that never collide, the page's palette, legends in the figure's language,
labelled collapsed edges, and any size of selection."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest
from rdflib import Graph

from graph.export.figure import draw_figure, labelled_nodes, render_figure
from graph.export.formats import export_files
from graph.network.classes import CLASS_STYLES, class_colour
from graph.network.projection import collapse_network
from graph.network.select import Selection, Selector, select


@pytest.fixture(scope="module")
def jakarta(shipped):
    """Jakarta at depth 2 of the shipped data (built once per session, conftest) in each language, selected once."""
    return {lang: select(shipped.g, Selector(focus="DKI Jakarta", depth=2), lang=lang) for lang in ("id", "en")}


@pytest.fixture(scope="module")
def jakarta_en(jakarta):
    return jakarta["en"]


@pytest.fixture(scope="module")
def drawn(jakarta):
    """Each language's Jakarta figure (title, seed 42) drawn once: (figure, placed labels); read only."""
    return {lang: draw_figure(jakarta[lang].G, title=jakarta[lang].title, seed=42, lang=lang)
            for lang in ("en", "id")}  # English first, as when the depth-two test drew it itself


def _no_two_overlap(placed) -> bool:
    return not any(
        a.box[0] < b.box[2] and b.box[0] < a.box[2] and a.box[1] < b.box[3] and b.box[1] < a.box[3]
        for a, b in itertools.combinations(placed, 2)
    )


def test_depth_two_jakarta_labels_never_collide_and_name_the_hubs(jakarta_en, drawn) -> None:
    G = jakarta_en.G
    assert G.number_of_nodes() > 100
    _, placed = drawn["en"]  # draw_figure(G, title=jakarta_en.title, seed=42, lang="en")
    assert _no_two_overlap(placed)
    named = {p.node for p in placed}
    assert len(named) >= 25
    hubs = labelled_nodes(nx.Graph(G))[:5]
    # 4 of the 5 when the module runs alone, 3 after tests that touch matplotlib's text state first: label
    # sizes then differ by a pixel and one more hub label collides (noted on issue #12)
    assert sum(h in named for h in hubs) >= 3, "the best-connected nodes are the ones labelled"


def test_collapsed_edges_are_labelled(jakarta_en) -> None:
    H = collapse_network(jakarta_en.G)
    _, placed = draw_figure(H, seed=42, lang="en")
    edge_labels = [p for p in placed if "->" in p.node]
    assert len(edge_labels) >= 3 and _no_two_overlap(placed)
    assert any("sister city" in p.text for p in edge_labels)


def test_figure_colours_are_the_pages_palette() -> None:
    assert all(class_colour(t) == c for t, (c, _) in CLASS_STYLES.items()) and len(CLASS_STYLES) >= 15


@pytest.mark.parametrize(("lang", "legend", "not_there"), [
    ("id", "Pemerintah daerah di luar negeri", "ForeignLocalGovernment"),
    ("en", "Foreign local government", "ForeignLocalGovernment"),
])
def test_legend_names_classes_in_the_figures_language(jakarta, lang, legend, not_there) -> None:
    sel = jakarta[lang]
    svg = export_files(sel, "svg")[".svg"].decode()
    assert legend in svg and not_there not in svg
    assert CLASS_STYLES["mitra:Province"][0].lower() in svg.lower()


@pytest.mark.parametrize("fmt", ["png", "gexf"])
def test_a_selection_of_any_size_is_drawn(fmt) -> None:
    """Above 500 nodes spring_layout needs SciPy (not a dependency): the page's layout takes over."""
    from graph.network.layout import EXACT_LIMIT

    # 600 nodes: past the exact layout's limit (500), where it used to fail, and past the figure's own
    # size steps (smaller markers above 150 nodes, at most MAX_LABELS labels); drawing 900 (as before) took half
    # as long again and reached no other branch.
    n = 600
    assert n > EXACT_LIMIT + 1
    rng = random.Random(3)
    G = nx.MultiDiGraph()
    types = list(CLASS_STYLES)
    for i in range(n):
        t = types[i % len(types)]
        G.add_node(f"n{i:04d}", label=f"Node {i}", type=t, type_label=t.split(":")[1], local_id=f"n{i}")
    for i in range(1, n):
        G.add_edge(f"n{i:04d}", f"n{rng.randrange(i):04d}", key="mitra:party", label="party")
    files = export_files(Selection(selector=Selector(), G=G, g=Graph(), title="big", lang="en"), fmt)
    data = next(iter(files.values()))
    assert (data.startswith(b"\x89PNG") if fmt == "png" else b"<gexf" in data[:400]) and len(data) > 10_000


def test_an_empty_selection_says_so_in_the_figures_language() -> None:
    svg = render_figure(nx.MultiDiGraph(), fmt="svg", lang="id").decode()
    assert "Tidak ada yang cocok" in svg


@pytest.mark.parametrize("lang", ["id", "en"])
def test_legend_and_labels_stay_inside_the_page(drawn, lang) -> None:
    fig, placed = drawn[lang]  # draw_figure(sel.G, title=sel.title, seed=42, lang=lang) of Jakarta at depth 2
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    legend = fig.axes[0].get_legend().get_window_extent(renderer)
    assert page.x0 <= legend.x0 and legend.x1 <= page.x1 and page.y0 <= legend.y0
    assert placed and all(page.x0 <= p.box[0] and p.box[2] <= page.x1 for p in placed)
