"""A learned proposer of entity mentions: a linear-chain CRF (python-crfsuite) over the words of a sentence.

The rules of ``discover.py`` read press forms they were written for; on texts none of them was written from they
miss most bodies, people and programs. The tagger is trained on the development golds (each gold row's names
projected onto its text, BIO tags by table; ``benchmarks/train_tagger.py``) and reads what the words look like
around a name: shape, case, affixes, the lexicon's cue words, the gazetteer and what the rules already found. It
only proposes spans; ``discover.py`` decides which become rows (ids, tables, fields, posts stay the rules' work),
and only people do (the bodies, programs and events it proposed were mostly not the golds'; docs/extract.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .context import Doc, lex
from .world import foreign_places

__all__ = ["MODEL", "TAGGED_TABLES", "Span", "Token", "SpanTagger", "bio_labels", "gold_spans", "sentence_features",
           "shipped_tagger", "tokens", "train"]

MODEL = Path(__file__).with_name("tagger.crfsuite")
"""The shipped model (trained on every development part; see ``benchmarks/train_tagger.py``)."""

TAGGED_TABLES = ("regions", "countries", "foreign_governments", "organizations", "programs", "events", "people")
"""The gold tables whose names are tagged (regions and countries too, so the model learns their contexts apart).
Posts were tried as an eighth label (to give a tagged person the post beside the name): the people and bodies it
found fell by more than the posts it gave (leave-one-batch-out on dev5..dev7)."""

TRAIN_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}
"""L-BFGS, fixed: training is deterministic, so the same silver data gives the same model bytes."""

RULE_FEATURES = True
"""Whether the features say what the rules found (their new entities), besides what the gazetteer knew."""

CAPITAL_WORDS_OPAQUE = False
"""Whether a capitalised word's own identity is hidden (only its shape and affixes seen): tried, it found fewer."""

