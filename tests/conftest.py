"""Shared pytest fixtures: a CLI runner, small graphs, fixture paths and the built shipped data.

Other test modules add their own fixtures below; keep each one small and documented.
"""

from __future__ import annotations

import fcntl
import gc
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from graph import paths
from graph.namespaces import PREFIXES, bind_prefixes
from graph.paths import Project

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
NETWORK_TTL = FIXTURES / "network" / "network.ttl"

TURTLE_PREFIXES = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())


GC_THRESHOLDS = (10_000, 10, 10)
"""The test process's cyclic-collector thresholds (CPython's default: 700, 10, 10).

A test worker holds the session's builds and many graphs at once, and rdflib's graphs are cycles (a graph and its
namespace manager point at each other), so at the default the collector promoted the objects of nearly every test to
the oldest generation and walked the whole heap about 50 times per worker: 34 s of a 198 s run's CPU went to
collecting. At 10,000 a test's short-lived objects die young: a third of the collector's time, a few more MB held
between collections. Only the test process is tuned; the ``mitra`` processes the tests start keep Python's defaults."""


def pytest_configure(config) -> None:
    gc.set_threshold(*GC_THRESHOLDS)


def turtle(body: str) -> Graph:
    """A graph from a Turtle body, with Mitra's prefixes declared for it."""
    return bind_prefixes(Graph()).parse(data=TURTLE_PREFIXES + body, format="turtle")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the mini data folder (tests/fixtures/mini), for tests that break it on purpose."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    return folder


def child_processes() -> set[int]:
    """The processes this one started that still exist (zombies included; Linux: /proc): what a test reads
    before and after to show that no forked worker outlived it."""
    kids: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        kids.update(int(c) for c in task.read_text(encoding="ascii").split())
    return kids


def edit(folder: Path, name: str, old: str, new: str) -> Path:
    """Replace the first ``old`` in ``folder/name`` by ``new``; fails loudly if ``old`` is not there."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def net_g() -> Graph:
    """The hand-made network fixture (tests/fixtures/network/network.ttl) that projection tests share."""
    return Graph().parse(NETWORK_TTL)


@pytest.fixture
def runner() -> CliRunner:
    """click's test runner; stdout and stderr are kept apart (click 8.2+)."""
    return CliRunner()


@pytest.fixture
def tiny_g() -> Graph:
    """A three-entity graph: a province, a foreign city and the sister-city agreement between them."""
    return turtle("""
        mid:jakarta a mitra:Province ; rdfs:label "DKI Jakarta"@id , "Jakarta"@en ; mitra:source mid:src-a .
        mid:rotterdam a mitra:ForeignLocalGovernment ; rdfs:label "Rotterdam"@id , "Rotterdam"@en ;
            mitra:source mid:src-a .
        mid:jakarta-rotterdam a mitra:KSDPL ; mitra:party mid:jakarta , mid:rotterdam ;
            rdfs:label "Kota kembar Jakarta–Rotterdam"@id , "Jakarta–Rotterdam sister city"@en ;
            mitra:signingDate "1986"^^xsd:gYear ; mitra:source mid:src-a .
        mid:src-a a mitra:Source ; rdfs:label "Artikel A"@id , "Article A"@en .
    """)


@pytest.fixture(scope="session")
def ontology_g() -> Graph:
    """The ontology, parsed once."""
    from graph.build.load import load_ontology

    return load_ontology(paths.ONTOLOGY)


@pytest.fixture(scope="session")
def shapes_g() -> Graph:
    """The SHACL shapes, parsed once."""
    from graph.build.load import load_ontology

    return load_ontology(paths.SHAPES)


@pytest.fixture(scope="session")
def mini_built():
    """tests/fixtures/mini built (loaded, validated, merged) once per session: ``graph.build.assemble.Built``.
    Read only; a test that adds triples works on a copy (``mini_built.g + Graph()``)."""
    from graph.build.assemble import build_graph

    return build_graph(Project(MINI))


@pytest.fixture(scope="session")
def shipped():
    """The shipped data/ built (loaded, validated, merged) once per session: ``graph.build.assemble.Built``."""
    from graph.build.assemble import build_graph

    return build_graph()


