"""One seeded 2-D layout for every picture of the network: the page, the figures and the GEXF export.

NetworkX's ``spring_layout`` is exact but O(N²) per step, and above 500 nodes it switches to a sparse solver
that needs SciPy (``No module named 'scipy'`` at 10× the shipped data). So small graphs keep the exact
Fruchterman–Reingold layout, and larger ones get a vectorised approximation whose repulsion is estimated from
random partners: O((N·samples + E)·iterations), 50,000 nodes in seconds, no SciPy.
"""

from __future__ import annotations

import math
from itertools import chain
from typing import TYPE_CHECKING

import networkx as nx

from ..rdf import collector_paused
from .projection import undirected

if TYPE_CHECKING:
    import numpy as np

__all__ = ["EXACT_LIMIT", "layout"]

EXACT_LIMIT = 499
"""Largest graph laid out by NetworkX's exact (dense NumPy) spring layout; above it, :func:`_sampled_layout`.
NetworkX switches to its SciPy solver at 500 nodes (``len(G) >= 500``), so 500 itself is already too many."""


def _simple_edges(G: nx.Graph) -> tuple[list, np.ndarray, np.ndarray]:
    """The nodes of ``G`` and the ends of ``undirected(G).edges()``, in its order, as indices into the nodes,
    without building it (the NetworkX graph with a data dict per edge was 0.4 of the layout's 1.9 CPU s at 30x
    the shipped data, #15; a dict per node and a tuple per edge still 0.15-0.19 s, these arrays 0.02 s).

    ``undirected(G).edges()`` lists each pair once, under the node that comes first, a node's pairs in the order
    its neighbours entered its adjacency: first its own successors (in ``G``'s order), then the nodes after it
    that point to it only, in node order (each enters when its own successors are added). So from ``G``'s
    adjacency, as directed pairs of positions ``i -> j``: the pairs with ``j > i`` in adjacency order, then
    each ``j -> i`` with ``j > i`` whose ``i -> j`` is not there, by ``j``; self-loops dropped. Any kind of
    NetworkX graph (an undirected one holds both directions of every edge, so it has no second kind).
    """
    import numpy as np

    nodes = []
    neighbours = []
    for node, nbrs in G.adjacency():  # the adjacency dicts themselves: the views cost a Python call per node
        nodes.append(node)
        neighbours.append(nbrs)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    count = np.fromiter(map(len, neighbours), dtype=np.int64, count=n)
    # each end's index looked up in C, straight into the array (a tuple per edge first, #15)
    dst = np.fromiter(map(index.__getitem__, chain.from_iterable(neighbours)), dtype=np.int64,
                      count=int(count.sum()))
    src = np.repeat(np.arange(n, dtype=np.int64), count)
    ahead, behind = dst > src, dst < src
    fu, fv = src[ahead], dst[ahead]
    bu, bv = dst[behind], src[behind]
    only_back = ~np.isin(bu * n + bv, fu * n + fv)
    bu, bv = bu[only_back], bv[only_back]
    # by first node; under it its successors (already in adjacency order) before the nodes pointing back, by node
    order = np.lexsort((np.concatenate((np.arange(len(fu)), bv)),
                        np.concatenate((np.zeros(len(fu), np.int64), np.ones(len(bu), np.int64))),
                        np.concatenate((fu, bu))))
    return nodes, np.concatenate((fu, bu))[order], np.concatenate((fv, bv))[order]


