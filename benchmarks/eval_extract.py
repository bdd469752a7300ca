"""Precision and recall of `mitra extract` on the seed article and on the synthetic test corpus.

Run: .venv/bin/python benchmarks/eval_extract.py [--data DIR] [--verbose]

The seed article is scored against the rows of data/ whose source includes ``seed-2023-09-28`` (those facts are
in the gazetteer, so this measures matching, not discovery). Each text of tests/extract_corpus/ (synthetic,
written for this test set) is scored against its hand-made ``*.expected.csv``; their facts are not in data/.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import paths  # noqa: E402
from graph.extract import ArticleInfo, extract_article, load_gazetteer, read_review  # noqa: E402
from graph.extract.score import read_corpus_text, rows_from_data, score_rows  # noqa: E402

SEED = Path("/work/shared/seeds/jakarta-international-cooperation-2023-09-28.txt")
SEED_ID = "seed-2023-09-28"
CORPUS = ROOT / "tests" / "extract_corpus"


def corpus_scores(gz, corpus: Path = CORPUS) -> list[tuple[str, object]]:
    """Score every ``*.txt`` of the corpus against its ``*.expected.csv``."""
    out = []
    for txt in sorted(corpus.glob("*.txt")):
        text, header = read_corpus_text(txt)
        date = datetime.date.fromisoformat(header["date"]) if header.get("date") else None
        info = ArticleInfo(url=header.get("source-url", ""), publisher=header.get("publisher", ""), date=date)
        rows = extract_article(text, gz, info=info)
        out.append((txt.stem, score_rows(rows, read_review(txt.with_suffix(".expected.csv")))))
    return out


def _line(name: str, s) -> str:
    ep, er = s.entity_pr
    rp, rr = s.relation_pr
    return (
        f"{name:<24} entities P {ep:.2f} R {er:.2f} ({s.entities[0]}/{s.entities[2]})   "
        f"relations P {rp:.2f} R {rr:.2f} ({s.relations[0]}/{s.relations[2]})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=paths.DATA_DIR)
    ap.add_argument("--verbose", action="store_true", help="List the facts missed and the extra ones.")
    args = ap.parse_args()
    gz = load_gazetteer(args.data)
    results = []
    if SEED.exists():
        rows = extract_article(
            SEED.read_text(encoding="utf-8"),
            gz,
            info=ArticleInfo(source_id=SEED_ID, date=datetime.date(2023, 9, 28)),
        )
        results.append(("seed (in data/)", score_rows(rows, rows_from_data(args.data, SEED_ID))))
    corpus = corpus_scores(gz)
    results.extend(corpus)
    for name, s in results:
        print(_line(name, s))
        if args.verbose:
            for m in s.missed:
                print(f"    missed: {m}")
            for x in s.extra:
                print(f"    extra:  {x}")
    tot = [sum(s.entities[i] for _, s in corpus) for i in range(3)]
    rel = [sum(s.relations[i] for _, s in corpus) for i in range(3)]
    print(
        f"{'corpus overall':<24} entities P {tot[0] / tot[1]:.2f} R {tot[0] / tot[2]:.2f} ({tot[0]}/{tot[2]})   "
        f"relations P {rel[0] / rel[1]:.2f} R {rel[0] / rel[2]:.2f} ({rel[0]}/{rel[2]})"
    )


if __name__ == "__main__":
    main()
