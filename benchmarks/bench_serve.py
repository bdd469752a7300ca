"""A burst of concurrent loopback queries on `mitra serve` and on Oxigraph server, side by side, in one run.

Goal (#16): of 1,000 concurrent cheap queries at least 99% are answered (200) with p99 under the query timeout.
Both servers hold the same data (the built national graph, ``out/mitra.nq``), get the same requests in the same
order with the same query timeout, and are measured in the same run, so a noisy machine affects both alike. On
demand only:

    .venv/bin/python benchmarks/bench_serve.py [--requests 1000] [--out DIR] [--timeout 10] [--workers 2]

* Each burst opens ``--requests`` connections at once (asyncio, one GET per connection, ``Connection: close``)
  and waits for every answer (a client gives up after 120 s). Latency is from the connect to the last byte.
* cheap: ASK, a type list, the label and the facts of one subject (a different subject per request).
  mixed: the same with 5% expensive queries (two- and three-hop joins over the whole graph, 0.1-0.3 s each on
  the embedded store), spread through the burst with a fixed seed.
* memory: the peak resident memory of the server and all its processes (workers included), sampled every
  0.1 s from /proc during the burst, beside the resident memory before it.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

from graph.namespaces import PREFIXES  # noqa: E402

PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(PREFIXES.items()))
EXPENSIVE = [
    "SELECT ?p (COUNT(DISTINCT ?v) AS ?n) WHERE { ?s ?p ?o . ?o ?q ?v } GROUP BY ?p",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?o ?q ?v . ?v ?r ?w }",
    "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l",
]


def cheap_queries(subjects: list[str]) -> list[str]:
    """Cheap query shapes; ``{s}`` is filled with a different subject per request."""
    return [
        "ASK { ?s ?p ?o }",
        "SELECT DISTINCT ?t WHERE { ?s a ?t } LIMIT 20",
        "SELECT ?l WHERE { <{s}> rdfs:label ?l }",
        "SELECT ?p ?o WHERE { <{s}> ?p ?o } LIMIT 50",
    ]


def burst_queries(n: int, subjects: list[str], *, expensive_share: float, seed: int = 7) -> list[str]:
    """``n`` query texts: cheap ones in turn, and ``expensive_share`` of them expensive, placed at random."""
    rng = random.Random(seed)
    shapes = cheap_queries(subjects)
    texts = [shapes[i % len(shapes)].replace("{s}", subjects[i % len(subjects)]) for i in range(n)]
    for k, i in enumerate(rng.sample(range(n), round(n * expensive_share))):
        texts[i] = EXPENSIVE[k % len(EXPENSIVE)]
    return [PROLOGUE + t for t in texts]


def labelled_subjects(nq: Path, count: int = 200) -> list[str]:
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(nq.read_bytes(), format=ox.RdfFormat.N_QUADS)
    rows = store.query(PROLOGUE + f"SELECT DISTINCT ?s WHERE {{ ?s rdfs:label ?l }} ORDER BY ?s LIMIT {count}",
                       use_default_graph_as_union=True)
    return [row["s"].value for row in rows]


# --- servers (started here, stopped by PID) ---


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    proc: subprocess.Popen
    port: int
    path: str

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def start(name: str, cmd: list[str], port: int, path: str, log: Path) -> Server:
    with log.open("wb") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(name, proc, port, path)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{name} did not listen within 180 s")


def start_mitra(out: Path, work: Path, *, timeout: float, workers: int) -> Server:
    port = free_port()
    cmd = [str(BIN / "mitra"), "serve", "--port", str(port), "--out", str(out), "--quiet",
           "--timeout", f"{timeout:g}", "--workers", str(workers)]
    return start("mitra serve", cmd, port, "/sparql", work / "mitra.log")


def start_oxigraph(out: Path, work: Path, *, timeout: float) -> Server:
    db = work / "oxigraph-db"
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(db), "--file", str(out / "mitra.nq")],
                   check=True, capture_output=True)
    port = free_port()
    cmd = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(db), "--bind", f"127.0.0.1:{port}",
           "--union-default-graph", "--timeout-s", f"{timeout:g}"]
    return start("Oxigraph server", cmd, port, "/query", work / "oxigraph.log")


# --- memory of a process tree ---


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and every process below it (found through /proc/*/task/*/children, so a
    sample reads a handful of files and does not slow the client that shares this process)."""
    total, frontier = 0, [pid]
    while frontier:
        p = frontier.pop()
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * resource.getpagesize()
            for task in Path(f"/proc/{p}/task").iterdir():
                frontier.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


