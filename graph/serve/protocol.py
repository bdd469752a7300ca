"""The SPARQL 1.1 Protocol side of the endpoint: media types, content negotiation, request checks, replies."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus

__all__ = [
    "RESULTS_MEDIA",
    "RDF_MEDIA",
    "FORMAT_PARAM",
    "QueryReply",
    "text_reply",
    "with_charset",
    "negotiate",
    "format_param",
    "uses_service",
    "refusal",
    "MAX_QUERY_BYTES",
    "MAX_DEPTH",
    "too_large",
    "nesting_depth",
    "too_deep",
]

# Bounds on a query's text, checked before anything parses it (#16). 64 KiB is about the most a GET can carry
# (http.server refuses a request line over 65,536 bytes), so a query that works by POST works by GET. The named
# queries are under 4 KiB and nested under 10 deep; pyoxigraph's recursive parser and planner overflow an
# 8 MiB stack at about 1,000 levels of STR(...) or 3,000 nested groups, so the worker runs queries on a large
# stack as well (see workers.py).
MAX_QUERY_BYTES = 64 * 1024
MAX_DEPTH = 128

# Media type → format name, for SELECT/ASK results and CONSTRUCT/DESCRIBE graphs. The first is the default.
RESULTS_MEDIA = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
RDF_MEDIA = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "text/plain": "ntriples",
    "application/x-turtle": "turtle",
    "application/json": "jsonld",  # what SPARQLWrapper's JSON asks for a CONSTRUCT
}
# The `format` (or `output`) parameter of browsers' links and of clients such as SPARQLWrapper, which send
# it beside Accept: a short name means one type for SELECT/ASK results and one for CONSTRUCT/DESCRIBE graphs
# (as in Fuseki).
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "n3": (None, "text/turtle"),
    "nt": (None, "application/n-triples"),
    "ntriples": (None, "application/n-triples"),
    "json-ld": (None, "application/ld+json"),
    "jsonld": (None, "application/ld+json"),
    "rdf": (None, "application/rdf+xml"),
    "rdf+xml": (None, "application/rdf+xml"),
}


@dataclass(frozen=True)
class QueryReply:
    """A worker's answer: HTTP status, media type, body, and whether rows were cut at the limit."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False


def text_reply(status: int, message: str) -> QueryReply:
    """A plain-text reply, for errors and refusals."""
    return QueryReply(int(status), "text/plain; charset=utf-8", (message + "\n").encode())


def with_charset(media: str) -> str:
    """``media`` with ``; charset=utf-8``, except for JSON types (UTF-8 by definition)."""
    return media if media.endswith("json") else f"{media}; charset=utf-8"


def _accept_ranges(accept: str) -> list[tuple[float, int, str]]:
    ranges = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.lower().startswith("q="):
                with contextlib.suppress(ValueError):
                    q = float(p[2:])
        if media:
            ranges.append((q, -i, media.lower()))
    return sorted(ranges, reverse=True)


def negotiate(accept: str | None, choices: dict[str, str]) -> str | None:
    """The media type of ``choices`` that ``accept`` prefers; the first choice for ``*/*``; None if none fits.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULTS_MEDIA)
    'application/sparql-results+xml'
    >>> negotiate("text/*", RESULTS_MEDIA)
    'text/csv'
    >>> negotiate(None, RDF_MEDIA)
    'text/turtle'
    >>> negotiate("image/png", RDF_MEDIA) is None
    True
    """
    if not accept or not accept.strip():
        return next(iter(choices))
    for q, _, media in _accept_ranges(accept):
        if q <= 0:
            continue
        if media in ("*/*", "*"):
            return next(iter(choices))
        if media.endswith("/*"):
            major = media[:-1]
            hit = next((m for m in choices if m.startswith(major)), None)
            if hit:
                return hit
        elif media in choices:
            return media
    return None


def format_param(params: dict[str, list[str]]) -> tuple[str | None, str | None]:
    """The (results, graph) media types that a ``format``/``output`` parameter asks for, if known."""
    for key in ("format", "output"):
        for value in params.get(key, ()):
            value = value.strip().lower()
            if value in FORMAT_PARAM:
                return FORMAT_PARAM[value]
            if value in RESULTS_MEDIA or value in RDF_MEDIA:
                return (value if value in RESULTS_MEDIA else None, value if value in RDF_MEDIA else None)
    return None, None


