"""``mitra extract --merge``: write the rows a planner accepted into data/, only if the result validates."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..build.mapping import SEPARATOR, TABLES, split_multi
from ..errors import LoadError, Problem, ValidationFailed
from ..io import swap_directory, write_text
from ..paths import DEFAULT_PROJECT, Project
from .gazetteer import normalize
from .review import ReviewRow, read_review

__all__ = ["MergeReport", "merge_review", "apply_rows"]


@dataclass(frozen=True)
class MergeReport:
    """What a merge did: rows added and updated per table, rows rejected by the planner, files written."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    rejected: int = 0
    files: tuple[Path, ...] = ()


def _read_table(path: Path, table: str) -> tuple[list[str], list[dict[str, str]]]:
    if not path.exists():
        return list(TABLES[table].column_names), []
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    return list(reader.fieldnames or TABLES[table].column_names), list(reader)


def _table_text(header: list[str], records: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for rec in records:
        w.writerow([rec.get(h, "") or "" for h in header])
    return buf.getvalue()


def _add_multi(cell: str, values: list[str], *, fold: bool = False) -> str:
    items = split_multi(cell)
    seen = {normalize(i) if fold else i for i in items}
    for v in values:
        if v and (normalize(v) if fold else v) not in seen:
            items.append(v)
            seen.add(normalize(v) if fold else v)
    return SEPARATOR.join(items)


def apply_rows(
    rows: list[ReviewRow], data_dir: Path, *, review_path: Path | str = "review.csv"
) -> tuple[dict[str, str], MergeReport]:
    """The new text of every data/ table the accepted ``rows`` change (nothing is written here).

    New rows are appended; an existing row (``is_new=no``) gains the article as a source, the text's names
    as aliases, and any field that was blank. Raises ``LoadError`` for rows that clash with data/.
    """
    tables: dict[str, tuple[list[str], list[dict[str, str]]]] = {}
    problems: list[Problem] = []
    added: dict[str, int] = {}
    updated: dict[str, int] = {}
    for r in rows:
        if not r.accepted:
            continue
        if r.table not in tables:
            tables[r.table] = _read_table(Path(data_dir) / f"{r.table}.csv", r.table)
        header, records = tables[r.table]
        by_id = {rec.get("id", "").strip(): rec for rec in records}
        cells = r.data_row()
        for name in cells:
            if name not in header:
                header.append(name)
        if r.is_new:
            if r.id in by_id:
                problems.append(
                    Problem(
                        str(review_path),
                        r.line,
                        "id",
                        f"{r.id!r} is already in {r.table}.csv; "
                        "set is_new=no to add this source to it, or choose another id",
                    )
                )
                continue
            records.append(cells)
            added[r.table] = added.get(r.table, 0) + 1
            continue
        rec = by_id.get(r.id)
        if rec is None:
            problems.append(
                Problem(
                    str(review_path),
                    r.line,
                    "id",
                    f"{r.id!r} is not in {r.table}.csv; set is_new=yes to add it",
                )
            )
            continue
        if "source" in header and r.source:
            rec["source"] = _add_multi(rec.get("source", ""), [r.source])
        if "alt_labels" in header and r.alt_labels:
            known = [rec.get("label_id", ""), rec.get("label_en", "")]
            new = [a for a in r.alt_labels if normalize(a) not in {normalize(k) for k in known}]
            rec["alt_labels"] = _add_multi(rec.get("alt_labels", ""), new, fold=True)
        for name, value in r.fields.items():
            if not (rec.get(name) or "").strip():
                rec[name] = value
        updated[r.table] = updated.get(r.table, 0) + 1
    if problems:
        raise LoadError(problems)
    texts = {name: _table_text(h, recs) for name, (h, recs) in tables.items()}
    rejected = sum(1 for r in rows if not r.accepted)
    return texts, MergeReport(added=added, updated=updated, rejected=rejected)


def _renamed(exc: Exception, tmp: Path, data_dir: Path) -> Exception:
    def fix(p: str) -> str:
        return str(Path(data_dir) / Path(p).relative_to(tmp)) if p.startswith(str(tmp)) else p

    if isinstance(exc, LoadError):
        return LoadError([replace(p, path=fix(p.path)) for p in exc.problems])
    result = exc.result  # type: ignore[attr-defined]
    violations = tuple(replace(v, path=fix(v.path)) for v in result.violations)
    return ValidationFailed(replace(result, violations=violations))


def _clear_stale_stages(data_dir: Path) -> None:
    """Remove the staging folders of merges that were killed before they could clean up."""
    for stale in data_dir.parent.glob(f".{data_dir.name}.merge-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)


def merge_review(review: Path, project: Project = DEFAULT_PROJECT) -> MergeReport:
    """Merge the accepted rows of ``review`` into the data folder of ``project`` (its one input): validate a
    temp copy first, then replace files.

    Raises ``LoadError`` (bad review row, or the merged data does not load) or ``ValidationFailed`` (the merged
    data does not conform); in both cases nothing in ``data_dir`` is touched. The merged folder replaces
    ``data_dir`` whole (a staging copy beside it, swapped in), never file by file.
    """
    from ..build.assemble import build_graph

    if len(project.inputs) != 1:
        raise ValueError(f"a merge writes into one data folder, not {len(project.inputs)} inputs")
    data_dir = project.inputs[0]
    if not data_dir.is_dir():
        raise LoadError.at(data_dir, None, None, "no such data folder")
    rows = read_review(review)
    texts, report = apply_rows(rows, data_dir, review_path=review)
    changed = sorted(
        name for name, text in texts.items()
        if not (data_dir / f"{name}.csv").exists()
        or (data_dir / f"{name}.csv").read_text(encoding="utf-8-sig") != text
    )
    # data/ changes as one unit (#16): the merged folder is built beside it, validated, and swapped in whole
    # (renameat2 exchange on Linux), so a merge killed at any moment leaves the old data/ or the new one.
    _clear_stale_stages(data_dir)
    stage = Path(tempfile.mkdtemp(prefix=f".{data_dir.name}.merge-", dir=data_dir.parent))
    try:
        new = stage / data_dir.name
        shutil.copytree(data_dir, new)
        for name in changed:
            write_text(new / f"{name}.csv", texts[name])
        try:
            build_graph(replace(project, inputs=(new,)))
        except (LoadError, ValidationFailed) as exc:
            raise _renamed(exc, new, data_dir) from None
        if changed:
            swap_directory(new, data_dir)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    written = [data_dir / f"{name}.csv" for name in changed]
    return replace(report, files=tuple(written))
