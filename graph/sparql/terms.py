"""Engine-neutral SPARQL result values: :class:`Term`, the literal normal form, :class:`QueryResult`.

Every engine's answer (:mod:`graph.sparql.engines`) becomes these plain values, so the engines can be compared
row for row and rendered alike (:mod:`graph.sparql.results`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from ..namespaces import RDF, XSD

__all__ = ["Term", "QueryResult", "IMPLIED_DATATYPES", "literal_term"]


class Term(NamedTuple):
    """One RDF term of a result, as the SPARQL 1.1 JSON results format types it.

    ``type`` is ``uri``, ``literal`` or ``bnode``. Literals keep their lexical form in ``value``, a
    ``datatype`` IRI (never ``xsd:string`` or ``rdf:langString``: those are implied) and a lowercase
    ``lang``. Numbers are in canonical form, so every engine gives the same text.

    >>> str(Term("uri", "https://w3id.org/mitra/id/jakarta"))
    'https://w3id.org/mitra/id/jakarta'
    """

    type: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def n3(self) -> str:
        """The term in SPARQL/Turtle syntax.

        >>> Term("literal", 'say "hi"', lang="en").n3()
        '"say \\\\"hi\\\\""@en'
        """
        if self.type == "uri":
            return f"<{self.value}>"
        if self.type == "bnode":
            return f"_:{self.value}"
        text = '"' + _escape(self.value) + '"'
        if self.lang:
            return f"{text}@{self.lang}"
        return f"{text}^^<{self.datatype}>" if self.datatype else text


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


IMPLIED_DATATYPES = {str(XSD.string), str(RDF.langString)}
_INTEGERS = {
    str(XSD[t])
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_DECIMAL = str(XSD.decimal)
_FLOATS = {str(XSD.double), str(XSD.float)}
_BOOLEAN = str(XSD.boolean)


def _canonical(value: str, datatype: str) -> str:
    """Canonical lexical form of numbers and booleans: engines differ here (``1.50`` vs ``1.5``)."""
    try:
        if datatype in _INTEGERS:
            return str(int(value))
        if datatype == _DECIMAL:
            d = Decimal(value).normalize()
            return format(d, "f") if d != 0 else "0"
        if datatype in _FLOATS:
            f = float(value)
            return str(int(f)) if f.is_integer() and abs(f) < 1e15 else repr(f)
        if datatype == _BOOLEAN:
            return "true" if value.strip() in ("true", "1") else "false"
    except (ValueError, InvalidOperation, OverflowError):
        pass
    return value


def literal_term(value: str, datatype: str | None = None, lang: str | None = None) -> Term:
    """A literal :class:`Term` in the normal form every engine's output is brought to.

    >>> literal_term("1000000.50", str(XSD.decimal)).value
    '1000000.5'
    """
    if lang:
        return Term("literal", value, None, lang.lower())
    if datatype is None or datatype in IMPLIED_DATATYPES:
        return Term("literal", value)
    return Term("literal", _canonical(value, datatype), datatype)


@dataclass(frozen=True)
class QueryResult:
    """An engine's answer: ``select`` rows, an ``ask`` boolean, or ``graph`` triples (CONSTRUCT/DESCRIBE).

    ``bindings`` hold typed terms (unbound variables are absent); ``rows`` is the plain view a notebook
    or a test wants: one dict of strings per row, every column present (``""`` when unbound).
    """

    kind: str
    columns: tuple[str, ...] = ()
    bindings: tuple[dict[str, Term], ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[Term, Term, Term], ...] = ()

    @property
    def rows(self) -> list[dict[str, str]]:
        """Rows as ``{column: text}`` in column order."""
        cols = self.columns
        return [{c: (b[c].value if c in b else "") for c in cols} for b in self.bindings]

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.bindings)
        return len(self.triples) if self.kind == "graph" else 1

    def limited(self, limit: int | None) -> QueryResult:
        """The first ``limit`` rows (all when ``limit`` is None); other kinds are returned unchanged."""
        if limit is None or self.kind != "select":
            return self
        return QueryResult(self.kind, self.columns, self.bindings[:limit])
