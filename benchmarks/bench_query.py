"""Time loading and every named query on the embedded store, plain rdflib and raw pyoxigraph, in one run.

Goal (issue): the embedded engine (``graph.sparql.query`` over a pyoxigraph store, results converted to rows) is at
least 10x faster than plain rdflib (geometric mean over the named queries), within 1.3x of raw pyoxigraph,
and every named query runs in under a second at 1M triples. Ratios are measured in the same run on the same
synthetic data (``benchmarks/gen_data.py``), so a noisy machine affects all three alike. On demand only:

    .venv/bin/python benchmarks/bench_query.py --sizes 10000 100000 [1000000] [--rdflib-timeout 60]

* embedded: ``graph.sparql.query.open_engine("oxigraph")`` then ``run_query(named, engine=...)`` (syntax check,
  parameters, conversion of every value to ``Term`` rows included).
* raw pyoxigraph: ``Store.load`` then ``Store.query`` on the same text, reading every value of every row.
* plain rdflib: ``Graph().parse(nt)`` and the query prepared once (style.md G10), reading every value.
  A query that runs past ``--rdflib-timeout`` is stopped and counted at the timeout (so the ratio is a
  lower bound, marked ``≥``).
"""

from __future__ import annotations

import argparse
import math
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.gen_data import write_build  # noqa: E402
from graph.namespaces import MID, PREFIXES  # noqa: E402
from graph.sparql import query as q  # noqa: E402

# Queries with a required parameter get a value that exists in the synthetic data.
PARAMS = {"entity-sources": {"entity": str(MID["agr-0"])}}


def _best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


class _TimeoutError(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - signal handler
    raise _TimeoutError


def _raw_ox(store, text: str) -> int:
    n = 0
    for sol in store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True):
        for t in sol:
            if t is not None:
                t.value  # noqa: B018 - reading the value is the work being measured
        n += 1
    return n


def _raw_rdflib(g, prepared) -> int:
    n = 0
    for row in g.query(prepared):
        for t in row:
            if t is not None:
                str(t)
        n += 1
    return n


def bench_size(triples: int, *, repeat: int, rdflib_timeout: float, work: Path, skip_rdflib: bool) -> dict:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.plugins.sparql import prepareQuery

    out = work / f"bench-{triples}"
    if not (out / "mitra.nq").is_file():
        write_build(triples, out)
    total = sum(1 for _ in (out / "mitra.nq").open(encoding="utf-8"))
    named = q.load_queries()
    loads = {}
    loads["embedded"], emb = _best(lambda: q.open_engine("oxigraph", out_dir=out), 1)

    def load_raw():
        store = ox.Store()
        store.load(path=str(out / "mitra.nq"), format=ox.RdfFormat.N_QUADS)
        return store

    loads["raw"], raw = _best(load_raw, 1)
    g = None
    if not skip_rdflib:
        loads["rdflib"], g = _best(lambda: Graph().parse(str(out / "mitra.nt"), format="nt"), 1)
    rows = []
    for name, nq in named.items():
        params = PARAMS.get(name)
        text = q.apply_params(nq.text, {k: q.parse_param(f"<{v}>", "iri") for k, v in (params or {}).items()})
        t_emb, t_raw = [], []
        n_emb = n_raw = 0
        for _ in range(repeat):  # interleaved, so noise hits both alike
            t0 = time.perf_counter()
            n_emb = len(q.run_query(nq, engine=emb, params=params).bindings)
            t_emb.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            n_raw = _raw_ox(raw, text)
            t_raw.append(time.perf_counter() - t0)
        assert n_emb == n_raw, f"{name}: embedded {n_emb} rows, raw {n_raw}"
        t_rd, timed_out = None, False
        if g is not None:
            prepared = prepareQuery(text, initNs=PREFIXES)
            signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, rdflib_timeout)
            t0 = time.perf_counter()
            try:
                n_rd = _raw_rdflib(g, prepared)
                t_rd = time.perf_counter() - t0
                assert n_rd == n_emb, f"{name}: rdflib {n_rd} rows, embedded {n_emb}"
            except _TimeoutError:
                t_rd, timed_out = rdflib_timeout, True
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        rows.append(
            {
                "query": name,
                "rows": n_emb,
                "embedded": min(t_emb),
                "raw": min(t_raw),
                "rdflib": t_rd,
                "timeout": timed_out,
            }
        )
    return {"triples": total, "loads": loads, "queries": rows}


def _ms(t: float | None) -> str:
    return "–" if t is None else f"{t * 1000:.1f}"


def _geomean(values: list[float]) -> float:
    return math.exp(statistics.fmean(math.log(v) for v in values))


def report(result: dict) -> str:
    """A Markdown table for README's Benchmarks section."""
    floor = 1e-5  # 10 µs: keeps ratios of near-instant queries meaningful
    lines = [
        f"**{result['triples']:,} triples** (times in ms, best of the runs)",
        "",
        "| query | rows | embedded | raw pyoxigraph | plain rdflib | rdflib / embedded | embedded / raw |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    speedups, overheads = [], []
    any_timeout = False
    for r in result["queries"]:
        emb, raw, rd = max(r["embedded"], floor), max(r["raw"], floor), r["rdflib"]
        overheads.append(emb / raw)
        ratio = "–"
        if rd is not None:
            speedups.append(max(rd, floor) / emb)
            ratio = ("≥" if r["timeout"] else "") + f"{max(rd, floor) / emb:.0f}×"
            any_timeout |= r["timeout"]
        rd_text = ("≥" if r["timeout"] else "") + _ms(rd)
        lines.append(
            f"| {r['query']} | {r['rows']} | {_ms(r['embedded'])} | {_ms(r['raw'])} | {rd_text} | "
            f"{ratio} | {emb / raw:.2f} |"
        )
    loads = result["loads"]
    load_ratio = "–" if "rdflib" not in loads else f"{loads['rdflib'] / loads['embedded']:.0f}×"
    lines.append(
        f"| *load* | | {_ms(loads['embedded'])} | {_ms(loads['raw'])} | {_ms(loads.get('rdflib'))} | "
        f"{load_ratio} | {loads['embedded'] / loads['raw']:.2f} |"
    )
    gm_speed = f"{'≥' if any_timeout else ''}{_geomean(speedups):.0f}×" if speedups else "–"
    lines.append(f"| **geometric mean** | | | | | **{gm_speed}** | **{_geomean(overheads):.2f}** |")
    slowest = max(result["queries"], key=lambda r: r["embedded"])
    lines += [
        "",
        f"Slowest named query on the embedded store: {slowest['query']} "
        f"({slowest['embedded'] * 1000:.0f} ms).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="data triples")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query on the Oxigraph engines")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds per rdflib query")
    parser.add_argument("--no-rdflib", action="store_true", help="skip plain rdflib (e.g. at 1M triples)")
    parser.add_argument("--work", type=Path, help="folder for the generated data (kept); default: a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mitra-bench-") as tmp:
        work = args.work or Path(tmp)
        for size in args.sizes:
            result = bench_size(
                size,
                repeat=args.repeat,
                rdflib_timeout=args.rdflib_timeout,
                work=work,
                skip_rdflib=args.no_rdflib,
            )
            print(report(result), flush=True)


if __name__ == "__main__":
    main()
