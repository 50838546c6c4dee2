"""The rules stay pure: no Django, no clock, no I/O beyond the bundled policy files."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import hadir.rules

PACKAGE = Path(hadir.rules.__file__).parent
SOURCES = sorted(PACKAGE.glob("*.py"))
ALLOWED_TOP_LEVEL = set(sys.stdlib_module_names) | {"hadir", "holidays"}
# datetime.now()/date.today()/time.time() read the clock; open()/getenv() reach outside.
BANNED_METHODS = {"now", "today", "utcnow", "monotonic", "perf_counter", "getenv", "urlopen"}
BANNED_FUNCTIONS = {"open", "print", "input"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_imports_only_stdlib_holidays_and_the_package_itself(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top in ALLOWED_TOP_LEVEL, f"{path.name} imports {name}"
            assert not name.startswith("hadir.") or name.startswith("hadir.rules"), name


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_clock_and_no_file_access(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        where = f"{path.name}:{node.lineno}"
        if isinstance(func, ast.Attribute):
            assert func.attr not in BANNED_METHODS, f"{where} calls .{func.attr}()"
            is_clock = func.attr == "time" and getattr(func.value, "id", "") == "time"
            assert not is_clock, f"{where} calls time.time()"
        elif isinstance(func, ast.Name):
            assert func.id not in BANNED_FUNCTIONS, f"{where} calls {func.id}()"


def test_modules_stay_small() -> None:
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in SOURCES}
    assert {name: n for name, n in sizes.items() if n > 300} == {}
