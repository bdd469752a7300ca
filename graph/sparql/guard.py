"""Keep a query that would crash the engine from taking ``mitra query`` down with it (#16).

pyoxigraph's parser and planner recurse once per level of the query's algebra, on the thread's stack: 3,000
nested groups, or 3,000 OPTIONALs (a left-deep chain of LeftJoins), end the process with SIGSEGV (exit 139, no
message). Oxigraph gives Python no algebra to inspect, so the depth is measured here, in two steps:

- a count of every ``{ ( [`` and every ``OPTIONAL``/``MINUS`` in the text, however they are quoted, is a bound
  no tokenization can undercut: at or below :data:`MAX_DEPTH` (every real query; Mitra's deepest named query
  counts 92) the query runs as before, in-process, at the cost of a few ``str.count`` calls;
- above it, the query is tokenized (strings, IRIs, comments and escaped names skipped) and its algebra depth
  measured: bracket nesting plus, per group, the OPTIONAL/MINUS chained in it. Deeper than :data:`MAX_DEPTH`
  is refused with a message naming the limit; otherwise the query runs in a forked child, so that a crash the
  measure did not foresee becomes a :class:`QueryError` naming the signal instead of killing the caller.
"""

from __future__ import annotations

import os
import pickle
import re
import signal
from collections.abc import Callable
from typing import TypeVar

from ..errors import QueryError

__all__ = ["MAX_DEPTH", "depth_bound", "query_depth", "check_depth", "run_isolated"]

MAX_DEPTH = 256
"""Deepest algebra Mitra hands to an engine. pyoxigraph ran 1,000 nested groups and crashed at 2,500 (8 MiB
main-thread stack); rdflib's parser passes Python's recursion limit at a few hundred, and is stopped cleanly."""

_TOKEN = re.compile(
    r'''(?P<skip>\s+|\#[^\n\r]*
        |"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
        |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*'
        |<[^<>"{}|^`\\\x00-\x20]*>|[?$]\w+)
       |(?P<name>(?:[\w\-.:%]|\\.)+)
       |(?P<open>[{(\[])|(?P<close>[})\]])|(?P<other>.)''',
    re.VERBOSE | re.DOTALL,
)

T = TypeVar("T")


def depth_bound(text: str) -> int:
    """An upper bound of :func:`query_depth`, from counts alone (no tokenizing, so nothing can hide from it).

    >>> depth_bound("SELECT * WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?x } }")
    3
    """
    lower = text.lower()
    return sum(lower.count(c) for c in ("{", "(", "[", "optional", "minus"))


def query_depth(text: str) -> int:
    """The depth of the algebra of ``text``: bracket nesting, plus the OPTIONAL and MINUS chained in each group
    (``A OPTIONAL B OPTIONAL C`` is ``LeftJoin(LeftJoin(A, B), C)``, one level per OPTIONAL).

    >>> query_depth("SELECT * WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?x } OPTIONAL { ?s ?r ?y } }")
    4
    >>> query_depth('SELECT * WHERE { ?s ?p "{{{ optional" } # {{{{')
    1
    """
    chained = [0]  # per open bracket: the OPTIONAL/MINUS met so far at that level
    deepest = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "open":
            chained.append(0)
        elif kind == "close" and len(chained) > 1:
            chained.pop()
        elif kind == "name" and m.group().lower() in ("optional", "minus"):
            chained[-1] += 1
        else:
            continue
        deepest = max(deepest, len(chained) - 1 + sum(chained))
    return deepest


def check_depth(text: str, *, origin: str) -> bool:
    """Raise ``QueryError`` when ``text`` is deeper than :data:`MAX_DEPTH`; True when it is near enough to the
    limit (by the count bound) that it should run isolated (:func:`run_isolated`)."""
    if depth_bound(text) <= MAX_DEPTH:
        return False
    depth = query_depth(text)
    if depth > MAX_DEPTH:
        raise QueryError(
            f"{origin}: the query nests {depth} levels deep (groups, brackets and chained OPTIONAL/MINUS); "
            f"Mitra runs queries up to {MAX_DEPTH} levels, since deeper ones crash the engine. "
            "Flatten the query (a VALUES block or UNION instead of nesting)"
        )
    return True


def run_isolated(fn: Callable[[], T], *, origin: str) -> T:
    """``fn()`` evaluated in a forked child: its result or its ``Exception`` come back through a pipe, and a
    child killed by a signal (the engine crashed) becomes a ``QueryError``. Without ``fork``, ``fn()`` runs here.
    """
    if not hasattr(os, "fork"):
        return fn()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        code = 0
        try:
            import faulthandler

            faulthandler.disable()  # the parent reports the crash; no dump of the caller's stack on stderr
            os.close(read_end)
            try:
                payload = (True, fn())
            except Exception as exc:  # sent back and raised in the parent
                payload = (False, exc)
            with os.fdopen(write_end, "wb") as fh:
                pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        data = fh.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        raise QueryError(f"{origin}: the query engine crashed ({name}) on this query; nothing was answered. "
                         f"Simplify or flatten the query (Mitra refuses queries deeper than {MAX_DEPTH} levels)")
    if os.WEXITSTATUS(status) != 0 or not data:
        raise QueryError(f"{origin}: the query could not be evaluated (its worker exited with "
                         f"{os.WEXITSTATUS(status)})")
    ok, value = pickle.loads(data)  # noqa: S301 - our own child's answer
    if not ok:
        raise value
    return value
