"""Benchmark: Mitra's projection against rdflib's ``rdflib_to_networkx_multidigraph``, same synthetic graph;
and the build's network stages (projection, layout, page) against a baseline commit (``--stages``).

Run on demand (never in the test suite):
``.venv/bin/python benchmarks/bench_network.py [--triples 100000 1000000]``.
Prints seconds per run (best of ``--repeat``) and the ratio baseline / Mitra measured in the same run, so a
noisy
machine shifts both numbers alike. Synthetic data comes from ``benchmarks/gen_data.py`` when it exists,
otherwise from the small generator below (same shape: regions, partners, agreements, programs, fundings).

``--stages --scales 1 30 --baseline 678c73c --rounds 3``: the shipped data scaled k times
(``scale_data.py``) loaded as the build loads it (without validation; the store's indexes built, as the checks
leave them), then ``whole_network(g).G``, ``.positions`` and ``build_network_html`` timed in a fresh process per
run (CPU s with ``time.process_time``, wall s, the stage's own peak resident MB), this checkout and the
baseline (a ``git worktree``) alternated; each page's sha256 is printed so the two can be compared (#15).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph
from rdflib.namespace import XSD

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.namespaces import MID, MITRA, RDF, RDFS  # noqa: E402
from graph.network.projection import project_network  # noqa: E402


def _own_synthetic(triples: int, *, seed: int = 7) -> Graph:
    """A Mitra-shaped graph of about ``triples`` triples: every entity labelled @id/@en and sourced."""
    import random

    rnd = random.Random(seed)
    g = Graph()
    src = MID["src-0"]
    g.add((src, RDF.type, MITRA.Source))
    n_blocks = max(1, triples // 80)
    countries = [MID[f"country-{i}"] for i in range(60)]
    for c in countries:
        g.add((c, RDF.type, MITRA.Country))
        g.add((c, RDFS.label, Literal(f"Negara {c[-2:]}", lang="id")))

    def entity(iri, cls, name):
        g.add((iri, RDF.type, cls))
        g.add((iri, RDFS.label, Literal(f"{name}", lang="id")))
        g.add((iri, RDFS.label, Literal(f"{name} (en)", lang="en")))
        g.add((iri, MITRA.source, src))

    for b in range(n_blocks):  # ~80 triples per block
        prov, city, foreign = MID[f"prov-{b}"], MID[f"city-{b}"], MID[f"foreign-{b}"]
        entity(prov, MITRA.Province, f"Provinsi {b}")
        entity(city, MITRA.City, f"Kota {b}")
        g.add((city, MITRA.partOf, prov))
        entity(foreign, MITRA.ForeignLocalGovernment, f"Foreign {b}")
        g.add((foreign, MITRA.country, rnd.choice(countries)))
        for a in range(2):
            agr, prog, fund = MID[f"agr-{b}-{a}"], MID[f"prog-{b}-{a}"], MID[f"fund-{b}-{a}"]
            entity(agr, MITRA.KSDPL, f"Kerja sama {b}-{a}")
            g.add((agr, MITRA.party, rnd.choice((prov, city))))
            g.add((agr, MITRA.party, foreign))
            g.add((agr, MITRA.signingDate, Literal(str(1980 + rnd.randrange(44)), datatype=XSD.gYear)))
            g.add((agr, MITRA.status, Literal("active")))
            entity(prog, MITRA.Program, f"Program {b}-{a}")
            g.add((prog, MITRA.resultOf, agr))
            g.add((prog, MITRA.location, prov))
            for who, role in ((foreign, "implementing"), (prov, "beneficiary")):
                part = MID[f"part-{b}-{a}-{role}"]
                g.add((part, RDF.type, MITRA.Participation))
                g.add((part, MITRA.participant, who))
                g.add((part, MITRA.participationIn, prog))
                g.add((part, MITRA.role, MITRA[f"role-{role}"]))
                g.add((part, MITRA.source, src))
            entity(fund, MITRA.Funding, f"Dana {b}-{a}")
            g.add((fund, MITRA.funder, foreign))
            g.add((fund, MITRA.recipient, prov))
            g.add((fund, MITRA.funds, prog))
            g.add((fund, MITRA.amount, Literal(str(rnd.randrange(10**6)), datatype=XSD.decimal)))
            g.add((fund, MITRA.currency, Literal("EUR")))
    return g


def synthetic_graph(triples: int) -> Graph:
    """Synthetic data from benchmarks/gen_data.py when another helper has written it, else our own."""
    gen = Path(__file__).with_name("gen_data.py")
    if gen.exists():
        spec = importlib.util.spec_from_file_location("gen_data", gen)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)  # type: ignore[union-attr]
            for name in ("synthetic_graph", "generate_graph", "make_graph"):
                if hasattr(module, name):
                    return getattr(module, name)(triples)
        except Exception as exc:  # noqa: BLE001 - fall back, but say so
            print(f"gen_data.py unusable ({exc}); using the built-in generator", file=sys.stderr)
    return _own_synthetic(triples)


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


ROOT = Path(__file__).resolve().parent.parent

# One stage run in a fresh interpreter: argv = code checkout, data folder, output folder; prints one JSON line.
_STAGES = r"""
import hashlib, json, sys, time
from pathlib import Path
code, data_dir, out_dir = sys.argv[1:4]
sys.path[:0] = [code, code + "/benchmarks"]
from scale_data import data_inputs
from graph import paths
from graph.build.assemble import derive_provinces
from graph.build.load import load_data, load_ontology
from graph.export.html import build_network_html
from graph.export.whole import whole_network
from graph.rdf import triple_graph, triples_of, union_graph

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024