_TOKEN = re.compile(r"\w+(?:['’./&-]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    """A word (or punctuation mark) of a sentence at ``start:end``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Span:
    """A tagged mention: characters ``start:end`` of the sentence, the table it names, the least marginal."""

    start: int
    end: int
    table: str
    confidence: float


def tokens(sentence: str) -> list[Token]:
    """The words of ``sentence`` with their offsets (``H.E.`` and ``Rp2,5`` split only at what ends a word)."""
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


def _shape(word: str) -> str:
    """``Kepala`` → ``Xx``, ``DPRD`` → ``X``, ``2023`` → ``d``, ``e-KTP`` → ``x-X``: letters' case runs collapsed."""
    s = re.sub(r"[A-Z]+", "X", re.sub(r"[a-z]+", "x", re.sub(r"\d+", "d", word)))
    return s[:6]


@cache
def _cue_sets() -> dict[str, frozenset[str]]:
    """Words of the lexicon's cue lists, by what they announce (a post, an institution, an event, a program…)."""
    lx = lex()

    def words(*keys: str) -> frozenset[str]:
        out: set[str] = set()
        for k in keys:
            for item in lx[k]:
                out.update(w.lower() for w in str(item).split())
        return frozenset(out)

    gov = {w for k in (*lx["government_types"], *lx["region_types"]) if not k.startswith("_") for w in k.split()}
    sets = {
        "post": words("post_heads"),
        "honor": frozenset(h.lower().rstrip(".") for h in lx["honorifics"]),
        "inst": words("foreign_institution_words", "company_words", "unit_heads", "national_agency_heads"),
        "event": words("event_heads", "event_name_heads", "event_name_tails"),
        "program": words("program_words", "program_heads", "program_name_tails"),
        "gov": frozenset(gov),
        "stop": frozenset(w.lower() for w in lx["stopwords"]["words"]),
    }
    return {**sets, "all": frozenset().union(*sets.values())}


def _word_features(word: str) -> dict[str, str]:
    """What one word looks like, and which cue lists hold it."""
    low = word.lower()
    out = {"sh": _shape(word), "p3": low[:3], "s3": low[-3:], "s2": low[-2:]}
    if not CAPITAL_WORDS_OPAQUE or not word[:1].isupper() or low in _cue_sets()["all"]:
        out["w"] = low
    if word[:1].isupper():
        out["cap"] = "1"
    for name, words in _cue_sets().items():
        if low in words:
            out[name] = "1"
    return out


def _covers(doc: Doc, sentence: str, toks: list[Token]) -> list[dict[str, str]]:
    """Per token: the table of the gazetteer name covering it, whether the rules proposed that entity, and
    whether the word is a foreign place of the world gazetteer."""
    out: list[dict[str, str]] = [{} for _ in toks]
    for m in doc.mentions(sentence):
        if not RULE_FEATURES and not m.entity.known:
            continue
        for i, t in enumerate(toks):
            if m.start <= t.start and t.end <= m.end:
                pos = "B" if t.start == m.start else "I"
                out[i]["gz"] = f"{pos}-{m.entity.table}"
                if (m.entity.table, m.entity.id) in doc.rows:
                    out[i]["row"] = m.entity.table
                if not m.entity.known:
                    out[i]["new"] = "1"
    for i, t in enumerate(toks):
        if t.text[:1].isupper() and len(t.text) > 2 and foreign_places(t.text):
            out[i]["world"] = "1"
    return out


def sentence_features(doc: Doc, sentence: str, toks: list[Token]) -> list[list[str]]:
    """The CRF's features of each token: its own, two words either side, and the gazetteer's coverage."""
    base = [_word_features(t.text) for t in toks]
    cover = _covers(doc, sentence, toks)
    out: list[list[str]] = []
    n = len(toks)
    for i in range(n):
        f = ["bias", *(f"{k}={v}" for k, v in base[i].items()), *(f"{k}={v}" for k, v in cover[i].items())]
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        for d in (-2, -1, 1, 2):
            j = i + d
            if not 0 <= j < n:
                continue
            keep = ("w", "cap", "post", "honor", "inst", "event", "program", "gov", "stop") if abs(d) == 1 else (
                "w", "cap", "post", "inst")
            f.extend(f"{d}:{k}={v}" for k, v in base[j].items() if k in keep)
            f.extend(f"{d}:{k}={v}" for k, v in cover[j].items() if k in ("gz", "row"))
        if i > 0:
            f.append(f"-1|0={_w(base[i - 1])}|{_w(base[i])}")
        if i < n - 1:
            f.append(f"0|1={_w(base[i])}|{_w(base[i + 1])}")
        out.append(f)
    return out


def gold_spans(sentence: str, names: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Where the gold's names (``(name, table)``) occur in ``sentence``, longest first, no overlaps: the silver
    training spans. A one-word name must be written capitalised (``Bima``, not ``bima``)."""
    found: list[tuple[int, int, str]] = []
    for name, table in sorted(names, key=lambda nt: -len(nt[0])):
        words = name.split()
        if not words or len(name) < 2:
            continue
        pat = r"\s+".join(re.escape(w) for w in words)
        for m in re.finditer(rf"(?<![\w-]){pat}(?![\w-])", sentence, flags=re.IGNORECASE):
            if len(words) == 1 and not m.group(0)[:1].isupper():
                continue
            if not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), table))
    return sorted(found)


def bio_labels(toks: list[Token], spans: list[tuple[int, int, str]]) -> list[str]:
    """BIO tags of ``toks`` for ``spans`` (a span not on token boundaries is left out)."""
    labels = ["O"] * len(toks)
    for s, e, table in spans:
        inside = [i for i, t in enumerate(toks) if s <= t.start and t.end <= e]
        if not inside or toks[inside[0]].start != s or toks[inside[-1]].end != e:
            continue
        labels[inside[0]] = f"B-{table}"
        for i in inside[1:]:
            labels[i] = f"I-{table}"
    return labels


def _spans(toks: list[Token], labels: list[str], marginal) -> list[Span]:
    """The spans a tag sequence makes (a stray ``I-`` starts one), each with its least marginal."""
    out: list[Span] = []
    i = 0
    while i < len(labels):
        if labels[i] == "O":
            i += 1
            continue
        table, j = labels[i][2:], i + 1
        while j < len(labels) and labels[j] == f"I-{table}":
            j += 1
        conf = min(marginal(labels[k], k) for k in range(i, j))
        out.append(Span(toks[i].start, toks[j - 1].end, table, conf))
        i = j
    return out


class SpanTagger:
    """A trained CRF model file, read once; :meth:`spans` tags one sentence of an article being read."""

    def __init__(self, model: Path) -> None:
        import pycrfsuite

        self.model = Path(model)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(self.model))

    def spans(self, doc: Doc, sentence: str) -> list[Span]:
        toks = tokens(sentence)
        if not toks:
            return []
        self._tagger.set(sentence_features(doc, sentence, toks))
        labels = self._tagger.tag()
        return _spans(toks, labels, self._tagger.marginal)


@cache
def shipped_tagger() -> SpanTagger | None:
    """The shipped model, or None when it (or python-crfsuite) is not installed: the rules then work alone."""
    try:
        return SpanTagger(MODEL) if MODEL.exists() else None
    except ImportError:
        return None


def train(sequences: list[tuple[list[list[str]], list[str]]], out: Path) -> Path:
    """Train the CRF on ``(features, labels)`` sentences and write it to ``out`` (deterministic)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in sequences:
        trainer.append(xseq, yseq)
    trainer.set_params(TRAIN_PARAMS)
    trainer.train(str(out))
    return Path(out)


def _w(features: dict[str, str]) -> str:
    """A word in a bigram: itself, or its shape when the word's identity is hidden."""
    return features.get("w", features["sh"])
