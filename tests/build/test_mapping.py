"""The CSV tables and the pure row → triples rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal

from graph.build.load import known_terms
from graph.build.mapping import (
    TABLES,
    CellError,
    add_cells,
    cell_pairs,
    column_cells,
    id_term,
    parse_date,
    parse_decimal,
    row_triples,
    split_multi,
)
from graph.namespaces import MID, MITRA, RDF, RDFS, SKOS, XSD

KINDS = {
    "id",
    "label_id",
    "label_en",
    "alt",
    "text",
    "ref",
    "concept",
    "choice",
    "date",
    "decimal",
    "integer",
    "uri",
    "source",
}


@pytest.fixture(scope="module")
def terms(ontology_g):
    return known_terms(ontology_g)


def test_every_table_has_an_id_and_documented_columns():
    assert len(TABLES) >= 16
    for table in TABLES.values():
        assert table.column_names[0] == "id", table.name
        assert len(set(table.column_names)) == len(table.column_names), table.name
        assert table.doc, table.name
        for col in table.columns:
            assert col.kind in KINDS, (table.name, col.name)
            assert col.doc, (table.name, col.name)


def test_every_table_but_sources_requires_a_source():
    for name, table in TABLES.items():
        if name == "sources":
            assert "source" not in table.column_names
            continue
        col = table.column("source")
        assert col.required and col.multi and col.predicate == MITRA.source, name


def test_named_tables_require_labels_in_both_languages():
    for name, table in TABLES.items():
        if name in ("participations", "claims"):
            continue
        assert table.column("label_id").required and table.column("label_en").required, name


def test_field_of_predicate_names_the_csv_column():
    fields = TABLES["agreements"].field_of_predicate
    assert fields[str(MITRA.party)] == "parties"
    assert fields[str(MITRA.signingDate)] == "signed"
    assert fields[str(RDFS.label)] == "label_id"


@pytest.mark.parametrize("cell, expected", [("a", ["a"]), ("a | b||c", ["a", "b", "c"]), (" | ", [])])
def test_split_multi(cell, expected):
    assert split_multi(cell) == expected


@pytest.mark.parametrize(
    "value, datatype",
    [
        ("2023-09-28", XSD.date),
        ("2023-09", XSD.gYearMonth),
        ("1986", XSD.gYear),
        ("2024-02-29", XSD.date),
    ],
)
def test_parse_date_picks_the_precision_written(value, datatype):
    lit = parse_date(value)
    assert (str(lit), lit.datatype) == (value, datatype)


@pytest.mark.parametrize("value", ["2023-02-29", "2023-00", "28/09/2023", "86", "2023-9-1", "1986 ", ""])
def test_parse_date_refuses_what_it_cannot_read(value):
    with pytest.raises(CellError):
        parse_date(value)


@pytest.mark.parametrize(
    "value, expected",
    [("3700000.50", Decimal("3700000.50")), ("0", Decimal(0)), ("125200000000", Decimal("125200000000"))],
)
def test_parse_decimal(value, expected):
    lit = parse_decimal(value)
    assert lit.datatype == XSD.decimal and lit.toPython() == expected


@pytest.mark.parametrize("value", ["1,000", "1.000.000", "€5", "1e6", "", "five"])
def test_parse_decimal_refuses_separators_and_signs(value):
    with pytest.raises(CellError):
        parse_decimal(value)


def _triples(table: str, row: dict[str, str], terms) -> set[tuple]:
    return {t for _, t in row_triples(TABLES[table], row, terms)}


def test_row_triples_for_an_agreement(terms):
    row = {
        "id": "jakarta-berlin",
        "kind": "KSDPL",
        "form": "sister-city",
        "label_id": "Kota kembar",
        "label_en": "Sister city",
        "alt_labels": "JB | Berlin–Jakarta",
        "parties": "jakarta|berlin",
        "signed": "1994",
        "status": "active",
        "sectors": "culture|transport",
        "source": "s1|s2",
        "note": "",
    }
    s = MID["jakarta-berlin"]
    triples = _triples("agreements", row, terms)
    assert triples == {
        (s, RDF.type, MITRA.KSDPL),
        (s, MITRA.form, MITRA["form-sister-city"]),
        (s, RDFS.label, Literal("Kota kembar", lang="id")),
        (s, RDFS.label, Literal("Sister city", lang="en")),
        (s, SKOS.altLabel, Literal("JB")),
        (s, SKOS.altLabel, Literal("Berlin–Jakarta")),
        (s, MITRA.party, MID.jakarta),
        (s, MITRA.party, MID.berlin),
        (s, MITRA.signingDate, Literal("1994", datatype=XSD.gYear)),
        (s, MITRA.status, Literal("active")),
        (s, MITRA.sector, MITRA["sector-culture"]),
        (s, MITRA.sector, MITRA["sector-transport"]),
        (s, MITRA.source, MID.s1),
        (s, MITRA.source, MID.s2),
    }


def test_stages_are_skos_concepts_of_the_stage_scheme(terms):
    row = {
        "id": "stage-loi",
        "label_id": "Surat minat",
        "label_en": "Letter of Intent",
        "notation": "c",
        "order": "3",
        "source": "s1",
    }
    triples = _triples("stages", row, terms)
    s = MID["stage-loi"]
    assert (s, SKOS.inScheme, MITRA.StageScheme) in triples
    assert (s, SKOS.prefLabel, Literal("Letter of Intent", lang="en")) in triples
    assert (s, MITRA.order, Literal(3)) in triples


@pytest.mark.parametrize(
    "table, column, value, message",
    [
        ("agreements", "kind", "treaty", "is not one of"),
        ("agreements", "form", "twin-town", "is not one of"),
        ("agreements", "parties", "Jakarta|berlin", "is not an id"),
        ("agreements", "status", "ongoing", "is not one of"),
        ("sources", "url", "www.example.org", "not an http(s) URL"),
        ("stages", "order", "third", "not a whole number"),
        ("countries", "iso_alpha2", "NLD", "does not match the pattern"),
        ("regions", "kemendagri_code", "3171", "does not match the pattern"),
    ],
)
def test_a_bad_cell_raises_with_its_column(terms, table, column, value, message):
    row = dict.fromkeys(TABLES[table].column_names, "") | {"id": "x", column: value}
    with pytest.raises(CellError) as info:
        list(row_triples(TABLES[table], row, terms))
    assert info.value.args[0] == column
    assert message in info.value.args[1]


def test_blank_cells_add_nothing(terms):
    row = dict.fromkeys(TABLES["people"].column_names, "") | {"id": "someone"}
    assert _triples("people", row, terms) == {(MID.someone, RDF.type, MITRA.Person)}


def test_a_load_cache_gives_the_same_triples_one_object_per_term_and_never_keeps_a_bad_cell(terms):
    # row_triples' cache (one per load, #15): the triples of each row as without it; a term met in two rows, or
    # as one row's subject and another's reference, is one object; a bad cell raises each time it is read
    cache: dict = {}
    rows = [
        {"id": "a1", "kind": "KSDPL", "label_id": "A", "label_en": "A", "parties": "jakarta|berlin",
         "signed": "1994", "source": "s1", "legal_basis": "a2"},
        {"id": "a2", "kind": "KSDPL", "label_id": "B", "label_en": "A", "parties": "berlin|jakarta",
         "signed": "1994", "source": "s1|s2", "legal_basis": "a1"},
    ]
    made = [[t for _, t in row_triples(TABLES["agreements"], row, terms, cache)] for row in rows]
    assert [set(ts) for ts in made] == [_triples("agreements", row, terms) for row in rows]
    objects: dict = {}
    for s, _, o in (t for ts in made for t in ts):
        for term in (s, o):
            assert objects.setdefault(term, term) is term, term
    assert len(objects) < sum(len(ts) for ts in made)  # some terms recur, as one object
    bad = {**rows[0], "id": "a3", "signed": "1994-13"}
    for _ in range(2):
        with pytest.raises(CellError) as exc:
            list(row_triples(TABLES["agreements"], bad, terms, cache))
        assert exc.value.args[0] == "signed"


_ref_values = st.one_of(st.from_regex(r"[a-z0-9][a-z0-9-]{0,4}", fullmatch=True),
                        st.sampled_from(["", " ", "A", "x y"]))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([("agreements", "parties"), ("agreements", "source"), ("participations", "participant")]),
       st.lists(st.lists(_ref_values, min_size=1, max_size=3).flatmap(
           lambda vs: st.sampled_from(["|", " | ", "||"]).map(lambda sep: sep.join(vs))), min_size=1, max_size=6))
def test_a_column_of_reference_cells_at_once_reads_as_each_cell_alone(terms, where, cells):
    # add_cells makes a chunk's reference cells in C passes when every value is an id (#15): the same pairs,
    # one object per id, and on a bad cell the error of the first one read alone
    table = TABLES[where[0]]
    col = next(c for c in table.columns if c.name == where[1])
    cells = list(dict.fromkeys(cells))
    alone = []
    for cell in cells:
        try:
            alone.append(cell_pairs(table, col, cell, terms, {}))
        except CellError as exc:
            alone.append(exc.args)
            break
    cache: dict = {}
    try:
        add_cells(table, col, cells, terms, cache)
    except CellError as exc:
        assert exc.args == alone[-1]
        return
    made = column_cells(col, cache)
    assert [made[c] for c in cells] == alone
    objects = [o for c in cells for _, o in made[c]]
    assert all(o is id_term(str(o)[len(MID):], cache) for o in objects)
