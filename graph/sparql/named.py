"""Named queries: read ``ontology/queries/*.rq`` with their purpose, notes and declared parameters."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..errors import QueryError
from .params import PARAM_KINDS

__all__ = ["GATHER_SEP", "Param", "NamedQuery", "parse_named_query", "load_queries", "named_query"]

_GATHERED_LINE = re.compile(r"^gathered\s*:\s*(.+)$")

GATHER_SEP = " | "
"""Separator of a gathered cell (``GROUP_CONCAT(…; separator=" | ")``): one row per fact, its sources in one cell."""

_PARAM_LINE = re.compile(r"^param\s+[?$]?(\w+)\s*\((\w+)(\s*,\s*required)?\)\s*:?\s*(.*)$")


@dataclass(frozen=True)
class Param:
    """A documented parameter of a named query: the variable it binds, its kind and what it means."""

    name: str
    kind: str
    doc: str
    required: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A query file of ``ontology/queries/``: its name (file stem), purpose (first comment line),
    further documentation lines, declared parameters and text."""

    name: str
    path: Path
    text: str
    purpose: str
    doc: tuple[str, ...] = ()
    params: tuple[Param, ...] = field(default_factory=tuple)
    gathered: tuple[str, ...] = ()
    """Columns that gather several values into one cell (``# gathered: sources``); their parts are sorted
    after the query runs, so every engine gives the same text whatever order GROUP_CONCAT met them in."""

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_named_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header comment (purpose, ``param`` lines, other notes)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot be read: {exc}") from None
    header: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            header.append(line.lstrip("#").strip())
        elif line.strip():
            break
    if not header or not header[0]:
        raise QueryError(f"{path}:1: a named query starts with a comment line saying what its rows mean")
    params, doc, gathered = [], [], []
    for n, line in enumerate(header[1:], start=2):
        m = _PARAM_LINE.match(line)
        g = _GATHERED_LINE.match(line)
        if g:
            gathered += [c.strip().lstrip("?$") for c in g.group(1).split(",") if c.strip()]
        elif m:
            if m.group(2) not in PARAM_KINDS:
                raise QueryError(
                    f"{path}:{n}: unknown parameter kind {m.group(2)!r}; known: {', '.join(PARAM_KINDS)}"
                )
            params.append(Param(m.group(1), m.group(2), m.group(4), required=bool(m.group(3))))
        elif line:
            doc.append(line)
    return NamedQuery(path.stem, path, text, header[0], tuple(doc), tuple(params), tuple(gathered))


def load_queries(queries_dir: Path = paths.QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query of ``queries_dir``, by name, sorted."""
    return {p.stem: parse_named_query(p) for p in sorted(Path(queries_dir).glob("*.rq"))}


def named_query(name: str, queries_dir: Path = paths.QUERIES_DIR) -> NamedQuery:
    """The named query ``name``; an unknown name raises ``QueryError`` suggesting close names."""
    path = Path(queries_dir) / f"{name}.rq"
    if path.is_file():
        return parse_named_query(path)
    known = sorted(p.stem for p in Path(queries_dir).glob("*.rq"))
    close = difflib.get_close_matches(name, known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; the named queries are the .rq files of {queries_dir}"
    raise QueryError(f"unknown query {name!r}{hint}")
