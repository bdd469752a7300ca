"""The shared layout: seeded, in the unit square, near-linear above ``EXACT_LIMIT``, and unchanged to the bit by
the vectorised rewrite of the sampled layout (the page's positions and the GEXF's depend on it, #15)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from graph.network.layout import EXACT_LIMIT, layout
from graph.network.projection import undirected


def reference_sampled_layout(H: nx.Graph, *, seed: int, iterations: int = 120, samples: int = 12) -> dict:
    """The sampled layout as it was written first, on (N, 2) arrays: the reference the faster one must equal."""
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
        disp -= pos * 0.05
        norm = np.sqrt((disp ** 2).sum(-1))[:, None] + 1e-9
        pos += disp / norm * np.minimum(norm, temperature)
        temperature *= 0.96
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for node, i in index.items()}


def reference_layout(G: nx.Graph, *, seed: int) -> dict:
    """``layout`` above ``EXACT_LIMIT`` as it was: the reference sampled layout, centred and scaled the same way."""
    raw = reference_sampled_layout(undirected(G), seed=seed)
    xs, ys = [p[0] for p in raw.values()], [p[1] for p in raw.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {node: ((x - cx) / span, (y - cy) / span) for node, (x, y) in raw.items()}


def multi(graph: nx.Graph) -> nx.MultiDiGraph:
    """A projection-like graph: string nodes, keyed directed edges, a parallel edge and a self-loop."""
    G = nx.MultiDiGraph()
    G.add_nodes_from(f"n{i}" for i in graph)
    for a, b in graph.edges():
        G.add_edge(f"n{a}", f"n{b}", key="mitra:partOf")
    first = next(iter(graph.edges()))
    G.add_edge(f"n{first[1]}", f"n{first[0]}", key="mitra:party")
    G.add_edge("n0", "n0", key="mitra:party")
    return G


@pytest.mark.parametrize(("n", "m", "seed"), [(EXACT_LIMIT + 1, 0, 1), (600, 1200, 42), (2500, 3000, 7)])
def test_the_sampled_layout_equals_the_reference_to_the_bit(n, m, seed) -> None:
    G = multi(nx.gnm_random_graph(n, m, seed=seed)) if m else nx.MultiDiGraph(nx.empty_graph(n))
    assert layout(G, seed=seed) == reference_layout(G, seed=seed)


def test_a_large_layout_is_seeded_spread_and_in_the_unit_square() -> None:
    G = multi(nx.gnm_random_graph(EXACT_LIMIT + 200, 2 * EXACT_LIMIT, seed=3))
    a, b, c = layout(G, seed=1), layout(G, seed=1), layout(G, seed=2)
    assert a == b and a != c and set(a) == set(G)
    xs, ys = [p[0] for p in a.values()], [p[1] for p in a.values()]
    assert min(xs) >= -1 and max(xs) <= 1 and min(ys) >= -1 and max(ys) <= 1
    assert max(max(xs) - min(xs), max(ys) - min(ys)) == pytest.approx(2)
    assert len({(round(x, 6), round(y, 6)) for x, y in a.values()}) == len(a)  # no two nodes on one spot


@pytest.mark.parametrize("n", [0, 1, 2, 500, 501, 5000])
def test_layout_handles_every_size_without_scipy(n) -> None:
    G = multi(nx.path_graph(n)) if n > 1 else nx.MultiDiGraph(nx.empty_graph(n))
    pos = layout(G, seed=5)
    assert set(pos) == set(G)
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in pos.values())