ont = triple_graph(triples_of(load_ontology(paths.ONTOLOGY)))
data = load_data(data_inputs(Path(data_dir)), ont)
derive_provinces(data.g)
g = union_graph(ont, data.g)
g.store.indexes()
out = {}
network = whole_network(g)
for name, step in (("project", lambda: network.G), ("layout", lambda: network.positions),
                   ("page", lambda: build_network_html(network, Path(out_dir)))):
    open("/proc/self/clear_refs", "w").write("5")  # the stage's own peak (VmHWM) from here
    cpu, wall = time.process_time(), time.perf_counter()
    step()
    out[name] = {"cpu": round(time.process_time() - cpu, 3), "wall": round(time.perf_counter() - wall, 3),
                 "peak_mb": status("VmHWM")}
out["page_sha256"] = hashlib.sha256((Path(out_dir) / "network.html").read_bytes()).hexdigest()
print(json.dumps(out))
"""


def stage_run(code: Path, data_dir: Path, out_dir: Path) -> dict:
    """Projection, layout and page of ``data_dir`` timed in a fresh interpreter on the checkout ``code``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-c", _STAGES, str(code), str(data_dir), str(out_dir)],
                          capture_output=True, text=True, check=True, cwd=code)
    return json.loads(done.stdout.strip().splitlines()[-1])


def stages(scales: list[int], baseline: str, rounds: int) -> None:
    """Print one line per run: scale, round, side, load average, CPU/wall/peak per stage, the page's sha256."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scale_data import scale_data

    with tempfile.TemporaryDirectory(prefix="bench-network-") as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base), baseline], check=True)
        try:
            for k in scales:
                data_dir = Path(tmp) / f"data-{k}x"
                scale_data(k, data_dir)
                for r in range(1, rounds + 1):
                    for side, code in (("baseline", base), ("this", ROOT)):
                        load = Path("/proc/loadavg").read_text().split()[0]
                        run = stage_run(code, data_dir, Path(tmp) / f"out-{side}")
                        cells = "  ".join(f"{s} {run[s]['cpu']:.2f}/{run[s]['wall']:.2f} s {run[s]['peak_mb']} MB"
                                          for s in ("project", "layout", "page"))
                        print(f"{k:>3}x round {r} {side:<8} load {load:>5}  {cells}  {run['page_sha256'][:12]}",
                              flush=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stages", action="store_true", help="time the build's projection, layout and page")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 30], help="with --stages: data scales")
    parser.add_argument("--baseline", default="main", help="with --stages: the commit to alternate with")
    parser.add_argument("--rounds", type=int, default=3, help="with --stages: runs of each side per scale")
    args = parser.parse_args(argv)
    if args.stages:
        stages(args.scales, args.baseline, args.rounds)
        return
    print(
        f"{'triples':>10} {'rdflib s':>10} {'mitra s':>10} {'collapse s':>11} {'ratio':>7} "
        f"{'nodes':>8} {'edges':>8}"
    )
    for n in args.triples:
        g = synthetic_graph(n)
        base = best_of(lambda g=g: rdflib_to_networkx_multidigraph(g), args.repeat)
        ours = best_of(lambda g=g: project_network(g), args.repeat)
        coll = best_of(lambda g=g: project_network(g, collapse=True), args.repeat)
        G = project_network(g)
        print(
            f"{len(g):>10} {base:>10.2f} {ours:>10.2f} {coll:>11.2f} {base / ours:>6.1f}x "
            f"{G.number_of_nodes():>8} {G.number_of_edges():>8}"
        )


if __name__ == "__main__":
    main()
