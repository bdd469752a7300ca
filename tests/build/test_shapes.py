"""Every SHACL node shape has a conforming and a violating fixture, and each violation says what is wrong.

Fixtures: ``fixtures/shapes/{valid,invalid}/<Shape>-<case>.ttl``, each merged with
``fixtures/shapes/base.ttl`` (a small conforming context: a source, a province, a foreign city, an
institution, an agreement and a program). An invalid fixture names its expected ``sh:message`` (@en) in a
``# expect:`` line; the test checks it is the *only* message, so each fixture isolates one constraint.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from graph.build.load import LoadedData
from graph.build.validate import ValidationResult, validate_graph
from graph.namespaces import MID, RDF, SH

SHAPES_FIXTURES = Path(__file__).parent.parent / "fixtures" / "shapes"
BASE = SHAPES_FIXTURES / "base.ttl"
VALID = sorted((SHAPES_FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((SHAPES_FIXTURES / "invalid").glob("*.ttl"))


def _validate(paths: list[Path], shapes_g: Graph, ontology_g: Graph) -> ValidationResult:
    g = Graph()
    for p in paths:
        g.parse(p, format="turtle")
    return validate_graph(LoadedData(g=g), shapes=shapes_g, ont=ontology_g)


def _expected(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("# expect:")}


def _shape_name(path: Path) -> str:
    return path.stem.split("-", 1)[0]


def _node_shapes(shapes_g: Graph) -> set[str]:
    return {
        str(s).rsplit("#", 1)[-1] for s in shapes_g.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)
    }


def test_base_context_conforms(shapes_g, ontology_g):
    result = _validate([BASE], shapes_g, ontology_g)
    assert result.conforms, "\n".join(map(str, result.violations))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(path, shapes_g, ontology_g):
    result = _validate([BASE, path], shapes_g, ontology_g)
    assert result.conforms, result.text
    assert result.violations == ()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_violates_with_its_message(path, shapes_g, ontology_g):
    expected = _expected(path)
    assert expected, f"{path.name} has no '# expect:' line"
    result = _validate([BASE, path], shapes_g, ontology_g)
    assert not result.conforms, f"{path.name} unexpectedly conforms"
    messages = {v.message for v in result.violations}
    assert messages == expected, result.text
    # the violation is about an entity of the fixture, not of the shared context
    base_subjects = set(Graph().parse(BASE).subjects())
    assert all(URIRef(v.focus) not in base_subjects for v in result.violations)
    assert all(v.focus.startswith(str(MID)) for v in result.violations)


def test_every_node_shape_has_valid_and_invalid_fixtures(shapes_g):
    shapes = _node_shapes(shapes_g)
    assert len(shapes) >= 20
    missing_valid = shapes - {_shape_name(p) for p in VALID}
    missing_invalid = shapes - {_shape_name(p) for p in INVALID}
    assert not missing_valid, f"no valid fixture for {sorted(missing_valid)}"
    assert not missing_invalid, f"no invalid fixture for {sorted(missing_invalid)}"


def test_every_fixture_is_named_after_a_shape(shapes_g):
    shapes = _node_shapes(shapes_g)
    strays = [p.name for p in VALID + INVALID if _shape_name(p) not in shapes]
    assert not strays


def test_every_expected_message_is_a_shape_message(shapes_g):
    messages = {str(m) for m in shapes_g.objects(None, SH.message) if getattr(m, "language", None) == "en"}
    for path in INVALID:
        assert _expected(path) <= messages, path.name
