"""One seeded 2-D layout for every picture of the network: the page, the figures and the GEXF export.

NetworkX's ``spring_layout`` is exact but O(N²) per step, and above 500 nodes it switches to a sparse solver
that needs SciPy (``No module named 'scipy'`` at 10× the shipped data). So small graphs keep the exact
Fruchterman–Reingold layout, and larger ones get a vectorised approximation whose repulsion is estimated from
random partners: O((N·samples + E)·iterations), 50,000 nodes in seconds, no SciPy.
"""

from __future__ import annotations

import math

import networkx as nx

from .projection import undirected

__all__ = ["EXACT_LIMIT", "layout"]

EXACT_LIMIT = 500
"""Largest graph laid out by NetworkX's exact (dense NumPy) spring layout; above it, :func:`_sampled_layout`."""


def _sampled_layout(H: nx.Graph, *, seed: int, iterations: int = 120, samples: int = 12) -> dict:
    """Fruchterman–Reingold with repulsion from ``samples`` random partners per node and exact attraction."""
    import numpy as np

    nodes = list(H)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1.0, 1.0, (n, 2)) * math.sqrt(n)
    if H.number_of_edges():
        pairs = np.array([(index[a], index[b]) for a, b in H.edges()], dtype=np.int64)
        u, v = pairs[:, 0], pairs[:, 1]
    else:
        u = v = np.zeros(0, dtype=np.int64)
    temperature = math.sqrt(n) / 2
    for _ in range(iterations):
        partners = rng.integers(0, n, (n, samples))
        delta = pos[:, None, :] - pos[partners]
        dist2 = (delta ** 2).sum(-1) + 1e-6
        disp = (delta / dist2[..., None]).sum(1) * (n / samples)
        d = pos[u] - pos[v]
        length = np.sqrt((d ** 2).sum(-1))[:, None] + 1e-9
        pull = d * length
        np.add.at(disp, u, -pull)
        np.add.at(disp, v, pull)
        disp -= pos * 0.05  # gravity: keeps disconnected pieces on the page
        norm = np.sqrt((disp ** 2).sum(-1))[:, None] + 1e-9
        pos += disp / norm * np.minimum(norm, temperature)
        temperature *= 0.96
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for node, i in index.items()}


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
    H = undirected(G)
    n = H.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(H)): (0.0, 0.0)}
    if n <= EXACT_LIMIT:
        raw = {node: (float(x), float(y)) for node, (x, y) in nx.spring_layout(H, seed=seed, k=k).items()}
    else:
        raw = _sampled_layout(H, seed=seed)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {node: ((x - cx) / span, (y - cy) / span) for node, (x, y) in raw.items()}
