"""The build's RDF outputs alone (``graph.build.outputs.write_outputs``): CPU, wall and peak per output group,
this checkout against a baseline commit, alternated in one run (issue #15).

Each measurement runs in a fresh interpreter whose ``graph`` package comes from one checkout: it loads the
scaled data (without validation: the outputs do not read it), then writes the outputs ``--repeat`` times with
``write_outputs``, each output group (Turtle + TriG, N-Triples + N-Quads, JSON-LD, summary) timed within that
call with ``time.process_time``, and the
stage's own peak resident memory (``VmHWM`` after a reset, minus what was resident before; Linux). It prints
the files' sha256, so both sides can be checked byte-identical in the same run.

    .venv/bin/python benchmarks/bench_serialize.py /tmp/data-30x --baseline 678c73c --rounds 2
    .venv/bin/python benchmarks/bench_serialize.py /tmp/data-30x --profile 30   # cProfile, top 30 lines
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale_data import data_inputs  # noqa: E402 - benchmarks/ is not a package


def _memory_mb(field: str) -> int | None:
    """``VmRSS`` or ``VmHWM`` of this process, MB (Linux; else ``None``)."""
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    found = [ln.split()[1] for ln in status.read_text(encoding="ascii").splitlines() if ln.startswith(field + ":")]
    return int(found[0]) // 1024 if found else None


def _forget_peak() -> None:
    """Start ``VmHWM`` again from the current RSS (Linux ``clear_refs``), so a stage's own peak can be read."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def measure(data_dir: Path, out_dir: Path, repeat: int = 1) -> dict:
    """Write the outputs of ``data_dir``'s graph into ``out_dir`` ``repeat`` times: the whole stage's CPU, wall
    and own peak MB, each output group's CPU seconds within it (:func:`_timed_groups`), and the files' sha256."""
    from graph.build import outputs
    from graph.build.assemble import build_graph
    from graph.paths import Project

    built = build_graph(Project(tuple(data_inputs(data_dir)), out_dir=out_dir), validate=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    runs = []
    for _ in range(repeat):
        groups: dict[str, float] = {}
        before = _memory_mb("VmRSS")
        _forget_peak()
        with _timed_groups(outputs, groups):  # its clock starts here, with the stage's
            wall, cpu = time.perf_counter(), time.process_time()
            written = outputs.write_outputs(built, out_dir)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        peak = _memory_mb("VmHWM")
        runs.append({"cpu": round(cpu, 3), "wall": round(wall, 3), "rss_before": before, "peak_in": peak,
                     "own_peak": None if peak is None or before is None else peak - before, "groups": groups})
    return {"triples": len(built.g), "runs": runs, "sha256": {p.name: _sha256(p) for p in sorted(written)}}


@contextlib.contextmanager
def _timed_groups(outputs: object, groups: dict[str, float]) -> Iterator[None]:
    """The writers ``write_outputs`` calls once per output group (``write_pieces``, ``write_pieces_together``),
    wrapped so that each group's CPU seconds, from the end of the group before (or the start) to the end of its
    own write, land in ``groups``: each side's own ``write_outputs`` runs as it is, collector settings and all."""
    originals = {name: getattr(outputs, name) for name in ("write_pieces", "write_pieces_together")}
    clock = [time.process_time()]

    def timed(write: Callable) -> Callable:
        def run(targets: object, pieces: object, **kwargs: object) -> None:
            write(targets, pieces, **kwargs)
            now = time.process_time()
            names = [Path(targets).name] if isinstance(targets, str | Path) else [Path(t).name for t in targets]
            groups["+".join(names)] = round(now - clock[0], 3)
            clock[0] = now
        return run

    for name, write in originals.items():
        setattr(outputs, name, timed(write))
    try:
        yield
    finally:
        for name, write in originals.items():
            setattr(outputs, name, write)


def profile(data_dir: Path, out_dir: Path, top: int) -> None:
    """cProfile of one ``write_outputs``, the ``top`` functions by own time and by cumulative time."""
    import cProfile
    import pstats

    from graph.build.assemble import build_graph
    from graph.build.outputs import write_outputs
    from graph.paths import Project

    built = build_graph(Project(tuple(data_inputs(data_dir)), out_dir=out_dir), validate=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    prof = cProfile.Profile()
    prof.enable()
    write_outputs(built, out_dir)
    prof.disable()
    stats = pstats.Stats(prof).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def _child(code: Path, data_dir: Path, out_dir: Path, repeat: int) -> dict:
    script = (f"import sys, json; sys.path[:0] = [{str(code)!r}, {str(ROOT / 'benchmarks')!r}]; "
              f"import bench_serialize as b; print(json.dumps(b.measure(b.Path({str(data_dir)!r}), "
              f"b.Path({str(out_dir)!r}), {repeat})))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=code, check=False)
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path, help="scaled data (benchmarks/scale_data.py)")
    parser.add_argument("--baseline", help="a checkout folder or a commit (checked out with git worktree)")
    parser.add_argument("--rounds", type=int, default=2, help="baseline/this pairs, alternated")
    parser.add_argument("--repeat", type=int, default=1, help="write_outputs calls per process")
    parser.add_argument("--profile", type=int, metavar="TOP", help="only profile this checkout, in this process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mitra-serialize-") as tmp:
        tmp_path = Path(tmp)
        if args.profile:
            profile(args.data_dir, tmp_path / "out", args.profile)
            return
        base = None
        if args.baseline:
            base = Path(args.baseline)
            if not base.is_dir():
                base = tmp_path / "baseline"
                subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base),
                                args.baseline], check=True)
        try:
            for i in range(args.rounds):
                sides = ([("baseline", base)] if base else []) + [("this", ROOT)]
                for side, code in (sides if i % 2 == 0 else sides[::-1]):
                    row = _child(code, args.data_dir, tmp_path / f"out-{side}", args.repeat)
                    print(side, json.dumps(row), flush=True)
        finally:
            if base is not None and base.parent == tmp_path:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False)


if __name__ == "__main__":
    main()
