"""Query parameters: ``--param`` values as terms, applied as one ``FILTER`` in the query's WHERE group.

The scanner here also finds the keywords that matter before a query runs (``SERVICE``, ``FROM``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import QueryError
from ..namespaces import MID, PREFIXES, XSD
from .terms import Term, literal_term

__all__ = ["PARAM_KINDS", "QueryShape", "scan_query", "parse_param", "apply_params"]

PARAM_KINDS = ("iri", "string", "integer", "decimal", "date")
"""Kinds a named query's parameter can be declared with (``# param name (kind): doc``)."""

_IRI_OK = re.compile(r"^[^\s<>\"{}|^`\\]+$")


def _iri(raw: str) -> Term:
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    elif ":" in raw and raw.split(":", 1)[0] in PREFIXES:
        prefix, local = raw.split(":", 1)
        raw = PREFIXES[prefix] + local
    elif re.fullmatch(r"[a-z0-9][a-z0-9-]*", raw):
        raw = str(MID[raw])
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", raw) or not _IRI_OK.match(raw):
        raise QueryError(f"{raw!r} is not an IRI, a CURIE (mid:jakarta) or a Mitra id (jakarta)")
    return Term("uri", raw)


def parse_param(raw: str, kind: str | None = None) -> Term:
    """A parameter value as a term of ``kind``; without a kind, IRIs and CURIEs become IRIs,
    whole numbers integers, anything else a plain string.

    >>> parse_param("jakarta", "iri").value
    'https://w3id.org/mitra/id/jakarta'
    >>> parse_param("1986").datatype.endswith("integer")
    True
    """
    if kind is None:
        if (
            (raw.startswith("<") and raw.endswith(">"))
            or re.match(r"^https?://", raw)
            or (":" in raw and raw.split(":", 1)[0] in PREFIXES)
        ):
            kind = "iri"
        elif re.fullmatch(r"[+-]?\d+", raw):
            kind = "integer"
        else:
            kind = "string"
    if kind == "iri":
        return _iri(raw)
    if kind == "string":
        return Term("literal", raw)
    checks = {
        "integer": (r"[+-]?\d+", XSD.integer),
        "decimal": (r"[+-]?(\d+(\.\d*)?|\.\d+)", XSD.decimal),
        "date": (r"\d{4}-\d{2}-\d{2}", XSD.date),
    }
    if kind not in checks:
        raise QueryError(f"unknown parameter kind {kind!r}; known: {', '.join(PARAM_KINDS)}")
    pattern, datatype = checks[kind]
    if not re.fullmatch(pattern, raw.strip()):
        raise QueryError(f"{raw!r} is not a valid {kind}")
    return literal_term(raw.strip(), str(datatype))


_VARNAME = re.compile(r"[0-9A-Za-z_\u00b7-\uffff]+")
_NAME = re.compile(r"[A-Za-z_][\w.-]*(:[\w.%-]*)?|[\w-]+")
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\s]*>")


@dataclass(frozen=True)
class QueryShape:
    """What the scanner found in a query: where its WHERE group opens, and keywords that matter."""

    where_open: int | None
    service: bool
    from_clause: bool
    variables: frozenset[str]


@functools.lru_cache(maxsize=512)
def scan_query(text: str) -> QueryShape:
    """Find the outer WHERE group and the SERVICE/FROM keywords, skipping strings, IRIs and comments."""
    i, n, depth = 0, len(text), 0
    form_seen = where_seen = service = from_clause = False
    where_open: int | None = None
    variables: set[str] = set()
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            m = _IRIREF.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c in "?$":
            m = _VARNAME.match(text, i + 1)
            if m:
                variables.add(m.group(0))
                i = m.end()
            else:
                i += 1
            continue
        if c == "{":
            if depth == 0 and where_open is None and (where_seen or form_seen):
                where_open = i + 1
            depth += 1
        elif c == "}":
            depth -= 1
        elif c.isalpha() or c == "_":
            m = _NAME.match(text, i)
            word = m.group(0)
            if ":" not in word and not (i > 0 and text[i - 1] == ":"):
                kw = word.upper()
                if kw == "SERVICE":
                    service = True
                elif depth == 0 and kw == "FROM":
                    from_clause = True
                elif depth == 0 and kw == "WHERE":
                    where_seen = True
                elif depth == 0 and kw in ("SELECT", "ASK"):
                    form_seen = True
                elif depth == 0 and kw in ("CONSTRUCT", "DESCRIBE"):
                    form_seen = False  # its first group is a template (CONSTRUCT) or absent (DESCRIBE)
            i = m.end()
            continue
        i += 1
    return QueryShape(where_open, service, from_clause, frozenset(variables))


def _condition(var: str, term: Term) -> str:
    if term.type == "uri":
        return f"isIRI(?{var}) && STR(?{var}) = {Term('literal', term.value).n3()}"
    if term.datatype is None and term.lang is None:
        return f"STR(?{var}) = {term.n3()}"
    return f"?{var} = {term.n3()}"


def apply_params(text: str, params: Mapping[str, Term]) -> str:
    """Keep only the rows whose variables equal the given values: one ``FILTER`` in the WHERE group.

    One mechanism for every engine, local or remote, with SPARQL's own semantics. A filter (rather than a
    pre-binding such as ``VALUES`` or rdflib's ``initBindings``) also works for variables bound in an
    OPTIONAL or by BIND, and drops rows where the variable is unbound. IRIs compare as IRIs by their text
    (``isIRI`` and ``STR``: the meaning of ``sameTerm``, which Virtuoso 7.2 gets wrong for a variable bound
    in an OPTIONAL, returning every row with the variable overwritten), plain strings by their text (so
    ``EUR`` matches ``"EUR"`` and a label ``"Jakarta"@en``), numbers and dates by value. The filter goes on
    the line of the opening brace, so error positions stay right.

    >>> apply_params("SELECT ?x WHERE { ?x a ?c }", {"c": Term("uri", "http://e/C")})
    'SELECT ?x WHERE { FILTER(isIRI(?c) && STR(?c) = "http://e/C") ?x a ?c }'
    """
    if not params:
        return text
    shape = scan_query(text)
    missing = sorted(set(params) - shape.variables)
    if missing:
        raise QueryError(f"the query has no variable ?{', ?'.join(missing)} to filter on")
    if shape.where_open is None:
        raise QueryError("parameters need a query with a WHERE group")
    conditions = " && ".join(_condition(v, params[v]) for v in sorted(params))
    return text[: shape.where_open] + f" FILTER({conditions})" + text[shape.where_open :]
