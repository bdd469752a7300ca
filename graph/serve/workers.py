"""Worker processes that each hold a store and answer queries; one that outlives its timeout is replaced."""

from __future__ import annotations

import contextlib
import queue
import signal
import threading
from http import HTTPStatus

from ..errors import MitraError
from .evaluate import load_store, run_sparql
from .protocol import QueryReply, refusal, text_reply

__all__ = ["WorkerPool"]


def _worker_main(conn, nquads: bytes) -> None:  # pragma: no cover - runs in a child process
    """Hold a store and answer queries until the parent goes away (its end of the pipe closes)."""
    with contextlib.suppress(KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which then stops us
        store = load_store(nquads)
        conn.send("ready")
        while True:
            try:
                request = conn.recv()
            except (EOFError, OSError):
                return
            conn.send(_answer(store, request))


def _answer(store, request: dict) -> QueryReply:
    """Refuse (update, SERVICE) or run one request; every error becomes an answer, never a dead worker."""
    request = dict(request)
    allow_service = request.pop("allow_service", False)
    try:
        refused = refusal(request["query"], allow_service=allow_service)
        if refused is not None:
            return refused
        return run_sparql(store, **request)
    except RecursionError:
        return text_reply(HTTPStatus.BAD_REQUEST, "malformed query: nested too deeply")
    except MemoryError:
        return text_reply(HTTPStatus.SERVICE_UNAVAILABLE, "the query needed more memory than a worker may use")
    except Exception as exc:  # noqa: BLE001 - the worker answers every error rather than dying
        return text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {type(exc).__name__}: {exc}")


class _Worker:
    def __init__(self, ctx, nquads: bytes) -> None:
        parent, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, nquads), daemon=True, name="mitra-sparql"
        )
        self.process.start()
        child.close()
        self.conn = parent
        if not self.conn.poll(120) or self.conn.recv() != "ready":
            self.kill()
            raise MitraError("a SPARQL worker process did not start")

    def ask(self, request: dict, timeout: float) -> QueryReply | None:
        self.conn.send(request)
        if not self.conn.poll(timeout):
            return None
        return self.conn.recv()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """Worker processes, each with its own store; a worker that times out is killed and replaced."""

    def __init__(self, nquads: bytes, size: int) -> None:
        import multiprocessing

        # spawn: fork is unsafe in a threaded server; a spawned child holds no copy of the parent's sockets
        self._ctx = multiprocessing.get_context("spawn")
        self._nquads = nquads
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, size)):
            self._add(_Worker(self._ctx, nquads))

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
        threading.Thread(target=lambda: self._add(_Worker(self._ctx, self._nquads)), daemon=True).start()

    def run(self, request: dict, timeout: float) -> QueryReply:
        import time

        start = time.monotonic()
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return text_reply(
                HTTPStatus.SERVICE_UNAVAILABLE, f"all query workers are busy; try again ({timeout:g} s)"
            )
        try:
            reply = worker.ask(request, max(0.01, timeout - (time.monotonic() - start)))
        except (EOFError, OSError, BrokenPipeError):
            reply = text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, "the query worker died")
            self._replace(worker)
            return reply
        if reply is None:
            self._replace(worker)
            return text_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"query timed out after {timeout:g} s (raise it with --timeout); the query was stopped",
            )
        self._idle.put(worker)
        return reply

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
