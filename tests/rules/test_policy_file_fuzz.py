"""Hypothesis: any text, any bytes and any reshuffle of a valid policy file either load or
come back as the documented errors in Indonesian (PolicyFileResult.errors), never raise."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hadir.rules import bundled_policy_text, load_policy_file
from hadir.rules.policy_file import BUNDLED_POLICY_FILES, PolicyFileResult

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LINES = [
    line
    for name in BUNDLED_POLICY_FILES
    for line in bundled_policy_text(name).splitlines()
    if line.strip() and not line.lstrip().startswith("#")
]
# Values a person may type where a number, a month or a table is expected.
ODD_VALUES = [
    "1e400",
    "-0",
    "nan",
    "inf",
    '"2025-13"',
    '"0000-01"',
    '"9999-12"',
    "[]",
    "{}",
    "[[1]]",
    '""',
    "99999999999999999999",
    "0.0000001",
    "true",
    '"TL1"',
]


def assert_documented(result: PolicyFileResult) -> None:
    assert isinstance(result, PolicyFileResult)
    assert (result.policy_set is None) == bool(result.errors)
    for error in result.errors:
        assert str(error).strip()


@FAST
@example(text='region = "X"\nversion = 1')
@example(text='region = "X"\n[[version]]\neffective_from = 2025-01-01')
@example(text="[[version]]\n[[version]]")
@given(text=st.text(max_size=300))
def test_any_text_loads_or_gives_its_errors(text: str) -> None:
    assert_documented(load_policy_file(text))


@FAST
@given(data=st.binary(max_size=200))
def test_any_bytes_load_or_give_their_errors(data: bytes) -> None:
    assert_documented(load_policy_file(data))


@FAST
@given(
    picked=st.lists(st.sampled_from(LINES), max_size=40),
    replace=st.lists(st.tuples(st.integers(0, 39), st.sampled_from(ODD_VALUES)), max_size=4),
)
def test_a_reshuffled_real_file_loads_or_gives_its_errors(
    picked: list[str], replace: list[tuple[int, str]]
) -> None:
    lines = list(picked)
    for index, value in replace:
        if index < len(lines) and "=" in lines[index]:
            key = lines[index].split("=", 1)[0]
            lines[index] = f"{key}= {value}"
    assert_documented(load_policy_file('region = "Kabupaten Uji"\n' + "\n".join(lines)))