# --- servers on 127.0.0.1 (mitra serve, the Oxigraph server): started as processes, always stopped by PID ---

BIN = Path(sys.executable).parent


def run_mitra_killed(args: list[str], delay: float | None, *, timeout: float = 300) -> None:
    """Run ``mitra *args`` and SIGKILL it ``delay`` seconds in unless it has ended by then; with ``delay``
    ``None`` it runs to its end, which must succeed. For the tests that an interrupted command leaves its
    folder old or new, never a mix."""
    proc = subprocess.Popen([str(BIN / "mitra"), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL)
    if delay is None:
        assert proc.wait(timeout=timeout) == 0, f"mitra {' '.join(args)} failed"
        return
    try:
        proc.wait(timeout=delay)  # returns as soon as it ends: no sleeping out the delay after the command is done
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def free_port() -> int:
    """A port that is free on 127.0.0.1 right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ServerProcess:
    """A server started by a test: its process, base URL (always 127.0.0.1) and log file."""

    proc: subprocess.Popen
    url: str
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        """Stop the server by its PID: SIGTERM, then SIGKILL if it has not exited within 10 s."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def start_server(cmd: list[str], port: int, log: Path, *, wait: float = 60.0) -> ServerProcess:
    """Start ``cmd``; wait until 127.0.0.1:``port`` accepts connections (else stop it and raise)."""
    fh = log.open("wb")
    proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    fh.close()
    server = ServerProcess(proc, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{cmd[0]} exited with {proc.returncode}: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"{cmd[0]} did not listen on 127.0.0.1:{port} within {wait} s")


@contextmanager
def _run_lock(tmp_path_factory, name: str):
    """A folder shared by every xdist worker of this run (or this process's own, without xdist), held under
    an exclusive file lock while the body runs: the first worker to get it does the work, the others wait."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # /tmp/pytest-of-<user>/pytest-<n>/: the workers' basetemps (popen-gw0, ...) sit in it
    with (base / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield base / name
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def built_once(tmp_path_factory, name: str, data: Path) -> Path:
    """``data`` built (validated, stamped, RDF outputs only) into a folder that every xdist worker of the run
    shares: built once per run, not once per worker. Tests only read it (its stamp keeps it fresh)."""
    from graph.build.stamp import STAMP_NAME
    from graph.pipeline import rebuild

    with _run_lock(tmp_path_factory, name) as out:
        if not (out / STAMP_NAME).is_file():
            rebuild(Project([data], out_dir=out), steps=("rdf",))
    return out


@pytest.fixture(scope="session")
def mini_out(tmp_path_factory) -> Path:
    """tests/fixtures/mini built (validated, stamped) once per run: the RDF outputs queries load."""
    return built_once(tmp_path_factory, "mini-out", MINI)


@pytest.fixture(scope="session")
def start_mitra_server(tmp_path_factory):
    """Factory: ``start_mitra_server(out_dir, data, *options)`` runs ``mitra serve`` on a free loopback port.

    Every server it started is stopped by its PID when the session ends (or earlier with ``.stop()``).
    """
    started: list[ServerProcess] = []

    def start(out_dir: Path, data: Path, *options: str) -> ServerProcess:
        port = free_port()
        log = tmp_path_factory.mktemp("mitra-serve") / "serve.log"
        cmd = [str(BIN / "mitra"), "serve", "--port", str(port), "--data", str(data), "--out", str(out_dir),
               *options]
        server = start_server(cmd, port, log)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def start_oxigraph(tmp_path_factory):
    """Factory: ``start_oxigraph(*options, in_memory=False)`` runs the Oxigraph server (PyPI ``oxigraph``) on a
    free loopback port with an empty on-disk store (or its in-memory one, the same server and SPARQL engine
    without RocksDB's writes: several times faster per update); stopped by its PID at the end of the session."""
    started: list[ServerProcess] = []
    binary = BIN / "oxigraph"
    if not binary.exists():
        pytest.skip("the oxigraph server is not installed (pip install -e '.[test]')")

    def start(*options: str, in_memory: bool = False) -> ServerProcess:
        port = free_port()
        folder = tmp_path_factory.mktemp("oxigraph")
        location = [] if in_memory else ["--location", str(folder / "db")]
        cmd = [str(binary), "serve", *location, "--bind", f"127.0.0.1:{port}", *options]
        server = start_server(cmd, port, folder / "oxigraph.log")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/www
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""
"""A Virtuoso that listens on 127.0.0.1 only, its database in a test folder (user ``dba``, password ``dba``)."""


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> ServerProcess:
    """Debian's Virtuoso 7 (``virtuoso-opensource-7-bin``) on free loopback ports, with an empty database.

    Its ``/sparql`` endpoint is read-only; ``/sparql-auth`` (Update) and ``/sparql-graph-crud-auth`` (Graph
    Store) ask for HTTP Digest login. Stopped by its PID at the end of the session.
    """
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("Debian's Virtuoso is not installed (apt-get install virtuoso-opensource-7-bin)")
    folder = tmp_path_factory.mktemp("virtuoso")
    (folder / "www").mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    server = start_server([binary, "+foreground", "+configfile", str(ini)], http_port, folder / "stdout.log",
                          wait=120)
    yield server
    server.stop()


def named_query_cases() -> list[tuple[str, dict[str, str]]]:
    """(query name, params) pairs that exercise every named query: without parameters when none is required,
    and with each documented example value (``e.g. X`` in its ``# param`` line)."""
    import re

    from graph.sparql.query import load_queries

    cases = []
    for name, nq in load_queries().items():
        examples = {p.name: m.group(1) for p in nq.params if (m := re.search(r"e\.g\.\s+([\w:-]+)", p.doc))}
        required = {p.name for p in nq.params if getattr(p, "required", False)}
        if not required:
            cases.append((name, {}))
        if required <= set(examples):
            for param in sorted(set(examples) - required):
                cases.append((name, {**{r: examples[r] for r in required}, param: examples[param]}))
            if required:
                cases.append((name, {r: examples[r] for r in required}))
    return cases


@pytest.fixture(scope="session")
def embedded_answers(tmp_path_factory):
    """``embedded_answers(out_dir)``: {(name, sorted params): (columns, sorted rows)} of every named query case on
    the embedded Oxigraph store over a build shared by the run (``mini_out``, ``shipped_out``), which tests compare
    remote stores with. Computed once per run and shared by the xdist workers (a pickle beside the builds): on the
    shipped build it takes seconds."""
    import pickle

    from graph.io import atomic_write
    from graph.sparql.query import load_queries, open_engine, run_query

    def answers(out_dir: Path) -> dict[tuple, tuple]:
        with _run_lock(tmp_path_factory, f"answers-{out_dir.name}.pickle") as cached:
            if cached.is_file():
                return pickle.loads(cached.read_bytes())
            engine = open_engine("oxigraph", out_dir=out_dir)
            queries = load_queries()
            found = {}
            for name, params in named_query_cases():
                local = run_query(queries[name], engine=engine, params=params)
                rows = sorted(tuple(sorted(b.items())) for b in local.bindings)
                found[name, tuple(sorted(params.items()))] = (local.columns, rows)
            with atomic_write(cached, mode="wb", encoding=None) as fh:
                fh.write(pickle.dumps(found))
            return found

    return answers


@pytest.fixture(scope="session")
def shipped_out(tmp_path_factory) -> Path:
    """The shipped data/ built (validated, stamped) once per run: the RDF outputs queries load."""
    return built_once(tmp_path_factory, "shipped-out", paths.DATA_DIR)


# --- a recorder of outgoing requests: proves that nothing was fetched ---


@pytest.fixture
def http_recorder():
    """(url, hits): an HTTP server on 127.0.0.1 (a thread) that records every request and answers one SPARQL
    JSON row (also valid JSON for a JSON-LD context fetch), so a test can prove nothing was fetched."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self._answer()

        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self._answer()

        def _answer(self):
            hits.append(self.path)
            body = (b'{"@context":{},"head":{"vars":["p"]},'
                    b'"results":{"bindings":[{"p":{"type":"literal","value":"remote"}}]}}')
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # shutdown() waits for serve_forever's next poll: 0.5 s per test at the default interval
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    server.shutdown()
    server.server_close()


# --- SIGKILL at a chosen file-system step: the tests that an interrupted command leaves old or new (#14, #16) ---

_KILL_DRIVER = r'''
import json, os, pathlib, shutil, signal, sys
import graph.io
from cli import cli

STEPS = {"replace": (pathlib.Path, "replace"), "rename": (pathlib.Path, "rename"), "copytree": (shutil, "copytree"),
         "rmtree": (shutil, "rmtree"), "exchange": (graph.io, "_exchange")}


def run(args, kill, report):
    """In the forked child: count each file-system step (written to ``report``) and SIGKILL this process
    before or after step ``kill = [when, kind, n]`` (the n-th step of that kind, or of ``any`` kind)."""
    when, kind, n = kill or ("", "", 0)
    seen = {}

    def hooked(name, fn):
        def step(*a, **kw):
            seen[name] = seen.get(name, 0) + 1
            seen["any"] = seen.get("any", 0) + 1
            os.write(report, (name + "\n").encode())
            hit = seen.get(kind) == n and kind in (name, "any")
            if hit and when == "before":
                os.kill(os.getpid(), signal.SIGKILL)
            out = fn(*a, **kw)
            if hit and when == "after":
                os.kill(os.getpid(), signal.SIGKILL)
            return out
        return step

    for name, (owner, attr) in STEPS.items():
        setattr(owner, attr, hooked(name, getattr(owner, attr)))
    try:
        cli.main(args, prog_name="mitra")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return 0


while line := sys.stdin.readline():
    request = json.loads(line)
    for module in request["warm"]:
        __import__(module)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the run: no stdin, output to the test's log
        os.close(read)
        quiet, log = os.open(os.devnull, os.O_RDWR), os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        os.dup2(quiet, 0), os.dup2(log, 1), os.dup2(log, 2)
        code = 70
        try:
            code = run(request["args"], request["kill"], write)
        finally:
            sys.stdout.flush(), sys.stderr.flush()
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as fh:
        steps = fh.read().split()
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    print(json.dumps({"killed": killed, "code": os.waitstatus_to_exitcode(status), "steps": steps}), flush=True)
'''


@dataclass(frozen=True)
class KilledRun:
    """How one run ended: SIGKILLed at its kill point, or its exit code (the point was never reached); and the
    file-system steps it began, in order (``replace``, ``rename``, ``exchange``, ``copytree``, ``rmtree``)."""

    killed: bool
    code: int
    steps: tuple[str, ...]


class StepKiller:
    """``mitra`` runs that are SIGKILLed at a chosen file-system step, deterministically.

    One Python process imports the CLI (and the modules named in ``warm``) once, and forks a child for each
    run, so a run costs the command's own work, not Python's start and imports. The child counts the steps
    that change files (a file or folder replaced, renamed, exchanged, copied or removed) and SIGKILLs itself
    just before (or just after) the one asked for: each moment between two writes can be hit on purpose,
    instead of hoping a timed kill lands there. The kill is real: no ``finally``, no clean-up, as with
    ``kill -9``.
    """

    def __init__(self, log: Path) -> None:
        self.log = log
        self.proc = subprocess.Popen([sys.executable, "-c", _KILL_DRIVER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def run(self, args: list[str], kill: tuple[str, str, int] | None = None, *,
            warm: tuple[str, ...] = ()) -> KilledRun:
        """Run ``mitra *args``; ``kill = (when, kind, n)``: SIGKILL it ``"before"`` or ``"after"`` its n-th
        step of ``kind`` (or of ``"any"`` kind); None: let it run to its end."""
        import json

        request = {"args": [str(a) for a in args], "kill": kill, "warm": list(warm), "log": str(self.log)}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"the kill driver died: {self.log.read_text(errors='replace')[-2000:]}"
        reply = json.loads(line)
        return KilledRun(reply["killed"], reply["code"], tuple(reply["steps"]))

    def stop(self) -> None:
        """Stop the driver by its PID (it ends by itself when its stdin closes)."""
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.proc.stdout.close()


@pytest.fixture(scope="session")
def step_killer(tmp_path_factory):
    """A :class:`StepKiller` for the session (one driver process per xdist worker), stopped by its PID at the
    end; the runs' output goes to ``runs.log`` in its folder."""
    killer = StepKiller(tmp_path_factory.mktemp("step-killer") / "runs.log")
    yield killer
    killer.stop()

