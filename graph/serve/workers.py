"""Worker processes that each hold a store and answer queries, one at a time, under a time and memory bound.

A query that outlives its timeout, or whose worker grows past its memory bound, gets a 503 and its worker is
killed and replaced (pyoxigraph cannot cancel a running query, so only a process boundary stops one). Requests
that find every worker busy wait in a queue, in arrival order, rather than fail: a burst is served late, not
refused (#16).
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import threading
import time
from http import HTTPStatus
from pathlib import Path

from ..errors import MitraError
from .evaluate import load_store, run_sparql
from .protocol import QueryReply, refusal, text_reply, too_deep, too_large

__all__ = ["WorkerPool", "STACK_BYTES"]

# The stack of the thread that parses and runs queries in a worker. pyoxigraph's parser and planner recurse
# once per level of a query; on the default 8 MiB stack about 1,000 levels of STR(...) segfault the process.
# 256 MiB ran every query shape tried up to the 64 KiB size limit (16,000 nested groups, 16,000 STR(...),
# 4,300 BINDs); 512 MiB leaves room. It is address space: only the pages a query touches become memory.
STACK_BYTES = 512 << 20
_POLL = 0.02  # seconds between two looks at a busy worker's memory


def _worker_main(conn, nquads: bytes, memory_bytes: int, prefixes: dict[str, str]) -> None:  # pragma: no cover
    """Answer queries on a thread with a large stack until the parent goes away (its end of the pipe closes)."""
    with contextlib.suppress(KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which then stops us
        threading.stack_size(STACK_BYTES)
        worker = threading.Thread(target=_serve, args=(conn, nquads, memory_bytes, prefixes), name="mitra-query")
        worker.start()
        worker.join()


def _serve(conn, nquads: bytes, memory_bytes: int, prefixes: dict[str, str]) -> None:  # pragma: no cover
    store = load_store(nquads)
    # one query before "ready" imports what answering needs, so the first client of a new or replaced worker
    # does not wait for it. The prefixes come as plain strings: a worker never imports rdflib (which
    # graph.namespaces needs) unless a malformed text makes it parse with rdflib's parser; that keeps a start,
    # and a replacement after a runaway query, at a third of the time.
    _answer(store, {"query": "ASK {}", "results_media": "application/sparql-results+json", "rdf_media": None,
                    "limit": 1}, prefixes)
    _limit_address_space(memory_bytes)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_answer(store, request, prefixes))


def _limit_address_space(memory_bytes: int) -> None:  # pragma: no cover - runs in a child
    """A hard backstop behind the parent's watch on this process's memory: the address space may grow by
    twice the memory bound (plus slack for allocator arenas) beyond what the loaded store and the stack
    reserve. Past it an allocation fails: Python raises MemoryError (answered below), Rust aborts the
    process (SIGABRT, which the parent reports as the memory bound)."""
    import resource

    if memory_bytes <= 0:
        return
    try:
        size = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return
    limit = size + 2 * memory_bytes + (256 << 20)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))


def _answer(store, request: dict, prefixes: dict[str, str]) -> QueryReply:
    """Check (size, depth, update, SERVICE) and run one request; every error becomes an answer, never a dead
    worker. The checks run here, under the query's timeout, not in the HTTP process (#16)."""
    request = dict(request)
    allow_service = request.pop("allow_service", False)
    try:
        query = request["query"]
        refused = (too_large(query) or too_deep(query)
                   or refusal(query, allow_service=allow_service, prefixes=prefixes))
        if refused is not None:
            return refused
        return run_sparql(store, **request, prefixes=prefixes)
    except RecursionError:
        return text_reply(HTTPStatus.BAD_REQUEST, "malformed query: nested too deeply")
    except MemoryError:
        return text_reply(HTTPStatus.SERVICE_UNAVAILABLE, "the query needed more memory than a worker may use")
    except Exception as exc:  # noqa: BLE001 - the worker answers every error rather than dying
        return text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {type(exc).__name__}: {exc}")


