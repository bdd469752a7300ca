"""The names in Mitra's registries, importable without NetworkX or rdflib so ``mitra --help`` stays fast.

The registries themselves (``graph.export.formats.EXPORTERS``, ``graph.network.analytics.METRICS``) map these names to
functions; ``tests/test_registries.py`` fails if the two ever differ, so the CLI cannot drift from the library.
"""

from __future__ import annotations

__all__ = ["EXPORT_FORMATS", "METRIC_NAMES", "STATS_FORMATS"]

EXPORT_FORMATS: tuple[str, ...] = ("csv", "gexf", "graphml", "json", "jsonld", "md", "png", "svg", "ttl")
METRIC_NAMES: tuple[str, ...] = (
    "counts", "centrality", "communities", "components", "concentration", "diversity", "reciprocity", "dormancy",
)
STATS_FORMATS: tuple[str, ...] = ("table", "json", "csv")