class PeakMemory:
    """Samples a process tree's resident memory in a thread; ``peak`` is the highest sample."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# --- the burst ---


async def one_request(port: int, path: str, query: str, client_timeout: float) -> tuple[int, float, str]:
    """(status, seconds, body's first line) of one GET; status 0 when the connection failed or was dropped
    unanswered."""
    t0 = time.perf_counter()
    target = f"{path}?{urllib.parse.urlencode({'query': query})}"
    request = (f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               "Accept: application/sparql-results+json\r\nConnection: close\r\n\r\n").encode()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), client_timeout)
        writer.write(request)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), client_timeout - (time.perf_counter() - t0))
        writer.close()
    except (OSError, asyncio.TimeoutError) as exc:
        return 0, time.perf_counter() - t0, type(exc).__name__
    try:
        status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else 0
    except (IndexError, ValueError):
        status = 0
    body = answer.split(b"\r\n\r\n", 1)[-1]
    return status, time.perf_counter() - t0, body.split(b"\n", 1)[0][:120].decode(errors="replace")


async def burst(server: Server, queries: list[str], client_timeout: float) -> list[tuple[int, float, str]]:
    return await asyncio.gather(*(one_request(server.port, server.path, q, client_timeout) for q in queries))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def measure(server: Server, queries: list[str], client_timeout: float) -> dict:
    idle = tree_rss(server.proc.pid)
    with PeakMemory(server.proc.pid) as mem:
        t0 = time.perf_counter()
        results = asyncio.run(burst(server, queries, client_timeout))
        wall = time.perf_counter() - t0
    ok = [t for status, t, _ in results if status == 200]
    statuses: dict[int, int] = {}
    examples: dict[int, str] = {}
    for status, _, first in results:
        statuses[status] = statuses.get(status, 0) + 1
        if status != 200:
            examples.setdefault(status, first)
    everyone = [t for _, t, _ in results]
    return {
        "answered": len(ok) / len(results),
        "statuses": dict(sorted(statuses.items())),
        "examples": examples,
        "p50": statistics.median(everyone),
        "p99": percentile(everyone, 99),
        "wall": wall,
        "idle_mb": idle / 2**20,
        "peak_mb": mem.peak / 2**20,
    }


def report(rows: list[tuple[str, str, dict]], *, requests: int, timeout: float) -> str:
    lines = [
        f"{requests} concurrent requests per burst, query timeout {timeout:g} s",
        "",
        "| burst | server | answered (200) | statuses | p50 | p99 | burst wall time | memory idle → peak |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind, name, r in rows:
        statuses = ", ".join(f"{s or 'dropped'}: {n}" for s, n in r["statuses"].items())
        lines.append(
            f"| {kind} | {name} | {r['answered']:.1%} | {statuses} | {r['p50']:.2f} s | {r['p99']:.2f} s "
            f"| {r['wall']:.1f} s | {r['idle_mb']:.0f} → {r['peak_mb']:.0f} MB |"
        )
    for _, name, r in rows:
        for status, first in r["examples"].items():
            lines.append(f"{name}, status {status or 'dropped'}: {first}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=10.0, help="query timeout of both servers (s)")
    parser.add_argument("--workers", type=int, default=2, help="mitra serve --workers")
    parser.add_argument("--expensive", type=float, default=0.05, help="share of expensive queries when mixed")
    parser.add_argument("--client-timeout", type=float, default=120.0)
    parser.add_argument("--out", type=Path, help="a built folder (mitra.nq) to serve; default: build data/ now")
    parser.add_argument("--only", choices=["mitra", "oxigraph"], help="measure one server only")
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # one socket per request, all at once
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        work = Path(tmp)
        out = args.out
        if out is None:
            from graph import paths
            from graph.pipeline import rebuild

            out = work / "out"
            rebuild([paths.DATA_DIR], out_dir=out, steps=("rdf",))
        subjects = labelled_subjects(out / "mitra.nq")
        bursts = {
            "cheap": burst_queries(args.requests, subjects, expensive_share=0.0),
            f"mixed ({args.expensive:.0%} expensive)": burst_queries(
                args.requests, subjects, expensive_share=args.expensive
            ),
        }
        starters = {
            "mitra": lambda: start_mitra(out, work, timeout=args.timeout, workers=args.workers),
            "oxigraph": lambda: start_oxigraph(out, work, timeout=args.timeout),
        }
        rows = []
        for key, starter in starters.items():
            if args.only and key != args.only:
                continue
            server = starter()
            try:
                asyncio.run(burst(server, burst_queries(20, subjects, expensive_share=0.1), 60))  # warm up
                for kind, queries in bursts.items():
                    rows.append((kind, server.name, measure(server, queries, args.client_timeout)))
                    print(report(rows[-1:], requests=args.requests, timeout=args.timeout).splitlines()[4:],
                          flush=True)
            finally:
                server.stop()
    print()
    print(report(sorted(rows, key=lambda r: r[0]), requests=args.requests, timeout=args.timeout))


if __name__ == "__main__":
    main()
