"""Whether a query federates (``SERVICE``), decided by the parsers that would run it, never by a text scan.

A lexical scan gets SPARQL's tokens wrong at the edges (issue #16: ``ex:a\\#b`` is one prefixed name, and a
scan that took ``#b …`` for a comment let ``SERVICE`` through). Oxigraph exposes no algebra to Python and no
switch to turn federation off, so its own parser decides: every ``service`` in the text, wherever it is, is
changed to ``servicx`` (same length, so positions stay), and the changed text is parsed by Oxigraph without
being evaluated. ``servicx`` is never a keyword, so the changed text federates nowhere. It parses only if no
``service`` was the keyword — inside an IRI, a string, a comment, a variable or a prefixed name the change
keeps the text valid — so a query whose changed text parses has no ``SERVICE`` pattern. One that does not
parse is not run at all. For rdflib, which fetches a ``SERVICE`` with urllib, rdflib's own parse tree is
checked too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ServiceVerdict", "service_verdict", "rdflib_uses_service", "mask_service"]

_SERVICE = re.compile("service", re.IGNORECASE)
_POSITION = re.compile(r"error at (\d+):(\d+)")


@dataclass(frozen=True)
class ServiceVerdict:
    """What Oxigraph's parser says: ``service`` (a SERVICE pattern, or a parse that fails after a ``service``),
    or the syntax error met before any ``service`` (then the query is malformed), or neither (safe to run)."""

    service: bool
    syntax_error: SyntaxError | None = None

    @property
    def runs_locally(self) -> bool:
        """True when the query may be run without reaching any other endpoint."""
        return not self.service and self.syntax_error is None


def mask_service(text: str) -> str:
    """``text`` with every ``service`` changed to ``servicx`` (same length): it parses only if no ``SERVICE``
    was a keyword, and then federates nowhere (the endpoint parses it to tell a query from an update)."""
    return _SERVICE.sub(lambda m: m.group()[:-1] + ("X" if m.group()[-1].isupper() else "x"), text)


def _offset(text: str, exc: SyntaxError) -> int | None:
    m = _POSITION.search(str(exc))
    if not m:
        return None
    line, col = int(m.group(1)), int(m.group(2))
    lines = text.split("\n")
    if line > len(lines):
        return len(text)
    return sum(len(x) + 1 for x in lines[: line - 1]) + col - 1


def service_verdict(text: str, *, prefixes: dict | None = None) -> ServiceVerdict:
    """Whether Oxigraph would run a ``SERVICE`` pattern of ``text``, found by its parser (nothing is evaluated).

    >>> service_verdict("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }").service
    True
    >>> service_verdict("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\\\#b ?o . SERVICE <http://e/> {} }").service
    True
    >>> service_verdict("SELECT ?service WHERE { ?s <http://e/service> ?service }").runs_locally
    True
    """
    first = _SERVICE.search(text)
    if first is None:
        return ServiceVerdict(False)
    import pyoxigraph as ox

    if not prefixes:  # imported here: the endpoint's workers pass theirs and never load rdflib
        from ..namespaces import PREFIXES

        prefixes = PREFIXES
    masked = mask_service(text)
    try:
        # Store.query parses (and plans) eagerly and evaluates lazily: nothing is iterated here.
        ox.Store().query(masked, prefixes={p: str(iri) for p, iri in prefixes.items()})
    except SyntaxError as exc:
        at = _offset(masked, exc)
        # Text before the first `service` is unchanged, so an error that far before it is the query's own.
        if at is not None and at < first.start():
            return ServiceVerdict(False, exc)
        return ServiceVerdict(True)
    except (OSError, ValueError, RuntimeError):
        pass  # an evaluation error on an empty store: the parse succeeded
    return ServiceVerdict(False)


def rdflib_uses_service(text: str) -> bool:
    """Whether rdflib's parse tree of ``text`` holds a ``SERVICE`` pattern (False when rdflib cannot parse it).

    >>> rdflib_uses_service("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    True
    """
    from pyparsing import ParseException, ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    def names(x: object):
        if isinstance(x, CompValue):
            yield x.name
            for v in x.values():
                yield from names(v)
        elif isinstance(x, (ParseResults, list, tuple)):
            for v in x:
                yield from names(v)

    try:
        tree = parseQuery(text)
    except (ParseException, ValueError, TypeError, RecursionError):
        return False
    return "ServiceGraphPattern" in set(names(tree))
