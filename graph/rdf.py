"""New rdflib graphs, merging, and the deterministic serializers: every RDF text Mitra writes comes from here.

Same input, same bytes, whatever order the triples were added in and whatever ``PYTHONHASHSEED`` is: Turtle is
``longturtle`` with ``canon=True`` (style.md G5), N-Triples and N-Quads are sorted lines, TriG is built from
canonical Turtle, and JSON-LD has its arrays sorted with an inline context (never fetched).
"""

from __future__ import annotations

import json

from rdflib import Graph, URIRef

from .errors import QueryError
from .namespaces import PREFIXES, bind_prefixes

__all__ = ["STORES", "new_graph", "merge_graphs", "sorted_lines", "turtle", "ntriples", "nquads", "trig", "jsonld"]

# rdflib store plugins by Mitra's name for them (oxrdflib registers "Oxigraph" through an entry point).
STORES: dict[str, str] = {"default": "Memory", "oxigraph": "Oxigraph"}


def new_graph(store: str = "default") -> Graph:
    """An empty rdflib graph with Mitra's prefixes on the named store (``default`` or ``oxigraph``).

    >>> len(new_graph())
    0
    """
    if store not in STORES:
        raise QueryError(f"unknown store {store!r}; known: {', '.join(sorted(STORES))}")
    return bind_prefixes(Graph(store=STORES[store]))


def merge_graphs(*graphs: Graph) -> Graph:
    """One graph holding every triple of ``graphs``, with Mitra's prefixes."""
    g = bind_prefixes(Graph())
    for part in graphs:
        for t in part:
            g.add(t)
    return g


def sorted_lines(text: str) -> str:
    """The distinct non-blank lines of ``text``, sorted: N-Triples and N-Quads in a stable order."""
    lines = sorted({ln for ln in text.splitlines() if ln.strip()})
    return "\n".join(lines) + "\n"


def nquads(parts: tuple[tuple[URIRef, Graph], ...]) -> str:
    """N-Quads from each graph's N-Triples: rdflib's N-Quads serializer goes through the deprecated
    ``Dataset.contexts`` (a DeprecationWarning, an error under the test suite's filterwarnings)."""
    lines = []
    for graph_iri, part in parts:
        for ln in part.serialize(format="nt").splitlines():
            if ln.strip():
                lines.append(f"{ln.rstrip().removesuffix('.').rstrip()} <{graph_iri}> .")
    return sorted_lines("\n".join(lines))


def trig(parts: tuple[tuple[URIRef, Graph], ...]) -> str:
    """TriG with the named graphs in a fixed order, each body in canonical ``longturtle``.

    rdflib's TriG serializer orders the graphs by hash, so its output changed from run to run
    (PYTHONHASHSEED). The bodies share one namespace manager, so a prefix rdflib invents (``ns1``)
    means the same in every graph. Blank-node labels are document-wide in TriG; neither of Mitra's
    graphs holds blank nodes.
    """
    nm = bind_prefixes(Graph()).namespace_manager
    prefixes: dict[str, None] = {}
    blocks = []
    for graph_iri, part in parts:
        g = Graph(namespace_manager=nm)
        for triple in part:
            g.add(triple)
        body = []
        # not indented: a multi-line literal is written between triple quotes, and indenting would change it
        for ln in g.serialize(format="longturtle", canon=True).splitlines(keepends=True):
            if ln.startswith("PREFIX "):
                prefixes[ln] = None
            else:
                body.append(ln)
        blocks.append(f"<{graph_iri}> {{\n{''.join(body).strip()}\n}}\n")
    return "".join(prefixes) + "\n" + "\n".join(blocks)


def _sorted_json(value: object, key: str | None = None) -> object:
    """JSON-LD with every array sorted (except ``@list``s, whose order is data), so the bytes are stable."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(g: Graph) -> str:
    """JSON-LD of ``g`` with Mitra's prefixes as an inline context and every array sorted."""
    # The context is inline: JSON-LD contexts are never fetched (no network at run time).
    text = g.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    return json.dumps(_sorted_json(json.loads(text)), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def turtle(g: Graph) -> str:
    """Canonical long-form Turtle (style.md G5)."""
    return g.serialize(format="longturtle", canon=True)


def ntriples(g: Graph) -> str:
    """Sorted N-Triples."""
    return sorted_lines(g.serialize(format="nt"))
