"""Precision and recall of extracted rows against expected rows, as facts rather than ids.

Entities are aligned first (same table, and the same id or a shared name), so a new entity the extractor named
``kitakyushu`` counts for the expected ``kota-kitakyushu``; relations are then compared by their content
(agreement parties and form, participation role, funder and program, figure value…) through that alignment.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..build.mapping import TABLES, split_multi
from .gazetteer import NAMED_TABLES, normalize
from .review import ReviewRow

__all__ = [
    "ENTITY_TABLES",
    "RELATION_TABLES",
    "Scores",
    "fact_keys",
    "score_rows",
    "rows_from_data",
    "read_corpus_text",
]

ENTITY_TABLES = (*NAMED_TABLES, "legal_instruments")
RELATION_TABLES = ("agreements", "participations", "fundings", "figures", "posts", "programs.result_of")


@dataclass(frozen=True)
class Scores:
    """Matched, extracted and expected fact counts for entities and relations, and the facts missed or extra."""

    entities: tuple[int, int, int]
    relations: tuple[int, int, int]
    missed: tuple[str, ...]
    extra: tuple[str, ...]
    posts_with_body: tuple[int, int, int] = (0, 0, 0)
    """Posts as (holder, body or region held in) pairs: ``relations`` counts a post by its holder alone, so a post
    given to the right person in the wrong body (or none) counts there and not here."""

    @staticmethod
    def _pr(t: tuple[int, int, int]) -> tuple[float, float]:
        hit, got, want = t
        return (hit / got if got else 1.0, hit / want if want else 1.0)

    @property
    def entity_pr(self) -> tuple[float, float]:
        return self._pr(self.entities)

    @property
    def relation_pr(self) -> tuple[float, float]:
        return self._pr(self.relations)


def _names(r: ReviewRow) -> set[str]:
    return {normalize(n) for n in (r.label_id, r.label_en, *r.alt_labels) if n}


def _parties(r: ReviewRow, ids: dict[str, str]) -> frozenset:
    return frozenset(ids.get(p, p) for p in split_multi(r.fields.get("parties", "")))


def _align(extracted: list[ReviewRow], expected: list[ReviewRow]) -> dict[str, str]:
    """Extracted id → expected id: entities of one table with the same id or a shared name, then agreements
    with the same parties (so ``result_of`` compares agreements, whatever their ids)."""
    out: dict[str, str] = {}
    for want in expected:
        for got in extracted:
            if (
                got.table == want.table
                and got.id not in out
                and (got.id == want.id or _names(got) & _names(want))
            ):
                out[got.id] = want.id
                break
    for want in (r for r in expected if r.table == "agreements"):
        for got in (r for r in extracted if r.table == "agreements"):
            if _parties(got, out) == _parties(want, {}):
                out[got.id] = want.id
    return out


def fact_keys(rows: list[ReviewRow], ids: dict[str, str] | None = None) -> dict[str, set[tuple]]:
    """Each row as hashable facts, ``{"entities": …, "relations": …}``, with ids mapped through ``ids``."""
    ids = ids or {}

    def m(v: str) -> str:
        return ids.get(v, v)

    ents: set[tuple] = set()
    rels: set[tuple] = set()
    for r in rows:
        f = r.fields
        if r.table in ENTITY_TABLES:
            ents.add((r.table, m(r.id)))
        if r.table == "programs" and f.get("result_of"):
            for a in split_multi(f["result_of"]):
                rels.add(("programs.result_of", m(r.id), m(a)))
        elif r.table == "agreements":
            rels.add((r.table, frozenset(m(p) for p in split_multi(f.get("parties", ""))), f.get("form", "")))
        elif r.table == "participations":
            rels.add((r.table, m(f.get("in", "")), m(f.get("participant", "")), f.get("role", "")))
        elif r.table == "fundings":
            rels.add((r.table, m(f.get("funder", "")), m(f.get("program", "")), f.get("kind", "")))
        elif r.table == "figures":
            rels.add((r.table, m(f.get("about", "")), f.get("value", "")))
        elif r.table == "posts":
            rels.add((r.table, m(f.get("held_by", ""))))
    return {"entities": ents, "relations": rels}


def _fmt(key: tuple) -> str:
    return " ".join("+".join(sorted(k)) if isinstance(k, frozenset) else str(k) for k in key)


def score_rows(extracted: list[ReviewRow], expected: list[ReviewRow]) -> Scores:
    """Compare the accepted ``extracted`` rows with ``expected`` (sources and claims are not scored)."""
    got_rows = [r for r in extracted if r.accepted]
    ids = _align(got_rows, expected)
    got, want = fact_keys(got_rows, ids), fact_keys(expected)
    counts = {k: (len(got[k] & want[k]), len(got[k]), len(want[k])) for k in got}
    missed = sorted(_fmt(k) for part in want for k in want[part] - got[part])
    extra = sorted(_fmt(k) for part in got for k in got[part] - want[part])
    got_posts, want_posts = _post_pairs(got_rows, ids), _post_pairs(expected, {})
    posts = (len(got_posts & want_posts), len(got_posts), len(want_posts))
    return Scores(counts["entities"], counts["relations"], tuple(missed), tuple(extra), posts)


def _post_pairs(rows: list[ReviewRow], ids: dict[str, str]) -> set[tuple[str, str]]:
    """``(held_by, post_in)`` of each post row, ids mapped through ``ids`` (an empty ``post_in`` stays empty)."""
    return {(ids.get(r.fields.get("held_by", ""), r.fields.get("held_by", "")),
             ids.get(r.fields.get("post_in", ""), r.fields.get("post_in", ""))) for r in rows if r.table == "posts"}


def rows_from_data(data_dir: Path, source_id: str) -> list[ReviewRow]:
    """The rows of ``data_dir`` whose ``source`` cell includes ``source_id``, as review rows."""
    out = []
    for table in TABLES.values():
        path = Path(data_dir) / f"{table.name}.csv"
        if not path.exists():
            continue
        for rec in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")):
            if source_id not in split_multi(rec.get("source") or ""):
                continue
            common = {"id", "label_id", "label_en", "alt_labels", "source", "note"}
            out.append(
                ReviewRow(
                    table.name,
                    rec["id"],
                    rec.get("label_id") or "",
                    rec.get("label_en") or "",
                    tuple(split_multi(rec.get("alt_labels") or "")),
                    {k: v for k, v in rec.items() if k not in common and v},
                    source_id,
                    False,
                    1.0,
                    accept=True,
                )
            )
    return out


def read_corpus_text(path: Path) -> tuple[str, dict[str, str]]:
    """A test-corpus text without its ``# key: value`` header, and that header (date, source-url, publisher)."""
    header: dict[str, str] = {}
    body = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and not body:
            key, sep, value = line.lstrip("# ").partition(":")
            if sep and key.strip() in ("date", "source-url", "publisher", "title"):
                header[key.strip()] = value.strip()
            continue
        body.append(line)
    return "\n".join(body).strip() + "\n", header
