"""SPARQL syntax errors as ``origin:line:column`` messages with the offending line and a caret."""

from __future__ import annotations

import re

from ..errors import QueryError
from ..namespaces import PREFIXES

__all__ = ["check_syntax", "query_error_at", "clean_oxigraph_message"]


def query_error_at(text: str, line: int, col: int, origin: str, message: str) -> QueryError:
    """A ``QueryError`` that names ``origin``, line and column, and shows the line with a caret under ``col``."""
    lines = text.splitlines() or [""]
    line = max(1, min(line, len(lines)))
    src = lines[line - 1]
    col = max(1, min(col, len(src) + 1))
    return QueryError(f"{origin}:{line}:{col}: SPARQL syntax error: {message}\n  {src}\n  {' ' * (col - 1)}^")


def clean_oxigraph_message(msg: str) -> str:
    """Oxigraph's parser message in one line, in the words rdflib's check uses ('undeclared prefix')."""
    msg = " ".join(msg.split())
    if "Prefix not found" in msg:
        return "undeclared prefix"
    if "variable that is unbound" in msg:
        return "the SELECT contains a variable that is unbound"
    return msg if len(msg) <= 120 else msg[:117] + "..."


def _syntax_error(text: str, exc: SyntaxError, origin: str) -> QueryError:
    """Turn Oxigraph's message into ``origin:line:col: …``; rdflib's parser, when it fails too, points
    at the start of the offending token where Oxigraph points after it, so its position is preferred."""
    m = re.match(r"error at (\d+):(\d+): (.*)", str(exc), re.S)
    if not m:
        return QueryError(f"{origin}: SPARQL syntax error: {clean_oxigraph_message(str(exc))}")
    line, col, msg = int(m.group(1)), int(m.group(2)), clean_oxigraph_message(m.group(3))
    if msg == "undeclared prefix":
        src = (text.splitlines() or [""])[line - 1] if line <= len(text.splitlines()) else ""
        pm = re.search(r"([A-Za-z][\w.-]*)?:[\w.%-]*$", src[: col - 1])
        if pm:
            return query_error_at(text, line, pm.start() + 1, origin, f"undeclared prefix {pm.group(1) or ''}:")
    try:
        from rdflib.plugins.sparql.parser import parseQuery

        parseQuery(text)
    except Exception as rexc:  # pyparsing's ParseException and friends
        if getattr(rexc, "lineno", None):
            rmsg = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)$", "", str(rexc))
            return query_error_at(text, rexc.lineno, rexc.col, origin, rmsg)
    return query_error_at(text, line, col, origin, msg)


def check_syntax(text: str, *, origin: str = "query") -> None:
    """Raise ``QueryError`` naming ``origin:line:column`` if ``text`` is not valid SPARQL 1.1 for Oxigraph.

    The query is parsed by running it against an empty store, so nothing is read and nothing leaves
    the machine (SERVICE is refused before this).

    >>> check_syntax("SELECT ?x WHERE { ?x a mitra:Province }")
    """
    import pyoxigraph as ox

    try:
        ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise _syntax_error(text, exc, origin) from None
    except (OSError, ValueError):
        pass  # evaluation errors are the engine's to report
