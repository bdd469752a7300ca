"""``mitra build`` at 1×, 10×, 30× and 100× the shipped data, stage by stage, with peak memory (issue #15).

Each measurement runs in its own process (so peak RSS is that run's): the build stage by stage on this
checkout, the whole build on the baseline commit (``--baseline``, checked out with ``git worktree``) at 1×,
and pySHACL on the same merged graph as the Rust engine, for the ratio and to check the results are identical.
Goals: 30× within 6× the time of 1× and ≤ 1 GB; 100× ≤ 1.5 GB; 1× faster than the baseline; validation at
100× ≥ 20× faster than pySHACL with identical results. The whole build runs twice per scale, alternated: its own
plan (two cores between ``pipeline.PARALLEL_FROM`` and ``PARALLEL_UP_TO`` triples) and one step after another,
each with the all-process peak (summed PSS and RSS of its process tree) and each scale's wall time over 1×'s.
``--pairs N`` also builds 1× and each other scale in turn N times and reports the pairs' ratios: the host's speed
drifts within a run, and a pair taken close in time shares it.

    .venv/bin/python benchmarks/bench_build.py --scales 1 10 30 100 --baseline d76a1c0
    .venv/bin/python benchmarks/bench_build.py --scales 1 30 --pairs 7
    .venv/bin/python benchmarks/bench_build.py --engines-only /tmp/data-100x --variants shacl pyshacl --json x.json
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale_data import data_inputs, scale_data  # noqa: E402 - benchmarks/ is not a package


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_mb(field: str) -> int | None:
    """``VmRSS`` or ``VmHWM`` of this process in MB (Linux), else ``None``."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset this process's peak resident memory (``VmHWM``; Linux: ``clear_refs``), so each stage's own
    peak can be read; False where that is not possible."""
    try:
        with Path("/proc/self/clear_refs").open("w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


def stages(data_dir: Path, out_dir: Path) -> dict:
    """The build of ``data_dir`` stage by stage (what ``pipeline.build_all`` runs, in its order).

    ``peak_after``: the process's peak resident MB after each stage; ``peak_in``: the peak within each stage
    alone and ``rss_before`` what was resident when it began (Linux), so a stage's own cost is
    ``peak_in - rss_before``. ``cpu``: each stage's user+sys CPU seconds (``time.process_time``), the figure to
    compare against another commit on a shared machine.
    """
    from graph import paths
    from graph.build.assemble import Built, derive_provinces, release_validation_memory
    from graph.build.load import load_data, load_ontology
    from graph.build.outputs import write_outputs
    from graph.build.validate import run_checks, validate_graph
    from graph.export.formats import build_exports
    from graph.export.html import build_network_html
    from graph.export.whole import whole_network
    from graph.rdf import triple_graph, triples_of, union_graph

    t: dict[str, float] = {}
    cpu: dict[str, float] = {}  # user+sys seconds of this process: steadier than wall time on a shared machine
    peak: dict[str, int] = {}
    peak_in: dict[str, int | None] = {}
    rss_before: dict[str, int | None] = {}
    start = clock = time.perf_counter()
    cpu_clock = cpu_start = time.process_time()
    begun = {"rss": _status_mb("VmRSS")}
    _reset_peak()

    def tick(name: str) -> None:
        nonlocal clock, cpu_clock
        now = time.perf_counter()
        t[name] = round(now - clock, 3)
        cpu[name] = round(time.process_time() - cpu_clock, 3)
        peak[name] = round(_peak_mb())
        peak_in[name], rss_before[name] = _status_mb("VmHWM"), begun["rss"]
        begun["rss"] = _status_mb("VmRSS")
        _reset_peak()
        clock, cpu_clock = time.perf_counter(), time.process_time()

    # what build_graph does, in its order
    ont = triple_graph(triples_of(load_ontology(paths.ONTOLOGY)))
    data = load_data(data_inputs(data_dir), ont)
    derive_provinces(data.g)
    g = union_graph(ont, data.g)
    tick("load")
    result = validate_graph(data, shapes=load_ontology(paths.SHAPES), ont=ont, merged=g)
    tick("validate")
    checks = run_checks(g, paths.CHECKS_DIR, data.origins)
    assert result.conforms and not checks, "the scaled data must validate"
    release_validation_memory()  # as build_graph does after validating
    tick("checks")
    built = Built(g=g, data=data, ont=ont, validation=result)
    write_outputs(built, out_dir)
    tick("serialize")
    network = whole_network(g)  # what pipeline.build_network makes: one projection, one layout, shared
    G = network.G
    _ = network.positions
    tick("project")
    build_exports(network, out_dir)  # the pipeline's order: exports, then the page
    tick("exports")
    build_network_html(network, out_dir)
    tick("page")
    t["total"] = round(time.perf_counter() - start, 3)
    cpu["total"] = round(time.process_time() - cpu_start, 3)
    return {"triples": len(g), "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "stages": t,
            "cpu": cpu,
            "peak_mb": round(_peak_mb()), "peak_after": peak, "peak_in": peak_in, "rss_before": rss_before}


def whole_build(data_dir: Path, out_dir: Path, parallel: bool | None = None) -> dict:
    """``pipeline.build_all`` as ``mitra build`` runs it (also works on the baseline checkout); ``parallel`` as
    for ``build_all`` (None: its plan by size; not passed to a baseline that has no such option).

    ``cpu``: user+sys CPU seconds of this process (``cpu_self``: the path the wall time waits on when both
    cores are free) and of the workers it forked and reaped (``cpu_workers``, from ``RUSAGE_CHILDREN``)."""
    from graph.pipeline import build_all

    kwargs = {} if parallel is None else {"parallel": parallel}
    try:
        from graph.paths import Project
    except ImportError:  # a baseline from before the paths travelled as one Project (#14)
        start, cpu0 = time.perf_counter(), time.process_time()
        build_all(data_inputs(data_dir), out_dir=out_dir)
    else:
        start, cpu0 = time.perf_counter(), time.process_time()
        build_all(Project(data_inputs(data_dir), out_dir=out_dir), **kwargs)
    wall, cpu_self = time.perf_counter() - start, time.process_time() - cpu0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"total": round(wall, 3), "cpu_self": round(cpu_self, 3),
            "cpu_workers": round(kids.ru_utime + kids.ru_stime, 3), "peak_mb": round(_peak_mb())}


def _smaps_mb(pid: int) -> tuple[float, float] | None:
    """PSS and RSS of process ``pid`` in MB (Linux ``smaps_rollup``); None once it is gone."""
    pss = rss = 0
    try:
        with Path(f"/proc/{pid}/smaps_rollup").open(encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except (OSError, ValueError):
        return None
    return pss / 1024, rss / 1024


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux ``/proc/<pid>/task/*/children``)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo += [int(c) for c in task.read_text(encoding="ascii").split()]
            except (OSError, ValueError):
                continue
    return out


def sample_tree(proc: subprocess.Popen, every: float = 0.1) -> dict:
    """Wait for ``proc`` while sampling its whole process tree every ``every`` s: the peak of the summed PSS
    (each shared copy-on-write page counted once, split between its sharers: the memory the build takes from
    the machine) and of the summed RSS (shared pages counted in every process: an upper bound).

    Not more often: the kernel walks every page table to answer ``smaps_rollup``, and on two cores both busy
    with the build that walk is taken from the build. Measured at 30x (session 24, alternated): sampled every
    0.02 s the build took 11.8 and 12.2 s, unsampled 9.7 and 11.9 s, every 0.2 s 9.8 and 10.6 s, with the same
    peak within 1 % (551-554 MB against 546-553 MB)."""
    peak_pss = peak_rss = 0.0
    workers = 0
    seen: set[int] = set()
    while proc.poll() is None:
        pss = rss = 0.0
        pids = _descendants(proc.pid)
        seen.update(pids)
        for pid in pids:
            got = _smaps_mb(pid)
            if got is not None:
                pss, rss = pss + got[0], rss + got[1]
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        workers = max(workers, len(pids) - 1)
        time.sleep(every)
    return {"peak_pss_mb": round(peak_pss), "peak_rss_sum_mb": round(peak_rss), "processes_seen": len(seen),
            "most_at_once": workers + 1}


ENGINE_VARIANTS = ("shacl", "shacl-one-call", "pyshacl")
"""What :func:`engines` times: the Rust engine as the build runs it (in chunks of ``CHUNK_SUBJECTS`` focus
subjects above that size), the Rust engine in one call (as before issue #15's partitioning), and pySHACL."""


def engines(data_dir: Path, variants: tuple[str, ...] = ENGINE_VARIANTS, json_path: Path | None = None) -> dict:
    """The SHACL engines on the same merged graph, in one process: seconds each, the process's peak RSS after
    each (the first variant's is its own), and whether every variant's results are identical to the last's.
    ``json_path`` gets the figures after every variant (a 100× pySHACL run takes over an hour)."""
    from graph import paths
    from graph.build.load import load_data, load_ontology
    from graph.build.validate import shacl_report, shacl_results
    from graph.rdf import union_graph

    options = {"shacl": {"engine": "shacl"}, "shacl-one-call": {"engine": "shacl", "chunk_subjects": 10**12},
               "pyshacl": {"engine": "pyshacl"}}
    ont, shapes = load_ontology(paths.ONTOLOGY), load_ontology(paths.SHAPES)
    g = union_graph(ont, load_data(data_inputs(data_dir), ont).g)
    out: dict = {"triples": len(g), "peak_mb_loaded": round(_peak_mb()), "seconds": {}, "peak_mb_after": {}}
    results = {}
    for name in variants:
        start = time.perf_counter()
        results[name] = shacl_results(shacl_report(g, shapes, **options[name]))
        out["seconds"][name] = round(time.perf_counter() - start, 3)
        out["peak_mb_after"][name] = round(_peak_mb())
        out["results"] = {n: len(r) for n, r in results.items()}
        out["identical"] = len(set(results.values())) == 1
        if json_path is not None:
            json_path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    for name in variants[:-1]:
        out[f"ratio_{variants[-1]}_over_{name}"] = round(out["seconds"][variants[-1]] / out["seconds"][name], 2)
    # back-compatible keys: the default engine and pySHACL
    out.update({n: out["seconds"][n] for n in variants if n in ("shacl", "pyshacl")})
    if json_path is not None:
        json_path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return out


def _child(mode: str, data_dir: Path, out_dir: Path, *, code: Path = ROOT, parallel: bool | None = None) -> dict:
    """Run one measurement in a fresh interpreter whose ``graph`` package comes from ``code``; a whole build's
    process tree is sampled for its all-process peak (:func:`sample_tree`)."""
    extra = f", parallel={parallel!r}" if mode == "whole_build" and parallel is not None else ""
    script = (f"import sys, json; sys.path[:0] = [{str(code)!r}, {str(ROOT / 'benchmarks')!r}]; "
              f"import bench_build as b; print(json.dumps(b.{mode}(b.Path({str(data_dir)!r}), "
              f"b.Path({str(out_dir)!r}){extra}) if {mode!r} != 'engines' else b.engines(b.Path({str(data_dir)!r}))))")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=code)
    tree = sample_tree(proc) if mode == "whole_build" and sys.platform.startswith("linux") else {}
    stdout, stderr = proc.communicate()
    if proc.returncode:
        return {"error": stderr.strip().splitlines()[-1] if stderr.strip() else "failed"}
    return {**json.loads(stdout.strip().splitlines()[-1]), **tree}


