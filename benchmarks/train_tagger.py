"""Train the entity tagger (graph/extract/tagger.py) on the development golds, and judge it leave-one-batch-out.

Run: .venv/bin/python benchmarks/train_tagger.py --out graph/extract/tagger.crfsuite  (all but HELD_OUT)
     .venv/bin/python benchmarks/train_tagger.py --lobo dev7 dev8 dev9 [--threshold 0.5]

Silver training data: each development text read by the rules (``read_with_rules``, as at run time), each gold
row's names (label_id, label_en, alt_labels) found in its sentences and tagged BIO with the row's table. The test
part is never read (tests/extract_real/SPLIT.md): only the parts of ``bench_extract.PARTS`` other than ``test``.
Leave-one-batch-out: train on every development part but one, extract that one with and without the tagger, and
score both with ``graph/extract/score.py``, so the figures say what the tagger does on texts it was not trained on.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.extract import read_review, read_with_rules  # noqa: E402
from graph.extract.score import read_corpus_text  # noqa: E402
from graph.extract.tagger import (  # noqa: E402,E501
    MODEL,
    TAGGED_TABLES,
    SpanTagger,
    bio_labels,
    gold_spans,
    sentence_features,
    tokens,
    train,
)


def _bench():
    """benchmarks/bench_extract.py as a module (the corpus, its parts and the regions-only gazetteer)."""
    if "bench_extract" in sys.modules:
        return sys.modules["bench_extract"]
    spec = importlib.util.spec_from_file_location("bench_extract", ROOT / "benchmarks" / "bench_extract.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_extract"] = mod
    spec.loader.exec_module(mod)
    return mod


HELD_OUT = ("test", "dev10", "dev11", "dev12", "dev13", "dev14", "dev15")
"""Parts the shipped model is never trained on: the frozen test part, and dev10 … dev15, written after the
model was trained (sessions 28-32) and kept unseen so they judge the rules and the tagger together on texts
neither was made from. ``--lobo dev10`` still scores one (trained on every training part)."""


def dev_parts() -> tuple[str, ...]:
    """The development parts the model is trained on (``dev`` and the later batches but ``HELD_OUT``)."""
    return tuple(p for p in _bench().PARTS if p not in HELD_OUT)


def gold_names(rows) -> list[tuple[str, str]]:
    """``(name, table)`` for every name of every gold row of a tagged table."""
    return [
        (name, r.table)
        for r in rows
        if r.table in TAGGED_TABLES
        for name in dict.fromkeys((r.label_id, r.label_en, *r.alt_labels))
        if name
    ]


def text_sequences(slug: str, gz, corpus: Path) -> list[tuple[list[list[str]], list[str]]]:
    """The silver ``(features, labels)`` of each sentence of one development text."""
    bench = _bench()
    text, header = read_corpus_text(corpus / f"{slug}.txt")
    doc, sentences = read_with_rules(text, gz, info=bench.info_of(header))
    names = gold_names(read_review(corpus / f"{slug}.expected.csv"))
    out = []
    for sent in sentences:
        toks = tokens(sent)
        if toks:
            out.append((sentence_features(doc, sent, toks), bio_labels(toks, gold_spans(sent, names))))
    return out


def part_sequences(part: str, gz) -> list[tuple[list[list[str]], list[str]]]:
    """The silver sequences of every text of a development part."""
    if part == "test":
        raise ValueError("the frozen test part is never read for training")
    corpus, slugs = _bench().part_texts(part)
    return [seq for slug in slugs for seq in text_sequences(slug, gz, corpus)]


def score_part(part: str, gz, tagger: SpanTagger | bool):
    """A part's scores (``bench_extract.PartScores``) with the rules alone (``False``) or with ``tagger``."""
    from graph.extract import extract_article
    from graph.extract.score import score_rows

    bench = _bench()
    corpus, slugs = bench.part_texts(part)
    texts = []
    for slug in slugs:
        text, header = read_corpus_text(corpus / f"{slug}.txt")
        rows = extract_article(text, gz, info=bench.info_of(header), tagger=tagger)
        texts.append((slug, score_rows(rows, read_review(corpus / f"{slug}.expected.csv"))))
    return bench.PartScores(tuple(texts))


def _fmt(t: tuple[int, int, int]) -> str:
    hit, got, want = t
    p = hit / got if got else 1.0
    r = hit / want if want else 1.0
    return f"P {p:.2f} R {r:.2f} ({hit}/{got}/{want})"


def lobo(held_out: list[str], gz, threshold: float, verbose: bool) -> None:
    """Print rules alone and rules + tagger (trained without the held-out part) for each held-out part."""
    discover = sys.modules["graph.extract.discover"]

    discover.TAGGER_THRESHOLD = threshold
    seqs = {p: part_sequences(p, gz) for p in dev_parts()}
    total = {"rules": [0] * 6, "tagger": [0] * 6}
    for part in held_out:
        with tempfile.TemporaryDirectory() as tmp:
            model = train([s for p, ss in seqs.items() if p != part for s in ss], Path(tmp) / "m.crfsuite")
            tagger = SpanTagger(model)
            before, after = score_part(part, gz, False), score_part(part, gz, tagger)
        for name, ps in (("rules", before), ("tagger", after)):
            print(f"{part:<5} {name:<7} entities {_fmt(ps.entities)}   relations {_fmt(ps.relations)}", flush=True)
            for i, v in enumerate((*ps.entities, *ps.relations)):
                total[name][i] += v
        if verbose:
            for (slug, b), (_, a) in zip(before.texts, after.texts, strict=True):
                for x in sorted(set(a.extra) - set(b.extra)):
                    print(f"    {slug} new extra: {x}")
                for x in sorted(set(b.missed) - set(a.missed)):
                    print(f"    {slug} now found: {x}")
    for name, t in total.items():
        print(f"all   {name:<7} entities {_fmt(tuple(t[:3]))}   relations {_fmt(tuple(t[3:]))}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None, help=f"train on every dev part, write the model ({MODEL.name})")
    ap.add_argument("--lobo", nargs="+", default=[], help="development parts to hold out, one at a time")
    ap.add_argument("--threshold", type=float, default=0.5, help="least marginal of a span to become a row")
    ap.add_argument("--tables", nargs="+", default=None, help="tables a tagged span may add rows to")
    ap.add_argument("--c1", type=float, default=None, help="L1 penalty instead of the shipped parameters'")
    ap.add_argument("--opaque", action="store_true", help="no word identity for capitalised words")
    ap.add_argument("--no-rule-features", action="store_true", help="features without what the rules found")
    ap.add_argument("--verbose", action="store_true", help="list the facts the tagger adds and finds")
    args = ap.parse_args()
    if "test" in args.lobo:
        ap.error("the frozen test part is never held out here (tests/extract_real/SPLIT.md)")
    gz = _bench().real_gazetteer()
    if args.tables:
        sys.modules["graph.extract.discover"].TAGGED_NEW_TABLES = tuple(args.tables)
    if args.c1 is not None:
        sys.modules["graph.extract.tagger"].TRAIN_PARAMS["c1"] = args.c1
    if args.opaque:
        sys.modules["graph.extract.tagger"].CAPITAL_WORDS_OPAQUE = True
    if args.no_rule_features:
        import graph.extract.tagger as tagger

        tagger.RULE_FEATURES = False
    if args.lobo:
        lobo(args.lobo, gz, args.threshold, args.verbose)
    if args.out:
        train([s for p in dev_parts() for s in part_sequences(p, gz)], args.out)
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
