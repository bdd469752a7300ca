"""The review CSV: one row per proposed fact, written for a planner's spreadsheet and read back by ``--merge``.

Columns: ``accept`` (yes/no, pre-filled from the confidence), ``table`` (a data/ table of graph/mapping.py),
``id``, ``label_id``, ``label_en``, ``alt_labels``, ``fields`` (the table's other columns as ``key=value``
pairs separated by ``; ``, or a JSON object), ``source``, ``is_new`` (yes: a new row; no: an existing row that
the article mentions again, which gains the article as a source and the text's name as an alias),
``confidence`` (0–1), ``sentence`` (where the fact was read) and ``note``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..build.mapping import SEPARATOR, TABLES, split_multi
from ..errors import LoadError, Problem
from ..io import write_text

__all__ = [
    "COPIED_LABEL_NOTE",
    "REVIEW_COLUMNS",
    "ReviewRow",
    "data_note",
    "format_fields",
    "parse_fields",
    "write_review",
    "read_review",
    "review_text",
]

REVIEW_COLUMNS = (
    "accept",
    "table",
    "id",
    "label_id",
    "label_en",
    "alt_labels",
    "fields",
    "source",
    "is_new",
    "confidence",
    "sentence",
    "note",
)
ACCEPT_WORDS = {
    "yes": True,
    "y": True,
    "ya": True,
    "true": True,
    "1": True,
    "x": True,
    "no": False,
    "n": False,
    "tidak": False,
    "false": False,
    "0": False,
}
ACCEPT_THRESHOLD = 0.5
"""Rows at or above this confidence are pre-filled ``accept=yes``; the planner has the last word."""


@dataclass(frozen=True)
class ReviewRow:
    """One proposed row of a data/ table, with where it was read and how sure the rules are."""

    table: str
    id: str
    label_id: str = ""
    label_en: str = ""
    alt_labels: tuple[str, ...] = ()
    fields: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    source: str = ""
    is_new: bool = True
    confidence: float = 0.5
    sentence: str = ""
    note: str = ""
    accept: bool | None = None
    line: int = field(default=0, compare=False)

    @property
    def accepted(self) -> bool:
        return self.accept if self.accept is not None else self.confidence >= ACCEPT_THRESHOLD

    def data_row(self) -> dict[str, str]:
        """The row as the cells of its data/ table (only the columns that table has)."""
        cells = {
            "id": self.id,
            "label_id": self.label_id,
            "label_en": self.label_en,
            "alt_labels": SEPARATOR.join(self.alt_labels),
            "source": self.source,
            "note": data_note(self.note),
            **self.fields,
        }
        names = TABLES[self.table].column_names
        return {k: v for k, v in cells.items() if k in names and v}

    def with_accept(self, accept: bool) -> ReviewRow:
        return replace(self, accept=accept)


COPIED_LABEL_NOTE = "label_en copied from the text; translate if needed"
"""The note of a new row whose English label is the text's own words (one of the :data:`REVIEW_HINTS`)."""

REVIEW_HINTS = (
    r"label_en (?:copied from the text|repeats the Indonesian headline); translate if needed",
    r"country not stated near the name",
    r"the graph has [^;]*",
)
"""Notes the extractor writes for the reviewer: they help in review, they are not facts about the row."""


def data_note(note: str) -> str:
    """``note`` without the extractor's reviewer hints, as it goes into data/.

    >>> data_note("label_en copied from the text; translate if needed; Signed in Harbin")
    'Signed in Harbin'
    """
    for hint in REVIEW_HINTS:
        note = re.sub(rf"(?:^|;\s*){hint}(?=;|$)", "", note)
    return note.strip(" ;")


def format_fields(fields: dict[str, str]) -> str:
    """``key=value; key=value``, or JSON when a value holds ``;`` or ``=``.

    >>> format_fields({"country": "netherlands", "government_type": "city"})
    'country=netherlands; government_type=city'
    """
    if any(";" in v or "=" in v for v in fields.values()):
        return json.dumps(fields, ensure_ascii=False, sort_keys=True)
    return "; ".join(f"{k}={v}" for k, v in sorted(fields.items()) if v)


