"""Mitra's exceptions: the library raises these, and only ``cli.py`` turns them into exit codes."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Problem", "MitraError", "LoadError", "ValidationFailed", "QueryError", "SelectionError", "ExportError",
    "PushError",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input: where (file, line) and what (field, message)."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class MitraError(Exception):
    """Base class of every error Mitra reports to a user."""


class LoadError(MitraError):
    """Input could not be loaded. Carries every problem found, so a planner fixes them in one pass."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field or "", p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: object, line: int | None, field: str | None, message: str) -> LoadError:
        """A load error with a single problem."""
        return cls([Problem(str(path), line, field, message)])


class ValidationFailed(MitraError):  # noqa: N818 - a public name other modules use
    """The graph does not conform to the shapes or to the QC checks."""

    def __init__(self, result: object) -> None:
        self.result = result
        super().__init__("the data does not conform to the Mitra shapes")


class QueryError(MitraError):
    """A SPARQL query could not be parsed or run."""


class SelectionError(MitraError):
    """A selection of the network names nothing (an unknown entity, class, sector or date), or two entities
    are not connected."""


class ExportError(MitraError):
    """An export or other output could not be produced."""


class PushError(MitraError):
    """A push to a remote store failed. ``state`` says what the store holds afterwards (``old``, ``new``,
    ``old or new``, ``mixed``; None when nothing was sent) and ``graphs`` the state of each target graph."""

    def __init__(self, message: str, *, state: str | None = None, graphs: dict[str, str] | None = None) -> None:
        self.state = state
        self.graphs = dict(graphs or {})
        super().__init__(message)