def _sampled_layout(nodes: list, u: np.ndarray, v: np.ndarray, *, seed: int, iterations: int = 120,
                    samples: int = 12) -> dict:
    """Fruchterman–Reingold with repulsion from ``samples`` random partners per node and exact attraction along
    the edges ``u[e] - v[e]`` (indices into ``nodes``).

    The x and y coordinates live in separate vectors: gathering rows of an (N, 2) array by random index cost
    four fifths of the time at 13,700 nodes. Every sum is taken in the order the (N, 2) form took it (the
    partners' pushes one after another, the edges' pulls by ``np.add.at`` in edge order), so the positions are
    the same floats to the last bit (``tests/network/test_layout.py`` keeps the earlier form as the reference).
    Each partner's push is made for all nodes at once, one partner after another, in a few reused vectors of
    N floats: the same operations on the same values, with a working set that stays in the cache (the (samples,
    N) arrays of session 23 held 24 MB at 30x the shipped data, and the build's memory kept them, #15).
    """
    import numpy as np

    n = len(nodes)
    rng = np.random.default_rng(seed)
    start = rng.uniform(-1.0, 1.0, (n, 2)) * math.sqrt(n)
    x, y = start[:, 0].copy(), start[:, 1].copy()
    temperature = math.sqrt(n) / 2
    push_x, push_y, dx, dy, dist2, held = (np.empty(n) for _ in range(6))
    for _ in range(iterations):
        # the draws of rng.integers(0, n, (n, samples)) (int32 gives the same numbers from the same stream:
        # both take NumPy's 32-bit bounded path below 2**32), one row per partner, as NumPy's own index type:
        # np.take converts other indices on every call (int32 made it six times slower), and "clip" skips the
        # bounds check the draws need not (each is below n), the same values as fancy indexing (#15); astype
        # copies the transposed draws in a third of ascontiguousarray's time (0.5-1.0 ms a step at 30x)
        partners = rng.integers(0, n, (n, samples), dtype=np.int32).T.astype(np.intp, order="C")
        for j in range(samples):  # one partner after another, as a sum over the partners' axis adds them
            column = partners[j]
            np.subtract(x, np.take(x, column, out=held, mode="clip"), out=dx)  # x[i] - x[partner]
            np.subtract(y, np.take(y, column, out=held, mode="clip"), out=dy)
            np.multiply(dx, dx, out=dist2)  # dx² + dy² + 1e-6, added in that order
            dist2 += np.multiply(dy, dy, out=held)
            dist2 += 1e-6
            if j:  # the push of each partner, added to the pushes before it
                push_x += np.divide(dx, dist2, out=dx)
                push_y += np.divide(dy, dist2, out=dy)
            else:
                np.divide(dx, dist2, out=push_x)
                np.divide(dy, dist2, out=push_y)
        disp_x, disp_y = push_x * (n / samples), push_y * (n / samples)
        ex, ey = x[u] - x[v], y[u] - y[v]
        length = np.sqrt(ex * ex + ey * ey) + 1e-9
        pull_x, pull_y = ex * length, ey * length
        np.add.at(disp_x, u, -pull_x)
        np.add.at(disp_y, u, -pull_y)
        np.add.at(disp_x, v, pull_x)
        np.add.at(disp_y, v, pull_y)
        disp_x -= x * 0.05  # gravity: keeps disconnected pieces on the page
        disp_y -= y * 0.05
        norm = np.sqrt(disp_x * disp_x + disp_y * disp_y) + 1e-9
        step = np.minimum(norm, temperature)
        x += disp_x / norm * step
        y += disp_y / norm * step
        temperature *= 0.96
    return dict(zip(nodes, zip(x.tolist(), y.tolist(), strict=True), strict=True))


def layout(G: nx.Graph, *, seed: int = 42, k: float | None = None) -> dict:
    """Seeded positions of ``G``'s nodes, centred and scaled into the square [-1, 1]².

    Args:
        G: any NetworkX graph; direction, multi-edges and self-loops are ignored.
        seed: same graph (same node order) and seed, same positions.
        k: the spring layout's optimal distance (small graphs only); NetworkX's default when ``None``.

    Notes:
        An empty graph gives ``{}``; one node sits at the origin. Above :data:`EXACT_LIMIT` nodes the
        layout is the sampled approximation, so it stays near-linear in nodes + edges.

    >>> pos = layout(nx.path_graph(3), seed=1)
    >>> sorted(pos) == [0, 1, 2] and len(set(pos.values())) == 3
    True
    >>> layout(nx.Graph())
    {}
    """
    n = G.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(G)): (0.0, 0.0)}
    if n <= EXACT_LIMIT:
        H = undirected(G)
        raw = {node: (float(x), float(y)) for node, (x, y) in nx.spring_layout(H, seed=seed, k=k).items()}
        return _scaled(raw)
    # The lists, arrays and position tuples hold no cycle. The collector stays paused until the positions are
    # made: the first collection after the projection's pause walked all it had made, and a full one the whole
    # built graph (1.2 of the layout's 3.2 CPU s at 30x the shipped data, #15).
    with collector_paused():
        return _scaled(_sampled_layout(*_simple_edges(G), seed=seed))


def _scaled(raw: dict) -> dict:
    """``raw`` positions centred and scaled into the square [-1, 1]²."""
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {node: ((x - cx) / span, (y - cy) / span) for node, (x, y) in raw.items()}