def parse_fields(cell: str) -> dict[str, str]:
    """The inverse of :func:`format_fields`; raises ``ValueError`` on a pair without ``=``.

    >>> parse_fields("country=netherlands; government_type=city")
    {'country': 'netherlands', 'government_type': 'city'}
    """
    cell = cell.strip()
    if not cell:
        return {}
    if cell.startswith("{"):
        data = json.loads(cell)
        if not isinstance(data, dict):
            raise ValueError("a JSON fields cell must be an object")
        return {str(k): str(v) for k, v in data.items()}
    out = {}
    for pair in cell.split(";"):
        if not pair.strip():
            continue
        key, eq, value = pair.partition("=")
        if not eq or not key.strip():
            raise ValueError(f"{pair.strip()!r} is not key=value")
        out[key.strip()] = value.strip()
    return out


def review_text(rows: list[ReviewRow]) -> str:
    """The review CSV as text (new rows first within each table, tables in data/ order)."""
    order = {name: n for n, name in enumerate(TABLES)}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(REVIEW_COLUMNS)
    for r in sorted(rows, key=lambda r: (order.get(r.table, 99), r.id)):
        w.writerow(
            [
                "yes" if r.accepted else "no",
                r.table,
                r.id,
                r.label_id,
                r.label_en,
                SEPARATOR.join(r.alt_labels),
                format_fields(r.fields),
                r.source,
                "yes" if r.is_new else "no",
                f"{r.confidence:.2f}",
                r.sentence,
                r.note,
            ]
        )
    return buf.getvalue()


def write_review(rows: list[ReviewRow], path: Path) -> Path:
    """Write the review CSV atomically."""
    write_text(path, review_text(rows))
    return Path(path)


def read_review(path: Path) -> list[ReviewRow]:
    """Read a review CSV back, checking every row; raises ``LoadError`` naming file, line and column."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise LoadError.at(path, None, None, "not UTF-8: save the review file as UTF-8 CSV") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in ("accept", "table", "id") if c not in (reader.fieldnames or [])]
    if missing:
        raise LoadError.at(
            path, 1, missing[0], f"missing column; a review file has: {', '.join(REVIEW_COLUMNS)}"
        )
    rows, problems = [], []
    for rec in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in rec.values() if isinstance(v, str)):
            continue
        accept = ACCEPT_WORDS.get((rec.get("accept") or "").strip().lower())
        if accept is None:
            problems.append(Problem(str(path), line, "accept", f"{rec.get('accept')!r}: write yes or no"))
            continue
        table = (rec.get("table") or "").strip()
        if table not in TABLES:
            problems.append(
                Problem(str(path), line, "table", f"unknown table {table!r}; known: {', '.join(TABLES)}")
            )
            continue
        try:
            fields = parse_fields(rec.get("fields") or "")
        except (ValueError, json.JSONDecodeError) as exc:
            problems.append(Problem(str(path), line, "fields", str(exc)))
            continue
        unknown = [k for k in fields if k not in TABLES[table].column_names]
        if unknown:
            problems.append(
                Problem(
                    str(path),
                    line,
                    "fields",
                    f"{unknown[0]!r} is not a column of {table}.csv; "
                    f"it has: {', '.join(TABLES[table].column_names)}",
                )
            )
            continue
        try:
            confidence = float(rec.get("confidence") or 0)
        except ValueError:
            problems.append(
                Problem(str(path), line, "confidence", f"not a number: {rec.get('confidence')!r}")
            )
            continue
        rows.append(
            ReviewRow(
                table=table,
                id=(rec.get("id") or "").strip(),
                label_id=(rec.get("label_id") or "").strip(),
                label_en=(rec.get("label_en") or "").strip(),
                alt_labels=tuple(split_multi(rec.get("alt_labels") or "")),
                fields=fields,
                source=(rec.get("source") or "").strip(),
                is_new=(rec.get("is_new") or "yes").strip().lower() not in ("no", "n", "tidak", "false", "0"),
                confidence=confidence,
                sentence=rec.get("sentence") or "",
                note=(rec.get("note") or "").strip(),
                accept=accept,
                line=line,
            )
        )
    if problems:
        raise LoadError(problems)
    return rows
