"""Read ``data/`` (CSV tables and RDF files) into one rdflib graph, remembering where each subject came from.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.store import Store
from rdflib.util import guess_format

from ..errors import LoadError, Problem
from ..namespaces import MID, MITRA, RDF
from ..rdf import TripleStore, collector_paused, triple_graph
from .mapping import (
    ID_PATTERN,
    TABLES,
    CellError,
    Column,
    Table,
    add_cells,
    add_id_terms,
    cell_pairs,
    column_cells,
    id_term,
    id_terms,
    row_heads,
)

__all__ = ["DATA_SUFFIXES", "Origin", "LoadedData", "TableRows", "References", "data_files", "load_ontology",
           "load_data", "known_terms", "reference_cells"]

MAX_FILE_BYTES = 16 << 20
"""The largest input file read (16 MiB, about 100 times the shipped data): a bigger one is refused at once,
before it is read, so a wrong path (``/dev/zero``, a dump) cannot fill memory (#16)."""

MAX_CELL_CHARS = 1_000_000
"""The longest CSV cell accepted: far above any real value (a 200,000-character cell is fine), reported
with its column when exceeded. The csv module's own limit (131,072) is lifted to the file limit meanwhile."""

RDF_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".n3")
DATA_SUFFIXES = (".csv", *RDF_SUFFIXES)
"""Suffixes of the files a data folder contributes: CSV tables and RDF documents."""


class Origin(NamedTuple):
    """Where a subject was defined: file, line, and the table whose columns name its predicates.

    A named tuple, not a frozen dataclass: a load makes one per row (70k at 30x the shipped data), which a
    chunk makes in one C pass (:meth:`TableRows.read_good`), where a dataclass's ``__init__`` was 0.5 µs each."""

    path: str
    line: int | None
    table: str | None = None

    def field_for(self, predicate: str | None) -> str | None:
        """The CSV column behind ``predicate`` for this subject, or the predicate's name for RDF files."""
        if predicate is None:
            return None
        local = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if self.table in TABLES:
            return TABLES[self.table].field_of_predicate.get(predicate, local)
        return local


@dataclass(frozen=True)
class LoadedData:
    """Instance triples of ``data/`` with prefixes bound, and the origin of each subject."""

    g: Graph
    origins: dict[URIRef, Origin] = field(default_factory=dict)
    files: tuple[str, ...] = ()


def load_ontology(path: Path, *, store: Store | None = None) -> Graph:
    """Parse the ontology (or shapes) file, reporting a syntax error with its line; into ``store`` if given (the
    build parses its ontology straight into a :class:`~graph.rdf.TripleStore`: rdflib's ``Memory`` store took
    about half of the parse's time, at every scale)."""
    return _parse_rdf(path, Graph() if store is None else Graph(store=store))


def known_terms(ont: Graph) -> frozenset[str]:
    """Every IRI the ontology declares as a subject: classes, properties and concept individuals."""
    return frozenset(str(s) for s in ont.subjects() if isinstance(s, URIRef))


