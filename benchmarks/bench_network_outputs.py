"""The network stages of ``mitra build`` (project, layout, exports, page) at k× the shipped data, this checkout
against a baseline commit in the same run, with the peak memory of those stages and the sha256 of every file
they write (issue #15).

Each measurement runs in its own process. The graph is built first (unvalidated, not timed: the build of the
graph is ``bench_build.py``'s), then the peak-RSS mark is reset (``/proc/self/clear_refs``), so the peak is that
of the network stages on top of the built graph. At the baseline the projections sit inside the exports and
page steps (three projections, two layouts); here the pipeline's ``build_network`` makes them once, so compare
the totals. The machine may be shared: read the ratios within one run, not the seconds.

    .venv/bin/python benchmarks/bench_network_outputs.py --scales 1 10 30 --baseline b25a4ad
    .venv/bin/python benchmarks/bench_network_outputs.py --scales 10 --data 10=/tmp/data-10x
    .venv/bin/python benchmarks/bench_network_outputs.py --scales --nodes 500 5000 50000
    .venv/bin/python benchmarks/bench_network_outputs.py --exports-only --scales 1 30 --baseline 678c73c --repeat 3

``--exports-only`` times the exports step alone (``build_exports`` on the projected, laid-out network), baseline
and this checkout alternated ``--repeat`` times, with each file's CPU seconds (user+sys, ``time.process_time``,
from the end of the previous file: the first file's figure includes the walk of the network all formats share),
the step's peak resident memory over what was resident when it began, and the sha256 of its files.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("exports/network.graphml", "exports/network.gexf", "exports/network.json", "exports/network.nodes.csv",
           "exports/network.edges.csv", "exports/jakarta.md", "network.html")


def _hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_hwm() -> None:
    with contextlib.suppress(OSError):  # not Linux, or not allowed: the peak then includes the graph's build
        Path("/proc/self/clear_refs").write_text("5")


def child(code: Path, data_dir: Path, out_dir: Path) -> dict:
    """Build ``data_dir`` with the checkout at ``code``, then time its network stages (run in a fresh process)."""
    sys.path.insert(0, str(code))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scale_data import data_inputs

    from graph import pipeline
    from graph.build.assemble import build_graph
    from graph.paths import Project

    assert Path(pipeline.__file__).resolve().is_relative_to(code.resolve()), pipeline.__file__
    built = build_graph(Project(data_inputs(data_dir), out_dir=out_dir), validate=False)
    _reset_hwm()
    base_mb = _hwm_mb()
    t: dict[str, float] = {}
    clock = time.perf_counter()

    def tick(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        t[name] = round(now - clock, 3)
        clock = now

    shared = hasattr(pipeline, "build_network")
    if shared:  # this checkout: one WholeNetwork per build, as pipeline._write_steps makes it
        network = functools.cache(lambda: pipeline.build_network(built))
        net = network()
        nodes, edges = net.G.number_of_nodes(), net.G.number_of_edges()
        _ = net.G_en
        tick("project")
        _ = net.positions
        tick("layout")
        pipeline.STEPS["exports"](built, out_dir, network)
        tick("exports")
        pipeline.STEPS["html"](built, out_dir, network)
        tick("page")
    else:  # the baseline: each step projects (and lays out) for itself
        from graph.network.projection import project_network

        G = project_network(built.g)
        nodes, edges = G.number_of_nodes(), G.number_of_edges()
        del G
        tick("project")
        pipeline.STEPS["exports"](built, out_dir)
        tick("exports")
        pipeline.STEPS["html"](built, out_dir)
        tick("page")
    total = sum(v for k, v in t.items() if shared or k != "project")
    peak_mb = _hwm_mb()
    return {"nodes": nodes, "edges": edges, "seconds": t, "network_total": round(total, 3),
            "peak_mb": round(peak_mb, 1), "graph_mb": round(base_mb, 1), "sha256": _sha256s(out_dir)}


def exports_child(code: Path, data_dir: Path, out_dir: Path) -> dict:
    """Build ``data_dir`` with the checkout at ``code``, project and lay it out, then time its exports step alone,
    file by file (run in a fresh process)."""
    sys.path.insert(0, str(code))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scale_data import data_inputs

    from graph import pipeline
    from graph.build.assemble import build_graph
    from graph.export import formats
    from graph.paths import Project

    assert Path(formats.__file__).resolve().is_relative_to(code.resolve()), formats.__file__
    built = build_graph(Project(data_inputs(data_dir), out_dir=out_dir), validate=False)
    network = pipeline.build_network(built)
    _ = network.G, network.positions
    marks: list[tuple[str, float]] = []
    write_pieces, write_export = formats.write_pieces, formats.write_export

    def timed_pieces(path, chunks, **kw):  # the build writes each graph file from its pieces as they are made
        write_pieces(path, chunks, **kw)
        marks.append((Path(path).name, time.process_time()))

    def timed_export(files, base):  # the report, rendered before it is written
        written = write_export(files, base)
        marks.append((written[0].name, time.process_time()))
        return written

    formats.write_pieces, formats.write_export = timed_pieces, timed_export
    _reset_hwm()
    rss_mb = _hwm_mb()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    formats.build_exports(network, out_dir)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    peak_mb = _hwm_mb()  # before the files are read back for their sha256
    files, last = {}, cpu0
    for name, at in marks:
        files[name] = round(at - last, 3)
        last = at
    return {"nodes": network.G.number_of_nodes(), "edges": network.G.number_of_edges(), "cpu": round(cpu, 3),
            "wall": round(wall, 3), "files": files, "rss_before_mb": round(rss_mb, 1),
            "peak_mb": round(peak_mb, 1), "sha256": _sha256s(out_dir)}


def _sha256s(out_dir: Path) -> dict[str, str]:
    """The first 16 hex digits of each output's sha256, read 1 MB at a time."""
    sums = {}
    for name in OUTPUTS:
        if (out_dir / name).exists():
            digest = hashlib.sha256()
            with (out_dir / name).open("rb") as fh:
                while block := fh.read(1 << 20):
                    digest.update(block)
            sums[name] = digest.hexdigest()[:16]
    return sums


