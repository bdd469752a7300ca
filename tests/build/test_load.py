"""Loading data/: what a good folder becomes, and one test per kind of bad input (file, line, field)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import edit
from rdflib import Literal

from graph.build.load import data_files, load_data, load_ontology
from graph.errors import LoadError, Problem
from graph.namespaces import MID, MITRA, RDF, RDFS, XSD

MINI = Path(__file__).parent.parent / "fixtures" / "mini"


def only_problem(folder: Path, ontology_g) -> Problem:
    with pytest.raises(LoadError) as info:
        load_data(folder, ontology_g)
    assert len(info.value.problems) == 1, info.value.problems
    return info.value.problems[0]


# --- a good folder ----------------------------------------------------------------------------------------


def test_mini_folder_loads_every_row_with_its_origin(ontology_g):
    data = load_data(MINI, ontology_g)
    assert len(data.files) == 8
    assert len(data.g) > 60
    assert len(data.origins) == 11  # one per data row
    origin = data.origins[MID.batam]
    assert (Path(origin.path).name, origin.line, origin.table) == ("regions.csv", 4, "regions")
    assert (MID.batam, MITRA.partOf, MID.kepri) in data.g
    assert (MID.batam, RDF.type, MITRA.City) in data.g


def test_cells_become_typed_literals(ontology_g):
    g = load_data(MINI, ontology_g).g
    assert (MID.jakarta, RDFS.label, Literal("DKI Jakarta", lang="id")) in g
    assert g.value(MID["f-dutep"], MITRA.amount) == Literal(
        "1000000.5", datatype=XSD.decimal
    )  # canonical form
    assert g.value(MID["jakarta-rotterdam"], MITRA.signingDate).datatype == XSD.gYear
    assert g.value(MID.dutep, MITRA.startDate).datatype == XSD.gYearMonth
    assert g.value(MID["src-a"], MITRA.date).datatype == XSD.date
    assert set(g.objects(MID["jakarta-rotterdam"], MITRA.party)) == {MID.jakarta, MID.rotterdam}


def test_a_single_file_can_be_loaded(ontology_g):
    data = load_data([MINI / "sources.csv", MINI / "countries.csv"], ontology_g)
    assert len(data.files) == 2
    assert (MID.netherlands, MITRA.isoCode, Literal("NL")) in data.g


def test_turtle_files_in_the_data_folder_are_merged(mini, ontology_g):
    (mini / "extra.ttl").write_text(
        "@prefix mid: <https://w3id.org/mitra/id/> .\n@prefix mitra: <https://w3id.org/mitra/ontology#> .\n\n"
        "mid:delft a mitra:ForeignLocalGovernment ;\n    mitra:country mid:netherlands .\n",
        encoding="utf-8",
    )
    data = load_data(mini, ontology_g)
    assert (MID.delft, MITRA.country, MID.netherlands) in data.g
    assert (Path(data.origins[MID.delft].path).name, data.origins[MID.delft].line) == ("extra.ttl", 4)


def test_turtle_may_add_facts_to_a_csv_entity_but_not_redefine_it(mini, ontology_g):
    prefixes = "@prefix mid: <https://w3id.org/mitra/id/> .\n@prefix mitra: <https://w3id.org/mitra/ontology#> .\n"
    (mini / "extra.ttl").write_text(prefixes + 'mid:rotterdam mitra:note "port city" .\n', encoding="utf-8")
    data = load_data(mini, ontology_g)
    assert (MID.rotterdam, MITRA.note, Literal("port city")) in data.g
    assert Path(data.origins[MID.rotterdam].path).name == "foreign_governments.csv"
    (mini / "extra.ttl").write_text(prefixes + "mid:rotterdam a mitra:Country .\n", encoding="utf-8")
    p = only_problem(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field) == ("extra.ttl", 3, "id")
    assert "duplicate id 'rotterdam'" in p.message


def test_blank_lines_are_skipped_and_lines_still_count(mini, ontology_g):
    edit(mini, "regions.csv", "\nbatam,", "\n\n\nbatam,")
    data = load_data(mini, ontology_g)
    assert data.origins[MID.batam].line == 6


# --- one test per kind of bad input -----------------------------------------------------------------------


def test_malformed_csv_names_file_line_and_column(mini, ontology_g):
    edit(mini, "regions.csv", "kepri,province,Kepulauan Riau,", 'kepri,province,"Kepulauan" Riau,')
    p = only_problem(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field) == ("regions.csv", 3, "label_id")
    assert "malformed CSV" in p.message


def test_malformed_csv_in_a_multiline_record_names_the_line_it_starts_on(mini, ontology_g):
    edit(mini, "regions.csv", "kepri,province,Kepulauan Riau,", 'kepri,province,"Kepulauan\nRiau",')
    edit(mini, "regions.csv", "batam,city,Kota Batam,", 'batam,city,"Kota" Batam,')
    p = only_problem(mini, ontology_g)
    assert (p.line, p.field) == (5, "label_id")


def test_a_multiline_cell_is_fine_and_its_row_starts_where_it_starts(mini, ontology_g):
    edit(mini, "regions.csv", "kepri,province,Kepulauan Riau,", 'kepri,province,"Kepulauan\nRiau",')
    data = load_data(mini, ontology_g)
    assert data.origins[MID.kepri].line == 3
    assert data.origins[MID.batam].line == 5


def test_wrong_number_of_fields_names_the_line(mini, ontology_g):
    edit(mini, "regions.csv", "batam,city,Kota Batam,", "batam,city,Kota, Batam,")
    p = only_problem(mini, ontology_g)
    assert (Path(p.path).name, p.line) == ("regions.csv", 4)
    assert "12 fields where the header has 11" in p.message


def test_unknown_column_is_named(mini, ontology_g):
    edit(mini, "countries.csv", "alt_labels,iso_alpha2", "alt_labels,iso_alpha2,population")
    edit(mini, "countries.csv", "Holland,NL,src-a,", "Holland,NL,17000000,src-a,")
    edit(mini, "countries.csv", ",source,note", ",source,note")
    with pytest.raises(LoadError) as info:
        load_data(mini, ontology_g)
    p = info.value.problems[0]
    assert (Path(p.path).name, p.line, p.field) == ("countries.csv", 1, "population")
    assert "unknown column" in p.message and "iso_alpha2" in p.message


def test_missing_required_column_is_named(mini, ontology_g):
    edit(mini, "countries.csv", "iso_alpha2,", "")
    edit(mini, "countries.csv", "NL,", "")
    p = only_problem(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field, p.message) == (
        "countries.csv",
        1,
        "iso_alpha2",
        "missing required column",
    )


def test_missing_required_field_names_row_and_column(mini, ontology_g):
    edit(mini, "countries.csv", ",NL,", ",,")
    p = only_problem(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field, p.message) == (
        "countries.csv",
        2,
        "iso_alpha2",
        "required field is empty",
    )


def test_reference_to_an_unknown_id_is_named(mini, ontology_g):
    edit(mini, "foreign_governments.csv", ",netherlands,", ",nederland,")
    p = only_problem(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field) == ("foreign_governments.csv", 2, "country")
    assert "unknown id 'nederland'" in p.message


def test_duplicate_id_names_both_places(mini, ontology_g):
    edit(mini, "regions.csv", "batam,city,", "kepri,city,")
    p = only_problem(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field) == ("regions.csv", 4, "id")
    assert "duplicate id 'kepri'" in p.message and "regions.csv:3" in p.message


def test_duplicate_id_across_files(mini, ontology_g):
    edit(mini, "countries.csv", "netherlands,Belanda", "jakarta,Belanda")
    edit(mini, "foreign_governments.csv", ",netherlands,", ",jakarta,")
    with pytest.raises(LoadError) as info:
        load_data(mini, ontology_g)
    assert any(p.field == "id" and "duplicate id 'jakarta'" in p.message for p in info.value.problems)


@pytest.mark.parametrize(
    "bad, expected",
    [
        ("2014-13", "not a valid month"),
        ("2014-02-30", "not a valid date"),
        ("Sept 2014", "not a date"),
    ],
)
def test_bad_date_names_row_and_column(mini, ontology_g, bad, expected):
    edit(mini, "programs.csv", "2014-09", bad)
    p = only_problem(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field) == ("programs.csv", 2, "start")
    assert expected in p.message


@pytest.mark.parametrize("bad", ['"1,000,000.50"', "EUR 1000", "1e6"])
def test_bad_amount_names_row_and_column(mini, ontology_g, bad):
    edit(mini, "fundings.csv", "1000000.50", bad)
    p = only_problem(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field) == ("fundings.csv", 2, "amount")
    assert "not a decimal amount" in p.message


def test_bad_code_pattern_names_row_and_column(mini, ontology_g):
    edit(mini, "fundings.csv", ",EUR,", ",euro,")
    p = only_problem(mini, ontology_g)
    assert (p.line, p.field) == (2, "currency")
    assert "does not match the pattern" in p.message


def test_unknown_concept_lists_the_allowed_values(mini, ontology_g):
    edit(mini, "participations.csv", ",implementing,", ",implementer,")
    p = only_problem(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field) == ("participations.csv", 2, "role")
    assert "implementing" in p.message and "funding" in p.message


def test_unknown_source_id_is_named(mini, ontology_g):
    edit(mini, "countries.csv", "src-a", "src-b")
    p = only_problem(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field) == ("countries.csv", 2, "source")
    assert "unknown source id 'src-b'" in p.message


def test_a_source_must_be_a_row_of_sources_csv(mini, ontology_g):
    edit(mini, "countries.csv", "src-a", "jakarta")
    p = only_problem(mini, ontology_g)
    assert p.field == "source" and "unknown source id 'jakarta'" in p.message


def test_malformed_turtle_names_the_right_line(mini, ontology_g):
    (mini / "extra.ttl").write_text(
        "@prefix mid: <https://w3id.org/mitra/id/> .\n"  # 1
        "@prefix mitra: <https://w3id.org/mitra/ontology#> .\n"  # 2
        "\n"  # 3
        "mid:x a mitra:Person ;\n"  # 4
        '    mitra:note "fine" .\n'  # 5
        "\n"  # 6
        "mid:y a mitra:Person\n"  # 7  (missing ';')
        '    mitra:note "x" .\n',  # 8  <- the parser stops here
        encoding="utf-8",
    )
    p = only_problem(mini, ontology_g)
    assert (Path(p.path).name, p.line) == ("extra.ttl", 8)
    assert p.message.startswith("malformed turtle: expected '.'")
    assert "b'" not in p.message  # no echo of the raw input


def test_undeclared_prefix_in_turtle_is_named(mini, ontology_g):
    (mini / "extra.ttl").write_text(
        "@prefix mid: <https://w3id.org/mitra/id/> .\n\nmid:x a foo:Person .\n", encoding="utf-8"
    )
    p = only_problem(mini, ontology_g)
    assert p.line == 3 and 'Prefix "foo:" not bound' in p.message


def test_file_that_is_not_utf8_names_line_and_column(mini, ontology_g):
    path = mini / "countries.csv"
    path.write_bytes(path.read_bytes().replace(b"Belanda", "Bélanda".encode("latin-1")))
    p = only_problem(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field) == ("countries.csv", 2, "label_id")
    assert "not UTF-8" in p.message and "0xe9" in p.message


def test_utf8_with_bom_is_accepted(mini, ontology_g):
    path = mini / "countries.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert (MID.netherlands, RDF.type, MITRA.Country) in load_data(mini, ontology_g).g


def test_unknown_table_lists_the_known_ones(mini, ontology_g):
    shutil.copy(mini / "countries.csv", mini / "nations.csv")
    p = only_problem(mini, ontology_g)
    assert Path(p.path).name == "nations.csv"
    assert "unknown table 'nations'" in p.message and "countries" in p.message


def test_bad_id_is_named(mini, ontology_g):
    edit(mini, "countries.csv", "netherlands,Belanda", "The Netherlands,Belanda")
    edit(mini, "foreign_governments.csv", ",netherlands,", ",x,")
    with pytest.raises(LoadError) as info:
        load_data(mini, ontology_g)
    assert any(p.field == "id" and p.line == 2 for p in info.value.problems)


def test_every_problem_is_reported_in_one_pass(mini, ontology_g):
    """A planner fixes everything at once: problems in several files are all listed, sorted by place."""
    edit(mini, "agreements.csv", "jakarta|rotterdam", "jakarta|rotterdam|nowhere")
    edit(mini, "countries.csv", "iso_alpha2", "iso2")  # a header problem in one file ...
    edit(mini, "regions.csv", ",ID-KR,", ",KR,")  # ... does not hide a cell problem in a later one
    with pytest.raises(LoadError) as info:
        load_data(mini, ontology_g)
    places = [(Path(p.path).name, p.field) for p in info.value.problems]
    assert ("countries.csv", "iso2") in places
    assert ("regions.csv", "iso_3166_2") in places
    assert places == sorted(places, key=lambda x: x[0])


def test_missing_path_is_a_load_error(tmp_path, ontology_g):
    with pytest.raises(LoadError, match="no such file or directory"):
        load_data(tmp_path / "nope", ontology_g)


def test_a_data_folder_without_data_files_is_a_load_error(tmp_path, ontology_g):
    """A folder that holds only folders (the parent of the 100x benchmark's parts) or no data file at all would
    build an empty graph over out/: refused, naming the folder and the subfolders to give instead."""
    for name in ("part-00", "part-01"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "regions.csv").write_text("id\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not data", encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_data(tmp_path, ontology_g)
    (problem,) = info.value.problems
    assert problem.path == str(tmp_path) and problem.line is None
    assert "no data file in this folder" in problem.message and "(part-00, part-01)" in problem.message
    assert data_files([tmp_path], missing_ok=True) == []  # the stamp still lists what is there


def test_empty_csv_is_reported(mini, ontology_g):
    (mini / "people.csv").write_text("", encoding="utf-8")
    p = only_problem(mini, ontology_g)
    assert Path(p.path).name == "people.csv" and "empty file" in p.message


def test_duplicate_header_column_is_named(mini, ontology_g):
    edit(mini, "countries.csv", ",note", ",note,note")
    edit(mini, "countries.csv", "src-a,", "src-a,,")
    p = only_problem(mini, ontology_g)
    assert (p.line, p.field) == (1, "note") and "more than once" in p.message


def test_malformed_ontology_is_a_load_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_ontology(bad)
    assert info.value.problems[0].line == 2


def test_load_error_message_lists_every_problem_as_file_line_field():
    err = LoadError([Problem("b.csv", 3, "x", "bad"), Problem("a.csv", 2, None, "worse")])
    assert str(err) == "a.csv:2: worse\nb.csv:3: x: bad"
