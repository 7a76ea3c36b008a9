"""The package's shape: its import contracts are kept, no two modules import each other (even
lazily, inside a function), every module reads in one sitting (at most 400 lines) and every
function too (at most 60 lines). No exemptions: a module or function that grows past the limit is
cut into well-named parts."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import grimp
import numpy as np
import pytest
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components

import ambassade_opt

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(ambassade_opt.__file__).resolve().parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_the_package_under_test_is_this_checkout() -> None:
    assert PACKAGE == ROOT / "ambassade_opt"


def test_the_import_contracts_of_pyproject_are_kept() -> None:
    """``lint-imports`` on ``pyproject.toml`` (every contract there: layers, forbidden imports)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()",
         "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    assert f"Contracts: {len(contracts['contracts'])} kept, 0 broken." in run.stdout, run.stdout


def import_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module of the graph ``edges``
    (module -> modules it imports), each sorted, sorted by their first module."""
    names = sorted(set(edges) | {m for targets in edges.values() for m in targets})
    index = {name: i for i, name in enumerate(names)}
    pairs = [(index[a], index[b]) for a, targets in edges.items() for b in targets]
    rows = np.array([a for a, _ in pairs], dtype=np.int64)
    cols = np.array([b for _, b in pairs], dtype=np.int64)
    matrix = csr_array((np.ones(len(pairs)), (rows, cols)), shape=(len(names), len(names)))
    _, labels = connected_components(matrix, directed=True, connection="strong")
    groups: dict[int, list[str]] = {}
    for name, label in zip(names, labels, strict=True):
        groups.setdefault(int(label), []).append(name)
    return sorted(sorted(group) for group in groups.values() if len(group) > 1)


def test_import_cycles_finds_a_cycle_and_only_the_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert import_cycles(edges) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_modules() -> None:
    """Every import counts, lazy ones inside functions too; imports only for type checkers do not
    (they do not run)."""
    graph = grimp.build_graph("ambassade_opt", exclude_type_checking_imports=True, cache_dir=None)
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert len(edges) > 100  # the whole package was read
    assert import_cycles(edges) == []


@dataclass(frozen=True)
class Length:
    where: str
    lines: int


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def function_lengths(source: str, label: str) -> list[Length]:
    """Every function and method of ``source`` (nested ones too), from its ``def`` line to its
    last line; ``label`` names the file in :attr:`Length.where`."""
    found: list[Length] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = prefix
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                assert child.end_lineno is not None
                name = f"{prefix}{child.name}."
                found.append(Length(f"{label}:{child.lineno} {prefix}{child.name}",
                                    child.end_lineno - child.lineno + 1))
            elif isinstance(child, ast.ClassDef):
                name = f"{prefix}{child.name}."
            visit(child, name)

    visit(ast.parse(source, filename=label), "")
    return found


def test_function_lengths_measures_functions_methods_and_nested_functions() -> None:
    source = (
        "def f():\n    return 1\n\n\n"
        "class C:\n    @property\n    def m(self):\n        def inner():\n            pass\n\n"
        "        return inner\n\n    async def a(self):\n        if self:\n            return 2\n"
    )
    assert function_lengths(source, "x.py") == [
        Length("x.py:1 f", 2), Length("x.py:7 C.m", 5), Length("x.py:8 C.m.inner", 2),
        Length("x.py:13 C.a", 3),
    ]


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_is_at_most_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines"


def test_every_function_is_at_most_60_lines() -> None:
    too_long = [length for path in modules()
                for length in function_lengths(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
                if length.lines > MAX_FUNCTION_LINES]
    assert too_long == [], "\n".join(f"{length.where}: {length.lines} lines" for length in too_long)


# A hard rule's data lives in the model; its logic in its rule module. The places that once held
# copies of the rules (the solver, its start and search, explain, suggest, re-plan, blocks, the
# objectives) ask the rule modules instead of reading that data themselves.
RULE_DATA = frozenset({"seats_min", "seats_max", "max_per_month", "group_cap", "budget",
                       "buffer_minutes", "max_remuneration_per_ambassador", "max_missions", "max_hours",
                       "quarterly", "annual", "training_requirements", "needs_staff_pair"})
RULE_CLIENTS = ("solver", "explain.py", "suggest", "replan", "blocks", "objectives")


def rule_data_reads(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, attribute) of every read of a rule's data as an attribute (``x.seats_max``), other
    than on ``self`` or a method call (``clock.budget(...)``)."""
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    return sorted((node.lineno, node.attr) for node in ast.walk(tree)
                  if isinstance(node, ast.Attribute) and node.attr in RULE_DATA and id(node) not in called
                  and not (isinstance(node.value, ast.Name) and node.value.id == "self"))


def test_rule_data_reads_finds_attribute_reads_only() -> None:
    tree = ast.parse("a = m.seats_max\nself.budget = 1\nfrom x.group_cap import y\n"
                     "z = p.policy.budget.annual\nclock.budget(0.5)\n")
    assert rule_data_reads(tree) == [(1, "seats_max"), (4, "annual"), (4, "budget")]


@pytest.mark.parametrize("client", RULE_CLIENTS)
def test_a_rules_data_is_read_by_its_rule_module_only(client: str) -> None:
    found = []
    place = PACKAGE / client
    for path in sorted(place.rglob("*.py")) if place.is_dir() else [place]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(PACKAGE)}:{line} .{name}" for line, name in rule_data_reads(tree)]
    assert not found, "ask the rule module (ambassade_opt/rules/<rule>.py) instead: " + ", ".join(found)