def _read_bytes(path: Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is refused before it is read."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise LoadError.at(path, None, None, "not a regular file (Mitra reads only ordinary files)")
        if st.st_size > limit:
            raise LoadError.at(path, None, None, f"file is {st.st_size:,} bytes; inputs are limited to "
                                                 f"{limit:,} bytes (split the table)")
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)  # the file may have grown since stat
    except OSError as exc:
        raise LoadError.at(path, None, None, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise LoadError.at(path, None, None, f"file is larger than the {limit:,}-byte input limit")
    return raw


def _read_text(path: Path) -> str:
    """The file's text; a file that is not UTF-8 is reported at its line (and, for a CSV, its column)."""
    raw = _read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = _csv_column_at(raw, exc.start) if path.suffix == ".csv" else None
        raise LoadError.at(path, line, column, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset "
                                                f"{exc.start}); save the file as UTF-8") from None


def _csv_column_at(raw: bytes, offset: int) -> str | None:
    """The header name of the CSV column holding byte ``offset`` (best effort: one-line records)."""
    text = raw.decode("utf-8-sig", errors="replace")
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    line_start = raw.rfind(b"\n", 0, offset) + 1
    before = raw[line_start:offset].decode("utf-8", errors="replace")
    index = len(next(csv.reader([before]), [""])) - 1 if before else 0
    return header[index].strip() if 0 <= index < len(header) and line_start > 0 else None


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return None if at < 0 else text.count("\n", 0, at) + 1


def _refuse_remote_contexts(path: Path, text: str) -> None:
    """A JSON-LD document loader that loads nothing: every ``@context`` (and ``@import``) given by reference
    is refused, so parsing never fetches (rdflib's parser would download it on every build, #16)."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise LoadError.at(path, getattr(exc, "lineno", None), None, f"malformed JSON-LD: {exc}") from None
    refs: list[str] = []

    def walk(x: object) -> None:
        if isinstance(x, dict):
            for key, value in x.items():
                if key in ("@context", "@import"):
                    for v in value if isinstance(value, list) else [value]:
                        if isinstance(v, str):
                            refs.append(v)
                walk(value)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc)
    if refs:
        raise LoadError.at(path, _line_of(text, json.dumps(refs[0])[1:-1]), "@context",
                           f"remote context {refs[0]!r} refused: Mitra fetches nothing at build time; "
                           "put the context inline in the file")


def _refuse_xml_entities(path: Path, text: str) -> None:
    """RDF/XML is first read by defusedxml with entity declarations and external references forbidden, so a
    nested-entity bomb fails at its first declaration instead of expanding (#16)."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml import ElementTree as DefusedET

    try:
        DefusedET.fromstring(text.encode("utf-8"), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise LoadError.at(path, _line_of(text, "<!ENTITY"), None,
                           f"XML entity declarations and external references are refused ({exc})") from None
    except ParseError as exc:
        raise LoadError.at(path, exc.position[0], None, f"malformed rdf/xml: {exc}") from None


def _ill_typed(path: Path, text: str, g: Graph) -> list[Problem]:
    """Literals whose lexical form does not fit their datatype, each at its own file and line."""
    problems = []
    for _, p, o in g:
        if isinstance(o, Literal) and o.ill_typed:
            dt = str(o.datatype).rsplit("#", 1)[-1]
            problems.append(Problem(str(path), _line_of(text, f'"{o}"'), str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1],
                                    f"{str(o)!r} is not a valid xsd:{dt}"))
    return sorted(set(problems), key=lambda x: (x.line or 0, x.field or "", x.message))


def _parse_rdf(path: Path, g: Graph) -> Graph:
    text = _read_text(path)
    fmt = guess_format(str(path)) or "turtle"
    if fmt == "json-ld":
        _refuse_remote_contexts(path, text)
    elif fmt == "xml":
        _refuse_xml_entities(path, text)
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)  # an ill-typed literal is reported below with its line, not as a traceback
    try:
        with warnings.catch_warnings():
            # rdflib's own JSON-LD parser builds a ConjunctiveGraph internally and warns about itself
            warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
            g.parse(data=text, format=fmt, publicID=str(MID))
    except Exception as exc:  # rdflib raises several syntax error types; all become a LoadError
        raise LoadError.at(path, *_syntax_error(exc), f"malformed {fmt}: {_syntax_reason(exc)}") from None
    finally:
        term_log.setLevel(level)
    problems = _ill_typed(path, text, g)
    if problems:
        raise LoadError(problems)
    return g


def _syntax_error(exc: Exception) -> tuple[int | None, None]:
    """The 1-based line of an rdflib syntax error (Turtle's ``BadSyntax`` says "at line N")."""
    m = re.search(r"at line (\d+)", str(exc)) or re.search(r"line (\d+)", str(exc))
    return (int(m.group(1)) if m else None), None


def _syntax_reason(exc: Exception) -> str:
    """The parser's own reason, without the echo of the input that ``BadSyntax`` appends."""
    m = re.search(r"Bad syntax \((.*)\) at \^", str(exc), flags=re.S)
    if m:
        return m.group(1).strip()
    lines = [ln for ln in str(exc).strip().splitlines() if ln.strip()]
    return lines[0] if lines else type(exc).__name__


def _first_line_mentioning(text: str, iri: URIRef) -> int | None:
    local = str(iri)[len(MID):] if str(iri).startswith(str(MID)) else None
    needles = [f"<{iri}>"] + ([f"mid:{local}"] if local else [])
    for n, line in enumerate(text.splitlines(), start=1):
        if any(needle in line for needle in needles):
            return n
    return None


def _load_csv(path: Path, table: Table, g: Graph, terms: frozenset[str], origins: dict[URIRef, Origin],
              refs: References, problems: list[Problem], interned: dict) -> None:
    text = _read_text(path)
    # The csv module's field limit is process-wide: lift it to the file limit while this file is read, and
    # check cells against MAX_CELL_CHARS ourselves, so the message can name the column.
    previous = csv.field_size_limit(MAX_FILE_BYTES)
    try:
        _read_csv_rows(path, text, table, g, terms, origins, refs, problems, interned)
    finally:
        csv.field_size_limit(previous)
        for col in table.columns:  # the cells' objects serve this table's rows only: dropped with the file, so
            interned.pop(id(col), None)  # at most one table's are held (the terms themselves stay, one object each)


def _read_csv_rows(path: Path, text: str, table: Table, g: Graph, terms: frozenset[str],
                   origins: dict[URIRef, Origin], refs: References,
                   problems: list[Problem], interned: dict) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(Problem(str(path), 1, None, f"malformed CSV: {exc}"))
        return
    if not header:
        problems.append(Problem(str(path), 1, None, "empty file: expected a header row"))
        return
    header = [h.strip() for h in header]
    header_problems = _header_problems(path, header, table)
    if header_problems:
        problems.extend(header_problems)
        return
    rows = TableRows.of(path, table, header, terms, interned, long_cells=len(text) > MAX_CELL_CHARS)
    chunk: list[list[str]] = []
    lines: list[int] = []  # the line each record of the chunk starts on: a quoted cell may span lines
    last = reader.line_num  # the line the previous record ended on
    try:
        for cells in reader:
            chunk.append(cells)
            lines.append(last + 1)
            last = reader.line_num
            if len(chunk) == CHUNK_ROWS:
                _add_all(g, rows.read_chunk(chunk, lines, origins, refs, problems))
                chunk, lines = [], []
    except csv.Error as exc:  # the records before it are read first, as they come before it in the file
        _add_all(g, rows.read_chunk(chunk, lines, origins, refs, problems))
        problems.append(_csv_problem(path, text, header, last + 1, reader.line_num, exc))
    else:
        _add_all(g, rows.read_chunk(chunk, lines, origins, refs, problems))


CHUNK_ROWS = 1024
"""Records the loader reads as one chunk: column by column when every record of it is good, each a few C-level
passes instead of Python per cell (#15); small enough that a chunk's cells and triples cost no memory worth
counting, and its triples are added to the store in one call."""

References = list[tuple[str, Sequence[int], tuple[tuple[str, str], ...], list[list[tuple]]]]
"""The reference cells a load read, a chunk of records at a time: the file, the records' lines, the ``(column,
kind)`` of each reference column and each such column's pairs, record by record (:meth:`TableRows.read_good`).
Kept as the chunk's own column lists, not one entry per cell (#15: 126k entries at 30×): only a load with an
unknown reference reads them cell by cell (:func:`_check_references`)."""


def _header_problems(path: Path, header: list[str], table: Table) -> list[Problem]:
    """Unknown, repeated and missing columns of a CSV header, in that order."""
    problems = []
    for name in header:
        if name not in table.column_names:
            known = ", ".join(table.column_names)
            problems.append(Problem(str(path), 1, name or "(blank)", f"unknown column; {table.name}.csv has: {known}"))
    for name in sorted({h for h in header if header.count(h) > 1}):
        problems.append(Problem(str(path), 1, name, "column appears more than once in the header"))
    for col in table.columns:
        if col.required and col.name not in header:
            problems.append(Problem(str(path), 1, col.name, "missing required column"))
    return problems


def _csv_problem(path: Path, text: str, header: list[str], line: int, reached: int, exc: csv.Error) -> Problem:
    """The problem of a record (starting on ``line``) that strict CSV rejected after reading to ``reached``."""
    opened = _unclosed_quote(text, line)
    if opened is not None:  # the quote never closes: report where it opens, not the end of the file
        where, index = opened
        return Problem(str(path), where, header[index] if index < len(header) else None,
                       "malformed CSV: a quoted cell opens here and is never closed")
    return Problem(str(path), reached, _quote_column(text, line, reached, header),
                   f"malformed CSV: {exc} (a quoted cell must be quoted whole, quotes "
                   'inside it doubled: "a ""b"" c")')


@dataclass(frozen=True)
class TableRows:
    """How the rows of one CSV file become triples: mapping's rules (:func:`row_heads`, :func:`cell_pairs`)
    compiled for the file's header once, so a row is a list of cells read by position, and each cell one dict
    look-up in its column's cache (#15: the row dict, the per-column name look-ups and the per-target
    reference tuples were most of the load's Python time)."""

    where: str
    table: str
    header: tuple[str, ...]
    width: int
    at_id: int
    required: tuple[tuple[int, str], ...]
    heads: tuple[tuple[URIRef, URIRef], ...]
    cells: tuple[tuple[int, dict, Column, bool], ...]  # header index, column's cache, column, is a reference
    ref_names: tuple[tuple[str, str], ...]  # (column, kind) of each reference column among cells, in order
    pairs_of: Callable[[Column, str], tuple]  # a cache miss: mapping's rule for one cell
    add_missing: Callable[[Column, Iterable[str]], None]  # a chunk's cache misses of a column: mapping's rule
    interned: dict
    ids: dict[str, URIRef]  # the load's table of ids (mapping.id_terms)
    long_cells: bool  # whether a cell can be longer than MAX_CELL_CHARS (the file is)

    @classmethod
    def of(cls, path: Path, table: Table, header: list[str], terms: frozenset[str], interned: dict,
           *, long_cells: bool) -> TableRows:
        at = {name: i for i, name in enumerate(header)}
        cells = tuple((at[c.name], column_cells(c, interned), c, c.kind in ("ref", "source"))
                      for c in table.columns if c.name in at and c.kind != "id" and c.predicate is not None)
        return cls(where=str(path), table=table.name, header=tuple(header), width=len(header), at_id=at["id"],
                   required=tuple((at[c.name], c.name) for c in table.columns if c.required),
                   heads=row_heads(table), cells=cells,
                   ref_names=tuple((col.name, col.kind) for _, _, col, is_ref in cells if is_ref),
                   pairs_of=lambda col, cell: cell_pairs(table, col, cell, terms, interned),
                   add_missing=lambda col, cells: add_cells(table, col, cells, terms, interned),
                   interned=interned, ids=id_terms(interned), long_cells=long_cells)

    def read_chunk(self, chunk: list[list[str]], lines: list[int], origins: dict[URIRef, Origin],
                   refs: References, problems: list[Problem]) -> list[tuple]:
        """The triples of ``chunk`` (records starting on ``lines``), with their subjects' origins added to
        ``origins`` and their references to ``refs``: all at once, column by column, when the whole chunk is
        good (:meth:`read_good`), else record by record (:meth:`read`), which finds and reports the problems
        in file order. Either way the same triples, origins and references, in the same order."""
        good = self.read_good(chunk, lines, origins)
        if good is not None:
            return self._taken(good, lines, origins, refs)
        triples: list[tuple] = []
        for cells, line in zip(chunk, lines, strict=True):
            triples.extend(self.read(cells, line, origins, refs, problems))
        return triples

    def _taken(self, good: tuple[list[tuple], list[tuple[URIRef, Origin]], list[list[tuple]]],
               lines: list[int], origins: dict[URIRef, Origin], refs: References) -> list[tuple]:
        """:meth:`read_good`'s triples, with its origins and references added to the load's."""
        triples, made_origins, ref_columns = good
        origins.update(made_origins)
        if ref_columns:
            refs.append((self.where, lines, self.ref_names, ref_columns))
        return triples

    def read_good(self, chunk: list[list[str]], lines: list[int], origins: dict[URIRef, Origin],
                  ) -> tuple[list[tuple], list[tuple[URIRef, Origin]], list[list[tuple]]] | None:
        """``chunk``'s triples, origins and reference columns (each reference column's pairs, record by record)
        if every record of it is good: as many fields as the header, not blank, no cell too long, every
        required field filled, a new well-formed id, every cell good; ``None`` (and nothing changed but the
        caches) as soon as one is not. Each check and each column is one pass over the chunk in C (``zip``,
        ``map``, ``all``, a dict's ``get``): the Python left per row is its origin, and per triple one tuple."""
        if not chunk or set(map(len, chunk)) != {self.width}:
            return None
        fields = list(zip(*chunk, strict=True))  # the chunk column by column, in one C pass
        idents = list(map(str.strip, fields[self.at_id]))
        if not all(idents):  # a blank row, or a row without an id: read() tells which
            return None
        if self.long_cells and max(map(len, chain.from_iterable(chunk))) > MAX_CELL_CHARS:
            return None
        for i, _ in self.required:
            if not all(map(str.strip, fields[i])):
                return None
        if not all(map(ID_PATTERN.match, idents)):
            return None
        subjects = list(map(self.ids.get, idents))
        if None in subjects:  # ids not met before (most rows' own, in the tables read first)
            add_id_terms(idents, self.interned)
            subjects = list(map(self.ids.__getitem__, idents))
        if len(set(subjects)) != len(subjects) or not origins.keys().isdisjoint(subjects):
            return None
        columns: list[list[tuple]] = [[self.heads] * len(chunk)]
        ref_columns: list[list[tuple]] = []
        for i, cached, col, is_ref in self.cells:
            texts = fields[i]
            pairs = list(map(cached.get, texts))
            if None in pairs:  # cells not met before: mapping's rule, once per distinct text, then read again
                try:
                    self.add_missing(col, dict.fromkeys(text for text, made in zip(texts, pairs, strict=True)
                                                        if made is None))
                except CellError:
                    return None
                pairs = list(map(cached.__getitem__, texts))
            columns.append(pairs)
            if is_ref:
                ref_columns.append(pairs)
        triples = [(s, p, o) for s, row in zip(subjects, zip(*columns, strict=True), strict=True)
                   for pairs in row for p, o in pairs]
        # each Origin(where, line, table) made as a named tuple's _make makes it, in C
        made_origins = list(zip(subjects, map(tuple.__new__, repeat(Origin),
                                              zip(repeat(self.where), lines, repeat(self.table))), strict=True))
        return triples, made_origins, ref_columns

    def read(self, cells: list[str], line: int, origins: dict[URIRef, Origin],
             refs: References, problems: list[Problem]) -> list[tuple]:
        """One record's triples, with its subject's origin and its references added; or none, and its problem
        added to ``problems``: the loader's checks one after another, the first that fails reported at the
        record's line and field (a blank record is skipped)."""
        if len(cells) != self.width:
            if any(c.strip() for c in cells):
                problems.append(Problem(self.where, line, None, f"malformed CSV: {len(cells)} fields where "
                                                                f"the header has {self.width}"))
            return []
        ident = cells[self.at_id].strip()
        if not ident and not any(c.strip() for c in cells):
            return []  # a blank record
        if self.long_cells and max(map(len, cells)) > MAX_CELL_CHARS:
            problems.extend(Problem(self.where, line, name, f"cell is {len(c):,} characters; at most "
                                    f"{MAX_CELL_CHARS:,} are accepted")
                            for name, c in zip(self.header, cells, strict=True) if len(c) > MAX_CELL_CHARS)
            return []
        missing = [name for i, name in self.required if not cells[i].strip()]
        if missing:
            problems.extend(Problem(self.where, line, name, "required field is empty") for name in missing)
            return []
        if not ID_PATTERN.match(ident):
            problems.append(Problem(self.where, line, "id",
                                    f"{ident!r} is not an id (lowercase letters, digits, hyphens)"))
            return []
        subject = id_term(ident, self.interned)
        if subject in origins:
            first = origins[subject]
            problems.append(Problem(self.where, line, "id",
                                    f"duplicate id {ident!r} (first defined at {first.path}:{first.line})"))
            return []
        try:
            for i, _, col, _ in self.cells:  # the first bad cell, in the table's column order
                self.pairs_of(col, cells[i])
        except CellError as exc:
            column, message = exc.args
            problems.append(Problem(self.where, line, column, message))
            return []
        good = self.read_good([cells], [line], origins)
        assert good is not None, "a record that passes every check above is good"
        return self._taken(good, [line], origins, refs)


def _add_all(g: Graph, triples: Iterable[tuple]) -> None:
    """Add ``triples`` to ``g``: in bulk on the loader's own :class:`TripleStore`, through rdflib otherwise."""
    if isinstance(g.store, TripleStore):
        g.store.add_many(triples)
    else:
        for t in triples:
            g.add(t)


def _unclosed_quote(text: str, first: int) -> tuple[int, int] | None:
    """(line, field index) of a quote opened at or after line ``first`` that the file never closes, if any.

    Follows the CSV rules the strict reader uses: a quote opens a cell only at its start, ``""`` inside a
    quoted cell is a quote, and commas and newlines inside quotes belong to the cell.
    """
    lines = text.split("\n")
    i = sum(len(x) + 1 for x in lines[: first - 1])
    line, field, at_start, n = first, 0, True, len(text)
    while i < n:
        c = text[i]
        if at_start and c == '"':
            open_line, open_field = line, field
            i += 1
            while True:
                j = text.find('"', i)
                if j < 0:
                    return open_line, open_field
                line += text.count("\n", i, j)
                if text.startswith('""', j):
                    i = j + 2
                    continue
                i = j + 1
                break
            at_start = False
            continue
        if c == ",":
            field, at_start = field + 1, True
        elif c == "\n":
            line, field, at_start = line + 1, 0, True
        elif c != "\r":
            at_start = False
        i += 1
    return None


def _quote_column(text: str, first: int, last: int, header: list[str]) -> str | None:
    """Best effort: the column of a record strict CSV rejected, i.e. the first cell with a stray quote."""
    record = "\n".join(text.splitlines()[first - 1:last])
    for index, cell in enumerate(record.split(",")):  # naive on purpose: the strict parse has already failed
        whole = len(cell) >= 2 and cell.startswith('"') and cell.endswith('"')
        if '"' in cell and not whole:
            return header[index] if index < len(header) else None
    return None


def data_files(inputs: Iterable[Path], *, missing_ok: bool = False) -> list[Path]:
    """The data files a build reads: each folder's CSV tables and RDF files (one level deep), and each file named.

    The one listing of ``data/`` (the loader and the build stamp both use it). Tables come first, then RDF: a
    Turtle file may add facts to an entity that a CSV row defines. A missing path raises ``LoadError``, or is
    listed as it is with ``missing_ok`` (the stamp then reports it as unreadable).
    """
    files: list[Path] = []
    for p in inputs:
        p = Path(p)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix in DATA_SUFFIXES)
            if not found and not missing_ok:
                raise LoadError.at(p, None, None, _no_data_files(p))
            files.extend(found)
        elif p.exists() and not p.is_file():
            raise LoadError.at(p, None, None, "not a regular file (Mitra reads only ordinary files)")
        elif p.exists() or missing_ok:
            files.append(p)
        else:
            raise LoadError.at(p, None, None, "no such file or directory")
    return sorted(files, key=lambda f: (f.suffix != ".csv", str(f)))


