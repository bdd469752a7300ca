"""The loader reads a CSV file a chunk of records at a time (#15, session 24): a chunk whose every record is good
column by column, any other record by record. Both ways must give the same triples in the same order, the same
origins and references, and the same problems at the same file, line and field, wherever a record falls."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from rdflib import Literal

from graph import paths
from graph.build.load import CHUNK_ROWS, TableRows, known_terms, load_data, reference_cells
from graph.build.mapping import TABLES, cell_pairs, id_term, row_triples
from graph.errors import LoadError
from graph.namespaces import MID, MITRA, RDFS, SKOS


def _records(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """A CSV file's header, its records and the line each record starts on, as the loader counts them."""
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""), strict=True)
    header = [h.strip() for h in next(reader)]
    records, lines, last = [], [], reader.line_num
    for cells in reader:
        records.append(cells)
        lines.append(last + 1)
        last = reader.line_num
    return header, records, lines


def _both_ways(path: Path, header: list[str], records: list[list[str]], lines: list[int],
               terms: frozenset[str]) -> list[tuple]:
    """``(triples, origins, reference cells, problems)`` of ``records`` read as one chunk, then one by one (fresh
    caches)."""
    out = []
    for one_by_one in (False, True):
        rows = TableRows.of(path, TABLES[path.stem], header, terms, {}, long_cells=True)
        origins: dict = {}
        refs: list = []
        problems: list = []
        if one_by_one:
            triples = [t for cells, line in zip(records, lines, strict=True)
                       for t in rows.read(cells, line, origins, refs, problems)]
        else:
            triples = rows.read_chunk(records, lines, origins, refs, problems)
        out.append((triples, origins, list(reference_cells(refs)), problems))
    return out


@pytest.fixture(scope="module")
def terms(ontology_g) -> frozenset[str]:
    return known_terms(ontology_g)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_a_good_chunk_is_read_as_its_records_one_by_one(table, terms):
    path = paths.DATA_DIR / f"{table}.csv"
    header, records, lines = _records(path)
    rows = TableRows.of(path, TABLES[table], header, terms, {}, long_cells=True)
    assert rows.read_good(records, lines, {}) is not None  # the shipped table is good: read column by column
    chunk, single = _both_ways(path, header, records, lines, terms)
    assert chunk == single
    triples, origins, refs, problems = chunk
    assert len(origins) == len(records) and triples and not problems
    assert [o.line for o in origins.values()] == lines
    if any(c.kind in ("ref", "source") for c in TABLES[table].columns):
        assert refs


def test_a_chunk_with_bad_records_reports_each_as_one_by_one_and_keeps_the_good_ones(terms):
    path = paths.DATA_DIR / "agreements.csv"
    header, records, lines = _records(path)
    records = [list(r) for r in records[:60]]
    lines = lines[:60]
    at = {name: i for i, name in enumerate(header)}
    records[3][at["label_id"]] = "  "  # a required field left blank
    records[10][at["signed"]] = "1994-13"  # a bad month
    records[20][at["id"]] = records[5][at["id"]]  # a duplicate id
    records[30] = [""] * len(header)  # a blank record: skipped, not a problem
    records[40] = records[40][:-1]  # a field short
    records[50][at["id"]] = "Jakarta-Seoul"  # not an id
    records[55][at["parties"]] = "jakarta|Seoul"  # a reference that is not an id
    chunk, single = _both_ways(path, header, records, lines, terms)
    assert chunk == single
    triples, origins, _, problems = chunk
    assert [(p.line, p.field) for p in problems] == [
        (lines[3], "label_id"), (lines[10], "signed"), (lines[20], "id"), (lines[40], None), (lines[50], "id"),
        (lines[55], "parties")]
    assert "duplicate id" in problems[2].message and f"{path}:{lines[5]}" in problems[2].message
    assert len(origins) == 60 - 7
    first = MID[records[0][at["id"]].strip()]
    assert first in origins and any(t[0] == first for t in triples)


def _countries(folder: Path, n: int, *, note_at: int | None = None) -> list[str]:
    """``countries.csv`` of ``folder`` with ``n`` more countries (``c-0000``…), the one at ``note_at`` with a
    note of three lines; returns their ids."""
    ids = [f"c-{k:04d}" for k in range(n)]
    with (folder / "countries.csv").open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for k, ident in enumerate(ids):
            note = "first line\nsecond line\nthird line" if k == note_at else ""
            writer.writerow([ident, f"Negara {k}", f"Country {k}", "", "XX", "src-a", note])
    return ids