def _ratios(scales: dict) -> dict:
    """Each scale's whole-build wall time over the 1x one of the same run, for the build's plan and for the
    sequential build (goal at 30x: at most 6)."""
    out: dict = {}
    for key in ("whole", "whole_sequential"):
        one = scales.get(1, {}).get(key, {}).get("total")
        if one:
            out[key] = {k: round(row[key]["total"] / one, 2) for k, row in scales.items()
                        if row.get(key, {}).get("total")}
    return out


def paired_ratios(one: list[float], other: list[float]) -> dict:
    """The ratio of builds made in pairs (a 1x build, then the other scale's, again and again): each pair's ratio,
    their median and the ratio of each side's best. Pairs taken close in time share the host's speed, which on a
    shared two-core machine drifts by half within minutes, so they say more than one run at each scale (#15)."""
    pairs = [round(b / a, 2) for a, b in zip(one, other, strict=True) if a]
    return {"ratios": pairs, "median": statistics.median(pairs) if pairs else None,
            "of_best": round(min(other) / min(one), 2) if one and min(one) else None,
            "one": one, "other": other}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="*", default=[1, 10, 30, 100])
    parser.add_argument("--baseline", help="commit to compare the whole build against (git worktree)")
    parser.add_argument("--baseline-at", type=int, nargs="*", default=[1],
                        help="scales to run the baseline's whole build at (1x alternated --repeat times, others once)")
    parser.add_argument("--engines-at", type=int, nargs="*", default=[100], help="scales to run pySHACL at")
    parser.add_argument("--repeat", type=int, default=3,
                        help="whole 1x builds on each side of the baseline comparison, alternated; the best counts")
    parser.add_argument("--whole-at", type=int, nargs="*", help="scales to time the whole build at (default: all)")
    parser.add_argument("--pairs", type=int, default=0,
                        help="also build 1x and each other scale in turn this many times (whole builds, the build's "
                             "plan) and report the pairs' ratios (paired_ratios)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--engines-only", type=Path, metavar="DATA_DIR",
                        help="only time the SHACL engines on this scaled data folder (scale_data's layout), "
                             "in this process, writing --json after every engine")
    parser.add_argument("--variants", nargs="*", default=list(ENGINE_VARIANTS), choices=ENGINE_VARIANTS,
                        help="the engines --engines-only times, in this order (the last is the reference)")
    args = parser.parse_args()
    if args.engines_only:
        print(json.dumps(engines(args.engines_only, tuple(args.variants), args.json)), flush=True)
        return
    report: dict = {"scales": {}}
    with tempfile.TemporaryDirectory(prefix="mitra-bench-") as tmp:
        tmp_path = Path(tmp)
        for k in args.scales:
            data_dir = tmp_path / f"data-{k}x"
            scale_data(k, data_dir)
            row = _child("stages", data_dir, tmp_path / f"out-{k}x")
            if args.whole_at is None or k in args.whole_at:
                # the build's own plan (two cores from pipeline.PARALLEL_FROM triples) and the same build one
                # step after another, alternated in this run
                row["whole"] = _child("whole_build", data_dir, tmp_path / f"whole-{k}x")
                row["whole_sequential"] = _child("whole_build", data_dir, tmp_path / f"seq-{k}x", parallel=False)
            if k in args.engines_at:
                row["engines"] = _child("engines", data_dir, tmp_path)
            report["scales"][k] = row
            print(k, json.dumps(row), flush=True)
        report["ratios"] = _ratios(report["scales"])
        print("ratios", json.dumps(report["ratios"]), flush=True)
        if args.pairs and 1 in args.scales:
            report["paired"] = {}
            for k in (k for k in args.scales if k != 1):
                times: dict[int, list[float]] = {1: [], k: []}
                for _ in range(args.pairs):
                    for scale in (1, k):
                        run = _child("whole_build", tmp_path / f"data-{scale}x", tmp_path / f"pair-{scale}x")
                        if "total" not in run:
                            sys.exit(f"the {scale}x build failed: {run.get('error', 'no time')}")
                        times[scale].append(run["total"])
                report["paired"][k] = paired_ratios(times[1], times[k])
                print("paired", k, json.dumps(report["paired"][k]), flush=True)
        if args.baseline:
            base = tmp_path / "baseline"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base), args.baseline],
                           check=True)
            try:
                report["baseline"] = {"commit": args.baseline}
                for k in args.baseline_at:
                    data_dir = tmp_path / f"data-{k}x"
                    if not data_dir.is_dir():
                        scale_data(k, data_dir)
                    # Alternated and repeated, best of each side: on a shared machine one run each is noise.
                    runs: dict[str, list] = {"baseline": [], "this": []}
                    for _ in range(args.repeat if k == 1 else 1):
                        runs["baseline"].append(_child("whole_build", data_dir, tmp_path / "base-out", code=base))
                        runs["this"].append(_child("whole_build", data_dir, tmp_path / "this-out"))
                    best = {side: min((r.get("total", float("inf")) for r in rs), default=None)
                            for side, rs in runs.items()}
                    report["baseline"][k] = {"runs": runs, "best": best,
                                             "ratio": round(best["baseline"] / best["this"], 2)}
                    print("baseline", k, json.dumps(report["baseline"][k]), flush=True)
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