def _no_data_files(folder: Path) -> str:
    """Why a data folder without a data file is refused: a build of it would be an empty graph written over
    out/ (e.g. ``--data`` given the parent of the folders that hold the tables)."""
    inner = sorted(f.name for f in folder.iterdir() if f.is_dir() and not f.name.startswith("."))
    held = f"; it holds folders ({', '.join(inner[:3])}{', …' if len(inner) > 3 else ''}): give each as --data" \
        if inner else ""
    return f"no data file in this folder (Mitra reads its {', '.join(DATA_SUFFIXES)} files, not subfolders){held}"


def load_data(paths: Iterable[Path] | Path, ont: Graph) -> LoadedData:
    """Load every CSV table and RDF file under ``paths`` and check ids, references and sources.

    Raises ``LoadError`` listing every problem (file, line, field) before anything is written.
    """
    if isinstance(paths, (str, Path)):
        paths = [Path(paths)]
    with collector_paused(kept=True):  # a graph's worth of objects and no cycles, kept: see collector_paused
        return _load_all(paths, ont)


def _load_all(paths: Iterable[Path], ont: Graph) -> LoadedData:
    """:func:`load_data`'s work, with the collector paused."""
    terms = known_terms(ont)
    g = triple_graph()  # the build's data graph (issue #15: rdflib's Memory store cost 30 µs per add)
    origins: dict[URIRef, Origin] = {}
    refs: References = []
    problems: list[Problem] = []
    files = data_files(paths)
    interned: dict = {}  # CSV cells' terms, one object per distinct term (row_triples' cache; dropped on return)
    for path in files:
        if path.suffix == ".csv":
            if path.stem not in TABLES:
                known = ", ".join(sorted(TABLES))
                problems.append(Problem(str(path), None, None,
                                        f"unknown table {path.stem!r}; known tables: {known}"))
                continue
            _load_csv(path, TABLES[path.stem], g, terms, origins, refs, problems, interned)
        else:
            try:
                part = _parse_rdf(path, Graph())
            except LoadError as exc:
                problems.extend(exc.problems)
                continue
            text = _read_text(path)
            for s in sorted(set(part.subjects()), key=str):
                if isinstance(s, URIRef) and str(s).startswith(str(MID)):
                    if s in origins and (s, RDF.type, None) not in part:
                        continue  # adds facts to an entity defined elsewhere: RDF merges, origin stays
                    if s in origins:
                        first = origins[s]
                        where = f"{first.path}:{first.line}"
                        problems.append(Problem(str(path), _first_line_mentioning(text, s), "id",
                                                f"duplicate id {s[len(MID):]!r} (first defined at {where})"))
                        continue
                    origins[s] = Origin(str(path), _first_line_mentioning(text, s))
            _add_all(g, part)
    if problems:
        raise LoadError(problems)
    _check_references(g, origins, refs, problems)
    if problems:
        raise LoadError(problems)
    return LoadedData(g=g, origins=origins, files=tuple(str(f) for f in files))


