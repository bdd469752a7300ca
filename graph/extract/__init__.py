"""``mitra extract``: read an Indonesian (or English) press release and propose facts for data/, for review.

Rule-based and gazetteer-driven: names come from the built graph's labels and aliases and from ``lexicon.json``;
a small CRF model (``tagger.crfsuite``, read offline) adds the people the rules miss; no network. The pipeline is
:func:`extract_article` (text → review rows), :func:`write_review`, and :func:`merge_review` (accepted rows →
data/, validated first).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from .context import Doc
from .discover import discover, fill_post_bodies, propose_tagged
from .gazetteer import Entity, Gazetteer, build_gazetteer, slug
from .merge import MergeReport, apply_rows, merge_review
from .relate import relate
from .review import REVIEW_COLUMNS, ReviewRow, read_review, review_text, write_review
from .tagger import SpanTagger, shipped_tagger
from .text import check_text, read_article, split_sentences, strip_dateline

__all__ = [
    "ArticleInfo",
    "Gazetteer",
    "MergeReport",
    "Proposal",
    "REVIEW_COLUMNS",
    "ReviewRow",
    "apply_rows",
    "build_gazetteer",
    "extract_article",
    "extract_file",
    "load_gazetteer",
    "merge_review",
    "propose_review",
    "read_review",
    "read_with_rules",
    "review_text",
    "write_review",
]


@dataclass(frozen=True)
class ArticleInfo:
    """What is known about the article besides its text: it becomes the row of sources.csv."""

    source_id: str = ""
    url: str = ""
    date: datetime.date | None = None
    publisher: str = ""
    title: str = ""
    """The headline, when known (a corpus header's ``# title:``): the source's title instead of the first line."""


def load_gazetteer(data: list[Path] | Path = paths.DATA_DIR, *, ontology: Path = paths.ONTOLOGY) -> Gazetteer:
    """The gazetteer of the data in ``data`` (loaded, not SHACL-validated: only names and relations are read)."""
    from ..build.load import load_data, load_ontology

    return build_gazetteer(load_data(data, load_ontology(ontology)).g)


def _source_row(doc: Doc, text: str, info: ArticleInfo) -> str:
    gz = doc.gz
    known = gz.sources_by_url.get(info.url) if info.url else None
    if known is None and info.source_id and info.source_id in gz.entities:
        known = info.source_id
    if known is not None:
        return known
    date = info.date.isoformat() if info.date else ""
    first = info.title.strip() or _first_words(text.strip().splitlines()[0], 110)
    ident = info.source_id or gz.new_id(
        "-".join(p for p in (slug(info.publisher) if info.publisher else "article", date) if p)
    )
    fields = {"kind": "article", "url": info.url, "publisher": info.publisher, "date": date, "title": first}
    who = f" {info.publisher}" if info.publisher else ""
    gz.entities[ident] = Entity(
        ident,
        "sources",
        f"Berita{who} {date}: {first}".strip(),
        f"News item{who} {date}: {first}".strip(),
        fields=fields,
        known=False,
    )
    doc.propose(
        gz.entities[ident],
        sentence="",
        confidence=1.0,
        note="label_en repeats the Indonesian headline; translate if needed",
    )
    return ident


def _first_words(line: str, limit: int) -> str:
    """``line`` cut at a word boundary before ``limit`` characters (never mid-word)."""
    line = re.sub(r"\s+", " ", line).strip()
    if len(line) <= limit:
        return line.rstrip(" ,.")
    return line[:limit].rsplit(" ", 1)[0].rstrip(" ,.") + "…"


def extract_article(
    text: str, gz: Gazetteer, *, info: ArticleInfo = ArticleInfo(), tagger: SpanTagger | bool = True
) -> list[ReviewRow]:
    """Propose review rows for ``text`` against the gazetteer ``gz``; the article is every row's source. The
    tagger (``True``: the shipped model, when python-crfsuite is installed; or a :class:`SpanTagger`; ``False``:
    the rules alone) proposes the people no rule names, before the relations are read.

    Raises ``LoadError`` for text that is empty, too long or not Indonesian/English.

    Example:
        >>> from rdflib import Graph
        >>> gz = build_gazetteer(Graph())
        >>> rows = extract_article("Pemerintah Kota Surabaya menjalin kerja sama sister city dengan "
        ...     "Pemerintah Kota Kitakyushu, Jepang, pada Senin (4/3).", gz,
        ...     info=ArticleInfo(date=datetime.date(2024, 3, 6)))
        >>> sorted(r.id for r in rows if r.table == "foreign_governments")
        ['kitakyushu']
    """
    doc, sentences = read_with_rules(text, gz, info=info)
    model = shipped_tagger() if tagger is True else tagger or None
    if model is not None:
        propose_tagged(doc, sentences, model)
    relate(doc, sentences)
    fill_post_bodies(doc)
    return list(doc.rows.values())


def read_with_rules(text: str, gz: Gazetteer, *, info: ArticleInfo = ArticleInfo()) -> tuple[Doc, list[str]]:
    """The article read by the discovery rules (its source row and entity rows, no relations yet) and its
    sentences: what the tagger sees, at run time and when it is trained."""
    check_text(text)
    doc = Doc.start(gz, source="", published=info.date)
    doc.title = info.title.strip()
    doc.source = _source_row(doc, text, info)
    sentences = split_sentences(strip_dateline(text))
    discover(doc, sentences)
    return doc, sentences


def extract_file(
    article: Path,
    *,
    data: list[Path] | Path = paths.DATA_DIR,
    info: ArticleInfo = ArticleInfo(),
    ontology: Path = paths.ONTOLOGY,
) -> list[ReviewRow]:
    """Read ``article`` (refusing binary or non-UTF-8 files) and extract against the graph of ``data``."""
    text = read_article(Path(article))
    return extract_article(text, load_gazetteer(data, ontology=ontology), info=info)


@dataclass(frozen=True)
class Proposal:
    """The review rows proposed for one article, and the review CSV they make (``text``)."""

    rows: tuple[ReviewRow, ...]
    text: str


def propose_review(
    article: Path,
    *,
    data: list[Path] | Path = paths.DATA_DIR,
    info: ArticleInfo = ArticleInfo(),
    ontology: Path = paths.ONTOLOGY,
    output: Path | None = None,
) -> Proposal:
    """``mitra extract ARTICLE``: extract (see :func:`extract_file`) and write the review CSV to ``output``
    atomically when given."""
    rows = extract_file(article, data=data, info=info, ontology=ontology)
    if output is not None:
        write_review(rows, output)
    return Proposal(tuple(rows), review_text(rows))

