"""A static figure of a selection for a report: PNG or SVG, labelled, legible at A4 width.

matplotlib is imported here only, inside ``render_figure`` (with the Agg backend, no display needed), so
importing Mitra stays fast.
"""

from __future__ import annotations

import io
import textwrap

import networkx as nx

from ..network.classes import class_colour
from ..network.layout import layout

__all__ = ["render_figure", "labelled_nodes", "A4_WIDTH_IN"]

A4_WIDTH_IN = 8.27
"""A4 paper width in inches: the figure is drawn at this width so its 7-pt labels print legibly."""

MAX_LABELS = 60
"""Above this many nodes only the best-connected ones are labelled, so labels stay readable."""


def labelled_nodes(G: nx.Graph, *, limit: int = MAX_LABELS) -> list[str]:
    """The nodes that get a label: all of them in a small figure, else the ``limit`` of highest degree."""
    if G.number_of_nodes() <= limit:
        return list(G.nodes)
    return sorted(G.nodes, key=lambda n: (-G.degree(n), n))[:limit]


def _short(text: str) -> str:
    return "\n".join(textwrap.wrap(text, 22, max_lines=2, placeholder="…")) or text


def render_figure(
    G: nx.MultiDiGraph, *, fmt: str = "png", title: str = "", seed: int = 0, dpi: int = 200
) -> bytes:
    """Draw ``G`` with a seeded spring layout; nodes coloured by class and sized by degree, with a legend.

    Args:
        G: a projection (or selection of one); node attributes ``label`` and ``type`` are used.
        fmt: ``png`` or ``svg`` (SVG keeps its text as text, so labels stay searchable and crisp).
        title: drawn above the network.
        seed: layout seed: same graph and seed, same picture.

    Returns:
        The encoded image. SVG output carries no date and fixed ids, so it is byte-for-byte reproducible.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    n = H.number_of_nodes()
    height = A4_WIDTH_IN * (0.75 if n > 8 else 0.55)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "mitra", "font.size": 7}):
        fig = Figure(figsize=(A4_WIDTH_IN, height), dpi=dpi)
        ax = fig.add_subplot()
        ax.set_axis_off()
        if n:
            pos = layout(H, seed=seed, k=1.6 / n ** 0.5)
            for u, v in H.edges():
                ax.plot([pos[u][0], pos[v][0]], [pos[u][1], pos[v][1]], color="#999999", lw=0.6, zorder=1)
            nodes = list(H.nodes)
            ax.scatter(
                [pos[m][0] for m in nodes],
                [pos[m][1] for m in nodes],
                s=[30 + 25 * H.degree(m) for m in nodes],
                zorder=2,
                linewidths=0.4,
                edgecolors="#333333",
                c=[class_colour(H.nodes[m].get("type", "")) for m in nodes],
            )
            for m in labelled_nodes(H):
                ax.annotate(
                    _short(str(H.nodes[m].get("label", m))),
                    pos[m],
                    xytext=(0, 6),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=7,
                    zorder=3,
                )
            types = sorted({H.nodes[m].get("type", "") for m in nodes})
            ax.legend(
                handles=[
                    Line2D(
                        [],
                        [],
                        marker="o",
                        ls="",
                        color=class_colour(t),
                        label=t.split(":", 1)[-1],
                    )
                    for t in types
                ],
                loc="lower left",
                fontsize=6,
                frameon=False,
                ncol=min(len(types), 4),
                bbox_to_anchor=(0, -0.08),
            )
            ax.margins(0.12)
        else:
            ax.text(0.5, 0.5, "Nothing matches this selection.", ha="center", va="center")
        if title:
            ax.set_title(title, fontsize=10)
        fig.tight_layout()
        buf = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()
