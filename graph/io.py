"""Atomic writes: an output is either the complete new file or the old one, never half of either."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from .errors import MitraError

__all__ = ["atomic_write", "write_text", "write_bytes", "write_pieces", "write_pieces_together", "swap_directory",
           "staged_copy", "written_sha256", "fork_call", "Forked", "WorkerDiedError", "WorkerTracebackError"]


@contextlib.contextmanager
def atomic_write(path: Path | str, *, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Write to a temp file beside ``path`` and move it into place only if the body succeeds.

    ``click.open_file(atomic=True)`` replaces the target even when the body raises (style.md G3),
    so Mitra uses this instead.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        Path(tmp).chmod(0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary shareable files
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise


# The SHA-256 of each file written below, taken from the bytes as they were written, so the build stamp does not
# read its outputs back to hash them (at 30x the data, 516 MB: 0.94 CPU s, in the build's serial tail, #15). Keyed by
# absolute path; an entry counts only while the file's device, inode, size and mtime are those seen right after
# the write (written_sha256). Bounded, since a long-lived process (mitra serve) writes new staging paths each build.
_DIGESTS: dict[str, tuple[tuple[int, int, int, int], str]] = {}
_DIGESTS_KEPT = 256


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def _remember(path: Path, digest: str) -> None:
    key = str(Path(path).absolute())
    _DIGESTS.pop(key, None)
    _DIGESTS[key] = (_identity(Path(path).stat()), digest)
    while len(_DIGESTS) > _DIGESTS_KEPT:
        del _DIGESTS[next(iter(_DIGESTS))]


def written_sha256(path: Path | str) -> str | None:
    """The SHA-256 of ``path`` as this process, or a worker it forked with :func:`fork_call`, wrote it through
    this module; ``None`` if it did not, or if the file has changed since (device, inode, size or mtime)."""
    rec = _DIGESTS.get(str(Path(path).absolute()))
    if rec is None:
        return None
    try:
        return rec[1] if _identity(Path(path).stat()) == rec[0] else None
    except OSError:
        return None


class _HashedOutput:
    """The handle of an output being written: encodes text as UTF-8 (as a text-mode file on POSIX would) and
    hashes the bytes on their way to the file."""

    def __init__(self, fh: IO[bytes], *, text: bool) -> None:
        self.fh, self.text, self.sha = fh, text, hashlib.sha256()

    def write(self, piece: str | bytes) -> None:
        if self.text:
            piece = piece.encode("utf-8") if os.linesep == "\n" else piece.replace("\n", os.linesep).encode("utf-8")
        self.sha.update(piece)
        self.fh.write(piece)


@contextlib.contextmanager
def _output(path: Path | str, *, text: bool) -> Iterator[_HashedOutput]:
    """:func:`atomic_write` with the written bytes hashed, the digest remembered once the file is in place."""
    with atomic_write(path, mode="wb") as fh:
        out = _HashedOutput(fh, text=text)
        yield out
    _remember(Path(path), out.sha.hexdigest())


def write_text(path: Path | str, text: str) -> None:
    """Atomically write ``text`` as UTF-8."""
    with _output(path, text=True) as fh:
        fh.write(text)


def write_bytes(path: Path | str, data: bytes) -> None:
    """Atomically write ``data``."""
    with _output(path, text=False) as fh:
        fh.write(data)


def write_pieces(path: Path | str, pieces: Iterable[str] | Iterable[bytes], *, binary: bool = False) -> None:
    """Atomically write ``pieces`` one after another: text as UTF-8, or bytes when ``binary``. The pieces are
    joined about 1 MB at a time (a big output comes as many small pieces, and is never held whole), and nothing
    is written if making one of them fails."""
    with _output(path, text=not binary) as fh:
        batch: list = []
        held = 0
        for piece in pieces:
            batch.append(piece)
            held += len(piece)
            if held >= 1 << 20:
                fh.write(batch[0][:0].join(batch))
                batch, held = [], 0
        if batch:
            fh.write(batch[0][:0].join(batch))


def write_pieces_together(paths: Sequence[Path | str], pieces: Iterable[Sequence[str]]) -> None:
    """Atomically write several text files from one stream: each item of ``pieces`` holds the next piece of every
    file, in the order of ``paths`` (a piece may be empty). For files made from the same parts, each part made
    once (Turtle and TriG share their blocks); joined about 1 MB at a time as :func:`write_pieces` does. If
    making a piece fails, no file is replaced."""
    with contextlib.ExitStack() as stack:
        handles = [stack.enter_context(_output(path, text=True)) for path in paths]
        batches: list[list[str]] = [[] for _ in handles]
        held = 0
        for item in pieces:
            for batch, piece in zip(batches, item, strict=True):
                if piece:
                    batch.append(piece)
                    held += len(piece)
            if held >= 1 << 20:
                for fh, batch in zip(handles, batches, strict=True):
                    fh.write("".join(batch))
                    batch.clear()
                held = 0
        for fh, batch in zip(handles, batches, strict=True):
            fh.write("".join(batch))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step with Linux's ``renameat2(RENAME_EXCHANGE)``; False where unsupported."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return rc == 0


def swap_directory(new: Path | str, target: Path | str) -> None:
    """Put the complete directory ``new`` in place of ``target``, so ``target`` is always the old or the new.

    On Linux both names are exchanged atomically (``renameat2``); ``new`` then holds the old contents, for the
    caller to delete. Elsewhere ``target`` is moved aside and ``new`` moved in (two renames; a kill between
    them leaves the old contents at ``new``'s sibling ``target.old``, never a mix).
    """
    new, target = Path(new), Path(target)
    if not target.exists():
        new.rename(target)
        new.mkdir()
        return
    if _exchange(new, target):
        return
    aside = target.with_name(target.name + ".old")
    if aside.exists():
        import shutil

        shutil.rmtree(aside)
    target.rename(aside)
    new.rename(target)
    aside.rename(new)


@contextlib.contextmanager
def staged_copy(target: Path | str, *, tag: str) -> Iterator[Path]:
    """A complete copy of the directory ``target``, made beside it, to change freely and then swap in whole.

    When the body succeeds the copy replaces ``target`` through :func:`swap_directory`; when it raises (or the
    process dies), ``target`` is untouched. The staging folder (``.<name>.<tag>-*`` beside ``target``) is removed
    either way, and ones left by killed runs with the same ``tag`` are cleared first.
    """
    import shutil

    target = Path(target)
    for stale in target.parent.glob(f".{target.name}.{tag}-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.{tag}-", dir=target.parent))
    try:
        copy = stage / target.name
        shutil.copytree(target, copy)
        yield copy
        swap_directory(copy, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


class WorkerDiedError(MitraError):
    """A forked worker ended without a result (killed by a signal, or exited on its own): the build it was part
    of failed, and nothing of it was swapped in."""


class WorkerTracebackError(Exception):
    """The traceback of an exception raised in a forked worker, as text: the ``__cause__`` of the exception
    re-raised in the parent (a traceback does not pickle), so a crash still shows where it happened."""


class Forked:
    """A function running in a child forked by :func:`fork_call`: :meth:`result` waits for it and returns its
    value or re-raises its exception; :meth:`cancel` kills it. Either reaps the child, so none is left."""

    def __init__(self, pid: int, fd: int, name: str) -> None:
        self.pid, self.fd, self.name = pid, fd, name
        self._done = False

    def result(self, timeout: float | None = None) -> Any:
        """The child's return value, or its exception re-raised here (the same type and message as if the
        function had run in this process); :class:`WorkerDiedError` if it ended without saying (a kill, an OOM).

        ``timeout``: seconds to wait for the child to finish; past them it is killed and reaped, and
        ``TimeoutError`` is raised (the child writes its answer only when done, so a readable pipe means done)."""
        import pickle
        import select

        if timeout is not None and not select.select([self.fd], [], [], timeout)[0]:
            self.cancel()
            raise TimeoutError(f"the {self.name} worker (pid {self.pid}) ran longer than {timeout:g} s")
        with os.fdopen(self.fd, "rb") as fh:
            payload = fh.read()
        _, status = os.waitpid(self.pid, 0)
        self._done = True
        if not payload:
            raise WorkerDiedError(f"the {self.name} worker (pid {self.pid}) ended without a result: "
                             f"{_ended(status)}; nothing was written")
        ok, value, trace, digests = pickle.loads(payload)
        _DIGESTS.update(digests)  # the files the child wrote, for written_sha256 here
        if ok:
            return value
        raise value from WorkerTracebackError(trace)

    def cancel(self) -> None:
        """Kill the child (if still running) and reap it."""
        if self._done:
            return
        import signal

        self._done = True
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)


def _ended(status: int) -> str:
    import signal

    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def fork_call(fn: Callable[..., Any], *args: Any, name: str = "build") -> Forked:
    """Run ``fn(*args)`` in a forked child, on another core, and return at once (POSIX only).

    Forked rather than spawned: the child starts with this process's memory as it is (the built graph, the
    network), shared copy-on-write, instead of pickling hundreds of MB across. ``gc.freeze()`` first, so the
    child's collector never writes into the shared objects' headers (which would copy their pages). The child
    dies with its parent (``PR_SET_PDEATHSIG`` on Linux), sends back its result or its exception pickled through
    a pipe, and leaves with ``os._exit``: no ``atexit`` handler, ``finally`` or buffered output of the parent's
    runs twice. The caller calls ``gc.unfreeze()`` once its workers are done (frozen objects are never
    collected, which a long-lived process that builds many times cannot afford).
    """
    import gc

    gc.freeze()
    read, write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        _die_with(parent)
        _run_child(fn, args, write)
    os.close(write)
    return Forked(pid, read, name)


def _die_with(parent: int) -> None:
    """Have the kernel SIGKILL this child when its parent dies (Linux), so a killed build leaves no worker
    writing into a staging folder the next build clears."""
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _run_child(fn: Callable[..., Any], args: tuple, write: int) -> None:
    import pickle
    import traceback

    code = 1
    before = dict(_DIGESTS)

    def written() -> dict:  # the digests of the files this child wrote, sent back with its answer
        return {k: v for k, v in _DIGESTS.items() if before.get(k) != v}

    try:
        try:
            payload = pickle.dumps((True, fn(*args), "", written()))
            code = 0
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent, which re-raises it
            trace = traceback.format_exc()
            try:
                payload = pickle.dumps((False, exc, trace, written()))
                pickle.loads(payload)  # an exception whose arguments do not round-trip is sent as text
            except Exception:  # noqa: BLE001
                payload = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}"), trace, written()))
        view = memoryview(payload)
        while view:
            view = view[os.write(write, view):]
    finally:
        os._exit(code)
