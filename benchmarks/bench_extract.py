"""Precision and recall of `mitra extract` on the real corpus (tests/extract_real/), dev and test parts apart.

Run: .venv/bin/python benchmarks/bench_extract.py [--regions PATH] [--part dev dev2 test|both|all] [--verbose]
     .venv/bin/python benchmarks/bench_extract.py --speed [N]   (extraction time of N dev texts, two ways)

The gazetteer is built from regions, countries and stages ONLY (issue #11: the curated data must not be what makes
extraction work): a temporary data folder holds ``regions.csv`` (``--regions``, e.g. the 514 regencies and cities of
the national branch), ``countries.csv`` and ``stages.csv`` of ``--data``, and the ``sources.csv`` rows they cite.
Each text is scored against its frozen ``*.expected.csv`` by ``graph/extract/score.py``. Tune on dev and dev2 only
(dev2: the second development batch in tests/extract_real/dev2/, its own manifest); the test part is measured to
report (tests/extract_real/SPLIT.md).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import paths  # noqa: E402
from graph.build.mapping import split_multi  # noqa: E402
from graph.extract import ArticleInfo, extract_article, load_gazetteer, read_review  # noqa: E402
from graph.extract.score import Scores, read_corpus_text, score_rows  # noqa: E402

REAL = ROOT / "tests" / "extract_real"
FROZEN = ("dev", "test")  # the parts of split.json


def extra_parts(corpus: Path = REAL) -> tuple[str, ...]:
    """Development batches added after the split, each a folder with its own ``manifest.json`` (dev2, dev3…)."""
    return tuple(sorted(p.parent.name for p in corpus.glob("*/manifest.json")))


PARTS = ("dev", *extra_parts(), "test")
REGION_TYPES = ("province", "regency", "city")


@dataclass(frozen=True)
class PartScores:
    """Per-text scores of one part and their sums (micro-averaged precision and recall)."""

    texts: tuple[tuple[str, Scores], ...]

    def _sum(self, attr: str) -> tuple[int, int, int]:
        return tuple(sum(getattr(s, attr)[i] for _, s in self.texts) for i in range(3))  # type: ignore[return-value]

    @property
    def entities(self) -> tuple[int, int, int]:
        return self._sum("entities")

    @property
    def relations(self) -> tuple[int, int, int]:
        return self._sum("relations")

    @property
    def posts_with_body(self) -> tuple[int, int, int]:
        return self._sum("posts_with_body")

    @property
    def entity_pr(self) -> tuple[float, float]:
        return Scores._pr(self.entities)

    @property
    def relation_pr(self) -> tuple[float, float]:
        return Scores._pr(self.relations)


def split(corpus: Path = REAL) -> dict[str, list[str]]:
    """The frozen split: ``{"dev": [slug…], "test": [slug…]}``."""
    return json.loads((corpus / "split.json").read_text(encoding="utf-8"))


def part_texts(part: str) -> tuple[Path, list[str]]:
    """Where a part's texts are and their slugs: ``dev``/``test`` from the frozen split, a later batch (``dev2``…)
    from its folder's own manifest (a separate folder, so the frozen split and its checksums stay as they were)."""
    if part not in FROZEN:
        folder = REAL / part
        return folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8"))[part]
    return REAL, split()[part]


def _keep_rows(text: str, keep) -> str:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=reader.fieldnames, lineterminator="\n")
    w.writeheader()
    w.writerows(rec for rec in reader if keep(rec))
    return buf.getvalue()


def _cited_sources(files: list[Path]) -> set[str]:
    cited: set[str] = set()
    for f in files:
        for rec in csv.DictReader(io.StringIO(f.read_text(encoding="utf-8-sig"), newline="")):
            cited.update(split_multi(rec.get("source") or ""))
    return cited


