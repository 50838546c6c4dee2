"""The export package stays pure: no Django, no ORM, no clock, no files."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import hadir.exports

PACKAGE = Path(hadir.exports.__file__).parent
SOURCES = sorted(PACKAGE.glob("*.py"))
ALLOWED_TOP_LEVEL = set(sys.stdlib_module_names) | {"hadir", "openpyxl", "reportlab"}
BANNED_METHODS = {"now", "today", "utcnow", "monotonic", "getenv", "urlopen"}
BANNED_FUNCTIONS = {"open", "print", "input"}
TIMERS = {"bench.py", "bench_tpp.py"}  # measure rendering time; bench.py prints in __main__ only


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_imports_only_stdlib_the_two_writers_and_the_package(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            assert name.split(".")[0] in ALLOWED_TOP_LEVEL, f"{path.name} imports {name}"
            assert not name.startswith("hadir.") or name.startswith("hadir.exports"), name


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_clock_and_no_file_access(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func, where = node.func, f"{path.name}:{node.lineno}"
        if isinstance(func, ast.Attribute):
            assert func.attr not in BANNED_METHODS, f"{where} calls .{func.attr}()"
            if path.name not in TIMERS:
                assert func.attr != "perf_counter", f"{where} reads the clock"
        elif isinstance(func, ast.Name):
            if path.name in TIMERS and func.id == "print":
                continue
            assert func.id not in BANNED_FUNCTIONS, f"{where} calls {func.id}()"


def test_modules_stay_small():
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in SOURCES}
    assert {name: n for name, n in sizes.items() if n > 400} == {}
