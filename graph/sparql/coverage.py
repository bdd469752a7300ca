"""Coverage: what the graph holds per province or per regency/city, and which regions have nothing yet.

A curator's map of where to look next. The counts come from the named queries ``province-coverage`` and
``city-coverage`` (so a researcher gets the same rows from ``mitra query`` or over HTTP); this module adds the list
of regions with nothing recorded, which the city query leaves out to stay readable at 514 rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import QueryError
from .engines import Engine
from .named import load_queries
from .query import entity_labels, run_query
from .terms import QueryResult, Term

__all__ = ["LEVELS", "Coverage", "coverage"]

LEVELS: dict[str, str] = {"province": "province-coverage", "city": "city-coverage"}
"""Coverage level → the named query that counts it."""

_REGIONS = {
    "province": "SELECT ?region WHERE { ?region a mitra:Province } ORDER BY ?region",
    "city": "SELECT ?region WHERE { VALUES ?c { mitra:Regency mitra:City } ?region a ?c } ORDER BY ?region",
}


@dataclass(frozen=True)
class Coverage:
    """The coverage rows, the labels of their IRIs, and the regions of that level with nothing recorded."""

    level: str
    result: QueryResult
    labels: dict[str, str]
    total: int
    empty: tuple[str, ...]

    @property
    def covered(self) -> int:
        """How many regions of the level have at least one agreement or program."""
        return self.total - len(self.empty)


def _count(row: dict[str, Term], name: str) -> int:
    term = row.get(name)
    return int(term.value) if term is not None else 0


def coverage(engine: Engine, *, level: str = "province", lang: str = "id",
             params: dict[str, str] | None = None) -> Coverage:
    """Count agreements, partners, programs and sources per region of ``level`` (``province`` or ``city``)."""
    if level not in LEVELS:
        raise QueryError(f"unknown coverage level {level!r}; known: {', '.join(LEVELS)}")
    named = load_queries()[LEVELS[level]]
    result = run_query(named, engine=engine, params=params or {})
    key = "province" if level == "province" else "city"
    linked = {
        r[key].value for r in result.bindings if key in r and (_count(r, "agreements") or _count(r, "programs"))
    }
    every = [r["region"].value for r in run_query(_REGIONS[level], engine=engine).bindings]
    empty = tuple(iri for iri in every if iri not in linked)
    labels = entity_labels(result, engine=engine, lang=lang)
    if empty:
        listing = QueryResult("select", ("region",), tuple({"region": Term("uri", i)} for i in empty))
        labels |= entity_labels(listing, engine=engine, lang=lang)
    return Coverage(level=level, result=result, labels=labels, total=len(every), empty=empty)
