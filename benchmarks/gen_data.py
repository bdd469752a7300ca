"""Synthetic Mitra data shaped like the real data, at any size, for the SPARQL benchmark.

Rows are made for the CSV tables of ``graph.build.mapping`` (provinces and cities, countries, foreign governments,
institutions, agreements, programs, participations, fundings, events, people, posts, stages, legal
instruments, claims, figures, sources) and turned into triples by ``graph.build.mapping.row_triples``, the same
rule the loader uses, so every triple uses Mitra's terms as real data does. Partners concentrate on a few
provinces (Jakarta first), as in the real data. The output is what ``mitra build`` writes for a query:
``mitra.nq`` (ontology and data named graphs) and ``mitra.nt``. Nothing here is real; it never goes in data/.

    .venv/bin/python benchmarks/gen_data.py --triples 100000 --out /tmp/bench-100k
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

from rdflib.term import Node

from graph import paths
from graph.build.load import known_terms, load_ontology
from graph.build.mapping import TABLES, row_triples
from graph.build.outputs import DATA_GRAPH, ONTOLOGY_GRAPH

__all__ = ["generate", "write_build"]

SECTORS = (
    "environment",
    "waste",
    "air-quality",
    "climate",
    "water",
    "flood",
    "transport",
    "smart-city",
    "governance",
    "tourism",
    "investment",
    "health",
    "education",
    "culture",
    "resilience",
)
GOV_TYPES = ("city", "state", "prefecture", "province", "region", "metropolis", "municipality")
INST_KINDS = (
    "development-agency",
    "multilateral",
    "city-network",
    "foundation",
    "company",
    "ngo",
    "university",
)
ROLES = ("funding", "implementing", "supporting", "beneficiary", "participant")
FUNDING_KINDS = ("grant", "loan", "investment", "in-kind")
CURRENCIES = ("EUR", "JPY", "USD", "KRW", "AUD")
STAGE_NAMES = (
    "prakarsa",
    "penjajakan",
    "pernyataan-kehendak",
    "rencana-kerja-sama",
    "persetujuan-dprd",
    "verifikasi",
    "rancangan-naskah",
)
# Rough triples per unit of scale, measured on the generator itself; used to pick the scale for a target size.
TRIPLES_PER_UNIT = 50.0


def _labels(kind: str, i: int) -> dict[str, str]:
    return {"label_id": f"{kind} {i} (id)", "label_en": f"{kind} {i}"}


def _date(rng: random.Random, lo: int = 1975, hi: int = 2025) -> str:
    year = rng.randint(lo, hi)
    shape = rng.random()
    if shape < 0.4:
        return str(year)
    if shape < 0.6:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _rows(scale: int, rng: random.Random) -> Iterator[tuple[str, dict[str, str]]]:
    """(table name, row) pairs for a collection of size ``scale`` (about 50 triples per unit)."""
    n_sources = max(10, scale // 2)

    def src() -> str:
        return "|".join(f"src-{rng.randrange(n_sources)}" for _ in range(rng.randint(1, 3)))

    for i in range(n_sources):
        yield (
            "sources",
            {
                "id": f"src-{i}",
                **_labels("Source", i),
                "kind": rng.choice(("article", "webpage")),
                "title": f"Title {i}",
                "publisher": f"Publisher {i % 50}",
                "url": f"https://example.org/news/{i}",
                "date": _date(rng, 2000),
            },
        )
    countries = [f"country-{i}" for i in range(60)]
    for i, c in enumerate(countries):
        yield (
            "countries",
            {
                "id": c,
                **_labels("Country", i),
                "iso_alpha2": f"{chr(65 + i // 26)}{chr(65 + i % 26)}",
                "source": src(),
            },
        )
    provinces = [f"province-{i}" for i in range(38)]
    for i, p in enumerate(provinces):
        yield (
            "regions",
            {
                "id": p,
                "type": "province",
                **_labels("Province", i),
                "source": src(),
                "kemendagri_code": f"{11 + i:02d}",
            },
        )
    cities = [f"city-{i}" for i in range(max(5, scale // 10))]
    for i, c in enumerate(cities):
        yield (
            "regions",
            {"id": c, "type": "city", **_labels("City", i), "parent": rng.choice(provinces), "source": src()},
        )
    # Skewed towards the first provinces, as Jakarta dominates the real data.
    weights = [1 / (r + 1) ** 1.2 for r in range(len(provinces))]
    locals_ = provinces + cities
    local_weights = weights + [0.02] * len(cities)

    def local() -> str:
        return rng.choices(locals_, local_weights)[0]

    govs = [f"gov-{i}" for i in range(max(20, int(scale * 0.8)))]
    for i, g in enumerate(govs):
        yield (
            "foreign_governments",
            {
                "id": g,
                **_labels("Foreign city", i),
                "source": src(),
                "government_type": rng.choice(GOV_TYPES),
                "country": rng.choice(countries),
            },
        )
    insts = [f"inst-{i}" for i in range(max(10, int(scale * 0.15)))]
    for i, o in enumerate(insts):
        row = {
            "id": o,
            **_labels("Institution", i),
            "source": src(),
            "type": "foreign-institution",
            "institution_kind": rng.choice(INST_KINDS),
        }
        if rng.random() < 0.7:
            row["country"] = rng.choice(countries)
        yield "organizations", row
    units = [f"unit-{i}" for i in range(max(2, len(insts) // 10))]
    for i, u in enumerate(units):
        yield (
            "organizations",
            {"id": u, **_labels("Unit", i), "source": src(), "type": "unit", "parent": rng.choice(insts)},
        )
    for i, s in enumerate(STAGE_NAMES):
        yield (
            "stages",
            {
                "id": f"stage-{s}",
                **_labels("Stage", i),
                "source": src(),
                "notation": "abcdefg"[i],
                "order": str(i + 1),
            },
        )
    instruments = [f"law-{i}" for i in range(15)]
    for i, law in enumerate(instruments):
        row = {
            "id": law,
            **_labels("Law", i),
            "source": src(),
            "instrument_type": rng.choice(("UU", "PP", "Permendagri")),
            "number": str(i + 1),
            "year": str(2000 + i),
            "regulates": rng.choice(("KSDPL", "KSDLL", "KSDPL|KSDLL")),
        }
        if i:
            row["implements"] = instruments[i - 1]
        yield "legal_instruments", row
    agreements = [f"agr-{i}" for i in range(scale)]
    for i, a in enumerate(agreements):
        foreign = rng.random() < 0.8
        partner = rng.choice(govs) if foreign else rng.choice(insts + units)
        row = {
            "id": a,
            **_labels("Agreement", i),
            "source": src(),
            "kind": "KSDPL" if foreign else "KSDLL",
            "form": rng.choice(("sister-city", "sister-city", "sister-province", "other"))
            if foreign
            else "other",
            "parties": f"{local()}|{partner}",
            "signed": _date(rng) if rng.random() < 0.8 else "",
            "sectors": rng.choice(SECTORS),
        }
        if rng.random() < 0.15:
            row["stage"] = f"stage-{rng.choice(STAGE_NAMES)}"
            row["status"] = "planned"
        if rng.random() < 0.2:
            row["legal_basis"] = rng.choice(instruments)
        yield "agreements", row
    programs = [f"prog-{i}" for i in range(int(scale * 0.7))]
    for i, p in enumerate(programs):
        row = {
            "id": p,
            **_labels("Program", i),
            "source": src(),
            "sectors": rng.choice(SECTORS),
            "location": local(),
            "start": _date(rng, 1990),
        }
        if rng.random() < 0.4:
            row["result_of"] = rng.choice(agreements)
        yield "programs", row
    events = [f"event-{i}" for i in range(max(3, scale // 10))]
    for i, e in enumerate(events):
        yield (
            "events",
            {
                "id": e,
                **_labels("Event", i),
                "source": src(),
                "date": _date(rng, 2000),
                "location": local(),
                "sectors": rng.choice(SECTORS),
            },
        )
    activities = programs + events
    actors = govs + insts + units + countries
    for i in range(int(scale * 2.2)):
        activity = rng.choice(activities)
        who = local() if i % 3 == 0 else rng.choice(actors)
        yield (
            "participations",
            {
                "id": f"part-{i}",
                "in": activity,
                "participant": who,
                "role": rng.choice(ROLES),
                "source": src(),
            },
        )
    for i in range(int(scale * 0.5)):
        row = {
            "id": f"fund-{i}",
            **_labels("Funding", i),
            "source": src(),
            "kind": rng.choice(FUNDING_KINDS),
            "funder": rng.choice(insts + countries),
            "program": rng.choice(programs),
        }
        if rng.random() < 0.7:
            row["amount"] = f"{rng.randint(10, 10**6) * 1000}.{rng.randint(0, 99):02d}"
            row["currency"] = rng.choice(CURRENCIES)
            row["date"] = _date(rng, 2000)
        if rng.random() < 0.5:
            row["recipient"] = local()
        yield "fundings", row
    people = [f"person-{i}" for i in range(max(3, scale // 20))]
    for i, person in enumerate(people):
        yield "people", {"id": person, **_labels("Person", i), "source": src()}
        yield (
            "posts",
            {
                "id": f"post-{i}",
                **_labels("Post", i),
                "source": src(),
                "post_in": rng.choice(units + insts),
                "held_by": person,
                "start": _date(rng, 2010),
            },
        )
    for i in range(max(2, scale // 20)):
        about = rng.choice(agreements)
        for j, value in enumerate((_date(rng), _date(rng))):
            yield (
                "claims",
                {
                    "id": f"claim-{i}-{j}",
                    "about": about,
                    "property": "signed",
                    "value": value,
                    "source": src(),
                },
            )
    for i in range(max(2, scale // 20)):
        yield (
            "figures",
            {
                "id": f"figure-{i}",
                **_labels("Figure", i),
                "source": src(),
                "about": local(),
                "measure": rng.choice(("sister-cities", "partners", "programs")),
                "value": str(rng.randint(1, 40)),
                "date": _date(rng, 2000),
            },
        )


def generate(scale: int, *, seed: int = 42) -> Iterator[tuple[Node, Node, Node]]:
    """The data triples of a synthetic collection of ``scale`` agreements (deterministic for a seed)."""
    terms = known_terms(load_ontology(paths.ONTOLOGY))
    rng = random.Random(seed)
    for table, row in _rows(scale, rng):
        for _, triple in row_triples(TABLES[table], row, terms):
            yield triple


def write_build(target_triples: int, out_dir: Path, *, seed: int = 42) -> int:
    """Write ``mitra.nq`` and ``mitra.nt`` for about ``target_triples`` data triples; return the count."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ont = load_ontology(paths.ONTOLOGY)
    scale = max(20, round(target_triples / TRIPLES_PER_UNIT))
    data = set(generate(scale, seed=seed))
    n = 0
    with (
        (out_dir / "mitra.nq").open("w", encoding="utf-8") as nq,
        (out_dir / "mitra.nt").open("w", encoding="utf-8") as nt,
    ):
        for graph_iri, triples in ((ONTOLOGY_GRAPH, set(ont)), (DATA_GRAPH, data)):
            for s, p, o in sorted(triples):
                line = f"{s.n3()} {p.n3()} {o.n3()}"
                nq.write(f"{line} {graph_iri.n3()} .\n")
                nt.write(f"{line} .\n")
                n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000, help="about this many data triples")
    parser.add_argument("--out", type=Path, required=True, help="folder for mitra.nq and mitra.nt")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    n = write_build(args.triples, args.out, seed=args.seed)
    print(f"wrote {n} triples to {args.out}/mitra.nq and mitra.nt")


if __name__ == "__main__":
    main()