def _resident_bytes(pid: int) -> int:
    """The resident memory of process ``pid`` (Linux ``/proc``); 0 where it cannot be read."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


_TIMEOUT, _MEMORY, _DIED = "timeout", "memory", "died"


class _Worker:
    def __init__(self, ctx, nquads: bytes, memory_bytes: int, prefixes: dict[str, str]) -> None:
        parent, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, nquads, memory_bytes, prefixes), daemon=True, name="mitra-sparql"
        )
        self.process.start()
        child.close()
        self.conn = parent
        if not self.conn.poll(120) or self.conn.recv() != "ready":
            self.kill()
            raise MitraError("a SPARQL worker process did not start")
        self.memory_bytes = memory_bytes

    def ask(self, request: dict, timeout: float) -> QueryReply | str:
        """The worker's reply, or why there is none: ``_TIMEOUT``, ``_MEMORY`` (over its ceiling) or ``_DIED``."""
        # the bound is on what this query adds to the worker as it stands before it (store loaded)
        ceiling = _resident_bytes(self.process.pid) + self.memory_bytes if self.memory_bytes > 0 else 0
        try:
            self.conn.send(request)
            deadline = time.monotonic() + timeout
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return _TIMEOUT
                if self.conn.poll(min(left, _POLL)):
                    return self.conn.recv()
                if ceiling and _resident_bytes(self.process.pid) > ceiling:
                    return _MEMORY
        except (EOFError, OSError):
            self.process.join(5)
            # Rust aborts (SIGABRT) when an allocation fails, which is what the address-space limit causes
            return _MEMORY if self.process.exitcode == -signal.SIGABRT else _DIED

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """Worker processes, each with its own store, and the queue of requests waiting for one.

    Args:
        nquads: the dataset each worker loads.
        size: how many workers (queries that run at once).
        memory_mb: what one query may add to its worker's resident memory; 0 for no bound.
        queue_size: how many requests may wait for a worker; one more gets 503 at once.
        queue_wait: seconds a request may wait for a worker before it gets 503 (its run then has the whole
            query timeout: waiting does not eat into it).
        prefixes: prefix → IRI declared for every query; Mitra's (``graph.namespaces.PREFIXES``) by default.
    """

    def __init__(
        self, nquads: bytes, size: int, *, memory_mb: int = 1024, queue_size: int = 1024, queue_wait: float = 60.0,
        prefixes: dict[str, str] | None = None,
    ) -> None:
        import multiprocessing

        if prefixes is None:
            from ..namespaces import PREFIXES

            prefixes = PREFIXES
        self._prefixes = {p: str(iri) for p, iri in prefixes.items()}

        # spawn: fork is unsafe in a threaded server; a spawned child holds no copy of the parent's sockets
        self._ctx = multiprocessing.get_context("spawn")
        self._nquads = nquads
        self._memory_bytes = max(0, memory_mb) << 20
        self._memory_mb = memory_mb
        self._queue_size = queue_size
        self._queue_wait = queue_wait
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._waiting = 0
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, size)):
            self._add(self._start())

    def _start(self) -> _Worker:
        return _Worker(self._ctx, self._nquads, self._memory_bytes, self._prefixes)

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        threading.Thread(target=lambda: self._add(self._start()), daemon=True).start()

    def _take(self) -> _Worker | QueryReply:
        """An idle worker, after waiting in line for one; or the 503 that says why there is none."""
        with self._lock:
            if self._waiting >= self._queue_size:
                return text_reply(
                    HTTPStatus.SERVICE_UNAVAILABLE, f"{self._waiting} queries are waiting for a worker; try again"
                )
            self._waiting += 1
        try:
            return self._idle.get(timeout=self._queue_wait)
        except queue.Empty:
            return text_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"all query workers stayed busy for {self._queue_wait:g} s; try again",
            )
        finally:
            with self._lock:
                self._waiting -= 1

    def run(self, request: dict, timeout: float) -> QueryReply:
        """Wait for a worker, run ``request`` on it for at most ``timeout`` seconds, and answer."""
        worker = self._take()
        if isinstance(worker, QueryReply):
            return worker
        reply = worker.ask(request, timeout)
        if isinstance(reply, QueryReply):
            self._idle.put(worker)
            return reply
        self._replace(worker)
        if reply == _TIMEOUT:
            return text_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query timed out after {timeout:g} s (the endpoint's time limit); the query was stopped",
            )
        if reply == _MEMORY:
            return text_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query exceeded the endpoint's memory limit ({self._memory_mb} MiB); the query was stopped",
            )
        return text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, "the query worker died; it was replaced")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
