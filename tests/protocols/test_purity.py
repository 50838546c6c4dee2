"""hadir.protocols stays pure: no Django, no clock, importable in a bare interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import hadir.protocols

PACKAGE = Path(hadir.protocols.__file__).resolve().parent
MODULES = sorted(PACKAGE.rglob("*.py"))
CLOCK_METHODS = {"now", "utcnow", "today"}  # datetime.now(), date.today(), ...
TIME_FUNCTIONS = {"time", "time_ns", "monotonic", "perf_counter", "localtime", "gmtime"}


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_django_and_no_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(alias.name.split(".")[0] == "django" for alias in node.names)
        if isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "django"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            assert func.attr not in CLOCK_METHODS, f"clock call at line {node.lineno}"
            if isinstance(func.value, ast.Name) and func.value.id == "time":
                assert func.attr not in TIME_FUNCTIONS, f"clock call at line {node.lineno}"


def test_importable_without_django_settings() -> None:
    code = (
        "import sys, hadir.protocols, hadir.devices_sim;"
        "assert 'django' not in sys.modules, 'django was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)  # noqa: S603
