"""A static figure of a selection for a report: PNG or SVG, labelled without collisions, legible at A4 width.

What makes it readable at the size a report uses (#12): the nodes that matter (the most connected, up to a
budget that grows with the page, never more than fit) are labelled, each label placed at the first of several
spots round its node where it overlaps no other label and no node; a label with no free spot is left out
rather than drawn over another. The rest of the nodes are drawn, coloured by class, unlabelled. Collapsed
edges (agreements, programs and fundings turned into edges) carry their short labels by the same rule. The
legend names the classes in the figure's language, in the page's palette. Positions come from the page's
layout (no SciPy, any size).

matplotlib is imported here only, inside ``draw_figure`` (with the Agg backend, no display needed), so
importing Mitra stays fast.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass

import networkx as nx

from ..network.classes import CLASS_STYLES, class_colour
from .html import layout_positions

__all__ = ["render_figure", "draw_figure", "labelled_nodes", "A4_WIDTH_IN", "Placed"]

A4_WIDTH_IN = 8.27
"""A4 paper width in inches: the figure is drawn at this width so its 7-pt labels print legibly."""


MAX_LABELS = 60
"""At most this many node labels (the best-connected first); collisions may leave out more."""

# The ``relation`` of an edge that stands for a collapsed node (network.projection.collapse_network).
_COLLAPSED = frozenset({"KSDPL", "KSDLL", "Agreement", "Program", "Funding"})

_NOTHING = {"id": "Tidak ada yang cocok dengan pilihan ini.", "en": "Nothing matches this selection."}


@dataclass(frozen=True)
class Placed:
    """A label drawn in the figure: its text, what it names, and its box in display pixels."""

    text: str
    node: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1


def labelled_nodes(G: nx.Graph, *, limit: int = MAX_LABELS) -> list[str]:
    """The nodes that get a label, most important first: all of them in a small figure, else the ``limit``
    of highest degree (ties by id, so the choice is stable)."""
    order = sorted(G.nodes, key=lambda n: (-G.degree(n), n))
    return order if G.number_of_nodes() <= limit else order[:limit]


def _short(text: str, width: int = 22, lines: int = 2) -> str:
    return "\n".join(textwrap.wrap(text, width, max_lines=lines, placeholder="…")) or text


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# Where a label may go round its point, in offset points: above, below, right, left, then the diagonals.
_SPOTS = (
    ((0, 6), "center", "bottom"),
    ((0, -6), "center", "top"),
    ((6, 0), "left", "center"),
    ((-6, 0), "right", "center"),
    ((5, 5), "left", "bottom"),
    ((-5, 5), "right", "bottom"),
    ((5, -5), "left", "top"),
    ((-5, -5), "right", "top"),
)


def _place(ax, renderer, xy, text: str, taken: list, *, fontsize: float, colour: str = "#111111", spots=_SPOTS):
    """Draw ``text`` at the first spot round ``xy`` whose box meets nothing in ``taken``; None if none."""
    for offset, ha, va in spots:
        artist = ax.annotate(
            text, xy, xytext=offset, textcoords="offset points", ha=ha, va=va, fontsize=fontsize,
            color=colour, zorder=4,
        )
        bb = artist.get_window_extent(renderer)
        box = (bb.x0 - 1, bb.y0 - 1, bb.x1 + 1, bb.y1 + 1)
        fig_box = ax.figure.bbox
        inside = box[0] >= fig_box.x0 and box[2] <= fig_box.x1 and box[1] >= fig_box.y0 and box[3] <= fig_box.y1
        if inside and not any(_overlaps(box, t) for t in taken):
            return box
        artist.remove()
    return None


def draw_figure(
    G: nx.MultiDiGraph, *, title: str = "", seed: int = 0, dpi: int = 200, lang: str = "id"
) -> tuple[object, list[Placed]]:
    """The matplotlib ``Figure`` of ``G`` and the labels placed in it (for tests of overlap and coverage).

    Notes:
        Self-loops are not drawn. Above a few hundred nodes the markers shrink and only ``MAX_LABELS``
        labels are tried, so the figure stays a picture of the network's shape rather than a smear of text.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    n = H.number_of_nodes()
    height = A4_WIDTH_IN * (0.75 if n > 8 else 0.55)
    fig = Figure(figsize=(A4_WIDTH_IN, height), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_axis_off()
    placed: list[Placed] = []
    if title:
        ax.set_title(title, fontsize=10)
    if not n:
        ax.text(0.5, 0.5, _NOTHING.get(lang, _NOTHING["en"]), ha="center", va="center")
        fig.tight_layout()
        return fig, placed
    pos = layout_positions(G, seed=seed) if n > 1 else {next(iter(H)): (0.0, 0.0)}
    # The page's layout is in screen pixels with y down; matplotlib's y goes up.
    pos = {k: (x, -y) for k, (x, y) in pos.items()}
    scale = 1.0 if n <= 150 else max(0.25, math.sqrt(150 / n))
    for u, v in H.edges():
        ax.plot([pos[u][0], pos[v][0]], [pos[u][1], pos[v][1]], color="#aaaaaa", lw=0.5 * scale + 0.1, zorder=1)
    nodes = sorted(H.nodes)
    ax.scatter(
        [pos[m][0] for m in nodes],
        [pos[m][1] for m in nodes],
        s=[(18 + 12 * min(H.degree(m), 30)) * scale for m in nodes],
        zorder=2,
        linewidths=0.3,
        edgecolors="#333333",
        c=[class_colour(H.nodes[m].get("type", "")) for m in nodes],
    )
    ax.margins(0.06)
    types = [t for t in CLASS_STYLES if any(H.nodes[m].get("type") == t for m in nodes)]
    types += sorted({str(H.nodes[m].get("type", "")) for m in nodes} - set(types))
    names = {}
    for m in nodes:
        names.setdefault(H.nodes[m].get("type", ""), str(H.nodes[m].get("type_label") or ""))
    # Class names wrap at 34 characters (Indonesian ones are long), so four columns fit the page's width.
    legend = ax.legend(
        handles=[
            Line2D([], [], marker="o", ls="", color=class_colour(t),
                   label=_short(names.get(t) or t.split(":", 1)[-1], 34, 3))
            for t in types
        ],
        loc="upper center",
        fontsize=6,
        frameon=False,
        ncol=min(len(types), 4),
        bbox_to_anchor=(0.5, 0.0),
    )
    fig.tight_layout()
    renderer = fig.canvas.get_renderer()
    lb = legend.get_window_extent(renderer)
    if lb.width > fig.bbox.width:  # still too wide: fewer columns
        legend.set_ncols(3)
        fig.tight_layout()
    # Nodes and the legend are obstacles too: a label never covers a marker or the key.
    to_px = ax.transData.transform
    radius_pt = {m: math.sqrt((18 + 12 * min(H.degree(m), 30)) * scale) / 2 for m in nodes}
    markers = {}
    for m in nodes:
        x, y = to_px(pos[m])
        r = radius_pt[m] * dpi / 72
        markers[m] = (x - r, y - r, x + r, y + r)
    lb = legend.get_window_extent(renderer)
    labels: list = [(lb.x0, lb.y0, lb.x1, lb.y1)]
    node_font = 6.5 if n <= 150 else 5.5
    for m in labelled_nodes(H):
        text = _short(str(H.nodes[m].get("label", m)))
        gap = radius_pt[m] + 1.5
        spots = tuple(((dx and math.copysign(gap, dx), dy and math.copysign(gap, dy)), ha, va)
                      for (dx, dy), ha, va in _SPOTS)
        obstacles = labels + [b for k, b in markers.items() if k != m]
        box = _place(ax, renderer, pos[m], text, obstacles, fontsize=node_font, spots=spots)
        if box is not None:
            labels.append(box)
            placed.append(Placed(text, m, box))
    taken = labels + list(markers.values())
    # Collapsed edges (agreements, programs, fundings as edges) carry their short labels where room is left.
    edge_labels = [
        (u, v, str(d.get("label", ""))) for u, v, d in G.edges(data=True)
        if d.get("relation") in _COLLAPSED and d.get("label")
    ]
    seen: set[tuple[str, str]] = set()
    for u, v, label in sorted(edge_labels, key=lambda e: (-(H.degree(e[0]) + H.degree(e[1])), e)):
        if (u, v) in seen or u == v or len(seen) >= MAX_LABELS:
            continue
        seen.add((u, v))
        mid = ((pos[u][0] + pos[v][0]) / 2, (pos[u][1] + pos[v][1]) / 2)
        text = _short(label, 18)
        box = _place(ax, renderer, mid, text, taken, fontsize=5.5, colour="#555555",
                     spots=(((0, 0), "center", "center"), *_SPOTS[:2]))
        if box is not None:
            taken.append(box)
            placed.append(Placed(text, f"{u} -> {v}", box))
    return fig, placed


def render_figure(
    G: nx.MultiDiGraph, *, fmt: str = "png", title: str = "", seed: int = 0, dpi: int = 200, lang: str = "id"
) -> bytes:
    """Draw ``G``: nodes coloured by class (the page's palette) and sized by degree, labels that never
    collide, and a legend in ``lang``.

    Args:
        G: a projection (or selection of one); node attributes ``label``, ``type`` and ``type_label`` are used,
            and the ``label`` of collapsed edges.
        fmt: ``png`` or ``svg`` (SVG keeps its text as text, so labels stay searchable and crisp).
        title: drawn above the network.
        seed: layout seed: same graph and seed, same picture.
        lang: the language of the words the figure adds itself (the empty-selection message).

    Returns:
        The encoded image. SVG output carries no date and fixed ids, so it is byte-for-byte reproducible.
    """
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "mitra", "font.size": 7}):
        fig, _ = draw_figure(G, title=title, seed=seed, dpi=dpi, lang=lang)
        buf = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, metadata=metadata)  # type: ignore[attr-defined]
    return buf.getvalue()
