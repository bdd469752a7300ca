"""The CSV tables of ``data/``: their columns, and the pure rules that turn one row into triples.

Every table is declared once here; the loader, the docs test and ``data/README.md`` follow it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import chain, filterfalse, islice, repeat

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..namespaces import MID, MITRA, RDF, RDFS, SKOS, XSD

__all__ = [
    "SEPARATOR",
    "Column",
    "Table",
    "TABLES",
    "id_term",
    "CellError",
    "parse_date",
    "parse_decimal",
    "split_multi",
    "row_triples",
    "row_heads",
    "cell_pairs",
    "add_cells",
    "column_cells",
    "id_terms",
    "add_id_terms",
]

SEPARATOR = "|"
"""Separator inside multi-valued cells (``parties``, ``source``, ``alt_labels``…)."""

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_PATTERNS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}$"), XSD.gYear),
)


class CellError(ValueError):
    """A cell's value is not of its column's kind; the loader adds file, line and field."""


@dataclass(frozen=True)
class Column:
    """One CSV column.

    ``kind`` is one of: ``id``, ``label_id``, ``label_en``, ``alt``, ``text``, ``ref``, ``concept``
    (a term of the ontology named ``<concept_prefix><value>``), ``choice`` (value → IRI from ``choices``),
    ``date`` (YYYY-MM-DD, YYYY-MM or YYYY), ``decimal``, ``integer``, ``uri``, ``source``.
    """

    name: str
    kind: str
    predicate: URIRef | None = None
    required: bool = False
    multi: bool = False
    pattern: str | None = None
    concept_prefix: str | None = None
    choices: dict[str, URIRef] = field(default_factory=dict)
    doc: str = ""


@dataclass(frozen=True)
class Table:
    """One CSV file of ``data/`` and the class its rows become."""

    name: str
    rdf_type: URIRef | None
    columns: tuple[Column, ...]
    doc: str = ""
    scheme: URIRef | None = None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def field_of_predicate(self) -> dict[str, str]:
        """Map predicate IRI → column name, so a SHACL result can name the CSV column."""
        out = {str(c.predicate): c.name for c in self.columns if c.predicate is not None}
        if "label_id" in self.column_names:
            out[str(RDFS.label)] = "label_id"
        return out


def _common(*, labels_required: bool = True, source: bool = True) -> tuple[Column, ...]:
    cols = [
        Column("id", "id", required=True,
               doc="unique id, lowercase letters, digits and hyphens; becomes mid:<id>"),
        Column("label_id", "label_id", RDFS.label, required=labels_required,
               doc="name or label in Indonesian"),
        Column("label_en", "label_en", RDFS.label, required=labels_required, doc="name or label in English"),
        Column("alt_labels", "alt", SKOS.altLabel, multi=True, doc="other names and spellings (aliases)"),
    ]
    if source:
        cols.append(Column("source", "source", MITRA.source, required=True, multi=True,
                           doc="ids of rows in sources.csv behind this row's facts"))
    cols.append(Column("note", "text", MITRA.note, doc="curator's note (confidence, conflicts)"))
    return tuple(cols)


def _concept(name: str, predicate: URIRef, prefix: str, *, required: bool = False, multi: bool = False,
             doc: str = "") -> Column:
    return Column(name, "concept", predicate, required=required, multi=multi, concept_prefix=prefix, doc=doc)


DATE_DOC = "YYYY-MM-DD, YYYY-MM or YYYY"
SOURCE_KINDS = ("article", "webpage", "regulation", "dataset", "document")
AGREEMENT_STATUSES = ("active", "planned", "expired", "renewed", "completed")
PROGRAM_STATUSES = ("active", "planned", "completed")

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("sources", MITRA.Source, (
        *_common(source=False),
        Column("kind", "text", MITRA.sourceKind, required=True,
               choices=dict.fromkeys(SOURCE_KINDS, MITRA.Source),
               doc="article, webpage, regulation, dataset or document"),
        Column("title", "text", MITRA.title, doc="title as published"),
        Column("publisher", "text", MITRA.publisher, doc="publisher's name"),
        Column("url", "uri", MITRA.url, doc="address of the page or document"),
        Column("date", "date", MITRA.date, doc=f"publication date, {DATE_DOC}"),
    ), doc="Sources behind the facts: every other table's `source` column points here."),
    Table("countries", MITRA.Country, (
        *_common(),
        Column("iso_alpha2", "text", MITRA.isoCode, required=True, pattern=r"^[A-Z]{2}$",
               doc="ISO 3166-1 alpha-2 code"),
    ), doc="Countries of foreign partners."),
    Table("regions", None, (
        *_common(),
        Column("type", "choice", RDF.type, required=True,
               choices={"province": MITRA.Province, "regency": MITRA.Regency, "city": MITRA.City,
                        "district": MITRA.District},
               doc="province, regency, city or district (kecamatan)"),
        Column("iso_3166_2", "text", MITRA.isoCode, pattern=r"^ID-[A-Z]{2}$",
               doc="ISO 3166-2 code (provinces)"),
        Column("kemendagri_code", "text", MITRA.kemendagriCode, pattern=r"^\d{2}(\.\d{2}(\.\d{2})?)?$",
               doc="Kemendagri code: NN for a province, NN.NN for a regency or city, NN.NN.NN for a district"),
        Column("parent", "ref", MITRA.partOf,
               doc="province id (regencies and cities), regency or city id (districts)"),
        Column("capital", "text", MITRA.capital, doc="name of the capital (provinces)"),
    ), doc="Indonesian regions: provinces, regencies, cities and the districts (kecamatan) a source names."),
    Table("foreign_governments", MITRA.ForeignLocalGovernment, (
        *_common(),
        _concept("government_type", MITRA.governmentType, "gov-",
                 doc="city, state, prefecture, province, region, metropolis, municipality or city-state"),
        Column("country", "ref", MITRA.country, required=True, doc="country id"),
    ), doc="Local governments abroad: cities, states, prefectures, provinces."),
    Table("organizations", None, (
        *_common(),
        Column("type", "choice", RDF.type, required=True, choices={
            "foreign-institution": MITRA.ForeignInstitution,
            "national-agency": MITRA.NationalAgency,
            "unit": MITRA.OrganizationalUnit,
        }, doc="foreign-institution, national-agency or unit"),
        _concept("institution_kind", MITRA.institutionKind, "inst-",
                 doc="development-agency, multilateral, city-network, foundation, company, ngo, university, "
                     "government-body, supranational or school (foreign institutions)"),
        Column("country", "ref", MITRA.country, doc="country id (foreign institutions)"),
        Column("parent", "ref", MITRA.unitOf, doc="id of the organisation a unit belongs to"),
    ), doc="Foreign institutions, national agencies and organisational units."),
    Table("people", MITRA.Person, _common(), doc="People named in the sources."),
    Table("posts", MITRA.Post, (
        *_common(),
        Column("post_in", "ref", MITRA.postIn, required=True, doc="id of the organisation or unit"),
        Column("held_by", "ref", MITRA.heldBy, doc="person id"),
        Column("start", "date", MITRA.startDate, doc=DATE_DOC),
        Column("end", "date", MITRA.endDate, doc=DATE_DOC),
    ), doc="Posts (jabatan) and who holds them."),
    Table("stages", MITRA.Stage, (
        *_common(),
        Column("notation", "text", SKOS.notation, required=True, doc="letter of the stage in the regulation"),
        Column("order", "integer", MITRA.order, required=True, doc="position in the procedure, from 1"),
    ), doc="Stages of the KSDPL/KSDLL procedure (SKOS concepts).", scheme=MITRA.StageScheme),
    Table("legal_instruments", MITRA.LegalInstrument, (
        *_common(),
        Column("instrument_type", "text", MITRA.instrumentType, required=True,
               doc="UU, PP, Permendagri, Permenlu, Pergub, Perda, SE"),
        Column("number", "text", MITRA.number, doc="number of the instrument"),
        Column("year", "date", MITRA.year, pattern=r"^\d{4}$", doc="year (YYYY)"),
        Column("title", "text", MITRA.title, doc="official title"),
        Column("date", "date", MITRA.date, doc=f"promulgation date, {DATE_DOC}"),
        Column("issuer", "ref", MITRA.issuer, doc="id of the issuing agency"),
        Column("implements", "ref", MITRA.implements, multi=True, doc="ids of the instruments it implements"),
        Column("repeals", "ref", MITRA.repeals, multi=True, doc="ids of the instruments it repeals"),
        Column("regulates", "choice", MITRA.regulates, multi=True,
               choices={"KSDPL": MITRA.KSDPL, "KSDLL": MITRA.KSDLL}, doc="KSDPL and/or KSDLL"),
    ), doc="Laws and regulations behind regional foreign cooperation."),
    Table("agreements", None, (
        *_common(),
        Column("kind", "choice", RDF.type, required=True,
               choices={"KSDPL": MITRA.KSDPL, "KSDLL": MITRA.KSDLL, "other": MITRA.Agreement},
               doc="KSDPL (with a foreign regional government), KSDLL (with a foreign institution) or other"),
        _concept("form", MITRA.form, "form-",
                 doc="sister-city, sister-province, other, continuation or investment"),
        Column("parties", "ref", MITRA.party, required=True, multi=True,
               doc="ids of the parties (two or more)"),
        Column("stage", "ref", MITRA.stage, doc="id of the stage reached (stages.csv)"),
        Column("signed", "date", MITRA.signingDate, doc=f"signing date, {DATE_DOC}"),
        Column("start", "date", MITRA.startDate, doc=DATE_DOC),
        Column("end", "date", MITRA.endDate, doc=DATE_DOC),
        Column("status", "text", MITRA.status, choices=dict.fromkeys(AGREEMENT_STATUSES, MITRA.status),
               doc="active, planned, expired, renewed or completed"),
        Column("legal_basis", "ref", MITRA.legalBasis, multi=True, doc="ids of legal instruments"),
        _concept("sectors", MITRA.sector, "sector-", multi=True, doc="sector names (see ontology)"),
    ), doc="Agreements: sister cities/provinces and other cooperation."),
    Table("programs", MITRA.Program, (
        *_common(),
        Column("result_of", "ref", MITRA.resultOf, multi=True, doc="ids of the agreements it came out of"),
        _concept("sectors", MITRA.sector, "sector-", multi=True, doc="sector names (see ontology)"),
        Column("location", "ref", MITRA.location, doc="id of the region where it takes place"),
        Column("place_name", "text", MITRA.placeName, doc="finer place (district, building)"),
        Column("start", "date", MITRA.startDate, doc=DATE_DOC),
        Column("end", "date", MITRA.endDate, doc=DATE_DOC),
        Column("status", "text", MITRA.status, choices=dict.fromkeys(PROGRAM_STATUSES, MITRA.status),
               doc="active, planned or completed"),
        Column("legal_basis", "ref", MITRA.legalBasis, multi=True, doc="ids of legal instruments"),
    ), doc="Programs and projects that come out of cooperation."),
    Table("participations", MITRA.Participation, (
        Column("id", "id", required=True, doc="unique id"),
        Column("in", "ref", MITRA.participationIn, required=True,
               doc="id of the program, event or agreement"),
        Column("participant", "ref", MITRA.participant, required=True,
               doc="id of the organisation, country or person"),
        _concept("role", MITRA.role, "role-", required=True,
                 doc="funding, accountable, extending, implementing, supporting, beneficiary, speaker, "
                     "participant or organizer"),
        _concept("topic", MITRA.topic, "sector-", doc="sector the participant addresses (speakers)"),
        Column("source", "source", MITRA.source, required=True, multi=True, doc="source ids"),
        Column("note", "text", MITRA.note, doc="curator's note"),
    ), doc="Who takes part in a program, event or agreement, and in which role."),
    Table("fundings", MITRA.Funding, (
        *_common(),
        _concept("kind", MITRA.fundingKind, "funding-", required=True,
                 doc="grant, loan, investment, in-kind or on-grant"),
        Column("funder", "ref", MITRA.funder, required=True, doc="id of the funder"),
        Column("recipient", "ref", MITRA.recipient, doc="id of the recipient"),
        Column("program", "ref", MITRA.funds, doc="id of the program funded"),
        Column("amount", "decimal", MITRA.amount, doc="amount in units of the currency, digits and '.' only"),
        Column("currency", "text", MITRA.currency, pattern=r"^[A-Z]{3}$",
               doc="ISO 4217 code (EUR, JPY, USD…)"),
        Column("date", "date", MITRA.date, doc=DATE_DOC),
        Column("part_of", "ref", MITRA.partOfFunding,
               doc="id of the funding this one is a part or tranche of (its amount is already in that one's)"),
        Column("passes_on", "ref", MITRA.passesOn,
               doc="id of the funding whose money this one passes on (an on-grant of a loan: same money)"),
    ), doc="Money: grants, loans, investment and in-kind support."),
    Table("events", MITRA.Event, (
        *_common(),
        Column("date", "date", MITRA.date, doc=DATE_DOC),
        Column("location", "ref", MITRA.location, doc="id of the region where it took place"),
        Column("place_name", "text", MITRA.placeName, doc="finer place (venue)"),
        _concept("sectors", MITRA.sector, "sector-", multi=True, doc="sector names"),
    ), doc="Workshops, visits, signings; participants and speakers are in participations.csv."),
    Table("figures", MITRA.StatedFigure, (
        *_common(),
        Column("about", "ref", MITRA.about, required=True, doc="id of the entity the figure is about"),
        Column("measure", "text", MITRA.measure, required=True, doc="what is counted, e.g. sister-cities"),
        Column("value", "integer", MITRA.value, required=True, doc="the stated number"),
        Column("date", "date", MITRA.date, doc=f"date the figure was stated, {DATE_DOC}"),
    ), doc="Counts stated by a source (e.g. 22 sister cities), kept as claims."),
    Table("claims", MITRA.DateClaim, (
        Column("id", "id", required=True, doc="unique id"),
        Column("about", "ref", MITRA.about, required=True, doc="id of the agreement (or other entity)"),
        Column("property", "choice", MITRA.claimedProperty, required=True, choices={
            "signed": MITRA.signingDate, "start": MITRA.startDate, "end": MITRA.endDate},
               doc="signed, start or end"),
        Column("value", "date", MITRA.claimedValue, required=True, doc=DATE_DOC),
        Column("source", "source", MITRA.source, required=True, multi=True, doc="source ids"),
        Column("note", "text", MITRA.note, doc="curator's note"),
    ), doc="Conflicting dates, one row per source's claim."),
)}


def split_multi(cell: str) -> list[str]:
    """Split a multi-valued cell on the separator, dropping blanks.

    >>> split_multi("a | b||c")
    ['a', 'b', 'c']
    """
    return [v.strip() for v in cell.split(SEPARATOR) if v.strip()]


def parse_date(value: str) -> Literal:
    """A date cell as ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``; anything else raises.

    >>> parse_date("1994").datatype.endswith("gYear")
    True
    """
    for pattern, datatype in DATE_PATTERNS:
        if pattern.match(value):
            if datatype == XSD.date:
                import datetime

                try:
                    datetime.date.fromisoformat(value)
                except ValueError as exc:
                    raise CellError(f"not a valid date: {value!r} ({exc})") from None
            elif datatype == XSD.gYearMonth and not 1 <= int(value[5:]) <= 12:
                raise CellError(f"not a valid month: {value!r}")
            return Literal(value, datatype=datatype)
    raise CellError(f"not a date: {value!r}; expected {DATE_DOC}")


def parse_decimal(value: str) -> Literal:
    """An amount as ``xsd:decimal``; thousands separators and currency signs are refused, not guessed.

    The lexical form is canonical (``3700000.0``, ``1000000.5``): Turtle writes a decimal with a point,
    so any other form would not read back as the same term and outputs would not round-trip.

    >>> parse_decimal("125200000000")
    rdflib.term.Literal('125200000000.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    >>> str(parse_decimal("1000000.50"))
    '1000000.5'
    """
    if not re.match(r"^-?\d+(\.\d+)?$", value):
        raise CellError(
            f"not a decimal amount: {value!r}; write digits with an optional '.' (e.g. 3700000.50)")
    try:
        number = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes this
        raise CellError(f"not a decimal amount: {value!r}") from None
    text = f"{number:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    text = "0" if text in ("-0", "") else text
    return Literal(f"{text}.0" if "." not in text else text, datatype=XSD.decimal)


def _cell_objects(col: Column, value: str, known_terms: frozenset[str]) -> list[Node]:
    values = split_multi(value) if col.multi else [value]
    out: list[Node] = []
    for v in values:
        if col.pattern and not re.match(col.pattern, v):
            raise CellError(f"{v!r} does not match the pattern {col.pattern}")
        if col.choices and col.kind in ("text", "choice") and v not in col.choices:
            raise CellError(f"{v!r} is not one of: {', '.join(sorted(col.choices))}")
        if col.kind in ("ref", "source"):
            if not ID_PATTERN.match(v):
                raise CellError(_NOT_AN_ID.format(v))
            out.append(_mid_term(v))
        elif col.kind == "concept":
            iri = f"{MITRA._NS}{col.concept_prefix}{v}"
            if iri not in known_terms:
                options = sorted(t[len(str(MITRA._NS)) + len(col.concept_prefix or ""):] for t in known_terms
                                 if t.startswith(f"{MITRA._NS}{col.concept_prefix}"))
                raise CellError(f"{v!r} is not one of: {', '.join(options)}")
            out.append(URIRef(iri))
        elif col.kind == "choice":
            out.append(col.choices[v])
        elif col.kind == "date":
            out.append(parse_date(v))
        elif col.kind == "decimal":
            out.append(parse_decimal(v))
        elif col.kind == "integer":
            if not re.match(r"^\d+$", v):
                raise CellError(f"not a whole number: {v!r}")
            out.append(Literal(int(v)))
        elif col.kind == "uri":
            if not re.match(r"^https?://\S+$", v):
                raise CellError(f"not an http(s) URL: {v!r}")
            out.append(Literal(v, datatype=XSD.anyURI))
        elif col.kind == "label_id":
            out.append(Literal(v, lang="id"))
        elif col.kind == "label_en":
            out.append(Literal(v, lang="en"))
        else:  # text, alt
            out.append(Literal(v))
    return out


_TYPE, _IN_SCHEME, _PREF_LABEL = RDF.type, SKOS.inScheme, SKOS.prefLabel
"""The predicates every row may add, looked up once: rdflib's namespaces resolve an attribute in Python."""


def row_heads(table: Table) -> tuple[tuple[URIRef, URIRef], ...]:
    """The ``(predicate, object)`` pairs every row of ``table`` gives its subject whatever its cells: the
    table's class and concept scheme (credited to the ``id`` column)."""
    return tuple((p, o) for p, o in ((_TYPE, table.rdf_type), (_IN_SCHEME, table.scheme)) if o is not None)


def row_triples(table: Table, row: dict[str, str], known_terms: frozenset[str],
                cache: dict | None = None) -> Iterator[tuple[str, tuple]]:
    """Yield ``(column, (s, p, o))`` for one row; raise ``CellError`` carrying the column on a bad cell.

    ``known_terms`` is the set of IRIs the ontology declares, against which concept cells are checked.
    Blank cells are skipped; whether a required one is blank is the loader's check. ``cache`` (one dict for a
    whole load, with the same ``known_terms``) keeps each column's pairs for each cell text already read, and
    one object per distinct term: see :func:`cell_pairs`. The loader reads a whole file by the same two
    rules (:func:`row_heads`, :func:`cell_pairs`) without building a row dict.
    """
    subject = MID[row["id"]] if cache is None else id_term(row["id"], cache)
    cache = {} if cache is None else cache
    for p, o in row_heads(table):
        yield "id", (subject, p, o)
    for col in table.columns:
        for p, o in cell_pairs(table, col, row.get(col.name) or "", known_terms, cache):
            yield col.name, (subject, p, o)


def column_cells(col: Column, cache: dict) -> dict[str, tuple[tuple[URIRef, Node], ...]]:
    """``col``'s part of a load's ``cache``: cell text (as read, unstripped) → the pairs :func:`cell_pairs`
    made of it. The loader reads it inline (one dict look-up per cell) and calls :func:`cell_pairs` on a miss.
    Keyed by the column's ``id``: a :class:`Column` belongs to one table of :data:`TABLES` and lives as long."""
    cells = cache.get(id(col))
    if cells is None:
        cells = cache[id(col)] = {}
    return cells


def cell_pairs(table: Table, col: Column, cell: str, known_terms: frozenset[str],
               cache: dict) -> tuple[tuple[URIRef, Node], ...]:
    """The ``(predicate, object)`` pairs one cell of ``col`` gives its row's subject (none for a blank cell or
    the ``id`` column); raise ``CellError(column, message)`` for a bad cell, which is never kept.

    Made once per distinct cell text of a column and kept in ``cache`` (:func:`column_cells`), with one object
    per distinct term: a reference, a class, a date or a source recurs in thousands of rows, and making its
    rdflib term was most of the load's time (#15: 258k ``Literal`` and 867k ``URIRef`` checks at 30×). A
    concept scheme's labels are its concepts' preferred labels too: each label pair is followed by its
    ``skos:prefLabel`` pair.
    """
    cells = column_cells(col, cache)
    pairs = cells.get(cell)
    if pairs is None:
        add_cells(table, col, [cell], known_terms, cache)
        pairs = cells[cell]
    return pairs


def add_cells(table: Table, col: Column, cells: Iterable[str], known_terms: frozenset[str], cache: dict) -> None:
    """Make :func:`cell_pairs` of each of ``cells`` (texts not in the cache yet) and keep them in ``col``'s part
    of ``cache``; raise ``CellError(column, message)`` at the first bad one (those before it are kept, it never
    is). The loader's cache misses, a chunk's of a column at once: at 30× the shipped data most reference
    cells are met once (60k misses, 0.18 s one call chain per cell, #15), so the column's rule is chosen once
    and each id read from the load's table of ids (:func:`id_terms`)."""
    kept = column_cells(col, cache)
    if col.kind == "id" or col.predicate is None:
        kept.update(dict.fromkeys(cells, ()))
    elif col.kind in ("ref", "source") and not col.pattern:
        _add_reference_cells(col, cells, kept, cache)
    else:
        pref = table.scheme is not None and col.kind in ("label_id", "label_en")
        for cell in cells:
            value = cell.strip()
            try:
                objects = [_interned(cache, obj) for obj in _cell_objects(col, value, known_terms)] if value else []
            except CellError as exc:
                raise CellError(col.name, str(exc)) from None
            out: list[tuple[URIRef, Node]] = []
            for obj in objects:
                out.append((col.predicate, obj))
                if pref:
                    out.append((_PREF_LABEL, obj))
            kept[cell] = tuple(out)


def _add_reference_cells(col: Column, cells: Iterable[str], kept: dict, cache: dict) -> None:
    """:func:`add_cells` for a reference column: each cell's ids, checked as :func:`_cell_objects` checks them
    (same messages), each the load's one object for it (:func:`id_term`)."""
    predicate, ids, match = col.predicate, id_terms(cache), ID_PATTERN.match
    cells = list(cells)
    split = list(map(str.split, cells, repeat(SEPARATOR))) if col.multi else None
    values = list(map(str.strip, cells if split is None else chain.from_iterable(split)))
    if all(map(match, values)):  # every value an id, none blank: the pairs made in C passes, not per cell
        add_id_terms(values, cache)  # (#15: 60k reference cells met once each at 30x, half of them multi-valued)
        pairs = zip(repeat(predicate), map(ids.__getitem__, values))
        made = zip(pairs) if split is None else [tuple(islice(pairs, n)) for n in map(len, split)]
        kept.update(zip(cells, made, strict=True))
        return
    for cell in cells:  # a blank value or a bad one: cell by cell, the first bad one raising
        values = split_multi(cell) if col.multi else [value] if (value := cell.strip()) else []
        pairs = []
        for v in values:
            if not match(v):
                raise CellError(col.name, _NOT_AN_ID.format(v))
            pairs.append((predicate, ids.get(v) or id_term(v, cache)))
        kept[cell] = tuple(pairs)


_NOT_AN_ID = "{!r} is not an id (lowercase letters, digits and hyphens)"


def _mid_term(ident: str) -> URIRef:
    """``MID[ident]`` for an ``ident`` that matches :data:`ID_PATTERN` (the loader checks first), made as
    ``URIRef`` itself makes it once its check has passed (``str.__new__``). ``Namespace`` item access and
    ``URIRef``'s scan for the ten characters it warns about cost 1.8 µs a term, 0.27 s for the 150k distinct
    ids at 30× the shipped data (#15); an id has none of those characters (lowercase letters, digits,
    hyphens), so the scan can say nothing here."""
    return str.__new__(URIRef, _MID + ident)


_MID = str(MID)


def id_term(ident: str, cache: dict) -> URIRef:
    """``MID[ident]``, one object per id in a load's ``cache`` (the one :func:`row_triples` takes): a row's
    subject, its references and the loader's checks of them all name it. rdflib's ``Namespace`` builds and
    checks a new ``URIRef`` each time (1.6 µs; 372k of them at 30× the shipped data, #15); a dict look-up is
    0.03 µs. Kept in the cache's table of ids (:func:`id_terms`). ``ident`` is an id (it matches
    :data:`ID_PATTERN`: the loader checks it first), so its IRI is made without rdflib's check."""
    ids = id_terms(cache)
    term = ids.get(ident)
    if term is None:
        term = ids[ident] = _interned(cache, _mid_term(ident))
    return term


def add_id_terms(idents: Iterable[str], cache: dict) -> None:
    """:func:`id_term` of each of ``idents`` (ids, as :data:`ID_PATTERN` matches them) that has none yet, all at
    once: the IRIs made and interned in C passes (``map``) instead of one Python call each (#15: 70k new ids at
    30x the shipped data, most of them rows' own subjects)."""
    ids = id_terms(cache)
    fresh = list(filterfalse(ids.__contains__, dict.fromkeys(idents)))
    made = list(map(str.__new__, repeat(URIRef), map(_MID.__add__, fresh)))  # as _mid_term makes each
    ids.update(zip(fresh, map(cache.setdefault, made, made), strict=True))  # one object each in the cache


def id_terms(cache: dict) -> dict[str, URIRef]:
    """The table of ids in a load's ``cache``: id → the term :func:`id_term` made of it, for the loader to read
    a chunk's ids with one C look-up each. Keyed by ``("id",)``, which equals no term and no column id."""
    ids = cache.get(_IDS)
    if ids is None:
        ids = cache[_IDS] = {}
    return ids


_IDS = ("id",)


def _interned(cache: dict, term: Node) -> Node:
    """The one object of ``cache`` equal to ``term`` (``term`` itself the first time). The cache's other keys
    are the ids (ints) of columns, each with its cells' pairs, and the table of ids (:func:`id_terms`): no rdflib
    term equals an int or a tuple."""
    return cache.setdefault(term, term)
