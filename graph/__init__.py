"""Mitra's library: load, validate, build, query, project and export the cooperation graph.

Only light modules are imported here; pySHACL, pyvis, oxrdflib and server code load inside the functions that use them.
"""

from .build import Built, build_graph, serialize_outputs, summarize, write_outputs
from .errors import ExportError, LoadError, MitraError, Problem, QueryError, ValidationFailed
from .load import LoadedData, Origin, load_data, load_ontology
from .validate import ValidationResult, Violation, validate_graph

__all__ = [
    "Built",
    "build_graph",
    "serialize_outputs",
    "summarize",
    "write_outputs",
    "ExportError",
    "LoadError",
    "MitraError",
    "Problem",
    "QueryError",
    "ValidationFailed",
    "LoadedData",
    "Origin",
    "load_data",
    "load_ontology",
    "ValidationResult",
    "Violation",
    "validate_graph",
]