def write_gazetteer_data(out: Path, *, regions: Path, data: Path = paths.DATA_DIR) -> Path:
    """Fill ``out`` with regions.csv (from ``regions``), countries.csv and stages.csv (from ``data``) and the
    rows of sources.csv they cite (looked up in ``data`` and beside ``regions``); returns ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    files = {"regions": Path(regions), "countries": Path(data) / "countries.csv", "stages": Path(data) / "stages.csv"}
    for name, src in files.items():
        text = src.read_text(encoding="utf-8-sig")
        if name == "regions":  # a district (kecamatan) row of a later branch is not a table type here yet
            text = _keep_rows(text, lambda rec: rec.get("type") in REGION_TYPES)
        (out / f"{name}.csv").write_text(text, encoding="utf-8")
    cited = _cited_sources([out / f"{n}.csv" for n in files])
    header, rows, seen = None, [], set()
    for src in dict.fromkeys((Path(data) / "sources.csv", Path(regions).with_name("sources.csv"))):
        if not src.exists():
            continue
        reader = csv.DictReader(io.StringIO(src.read_text(encoding="utf-8-sig"), newline=""))
        header = header or reader.fieldnames
        for rec in reader:
            if rec["id"] in cited and rec["id"] not in seen:
                seen.add(rec["id"])
                rows.append({k: rec.get(k, "") for k in header})
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (out / "sources.csv").write_text(buf.getvalue(), encoding="utf-8")
    return out


def info_of(header: dict[str, str]) -> ArticleInfo:
    """The article facts a corpus header gives (URL, publisher, date, title)."""
    date = datetime.date.fromisoformat(header["date"]) if header.get("date") else None
    kwargs = {"url": header.get("source-url", ""), "publisher": header.get("publisher", ""), "date": date}
    if "title" in ArticleInfo.__dataclass_fields__:
        kwargs["title"] = header.get("title", "")
    return ArticleInfo(**kwargs)


def score_text(slug: str, gz, corpus: Path = REAL) -> tuple[Scores, list]:
    """Extract one corpus text and score it against its gold file; returns the scores and the rows."""
    text, header = read_corpus_text(corpus / f"{slug}.txt")
    rows = extract_article(text, gz, info=info_of(header))
    return score_rows(rows, read_review(corpus / f"{slug}.expected.csv")), rows


def score_part(part: str, gz) -> PartScores:
    """Score every text of ``part`` (``dev``, ``dev2`` or ``test``)."""
    corpus, slugs = part_texts(part)
    return PartScores(tuple((slug, score_text(slug, gz, corpus)[0]) for slug in slugs))


def default_regions() -> Path:
    """The regions list of the gazetteer: data/regions.csv (38 provinces, 514 regencies and cities)."""
    return paths.DATA_DIR / "regions.csv"


def real_gazetteer(regions: Path | None = None, data: Path = paths.DATA_DIR):
    """The regions/countries/stages-only gazetteer, built in a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_gazetteer_data(Path(tmp), regions=regions or default_regions(), data=data)
        return load_gazetteer(folder)


def _whole_regex_matcher(doc):
    """The names matcher as it was before #14: every name compiled again after each name an article added."""
    from graph.extract.gazetteer import NameMatcher

    if doc.matcher is None or doc.added:
        doc.matcher = NameMatcher(*doc.gz.pattern_names())
        doc.added = set()
    return doc.matcher


def speed(gz, texts: int) -> dict[str, float]:
    """CPU seconds to extract the first ``texts`` dev texts with the two-layer matcher and with the whole regex
    compiled again per added name (the baseline, same run); the rows must be identical."""
    import time

    from graph.extract.context import Doc

    slugs = split()["dev"][:texts]
    out, rows = {}, {}
    for name in ("two-layer matcher", "whole regex per new name"):
        original = Doc.names_matcher
        if name != "two-layer matcher":
            Doc.names_matcher = _whole_regex_matcher
        try:
            start = time.process_time()
            rows[name] = [score_text(slug, gz)[1] for slug in slugs]
            out[name] = time.process_time() - start
        finally:
            Doc.names_matcher = original
    assert rows["two-layer matcher"] == rows["whole regex per new name"], "the two matchers gave different rows"
    return out


def _line(name: str, ep: tuple, rp: tuple, e: tuple, r: tuple) -> str:
    return (
        f"{name:<36} entities P {ep[0]:.2f} R {ep[1]:.2f} ({e[0]}/{e[1]}/{e[2]})   "
        f"relations P {rp[0]:.2f} R {rp[1]:.2f} ({r[0]}/{r[1]}/{r[2]})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=Path, default=None, help="regions.csv to build the gazetteer from")
    ap.add_argument("--data", type=Path, default=paths.DATA_DIR, help="where countries/stages/sources are")
    ap.add_argument("--part", nargs="+", choices=(*PARTS, "both", "all"), default=["all"],
                    help="parts to score: dev, dev2…, test; both = dev and test; all = every part (default)")
    ap.add_argument("--verbose", action="store_true", help="List the facts missed and the extra ones.")
    ap.add_argument("--speed", type=int, nargs="?", const=6, default=0, metavar="N",
                    help="Time extraction of N dev texts with the names matcher and with the old whole regex.")
    args = ap.parse_args()
    gz = real_gazetteer(args.regions, args.data)
    if args.speed:
        from graph.extract.world import world_index

        world_index()  # built once per process: not part of either timing
        times = speed(gz, args.speed)
        base = times["whole regex per new name"]
        for name, t in times.items():
            print(f"{name:<28} {t:7.2f} s CPU   {base / t:5.1f}x")
        return
    print("counts are (matched/proposed/gold)")
    wanted = {"both": ("dev", "test"), "all": PARTS}
    parts = dict.fromkeys(p for name in args.part for p in wanted.get(name, (name,)))
    for part in parts:
        ps = score_part(part, gz)
        print(f"== {part} ({len(ps.texts)} texts)")
        for slug, s in ps.texts:
            print(_line(slug, s.entity_pr, s.relation_pr, s.entities, s.relations))
            if args.verbose:
                for m in s.missed:
                    print(f"    missed: {m}")
                for x in s.extra:
                    print(f"    extra:  {x}")
        print(_line(f"{part} overall", ps.entity_pr, ps.relation_pr, ps.entities, ps.relations))
        pb = ps.posts_with_body
        bp, br = Scores._pr(pb)
        print(f"{part + ' posts with their body':<36} P {bp:.2f} R {br:.2f} "
              f"({pb[0]}/{pb[1]}/{pb[2]}; the relations above count a post by its holder alone)")


if __name__ == "__main__":
    main()