def uses_service(query: str, *, prefixes: Mapping[str, str] | None = None) -> bool:
    """Whether ``query`` contains a ``SERVICE`` pattern (federated query), as Oxigraph's own parser sees it.

    See ``graph.sparql.federation``: a query that does not parse once every ``service`` is neutralised is
    counted as federating, so nothing the engine would federate gets through.

    >>> uses_service("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT ?service WHERE { ?s <http://e/service> ?service FILTER(?s != "SERVICE") }')
    False
    """
    from ..sparql.federation import service_verdict

    return service_verdict(query, prefixes=None if prefixes is None else dict(prefixes)).service


_UPDATE_WORD = re.compile(r"\b(?:insert|delete|load|clear|create|drop|copy|move|add)\b", re.IGNORECASE)


def _is_update(text: str) -> bool:
    import pyoxigraph as ox

    from ..sparql.federation import mask_service

    try:  # Oxigraph's parser is fast; the text with every `service` neutralised cannot federate
        ox.Store().query(mask_service(text))
        return False
    except SyntaxError:
        pass
    except (OSError, ValueError, RuntimeError):
        return False
    # Not a query. Without an update keyword it cannot be an update either: a malformed query, answered 400
    # without rdflib's parser (which takes seconds on a large text).
    if not _UPDATE_WORD.search(text):
        return False
    # only now rdflib (importing its parser costs about half a second in a fresh worker)
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parseQuery(text)
        return False
    except (ParseException, ValueError, TypeError, RecursionError):
        pass
    try:
        parseUpdate(text)
        return True
    except (ParseException, ValueError, TypeError, RecursionError):
        return False


def refusal(query: str, *, allow_service: bool, prefixes: Mapping[str, str] | None = None) -> QueryReply | None:
    """Why this endpoint will not run ``query`` (403 for an update or for SERVICE), or None if it may run.
    ``prefixes`` are those the query runs with (Mitra's by default; see ``run_sparql``).

    >>> refusal("DELETE WHERE { ?s ?p ?o }", allow_service=False).status
    403
    >>> refusal("SELECT * WHERE { ?s ?p ?o }", allow_service=False) is None
    True
    """
    if _is_update(query):
        return text_reply(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
    if not allow_service and uses_service(query, prefixes=prefixes):
        return text_reply(
            HTTPStatus.FORBIDDEN,
            "SERVICE (federated query) is refused: SERVICE is disabled on this endpoint",
        )
    return None


def too_large(query: str) -> QueryReply | None:
    """413 for a query over ``MAX_QUERY_BYTES`` (UTF-8), decided from its length alone, before any parse.

    >>> too_large("x" * 1_000_000).status
    413
    >>> too_large("ASK {}") is None
    True
    """
    size = len(query.encode("utf-8", errors="replace"))
    if size <= MAX_QUERY_BYTES:
        return None
    return text_reply(
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the query has {size} bytes; queries are limited to {MAX_QUERY_BYTES}"
    )


# Tokens that may hold a bracket that is not one: strings (long forms first), IRIs, escapes (`\#` in a
# prefixed name is no comment), comments. Anything else is scanned a run of plain characters at a time.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|\\."
    r"|#[^\n]*"
    r"|(?P<open>[{(\[])|(?P<close>[})\]])"
    r"""|[^"'<#{}()\[\]\\]+|.""",
    re.DOTALL,
)


def nesting_depth(query: str) -> int:
    """The deepest nesting of ``{ ( [`` in ``query``, outside strings, IRIs and comments; one linear scan.

    An unterminated string is scanned as text, so its brackets count: the estimate errs towards refusing.

    >>> nesting_depth('SELECT * WHERE { ?s ?p "{{{" FILTER(STR(?o)) } # {{{')
    3
    >>> nesting_depth("SELECT * WHERE " + "{ " * 300 + "?s ?p ?o" + " }" * 300)
    300
    """
    depth = deepest = 0
    for m in _TOKENS.finditer(query):
        if m.group("open"):
            depth += 1
            deepest = max(deepest, depth)
        elif m.group("close"):
            depth = max(0, depth - 1)
    return deepest


def too_deep(query: str) -> QueryReply | None:
    """400 for a query nested deeper than ``MAX_DEPTH`` brackets, before the engine's recursive parser sees it.

    >>> too_deep("SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000).status
    400
    >>> too_deep("SELECT * WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?v } }") is None
    True
    """
    depth = nesting_depth(query)
    if depth <= MAX_DEPTH:
        return None
    return text_reply(
        HTTPStatus.BAD_REQUEST,
        f"malformed query: nested too deeply ({depth} levels of brackets; at most {MAX_DEPTH})",
    )