def exports_only(codes: dict[str, Path], scales: list[int], data_of, work: Path, repeat: int) -> None:
    """Each scale's exports step, the checkouts alternated ``repeat`` times; every run printed, then a table."""
    runs: dict[tuple[int, str], list[dict]] = {}
    for k in scales:
        data = data_of(k)
        for _ in range(repeat):
            for name, code in codes.items():
                out = work / f"out-{name}-{k}x"
                out.mkdir(parents=True, exist_ok=True)
                proc = subprocess.run([sys.executable, __file__, "--exports-child", str(code), str(data), str(out)],
                                      capture_output=True, text=True, check=False)
                if proc.returncode:
                    print(json.dumps({"scale": k, "code": name, "error": proc.stderr.strip().splitlines()[-1:]}))
                    continue
                run = json.loads(proc.stdout.strip().splitlines()[-1])
                runs.setdefault((k, name), []).append(run)
                print(json.dumps({"scale": k, "code": name, **run}), flush=True)
    print("\nscale code      CPU s (each run)            peak over start MB  files' CPU s (median run)")
    for (k, name), rs in runs.items():
        median = sorted(rs, key=lambda r: r["cpu"])[len(rs) // 2]
        same = {r2["sha256"] == rs[0]["sha256"] for r2 in rs} == {True}
        cpus = ", ".join(f"{r['cpu']:.2f}" for r in rs)
        peaks = ", ".join(f"{r['peak_mb'] - r['rss_before_mb']:.0f}" for r in rs)
        files = " ".join(f"{f.split('.', 1)[1]} {t:.2f}" for f, t in median["files"].items())
        print(f"{k:>4}x {name:9s} {cpus:27s} {peaks:18s}  {files}{'' if same else '  (files differ between runs)'}")
    for k in scales:
        shas = {name: runs[k, name][0]["sha256"] for name in codes if runs.get((k, name))}
        if len(shas) == 2:
            a, b = shas.values()
            print(f"{k}x: same sha256 as the baseline: {sorted(f for f in b if a.get(f) == b[f])}; "
                  f"differ: {sorted(f for f in b if a.get(f) != b[f])}")


def synthetic(n: int):
    """A projection-shaped network of ``n`` nodes (cities, and agreements joining two of them), for sizes no
    data set here has."""
    import networkx as nx

    G = nx.MultiDiGraph()
    for i in range(n):
        kind = "mitra:SisterCityAgreement" if i % 3 == 0 else "mitra:City"
        G.add_node(f"https://w3id.org/mitra/id/n{i}", label=f"N{i}", label_id=f"N{i}", label_en=f"N{i}", type=kind,
                   local_id=f"n{i}", sector="health" if i % 5 == 0 else "", stage="signed")
    for i in range(0, n - 2, 3):
        for j in (1, 2):
            G.add_edge(f"https://w3id.org/mitra/id/n{i}", f"https://w3id.org/mitra/id/n{i + j}", key="mitra:party",
                       relation="party", label="pihak", sources="s1")
    return G


def synthetic_child(n: int, out_dir: Path) -> dict:
    """The exports and the page of a synthetic network of ``n`` nodes, with this checkout."""
    from rdflib import Graph

    from graph.export.formats import build_exports
    from graph.export.html import build_network_html
    from graph.export.whole import WholeNetwork

    G = synthetic(n)
    _reset_hwm()
    start = time.perf_counter()
    network = WholeNetwork(g=Graph(), project=lambda lang: G)
    _ = network.positions
    layout_s = time.perf_counter() - start
    build_exports(network, out_dir)
    exports_s = time.perf_counter() - start - layout_s
    build_network_html(network, out_dir)
    page_s = time.perf_counter() - start - layout_s - exports_s
    return {"nodes": n, "edges": G.number_of_edges(), "layout": round(layout_s, 2), "exports": round(exports_s, 2),
            "page": round(page_s, 2), "peak_mb": round(_hwm_mb(), 1)}


def _run(code: Path, data_dir: Path, out_dir: Path) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, __file__, "--child", str(code), str(data_dir), str(out_dir)],
                          capture_output=True, text=True, check=False)
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", type=int, nargs="*", default=[1, 10, 30])
    ap.add_argument("--baseline", default="b25a4ad", help="commit to compare with ('' to skip)")
    ap.add_argument("--data", action="append", default=[], metavar="K=DIR",
                    help="use DIR as the k× data instead of generating it (read only)")
    ap.add_argument("--nodes", type=int, nargs="*", default=[],
                    help="also run the exports and the page of synthetic networks of these sizes (this checkout)")
    ap.add_argument("--exports-only", action="store_true",
                    help="time the exports step alone, file by file, baseline and this alternated")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each checkout per scale (--exports-only)")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--exports-child", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--synthetic-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(*(Path(a) for a in args.child))))
        return
    if args.exports_child:
        print(json.dumps(exports_child(*(Path(a) for a in args.exports_child))))
        return
    if args.synthetic_child:
        print(json.dumps(synthetic_child(int(args.synthetic_child[0]), Path(args.synthetic_child[1]))))
        return
    for n in args.nodes:
        with tempfile.TemporaryDirectory(prefix="bench-network-") as tmp:
            proc = subprocess.run([sys.executable, __file__, "--synthetic-child", str(n), tmp], capture_output=True,
                                  text=True, check=False)
            print(proc.stdout.strip().splitlines()[-1] if proc.returncode == 0 else
                  f"{n} nodes: error: {proc.stderr.strip().splitlines()[-1:]}", flush=True)
    if not args.scales:
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scale_data import scale_data

    given = {int(k): Path(v) for k, v in (d.split("=", 1) for d in args.data)}
    with tempfile.TemporaryDirectory(prefix="bench-network-") as tmp:
        work = Path(tmp)
        codes = {"this": ROOT}
        if args.baseline:
            base = work / "baseline"
            base.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline], capture_output=True,
                                     check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
            codes = {"baseline": base, **codes}

        def data_of(k: int) -> Path:
            data = ROOT / "data" if k == 1 else given.get(k)
            if data is None:
                data = work / f"data-{k}x"
                if not data.exists():
                    scale_data(k, data)
            return data

        if args.exports_only:
            exports_only(codes, args.scales, data_of, work, args.repeat)
            return
        results = []
        for k in args.scales:
            data = data_of(k)
            row = {"scale": k}
            for name, code in codes.items():
                row[name] = _run(code, data, work / f"out-{name}-{k}x")
                print(json.dumps({"scale": k, "code": name, **row[name]}), flush=True)
            if "baseline" in row and "error" not in row["baseline"] and "error" not in row["this"]:
                b, h = row["baseline"], row["this"]
                row["speedup"] = round(b["network_total"] / h["network_total"], 2)
                row["same_bytes"] = sorted(f for f in h["sha256"] if h["sha256"][f] == b["sha256"].get(f))
                row["changed"] = sorted(f for f in h["sha256"] if h["sha256"][f] != b["sha256"].get(f))
            results.append(row)
        print("\nscale  nodes   baseline s  this s  speedup  this: project layout exports page  peak MB (base/this)")
        for row in results:
            h, b = row["this"], row.get("baseline", {})
            if "error" in h:
                print(f"{row['scale']:>4}x  error: {h['error']}")
                continue
            s = h["seconds"]
            print(f"{row['scale']:>4}x {h['nodes']:>6} {b.get('network_total', float('nan')):>10.2f} "
                  f"{h['network_total']:>7.2f} {row.get('speedup', float('nan')):>7.2f}x  "
                  f"{s['project']:>13.2f} {s['layout']:>6.2f} {s['exports']:>7.2f} {s['page']:>4.2f}  "
                  f"{b.get('peak_mb', float('nan')):>7.0f}/{h['peak_mb']:.0f}  changed: {row.get('changed')}")


if __name__ == "__main__":
    main()
