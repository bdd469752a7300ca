"""Mitra's library: load, validate, build, query, project and export the cooperation graph.

Names are resolved lazily (PEP 562), so ``import graph`` costs nothing until a function is used: the CLI's
``--help`` stays fast, and rdflib, NetworkX, pySHACL, pyvis and pyoxigraph load only where they are needed.
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Built": "build.assemble",
    "build_graph": "build.assemble",
    "serialize_outputs": "build.outputs",
    "summarize": "build.assemble",
    "write_outputs": "build.outputs",
    "ExportError": "errors",
    "LoadError": "errors",
    "MitraError": "errors",
    "Problem": "errors",
    "PushError": "errors",
    "QueryError": "errors",
    "ValidationFailed": "errors",
    "SelectionError": "errors",
    "Selector": "network.select",
    "Selection": "network.select",
    "select": "network.select",
    "LoadedData": "build.load",
    "Origin": "build.load",
    "load_data": "build.load",
    "load_ontology": "build.load",
    "ValidationResult": "build.validate",
    "Violation": "build.validate",
    "validate_graph": "build.validate",
    "project_network": "network.projection",
    "QueryResult": "sparql.query",
    "load_queries": "sparql.query",
    "named_query": "sparql.query",
    "open_engine": "sparql.query",
    "run_query": "sparql.query",
    "render": "sparql.results",
    "check_fresh": "build.stamp",
    "Project": "paths",
    "rebuild": "pipeline",
    "build_all": "pipeline",
    "write_build": "pipeline",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
