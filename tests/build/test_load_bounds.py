"""Inputs that fetch, explode or never end are refused at once, each with its file, line and field (#16)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BIN, edit

from graph.build import load
from graph.build.load import load_data
from graph.errors import LoadError
from graph.namespaces import MID, MITRA, RDFS

PREFIXES_TTL = "@prefix mid: <https://w3id.org/mitra/id/> .\n@prefix mitra: <https://w3id.org/mitra/ontology#> .\n"


def problems(folder: Path, ontology_g) -> list:
    with pytest.raises(LoadError) as info:
        load_data(folder, ontology_g)
    return info.value.problems


# --- nothing fetched -------------------------------------------------------------------------------------


def test_a_remote_jsonld_context_is_refused_and_not_fetched(mini, ontology_g, http_recorder):
    url, hits = http_recorder
    (mini / "extra.jsonld").write_text(
        '{\n  "@context": "' + url + '",\n  "@id": "mid:x",\n  "label": "x"\n}\n', encoding="utf-8"
    )
    (p,) = problems(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field) == ("extra.jsonld", 2, "@context")
    assert "remote context" in p.message and url in p.message
    assert hits == []


def test_a_remote_context_nested_in_a_scoped_context_is_refused(mini, ontology_g, http_recorder):
    url, hits = http_recorder
    (mini / "extra.jsonld").write_text(
        '{"@context": {"p": {"@id": "http://e/p", "@context": ["' + url + '"]}}, "@id": "http://e/x", "p": {}}',
        encoding="utf-8",
    )
    (p,) = problems(mini, ontology_g)
    assert "remote context" in p.message and hits == []


def test_an_inline_jsonld_context_still_loads(mini, ontology_g):
    (mini / "extra.jsonld").write_text(
        '{"@context": {"mid": "https://w3id.org/mitra/id/", "label": {"@id": "' + str(RDFS.label)
        + '", "@language": "en"}}, "@id": "mid:jakarta", "label": "Greater Jakarta"}',
        encoding="utf-8",
    )
    g = load_data(mini, ontology_g).g
    assert "Greater Jakarta" in {str(o) for o in g.objects(MID.jakarta, RDFS.label)}


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
 <rdf:Description rdf:about="https://w3id.org/mitra/id/jakarta"><rdfs:comment>&lol9;</rdfs:comment></rdf:Description>
</rdf:RDF>
"""


def test_an_xml_entity_bomb_fails_fast(mini, tmp_path):
    """Run as the real command in a child with a deadline: before the fix it ran for >10 minutes."""
    (mini / "bomb.rdf").write_text(BILLION_LAUGHS, encoding="utf-8")
    assert len(BILLION_LAUGHS.encode()) < 1500
    start = time.monotonic()
    proc = subprocess.run([str(BIN / "mitra"), "validate", "--data", str(mini)], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 3, proc.stderr
    assert "bomb.rdf:3: XML entity declarations and external references are refused" in proc.stderr
    assert time.monotonic() - start < 60


def test_rdfxml_without_entities_still_loads(mini, ontology_g):
    (mini / "extra.rdf").write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"><rdf:Description '
        'rdf:about="https://w3id.org/mitra/id/jakarta"><rdfs:comment>plain</rdfs:comment>'
        "</rdf:Description></rdf:RDF>\n",
        encoding="utf-8",
    )
    g = load_data(mini, ontology_g).g
    assert "plain" in {str(o) for o in g.objects(MID.jakarta, RDFS.comment)}


# --- bounded inputs -----------------------------------------------------------------------------------------


def test_a_device_is_refused_at_once(ontology_g):
    with pytest.raises(LoadError, match=r"/dev/zero: not a regular file"):
        load_data([Path("/dev/zero")], ontology_g)


def test_validate_data_dev_zero_exits_3_at_once():
    proc = subprocess.run([str(BIN / "mitra"), "validate", "--data", "/dev/zero"], capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 3 and "/dev/zero: not a regular file" in proc.stderr


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(mini, ontology_g):
    with (mini / "countries.csv").open("r+b") as fh:
        fh.truncate(load.MAX_FILE_BYTES + 1)  # sparse: nothing is really written
    (p,) = problems(mini, ontology_g)
    assert Path(p.path).name == "countries.csv"
    assert p.message.startswith(f"file is {load.MAX_FILE_BYTES + 1:,} bytes; inputs are limited to")


def test_a_200000_character_cell_is_accepted(mini, ontology_g):
    note = "panjang-" * 25_000
    edit(mini, "countries.csv", "Holland,NL,src-a,", f'Holland,NL,src-a,"{note}"')
    g = load_data(mini, ontology_g).g
    (value,) = [str(o) for o in g.objects(MID.netherlands, MITRA.note)]
    assert len(value) == 200_000


def test_a_cell_over_the_cell_limit_names_its_column(mini, ontology_g):
    edit(mini, "countries.csv", "Holland,NL,src-a,", "Holland,NL,src-a," + "x" * (load.MAX_CELL_CHARS + 1))
    (p,) = problems(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field) == ("countries.csv", 2, "note")
    assert f"{load.MAX_CELL_CHARS + 1:,} characters" in p.message


def test_an_unterminated_quote_is_reported_where_it_opens(mini, ontology_g):
    path = mini / "regions.csv"
    rows = "".join(f"r{i},province,R{i},R{i},,,,,,src-a,\n" for i in range(8))
    path.write_text(path.read_text(encoding="utf-8") + rows, encoding="utf-8")
    edit(mini, "regions.csv", "ID-JK,31,,,src-a,", 'ID-JK,31,,,src-a,"never closed')
    (p,) = problems(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field) == ("regions.csv", 2, "note")
    assert "never closed" in p.message


def test_an_ill_typed_literal_in_turtle_names_its_own_file_and_line(mini, ontology_g, capfd):
    (mini / "extra.ttl").write_text(
        PREFIXES_TTL + "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"  # 1-3
        'mid:dutep mitra:startDate "2020-13-45"^^xsd:date .\n',  # 5
        encoding="utf-8",
    )
    (p,) = problems(mini, ontology_g)
    assert (Path(p.path).name, p.line, p.field) == ("extra.ttl", 5, "startDate")
    assert "'2020-13-45' is not a valid xsd:date" in p.message
    assert "Traceback" not in capfd.readouterr().err


def test_the_ill_typed_literal_is_not_blamed_on_a_csv_row(runner, mini):
    from cli import cli

    (mini / "extra.ttl").write_text(
        PREFIXES_TTL + '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\nmid:dutep mitra:startDate '
        '"2020-13-45"^^xsd:date .\n', encoding="utf-8")
    result = runner.invoke(cli, ["validate", "--data", str(mini)])
    assert result.exit_code == 3, result.output
    assert "extra.ttl:4: startDate:" in result.stderr and "programs.csv" not in result.stderr
    assert "Traceback" not in result.stderr


if sys.platform != "linux":  # /dev/zero
    pytestmark = pytest.mark.skip("POSIX devices")
