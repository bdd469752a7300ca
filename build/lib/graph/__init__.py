"""Mitra's library: load, validate, build, query, project and export the cooperation graph.

Names are resolved lazily (PEP 562), so ``import graph`` costs nothing until a function is used: the CLI's
``--help`` stays fast, and rdflib, NetworkX, pySHACL, pyvis and pyoxigraph load only where they are needed.
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Built": "build",
    "build_graph": "build",
    "serialize_outputs": "build",
    "summarize": "build",
    "write_outputs": "build",
    "ExportError": "errors",
    "LoadError": "errors",
    "MitraError": "errors",
    "Problem": "errors",
    "QueryError": "errors",
    "ValidationFailed": "errors",
    "LoadedData": "load",
    "Origin": "load",
    "load_data": "load",
    "load_ontology": "load",
    "ValidationResult": "validate",
    "Violation": "validate",
    "validate_graph": "validate",
    "project_network": "network",
    "QueryResult": "query",
    "load_queries": "query",
    "named_query": "query",
    "open_engine": "query",
    "run_query": "query",
    "render": "results",
    "check_fresh": "store",
    "rebuild": "store",
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
