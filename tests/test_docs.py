"""The docs follow the code.

README names every command and the set-up commands; data/README.md documents every table and column of
graph.build.mapping.TABLES; ontology/README.md explains the IRI policy and how to add a class.
"""

from __future__ import annotations

import re

import pytest

from cli import cli
from graph import paths
from graph.build.mapping import TABLES

README = paths.ROOT / "README.md"
DATA_README = paths.DATA_DIR / "README.md"
ONTOLOGY_README = paths.ONTOLOGY_DIR / "README.md"

DOCS = paths.ROOT / "docs"
DOC_PAGES = ("sparql", "serve-and-push", "network-and-exports", "html", "extract", "benchmarks", "development", "cli")
README_LIMIT = 15_000

SETUP = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/mitra build"


def _sections(text: str, level: str = "## ") -> dict[str, str]:
    parts = re.split(rf"^{level}(.+)$", text, flags=re.M)
    return {title.strip(): body for title, body in zip(parts[1::2], parts[2::2], strict=True)}


def _setup_block() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"^```sh\n(.*?)^```", text, flags=re.M | re.S)
    assert block, "README has no ```sh block"
    return block.group(1).strip().splitlines()


def test_readme_starts_with_the_two_setup_commands():
    lines = _setup_block()
    assert len(lines) == 2
    assert lines[0] == SETUP
    assert "pip install -e '.[test]'" in lines[1]
    assert lines[1].endswith(".venv/bin/python -m pytest -n auto --dist loadfile")  # on every core (pytest-xdist)


def test_ci_runs_the_readmes_test_command():
    """.ci/run takes the third line of the README's first sh block (fence included): the test command."""
    script = (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "sed -n '3p'" in script
    assert _setup_block()[1].startswith("apt-get")


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_readme_mentions_every_command(command):
    assert f"mitra {command}" in README.read_text(encoding="utf-8"), (
        f"README.md never mentions `mitra {command}`"
    )


def test_readme_has_the_foundation_sections():
    sections = _sections(README.read_text(encoding="utf-8"))
    for title in ("Data model", "Adding data", "Command line"):
        assert len(sections.get(title, "").strip()) > 200, title
    assert "data/README.md" in sections["Adding data"]
    exit_rows = re.findall(r"^\| ([0-3]) \|", sections["Command line"], flags=re.M)
    assert exit_rows == ["0", "1", "2", "3"]


def test_data_model_table_names_every_table():
    model = _sections(README.read_text(encoding="utf-8"))["Data model"]
    for name in TABLES:
        assert f"`{name}.csv`" in model, name


@pytest.mark.parametrize("table", sorted(TABLES))
def test_data_readme_documents_every_column(table):
    sections = _sections(DATA_README.read_text(encoding="utf-8"))
    assert f"{table}.csv" in sections, f"no '## {table}.csv' section in data/README.md"
    body = sections[f"{table}.csv"]
    missing = [c for c in TABLES[table].column_names if f"`{c}`" not in body]
    assert not missing, f"{table}.csv: undocumented columns {missing}"


def test_data_readme_documents_no_table_that_does_not_exist():
    sections = _sections(DATA_README.read_text(encoding="utf-8"))
    documented = {t.removesuffix(".csv") for t in sections if t.endswith(".csv")}
    assert documented == set(TABLES)


def test_ontology_readme_explains_iris_and_adding_a_class():
    text = ONTOLOGY_README.read_text(encoding="utf-8")
    for needle in (
        "https://w3id.org/mitra/ontology#",
        "https://w3id.org/mitra/id/",
        "mitra:",
        "mid:",
        "shapes.ttl",
        "tests/fixtures/shapes/valid",
        "tests/fixtures/shapes/invalid",
        "graph/namespaces.py",
        "checks/",
    ):
        assert needle in text, needle
    steps = re.findall(r"^\d+\. \*\*(\w+)", text, flags=re.M)
    assert steps[:4] == ["Term", "Shape", "Fixtures", "Data"]


def test_readme_is_short_and_points_to_every_docs_page():
    text = README.read_text(encoding="utf-8")
    assert len(text.encode()) <= README_LIMIT
    for page in DOC_PAGES:
        assert (DOCS / f"{page}.md").is_file(), page
        assert f"(docs/{page}.md)" in text, page


def test_cli_reference_is_generated_from_help():
    """docs/cli.md is what docs/make_cli_reference.py writes now: run the script after changing an option."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_cli_reference", DOCS / "make_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.cli_reference()
    assert expected.count("## mitra ") == len(cli.commands) >= 10
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == expected, "run docs/make_cli_reference.py"


def test_benchmarks_page_keeps_a_build_section():
    assert "Build" in _sections((DOCS / "benchmarks.md").read_text(encoding="utf-8"))


def test_docs_name_only_modules_that_exist():
    """A module path in the docs (graph/x/y.py or graph.x.y.name) names a file of the package layout."""
    for page in DOCS.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        for path in re.findall(r"`(graph/[\w/]+\.(?:py|json))`", text):
            assert (paths.ROOT / path).is_file(), f"{page.name}: {path}"
        for dotted in re.findall(r"`(graph(?:\.\w+)+)", text):
            assert _defines(dotted.split(".")), f"{page.name}: {dotted} is not in the package layout"


def _defines(parts: list[str]) -> bool:
    """Whether ``graph.a.b[.name]`` is a module of the checkout, or a name defined at the top of one."""
    for i in range(len(parts), 1, -1):
        base = paths.ROOT.joinpath(*parts[:i])
        source = base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
        if source.is_file():
            rest = parts[i:]
            if not rest:
                return True
            pattern = rf"^(def|class) {rest[0]}\b|^{rest[0]}\b.*="
            return len(rest) == 1 and re.search(pattern, source.read_text(encoding="utf-8"), re.M) is not None
    return False
