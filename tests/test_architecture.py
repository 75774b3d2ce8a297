"""The layers stay layers: no import circle among policykit's modules, one registry.

The import graph is read from the source (every ``import`` and ``from ...
import`` anywhere in a module, in functions and ``if TYPE_CHECKING:`` blocks
too: a type-only import upward is still a dependency upward).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from policykit.registry import Registry
from policykit.rules.base import Rule

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "policykit"


def _modules() -> dict[str, tuple[Path, bool]]:
    found: dict[str, tuple[Path, bool]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, package)
    return found


MODULES = _modules()


def _imports(module: str, path: Path, package: bool) -> Iterator[str]:
    """The policykit modules ``module`` imports (a package's names resolved to submodules)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("policykit"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                prefix = ".".join([*base, *([node.module] if node.module else [])])
            else:
                prefix = node.module or ""
            if not prefix.startswith("policykit"):
                continue
            for alias in node.names:
                name = f"{prefix}.{alias.name}"
                yield name if name in MODULES else prefix


def _ancestors(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _graph() -> dict[str, set[str]]:
    """Each module's imports, with the packages importing them runs (``a.b`` for ``a.b.c``).

    A module's own packages are left out: Python finishes them first.
    """
    graph: dict[str, set[str]] = {}
    for module, (path, package) in MODULES.items():
        own = {module, *_ancestors(module)}
        deps: set[str] = set()
        for target in _imports(module, path, package):
            deps.update(t for t in (target, *_ancestors(target)) if t in MODULES and t not in own)
        graph[module] = deps
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
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
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_among_policykit_modules() -> None:
    graph = _graph()
    assert len(graph) > 40  # the walk found the package
    assert "policykit.records" in graph["policykit.checking"]  # and reads relative imports
    cycles = _cycles(graph)
    detail = [" / ".join(f"{m} -> {sorted(graph[m] & set(c))}" for m in c) for c in cycles]
    assert cycles == [], "import circles:\n" + "\n".join(detail)


def test_the_records_import_nothing_above_the_model() -> None:
    allowed = {"policykit.model"}
    graph = _graph()
    assert graph["policykit.records"] <= allowed


@pytest.mark.slow
def test_each_module_imports_on_its_own() -> None:
    names = sorted(m for m in MODULES if not m.endswith("__main__"))
    script = (
        "import importlib, subprocess, sys\n"
        "bad = []\n"
        "for name in sys.argv[1:]:\n"
        "    r = subprocess.run([sys.executable, '-c', f'import {name}'], capture_output=True,"
        " text=True)\n"
        "    if r.returncode: bad.append(name + ': ' + r.stderr.strip().splitlines()[-1])\n"
        "print('\\n'.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, *names], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


# --------------------------------------------------------------------------- one registry


def _rule(code: str, name: str, origin: str) -> Rule:
    return Rule(code, name, "warning", "a test rule", "## What it does\nTests.\n", None, origin)


def test_builtin_parts_come_through_setup_like_plugins() -> None:
    registry = Registry.with_builtins()
    assert "PK201" in registry
    assert {"text", "json", "csv", "sarif", "github", "junit"} <= set(registry.formats())
    assert "community-cohesion" in registry.kinds()


def test_a_rule_code_registered_twice_names_both_sources() -> None:
    registry = Registry.with_builtins()
    registry.source = "plugin 'trust' (trust_rules)"
    with pytest.raises(ValueError) as caught:
        registry.add_rule(_rule("PK201", "my-lapsed", "trust_rules"))
    message = str(caught.value)
    assert "PK201" in message and "policykit" in message and "trust_rules" in message


def test_a_rule_name_registered_twice_names_both_codes() -> None:
    registry = Registry.with_builtins()
    with pytest.raises(ValueError, match=r"review-lapsed.*PK201.*TR001"):
        registry.add_rule(_rule("TR001", "review-lapsed", "trust_rules"))


def test_a_format_registered_twice_names_both_sources() -> None:
    registry = Registry.with_builtins()
    registry.source = "plugin 'trust' (trust_rules)"
    with pytest.raises(ValueError, match=r"'json'.*policykit.*plugin 'trust'"):
        registry.add_format("json", lambda report, options: "")


def test_a_kind_registered_twice_names_both_files(tmp_path: Path) -> None:
    registry = Registry.with_builtins()
    registry.source = "plugin 'trust' (trust_rules)"
    mine = tmp_path / "community-cohesion.yaml"
    with pytest.raises(ValueError) as caught:
        registry.add_kind_file(mine)
    message = str(caught.value)
    assert "community-cohesion" in message and str(mine) in message and "schemas" in message


RECOGNITION_MODULE_LINES = 400  # issue 11: recognition in steps, none of them a long module


def test_recognition_modules_stay_small() -> None:
    long = {
        path.name: n
        for path in sorted((PACKAGE / "recognise").glob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > RECOGNITION_MODULE_LINES
    }
    assert not long, f"recognise/ modules over {RECOGNITION_MODULE_LINES} lines: {long}"
