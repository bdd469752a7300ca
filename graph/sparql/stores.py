"""Where queries get their graph: the built RDF in ``out/`` loaded into Oxigraph or rdflib.

Freshness (rebuild when the inputs changed) is :mod:`graph.pipeline`'s job; this module only opens what a
build wrote. The embedded engine is a
:class:`pyoxigraph.Store` (in memory, or on disk for collections larger than memory); rdflib's own store
stays available as the reference engine. This is the only module that names a store plugin or opens a
pyoxigraph store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal

from ..errors import QueryError
from ..io import write_text
from ..rdf import new_graph

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

__all__ = ["LOADED_MARKER", "INFERENCE", "infer_rdfs", "open_oxigraph", "open_rdflib"]

LOADED_MARKER = "mitra-loaded.json"
"""File inside an on-disk store directory that records which build (and inference) it holds."""

INFERENCE = ("rdfs",)
"""Inference regimes ``--infer`` accepts."""


# --------------------------------------------------------------------------------------------------
# Opening the engines' stores
# --------------------------------------------------------------------------------------------------


def infer_rdfs(g: Graph) -> Graph:
    """Add the RDFS entailments of ``g`` (owlrl), so a query for a superclass finds its subclasses' instances.

    Axiomatic and datatype triples are left out (they only add noise), and so are the triples with a
    literal subject that owlrl derives: they are not RDF 1.1 and Oxigraph cannot store them.
    """
    import owlrl

    owlrl.DeductiveClosure(owlrl.RDFS_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    for t in [t for t in g if isinstance(t[0], Literal)]:
        g.remove(t)
    return g


def _check_infer(infer: str | None) -> None:
    if infer is not None and infer not in INFERENCE:
        raise QueryError(f"unknown inference {infer!r}; known: {', '.join(INFERENCE)}")


def open_rdflib(nt: Path, *, infer: str | None = None) -> Graph:
    """Parse the built N-Triples into rdflib's memory store with rdflib's own parser (style.md G9)."""
    _check_infer(infer)
    g = new_graph("default")
    try:
        g.parse(str(nt), format="nt")
    except Exception as exc:  # rdflib has several parse error types
        raise QueryError(f"{nt}: cannot be read: {exc}") from None
    return infer_rdfs(g) if infer == "rdfs" else g


def _marker_for(nq: Path, infer: str | None) -> dict:
    st = Path(nq).stat()
    return {"source": str(Path(nq).resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "infer": infer}


def open_oxigraph(nq: Path, *, store_dir: Path | None = None, infer: str | None = None) -> pyoxigraph.Store:
    """Load the built N-Quads into a pyoxigraph store: in memory, or on disk in ``store_dir``.

    An on-disk store is reloaded only when the build (or the inference asked for) changed since it was
    filled, so a large collection is parsed once. Queries see the ontology and data named graphs as one
    default graph (``use_default_graph_as_union``).
    """
    import pyoxigraph as ox

    _check_infer(infer)
    nq = Path(nq)
    if not nq.is_file():
        raise QueryError(f"{nq} does not exist; build the graph first")
    try:
        if store_dir is None:
            store = ox.Store()
        else:
            store_dir = Path(store_dir)
            store_dir.mkdir(parents=True, exist_ok=True)
            store = ox.Store(str(store_dir))
            marker = store_dir / LOADED_MARKER
            wanted = _marker_for(nq, infer)
            try:
                if json.loads(marker.read_text(encoding="utf-8")) == wanted:
                    return store
            except (OSError, ValueError):
                pass
            marker.unlink(missing_ok=True)
            store.clear()
        if infer == "rdfs":
            g = infer_rdfs(open_rdflib(nq.with_suffix(".nt")))
            data = g.serialize(format="nt", encoding="utf-8")
            store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
        elif store_dir is None:
            store.load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        else:
            store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        if store_dir is not None:
            store.flush()
            write_text(store_dir / LOADED_MARKER, json.dumps(_marker_for(nq, infer), sort_keys=True) + "\n")
    except (OSError, SyntaxError) as exc:
        where = f"store {store_dir}" if store_dir is not None else str(nq)
        raise QueryError(f"{where}: {exc}") from None
    return store
