"""The layout a newcomer reads: every package is on the README's map, no module passes ~500 lines,
and no two modules import each other (directly or through a chain), at import time or inside a
function."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import ROOT

SRC = ROOT / "src" / "liuliqiao_cli"
MAX_LINES = 500


def _modules() -> dict[str, ast.Module]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = ast.parse(path.read_text(encoding="utf-8"))
    return out


def _imports(tree: ast.Module, known: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m in known}


def test_every_package_is_on_the_readme_map() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## For the next engineer") :]
    block = section[section.index("```\nsrc/liuliqiao_cli/") :]
    block = block[: block.index("\n```", 4)]
    mapped = set(re.findall(r"^  ([a-z_0-9]+)/ ", block, re.M))
    packages = {p.parent.name for p in SRC.glob("*/__init__.py")}
    assert packages and mapped == packages


def test_no_module_passes_the_limit() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


@pytest.mark.slow
def test_no_import_cycle() -> None:
    modules = _modules()
    known = set(modules)
    graph = {name: _imports(tree, known) - {name} for name, tree in modules.items()}
    # a package's __init__ is imported on the way to its modules: not an edge of the design
    graph = {
        n: {m for m in deps if m not in {p for p in known if f"{p}." in n}}
        for n, deps in graph.items()
    }
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep) :] + [dep] if dep in path else [node, dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
