"""Arrows point down: the import-lint for llmkit's layers.

    llmkit.core        imports nothing of ours
    llmkit.pricing     imports llmkit.core only
    llmkit.components  imports llmkit.core and llmkit.pricing
    everything else    (cli, commands, views, lifecycle, sweep, policies, ...) anything below

WHY a test and not a convention: an upward import is one line and looks harmless, and a cycle
makes the import order matter, which is how ``llmkit price`` once paid for modules it never used.
The check is a small AST walk over every module under ``llmkit/`` (following the symlinks to the
real ``pricing/``, ``components/``, ``policies/`` folders), counting every import statement,
function-level ones and ``TYPE_CHECKING`` ones included. There is no exceptions list: fix the code.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Rank of each layer; a module may import only modules of its own rank or below.
LAYERS = (("llmkit.core", 0), ("llmkit.pricing", 1), ("llmkit.components", 2))
TOP = 3


def layer(module: str) -> int:
    """The rank of a module: its layer's, or the top for the rest of llmkit."""
    for prefix, rank in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return rank
    return TOP


def discover() -> dict[str, Path]:
    """Every module of the installed package name ``llmkit``, by dotted name."""
    found: dict[str, Path] = {}
    for dirpath, dirs, files in os.walk(ROOT / "llmkit", followlinks=True):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in files:
            if not name.endswith(".py"):
                continue
            parts = list((Path(dirpath) / name).relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = Path(dirpath) / name
    return found


MODULES = discover()


def _target(name: str) -> str | None:
    """The most specific known module that ``name`` (a module or an attribute path) names."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str) -> set[str]:
    """The llmkit modules that ``module`` imports anywhere in its body."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # ``from pkg import sub`` names the submodule; ``from pkg import thing`` names pkg
            # (as import-linter/grimp count it: the package __init__ runs either way, but only
            # the second depends on what it defines).
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        for name in names:
            if name == "llmkit" or name.startswith("llmkit."):
                target = _target(name)
                if target is not None and target != module:
                    out.add(target)
    return out


GRAPH = {module: imports_of(module) for module in MODULES}


def test_the_walk_sees_every_layer() -> None:
    """A walk that misses the symlinked folders would pass vacuously."""
    ranks = {layer(m) for m in MODULES}
    assert ranks == {0, 1, 2, TOP}
    assert "llmkit.pricing.preview.breakdown" in MODULES
    assert "llmkit.components.spec" in MODULES
    assert "llmkit.pricing.model.capacity" in GRAPH["llmkit.components.spec"]


def test_the_package_root_imports_nothing() -> None:
    """``import llmkit.core.errors`` runs llmkit/__init__.py first: it must cost nothing."""
    tree = ast.parse((ROOT / "llmkit" / "__init__.py").read_text(encoding="utf-8"))
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_upward_import(module: str) -> None:
    upward = sorted(t for t in GRAPH[module] if layer(t) > layer(module))
    assert not upward, f"{module} (layer {layer(module)}) imports upward: {upward}"


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = 0
    for root in sorted(GRAPH):
        if root in index:
            continue
        work = [(root, iter(sorted(GRAPH[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(GRAPH[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        result.append(sorted(component))
    return result


def test_no_import_cycles() -> None:
    assert _cycles() == []


def test_the_lint_catches_what_it_should() -> None:
    """The checks themselves: a fake upward edge and a fake cycle are found."""
    assert layer("llmkit.core.errors") < layer("llmkit.pricing.model.workload")
    assert layer("llmkit.components.spec") < layer("llmkit.commands.price") == TOP
    saved = {k: set(v) for k, v in GRAPH.items()}
    try:
        GRAPH["llmkit.core.errors"].add("llmkit.core.money")
        GRAPH["llmkit.core.money"].add("llmkit.core.errors")
        assert ["llmkit.core.errors", "llmkit.core.money"] in _cycles()
    finally:
        GRAPH.clear()
        GRAPH.update(saved)
