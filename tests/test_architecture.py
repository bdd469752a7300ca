"""The import contract of ``graph/``: stages import downward only (style.md §3.2), checked on the source's AST;
and no module reaches for another module's ``_private`` names.

Every ``import``/``from … import`` counts, also those inside functions (the lazy ones), so a stage cannot
reach upward by hiding an import in a function body.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

GRAPH = Path(__file__).resolve().parent.parent / "graph"
FOUNDATION = frozenset({"paths", "namespaces", "errors", "io", "registries", "rdf", "web", "jsontext"})
STAGES = ("build", "sparql", "serve", "network", "export", "extract")

ALLOWED: dict[str, frozenset[str]] = {
    "foundation": frozenset({"foundation"}),
    "build": frozenset({"foundation", "build"}),
    "sparql": frozenset({"foundation", "sparql"}),
    "serve": frozenset({"foundation", "sparql", "serve"}),
    "network": frozenset({"foundation", "network"}),
    "export": frozenset({"foundation", "network", "export"}),
    "extract": frozenset({"foundation", "build", "extract"}),
    # The top: the build's steps, and one entry point per command that needs several stages (so cli.py calls one
    # library function). Everything but extract, which is its own command end to end.
    "pipeline": frozenset({"foundation", "build", "sparql", "serve", "network", "export", "pipeline"}),
}
"""Which layers each layer may import (its own included)."""


def layer_of(module: str) -> str | None:
    """The layer of a dotted module name under ``graph`` (``graph.build.load`` → ``build``)."""
    parts = module.split(".")
    if parts[0] != "graph" or len(parts) < 2:
        return None
    head = parts[1]
    if head in FOUNDATION:
        return "foundation"
    if head in STAGES or head == "pipeline":
        return head
    raise AssertionError(f"{module}: graph/{head} belongs to no layer; add it to the contract")


@functools.cache
def _nodes_of(source: str) -> tuple[ast.AST, ...]:
    """Every node of the AST of ``source``, parsed and walked once for all the rules below (walking is most of
    their time, and the library's files are read by each rule)."""
    return tuple(ast.walk(ast.parse(source)))


def nodes(path: Path) -> tuple[ast.AST, ...]:
    return _nodes_of(path.read_text(encoding="utf-8"))


def module_name(path: Path) -> str:
    parts = path.relative_to(GRAPH.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in ``path``, relative ones resolved against its package."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in nodes(path):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None or (node.level and not node.module):
                # `from . import paths`: each name is a module of that package
                out += [(node.lineno, f"{target}.{a.name}") for a in node.names]
            else:
                out.append((node.lineno, target))
    return out


def violations(root: Path = GRAPH) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        name = module_name(path)
        if name == "graph":  # the lazy public API maps names to every stage by design
            continue
        mine = layer_of(name)
        for line, target in imported_modules(path):
            theirs = layer_of(target)
            if theirs is not None and theirs not in ALLOWED[mine]:
                found.append(f"{path.relative_to(root.parent)}:{line}: {mine} imports {target} ({theirs})")
    return found


def test_every_stage_imports_downward_only() -> None:
    assert violations() == []


def test_every_module_of_graph_is_in_a_layer() -> None:
    names = [module_name(p) for p in GRAPH.rglob("*.py")]
    assert len(names) > 30
    assert {layer_of(n) for n in names if n != "graph"} == {"foundation", "pipeline", *STAGES}


@pytest.mark.parametrize(
    ("module", "source", "upward"),
    [
        ("network/bad.py", "from ..build.assemble import build_graph\n", "graph.build.assemble"),
        ("build/bad.py", "def f():\n    from ..export.html import write_html\n", "graph.export.html"),
        ("errors_bad.py", "from .pipeline import build_all\n", "graph.pipeline"),
        ("serve/bad.py", "import graph.network.select\n", "graph.network.select"),
    ],
)
def test_the_contract_fails_when_a_stage_imports_upward(tmp_path, module, source, upward) -> None:
    root = tmp_path / "graph"
    for pkg in (*STAGES,):
        (root / pkg).mkdir(parents=True)
        (root / pkg / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    target = root / module
    if module == "errors_bad.py":  # a foundation module: name it as one for layer_of
        target = root / "errors.py"
    target.write_text(source)
    global GRAPH
    saved, GRAPH = GRAPH, root
    try:
        found = violations(root)
    finally:
        GRAPH = saved
    assert len(found) == 1 and upward in found[0]


# --- no _private name crosses a module boundary ----------------------------------------------------------------

ROOT = GRAPH.parent
CHECKED = ("graph", "cli.py", "tests", "benchmarks", "docs", "scripts")
"""Where the private-name rule holds: the library, the CLI, and everything that calls them."""


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _is_module(path: Path, node: ast.ImportFrom, name: str) -> bool:
    """Whether ``from … import name`` in ``path`` names a module of this repo (``from graph.sparql import query``)."""
    if node.level:
        base = path.parent
        for _ in range(node.level - 1):
            base = base.parent
    else:
        base = ROOT
    target = base.joinpath(*(node.module.split(".") if node.module else ()), name)
    return target.with_suffix(".py").is_file() or (target / "__init__.py").is_file()


def private_uses(path: Path) -> list[str]:
    """``line: name`` for each private name ``path`` takes from another module: ``from m import _x``,
    ``import m._x``, or ``m._x`` on a module ``m`` it imported."""
    found, modules, attributes = [], set(), []
    for node in nodes(path):
        if isinstance(node, ast.Attribute):
            attributes.append(node)  # checked below, once every imported module is known
        elif isinstance(node, ast.ImportFrom):
            if node.module and any(_private(part) for part in node.module.split(".")):
                found.append(f"{node.lineno}: {node.module}")
            for a in node.names:
                if _private(a.name):
                    found.append(f"{node.lineno}: {node.module or '.'}.{a.name}")
                elif _is_module(path, node, a.name):
                    modules.add(a.asname or a.name)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if any(_private(part) for part in a.name.split(".")):
                    found.append(f"{node.lineno}: {a.name}")
                top = a.name.split(".")[0]
                if (ROOT / f"{top}.py").is_file() or (ROOT / top / "__init__.py").is_file():
                    modules.add(a.asname or top)  # a module of this repo; os._exit and the like are not ours
    for node in attributes:
        if _private(node.attr) and isinstance(node.value, ast.Name) and node.value.id in modules:
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
    return sorted(found, key=lambda f: int(f.split(":")[0]))


def python_files() -> list[Path]:
    files = []
    for name in CHECKED:
        target = ROOT / name
        files += [target] if target.is_file() else sorted(target.rglob("*.py")) if target.is_dir() else []
    return files


def test_no_module_uses_another_modules_private_names() -> None:
    files = python_files()
    assert len(files) > 60
    found = [f"{p.relative_to(ROOT)}:{use}" for p in files for use in private_uses(p)]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "from graph.sparql.federation import _mask\n",
        "from .federation import _mask as mask\n",
        "from graph.sparql import query as q\nq._scan('x')\n",
        "import graph.sparql._hidden\n",
    ],
)
def test_the_private_name_rule_fails_on_each_way_in(tmp_path, source) -> None:
    path = tmp_path / "m.py"
    path.write_text(source)
    assert len(private_uses(path)) == 1


# --- cli.py: parse, call one library function, print -------------------------------------------------------------

CLI = ROOT / "cli.py"
TWO_MODES = {"query": 2, "extract": 2}
"""Commands with two exclusive modes, each one library call: ``query --list`` and ``extract --merge``."""


def library_calls(tree: ast.Module) -> dict[str, list[str]]:
    """Command name → the library functions its body (and the ``cli.py`` helpers it calls) call.

    A library function is a lower-case name imported from ``graph``; classes (option values such as
    ``Selector``, ``ServeOptions``, ``paths.Project``) are not calls into the library's work.
    """
    module_names = {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom)
                    and (n.module or "").startswith("graph") for a in n.names}
    helpers = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}

    def calls(fn: ast.FunctionDef, seen: frozenset[str]) -> list[str]:
        local = {a.asname or a.name for n in ast.walk(fn) if isinstance(n, ast.ImportFrom)
                 and (n.module or "").startswith("graph") for a in n.names}
        found = []
        for node in ast.walk(fn):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            owner = f.value.id if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else None
            from_graph = (isinstance(f, ast.Name) and name in local | module_names) or owner in local | module_names
            if from_graph and name[:1].islower():
                found.append(name)
            elif isinstance(f, ast.Name) and name in helpers and name not in seen:
                found += calls(helpers[name], seen | {name})
        return found

    return {
        fn.name: calls(fn, frozenset({fn.name}))
        for fn in helpers.values()
        if any(isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr == "command"
               for d in fn.decorator_list)
    }


def test_every_command_makes_one_library_call() -> None:
    found = library_calls(ast.parse(CLI.read_text(encoding="utf-8")))
    assert len(found) >= 12
    too_many = {name: c for name, c in found.items() if len(c) > TWO_MODES.get(name, 1)}
    assert too_many == {}
    assert all(found.values()), {name: c for name, c in found.items() if not c}


def test_the_one_call_rule_fails_on_a_command_that_wires_stages() -> None:
    source = (
        "from graph import paths\n"
        "@cli.command()\n"
        "def stats():\n"
        "    from graph.build.assemble import build_graph\n"
        "    from graph.network.select import Selector, select\n"
        "    g = build_graph(paths.Project()).g\n"
        "    select(g, Selector())\n"
    )
    assert sorted(library_calls(ast.parse(source))["stats"]) == ["build_graph", "select"]