def _check_references(g: Graph, origins: dict[URIRef, Origin], refs: References, problems: list[Problem]) -> None:
    """Every reference of a CSV cell names a loaded subject (a source: one typed ``mitra:Source``); each one
    that does not is a problem at its file, line and column, in file, row and cell order."""
    is_a, source_class = RDF.type, MITRA.Source  # looked up once: rdflib's namespaces resolve an attribute in Python
    holds = g.store.__contains__ if isinstance(g.store, TripleStore) else g.__contains__  # one dict look-up
    # each distinct cell's pairs once (a cell's pairs are one object, kept by the loader's cache): by id, in C
    cells: dict[str, dict[int, tuple]] = {"ref": {}, "source": {}}
    for _, _, names, columns in refs:
        for (_, kind), pairs in zip(names, columns, strict=True):
            cells[kind].update(zip(map(id, pairs), pairs, strict=True))
    cited = {kind: {subject for pairs in made.values() for _, subject in pairs} for kind, made in cells.items()}
    if cited["ref"] <= origins.keys() and all(holds((s, is_a, source_class)) for s in cited["source"]):
        return
    mid = len(MID)
    for where, line, column, kind, pairs in reference_cells(refs):  # in file, row and cell order
        for _, subject in pairs:
            if kind == "source":
                if not holds((subject, is_a, source_class)):
                    problems.append(Problem(where, line, column,
                                            f"unknown source id {str(subject)[mid:]!r}; add it to sources.csv"))
            elif subject not in origins:
                problems.append(Problem(where, line, column, f"unknown id {str(subject)[mid:]!r}"))


def reference_cells(refs: References) -> Iterator[tuple[str, int, str, str, tuple]]:
    """Each reference cell of ``refs`` that names something, as ``(file, line, column, kind, its pairs)``, in
    file, row and cell order."""
    for where, lines, names, columns in refs:
        for line, row in zip(lines, zip(*columns, strict=True), strict=True):
            for (column, kind), pairs in zip(names, row, strict=True):
                if pairs:
                    yield where, line, column, kind, pairs
