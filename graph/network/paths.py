"""``mitra path A B``: the shortest connections between two entities, each step in words with its source."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import networkx as nx

from ..errors import SelectionError
from .select import resolve_node

__all__ = ["Step", "explain_paths", "format_paths", "step_sentence", "PHRASES"]

# How each relation reads, subject first: "{s} is a party to {o}" is written for the edge o -party-> s.
# (key → (template for the edge's direction, template when walked against it)).
PHRASES: dict[str, tuple[str, str]] = {
    "mitra:party": ("{s} has {o} as a party", "{o} is a party to {s}"),
    "mitra:resultOf": ("{s} came out of {o}", "{o} led to {s}"),
    "mitra:funder": ("{s} is funded by {o}", "{o} provides {s}"),
    "mitra:recipient": ("{s} goes to {o}", "{o} receives {s}"),
    "mitra:funds": ("{s} pays for {o}", "{o} is paid for by {s}"),
    "mitra:country": ("{s} is in {o}", "{o} is the country of {s}"),
    "mitra:partOf": ("{s} is part of {o}", "{o} includes {s}"),
    "mitra:unitOf": ("{s} is a unit of {o}", "{o} has the unit {s}"),
    "mitra:location": ("{s} takes place in {o}", "{o} hosts {s}"),
    "mitra:legalBasis": ("{s} rests on {o}", "{o} is the legal basis of {s}"),
    "mitra:implements": ("{s} implements {o}", "{o} is implemented by {s}"),
    "mitra:repeals": ("{s} repeals {o}", "{o} is repealed by {s}"),
    "mitra:issuer": ("{s} was issued by {o}", "{o} issued {s}"),
    "mitra:holdsPost": ("{s} holds the post {label} in {o}", "{o} has {s} as {label}"),
}
_ROLE = ("{s} takes part in {o} as {label}", "{o} has {s} taking part as {label}")


@dataclass(frozen=True)
class Step:
    """One hop of a path: from ``a`` to ``b`` over the relation ``key``, said as ``sentence``."""

    a: str
    b: str
    key: str
    sentence: str
    sources: str


def step_sentence(G: nx.MultiDiGraph, u: str, v: str, key: str, *, forward: bool) -> str:
    """The sentence for edge ``u -key-> v``, walked from ``u`` (``forward``) or from ``v``."""
    d = G.edges[u, v, key]
    forward_t, backward_t = PHRASES.get(
        key, _ROLE if key.startswith("mitra:role-") else ("{s} —{label}→ {o}", "{o} ←{label}— {s}")
    )
    template = forward_t if forward else backward_t
    label = d.get("role", d.get("label", key))  # roles read in English, whatever the label language
    return template.format(s=G.nodes[u]["label"], o=G.nodes[v]["label"], label=label)


def _steps(G: nx.MultiDiGraph, path: list[str]) -> list[Step]:
    steps = []
    for a, b in zip(path, path[1:], strict=False):
        edges = [(a, b, k, True) for k in sorted(G.succ[a].get(b, {}))] + [
            (b, a, k, False) for k in sorted(G.succ[b].get(a, {}))
        ]
        u, v, k, forward = edges[0]  # the first relation in key order: deterministic
        steps.append(
            Step(
                a, b, k, step_sentence(G, u, v, k, forward=forward), str(G.edges[u, v, k].get("sources", ""))
            )
        )
    return steps


def explain_paths(G: nx.MultiDiGraph, a: str, b: str, *, limit: int = 3) -> list[list[Step]]:
    """Up to ``limit`` shortest paths between the entities ``a`` and ``b`` (ids or labels), explained.

    Edges are walked either way. Paths are in lexicographic order of their node ids, so the answer is stable.

    Raises:
        SelectionError: an entity is unknown (with the closest labels), or no path joins them.
    """
    src, dst = resolve_node(G, a), resolve_node(G, b)
    if src == dst:
        return [[]]
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    H.add_edges_from((u, v) for u, v in G.edges())
    try:
        paths = sorted(islice(nx.all_shortest_paths(H, src, dst), 1000))
    except nx.NetworkXNoPath:
        raise SelectionError(
            f"no connection between {G.nodes[src]['label']!r} and {G.nodes[dst]['label']!r}"
        ) from None
    return [_steps(G, p) for p in paths[:limit]]


def format_paths(paths: list[list[Step]], *, fmt: str = "text") -> str:
    """Paths as numbered sentences with their sources, or as JSON (a list of lists of step objects)."""
    if fmt == "json":
        import json

        return json.dumps([[s.__dict__ for s in p] for p in paths], indent=2, ensure_ascii=False) + "\n"
    out = []
    for i, path in enumerate(paths, start=1):
        out.append(f"Path {i} ({len(path)} step{'s' if len(path) != 1 else ''}):")
        for j, step in enumerate(path, start=1):
            sources = step.sources.replace(" | ", ", ") or "no source"
            out.append(f"  {j}. {step.sentence}  [source: {sources}]")
    return "\n".join(out) + "\n"