def test_records_past_the_first_chunk_keep_their_lines_and_triples(mini, ontology_g, terms):
    n = 2 * CHUNK_ROWS + 100
    ids = _countries(mini, n, note_at=CHUNK_ROWS - 10)  # a record of three lines in the first chunk
    data = load_data(mini, ontology_g)
    before = 3  # the header and the mini folder's own country, then the new ones
    for k in (0, CHUNK_ROWS - 11, CHUNK_ROWS - 10, CHUNK_ROWS - 9, CHUNK_ROWS, n - 1):
        origin = data.origins[MID[ids[k]]]
        assert (Path(origin.path).name, origin.table) == ("countries.csv", "countries")
        assert origin.line == before + k + (2 if k > CHUNK_ROWS - 10 else 0), k
    # every triple is mapping's rule for its row: the chunks add nothing and lose nothing
    header, records, _ = _records(mini / "countries.csv")
    expected = {t for cells in records for _, t in row_triples(TABLES["countries"], dict(zip(header, cells,
                                                                                            strict=True)), terms)}
    subjects = {t[0] for t in expected}
    assert len(subjects) == n + 1
    assert {t for t in data.g if t[0] in subjects} == expected
    assert (MID[ids[-1]], MITRA.isoCode, Literal("XX")) in data.g


def test_bad_records_in_later_chunks_are_named_at_their_lines(mini, ontology_g):
    ids = _countries(mini, 3 * CHUNK_ROWS)
    path = mini / "countries.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    dup, bad = 2 + CHUNK_ROWS + 5, 2 + 2 * CHUNK_ROWS + 7  # 0-based: a line of the second and of the third chunk
    lines[dup] = lines[dup].replace(ids[CHUNK_ROWS + 5], ids[3], 1)
    lines[bad] = lines[bad].replace(",XX,", ",xx,", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_data(mini, ontology_g)
    got = [(Path(p.path).name, p.line, p.field) for p in info.value.problems]
    assert got == [("countries.csv", dup + 1, "id"), ("countries.csv", bad + 1, "iso_alpha2")]
    assert f"countries.csv:{3 + 3}" in info.value.problems[0].message  # c-0003 is on line 6


def test_an_unknown_reference_in_a_later_chunk_is_named_at_its_line(mini, ontology_g):
    _countries(mini, 2 * CHUNK_ROWS)
    path = mini / "countries.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = 2 + CHUNK_ROWS + 50
    lines[at] = lines[at].replace(",src-a,", ",src-a|src-gone,", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_data(mini, ontology_g)
    [p] = info.value.problems
    assert (Path(p.path).name, p.line, p.field) == ("countries.csv", at + 1, "source")
    assert "unknown source id 'src-gone'" in p.message


def test_a_reference_is_the_same_object_as_the_subject_it_names(ontology_g):
    data = load_data(paths.DATA_DIR, ontology_g)
    subjects = {s: s for s in data.origins}
    named = [o for _, _, o in data.g if o in subjects]
    assert len(named) > 1000
    assert all(o is subjects[o] for o in named)


def test_cell_pairs_are_one_set_of_objects_per_cell_whatever_its_spaces(terms):
    agreements, cache = TABLES["agreements"], {}
    parties = agreements.column("parties")
    plain = cell_pairs(agreements, parties, "jakarta|berlin", terms, cache)
    spaced = cell_pairs(agreements, parties, " jakarta | berlin ", terms, cache)
    assert plain == ((MITRA.party, MID.jakarta), (MITRA.party, MID.berlin))
    assert all(a[1] is b[1] for a, b in zip(plain, spaced, strict=True))
    assert plain[0][1] is id_term("jakarta", cache)
    assert type(plain[0][1]) is type(MID.jakarta) and hash(plain[0][1]) == hash(MID.jakarta)
    assert cell_pairs(agreements, parties, "   ", terms, cache) == ()
    stages = TABLES["stages"]
    label = Literal("Surat minat", lang="id")
    assert cell_pairs(stages, stages.column("label_id"), "Surat minat", terms, cache) == (
        (RDFS.label, label), (SKOS.prefLabel, label))
