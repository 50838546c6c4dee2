"""The TOML policy file: bundled examples, inheritance between versions, and every error."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hadir.rules import (
    DEFAULT_POLICY,
    KAB_TTU_POLICY,
    PERMENTAN_68_2012_POLICY,
    DayCode,
    DeductionBase,
    Policy,
    YearMonth,
    bundled_policy_text,
    load_policy_file,
)
from hadir.rules.policy_file import BUNDLED_POLICY_FILES
from hadir.rules.policy_keys import VERSION_KEYS

D = DayCode
DOCS = Path(__file__).resolve().parents[2] / "docs" / "policy-file.md"

VALID = """
region = "Kabupaten Uji"

[[version]]
effective_from = "2025-01"
late_band_edges = [30, 60, 90]
early_band_edges = [30, 60, 90]
missing_punch_counts_as_top_band = true
tpp_split = { performance_pct = 60, discipline_pct = 40 }
deduction_applies_to = "discipline"

[version.deduction_pct]
TL1 = 0.5
TL2 = 1
TL3 = 1.25
TL4 = 1.5
PSW1 = 0.5
PSW2 = 1
PSW3 = 1.25
PSW4 = 1.5
TK = 3
"""


@pytest.mark.parametrize(
    ("name", "policy"),
    list(
        zip(
            BUNDLED_POLICY_FILES,
            [DEFAULT_POLICY, KAB_TTU_POLICY, PERMENTAN_68_2012_POLICY],
            strict=True,
        )
    ),
)
def test_bundled_files_equal_the_python_policies(name: str, policy: Policy) -> None:
    result = load_policy_file(bundled_policy_text(name))
    assert result.errors == ()
    assert result.policy_set is not None
    assert result.policy_set.versions == (policy,)
    assert result.policy_set.versions[0].source == policy.source


def test_unknown_bundled_name() -> None:
    with pytest.raises(LookupError):
        bundled_policy_text("kab_unknown")


def test_valid_file_loads_with_exact_decimals() -> None:
    result = load_policy_file(VALID)
    assert result.ok
    assert result.policy_set is not None
    policy = result.policy_set.for_month(2025, 6)
    assert policy.deduction_pct[D.TL3] == Decimal("1.25")
    assert policy.region == "Kabupaten Uji"
    assert policy.punch_windows == DEFAULT_POLICY.punch_windows


def test_later_versions_inherit_and_replace_the_table_whole() -> None:
    text = (
        VALID
        + """
[[version]]
effective_from = "2026-07"
late_band_edges = [15, 30]
early_band_edges = [15, 30]
monthly_cap_pct = 80
tk_days_for_full_deduction = 7
deduction_applies_to = "whole"
request_window = { days = 5, counting = "working" }

[version.deduction_pct]
TL1 = 1
TL2 = 2
TL3 = 2.5
PSW1 = 1
PSW2 = 2
PSW3 = 2.5
TK = 8

[[version]]
effective_from = "2027-01"
tk_days_for_full_deduction = false
"""
    )
    result = load_policy_file(text.encode("utf-8"))
    assert result.errors == ()
    assert result.policy_set is not None
    first, second, third = result.policy_set.versions
    assert first.deduction_applies_to is DeductionBase.DISCIPLINE_PART
    assert second.effective_from == YearMonth(2026, 7)
    assert DayCode.TL4 not in second.deduction_pct
    assert (second.monthly_cap_pct, second.tk_days_for_full_deduction) == (Decimal(80), 7)
    assert second.request_window.days == 5
    assert second.tpp_discipline_pct == Decimal(40)  # inherited
    assert third.tk_days_for_full_deduction is None
    assert third.deduction_pct == second.deduction_pct


def _errors(text: str | bytes) -> list[str]:
    result = load_policy_file(text)
    assert result.policy_set is None
    return [str(error) for error in result.errors]


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        (
            "late_band_edges = [30, 60, 90]",
            "late_band_edges = [30, 20, 90]",
            "[[version]] ke-1 (berlaku 2025-01): 'late_band_edges': batas harus bilangan bulat "
            "positif yang naik, misalnya [30, 60, 90]; ditemukan [30, 20, 90]",
        ),
        (
            "late_band_edges = [30, 60, 90]",
            'late_band_edges = "30, 60, 90"',
            "[[version]] ke-1 (berlaku 2025-01), 'late_band_edges': harus daftar batas atas "
            "menit, misalnya [30, 60, 90]; ditemukan '30, 60, 90'",
        ),
        (
            "late_band_edges = [30, 60, 90]",
            "late_band_edge = [30, 60, 90]",
            "[[version]] ke-1 (berlaku 2025-01): kunci 'late_band_edge' tidak dikenal; "
            "mungkin maksudnya 'late_band_edges'?",
        ),
        (
            "TL1 = 0.5",
            'TL1 = "0,5"',
            "[[version]] ke-1 (berlaku 2025-01), 'deduction_pct.TL1': harus angka tanpa tanda "
            "kutip, misalnya 0.5; ditemukan '0,5'",
        ),
        (
            "TL1 = 0.5",
            "TL5 = 0.5",
            "[[version]] ke-1 (berlaku 2025-01), 'deduction_pct.TL5': kunci 'TL5' tidak "
            "dikenal; mungkin maksudnya 'TL4'?",
        ),
        (
            "TK = 3",
            "TK = nan",
            "[[version]] ke-1 (berlaku 2025-01), 'deduction_pct.TK': harus angka biasa, "
            "misalnya 0.5; ditemukan NaN",
        ),
        (
            "TK = 3",
            "TK = 300",
            "[[version]] ke-1 (berlaku 2025-01): 'deduction_pct.TK': harus 0 sampai 100, "
            "ditemukan 300",
        ),
        (
            "TK = 3",
            "",
            "[[version]] ke-1 (berlaku 2025-01): 'deduction_pct': persentase belum diisi untuk TK",
        ),
        (
            'effective_from = "2025-01"',
            'effective_from = "Januari 2025"',
            "[[version]] ke-1, 'effective_from': tulis bulan sebagai \"TTTT-BB\" "
            "(tahun-bulan), misalnya \"2026-01\"; ditemukan 'Januari 2025'",
        ),
        (
            'effective_from = "2025-01"',
            'effective_from = "2025-13"',
            "[[version]] ke-1, 'effective_from': tulis bulan sebagai \"TTTT-BB\" "
            "(tahun-bulan), misalnya \"2026-01\"; ditemukan '2025-13'",
        ),
        (
            'deduction_applies_to = "discipline"',
            'deduction_applies_to = "disiplin"',
            "[[version]] ke-1 (berlaku 2025-01), 'deduction_applies_to': pilih salah satu "
            "dari ['discipline', 'whole'], ditemukan 'disiplin'",
        ),
        (
            "missing_punch_counts_as_top_band = true",
            'missing_punch_counts_as_top_band = "ya"',
            "[[version]] ke-1 (berlaku 2025-01), 'missing_punch_counts_as_top_band': harus "
            "true atau false, ditemukan 'ya'",
        ),
        (
            "tpp_split = { performance_pct = 60, discipline_pct = 40 }",
            "tpp_split = { performance_pct = 60 }",
            "[[version]] ke-1 (berlaku 2025-01), 'tpp_split': kunci discipline_pct belum diisi",
        ),
        (
            "tpp_split = { performance_pct = 60, discipline_pct = 40 }",
            "tpp_split = { performance_pct = 60, discipline_pct = 30 }",
            "[[version]] ke-1 (berlaku 2025-01): 'tpp_split': performance_pct + discipline_pct "
            "harus berjumlah 100, ditemukan 60 + 30",
        ),
        (
            'deduction_applies_to = "discipline"',
            "",
            "[[version]] ke-1 (berlaku 2025-01): versi pertama harus menulis deduction_applies_to",
        ),
        (
            'region = "Kabupaten Uji"',
            'regoin = "Kabupaten Uji"',
            "kunci 'regoin' tidak dikenal; mungkin maksudnya 'region'?",
        ),
        (
            'region = "Kabupaten Uji"',
            "",
            "'region': tulis nama daerah, misalnya \"Kabupaten Tebo\"",
        ),
    ],
)
def test_errors_say_where_and_what_to_fix(old: str, new: str, error: str) -> None:
    assert old in VALID
    assert error in _errors(VALID.replace(old, new))


def test_every_unreadable_key_is_reported_at_once() -> None:
    text = (
        VALID.replace("TL1 = 0.5", 'TL1 = "x"')
        .replace("TL2 = 1", 'TL2 = "y"')
        .replace('"discipline"', '"disiplin"')
    )
    assert len(_errors(text)) == 3


def test_rules_across_keys_are_all_reported_once_keys_are_readable() -> None:
    text = (
        VALID.replace("late_band_edges = [30, 60, 90]", "late_band_edges = [1, 1]")
        .replace("monthly", "x")
        .replace("TK = 3", "TK = 300")
    )
    assert len(_errors(text)) == 2


def test_versions_must_be_in_month_order() -> None:
    text = VALID + '\n[[version]]\neffective_from = "2024-12"\n'
    assert _errors(text) == [
        "[[version]] ke-2 (berlaku 2024-12), 'effective_from': bulan harus sesudah versi "
        "sebelumnya (2025-01); urutkan versi dari yang paling lama"
    ]


@pytest.mark.parametrize(
    ("text", "error_start"),
    [
        ('region = "x"\n[[version]\n', "berkas bukan TOML yang sah"),
        ('region = "x"\n', "'version': tulis minimal satu blok [[version]]"),
        ('region = "x"\nversion = 3\n', "'version': tulis minimal satu blok [[version]]"),
        ("", "'region': tulis nama daerah"),
        ('region = "x"\n[version]\neffective_from = "2026-01"\n', "'version': tulis minimal"),
        ('region = "x"\nsource = 1\n[[version]]\n', "'source': harus teks"),
    ],
)
def test_broken_files_never_raise(text: str, error_start: str) -> None:
    assert _errors(text)[0].startswith(error_start)


def test_non_utf8_bytes() -> None:
    assert _errors(b"region = '\xff'") == ["berkas harus disimpan sebagai UTF-8"]


def test_a_broken_first_version_does_not_blame_the_next() -> None:
    text = VALID.replace("TK = 3", "TK = 300") + '\n[[version]]\neffective_from = "2026-01"\n'
    errors = _errors(text)
    assert len(errors) == 1
    assert "deduction_pct.TK" in errors[0]


def test_every_version_key_is_documented() -> None:
    documented = DOCS.read_text(encoding="utf-8")
    missing = [key for key in VERSION_KEYS if f"`{key}`" not in documented]
    assert missing == []


def toml_value(value: object) -> str:
    """A TOML literal for ``value`` (enough for the generated test values)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    assert isinstance(value, dict)
    return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"


scalars = (
    st.booleans()
    | st.integers(-1000, 1000)
    | st.floats(allow_subnormal=False)
    | st.text(alphabet="abc-019 ,", max_size=8)
)
toml_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["days", "TL1", "TK", "x", "discipline_pct"]), inner)
    ),
    max_leaves=6,
)


VALID_VERSION: dict[str, object] = {
    "effective_from": "2025-01",
    "late_band_edges": [30, 60, 90],
    "early_band_edges": [30, 60, 90],
    "missing_punch_counts_as_top_band": True,
    "tpp_split": {"performance_pct": 60, "discipline_pct": 40},
    "deduction_applies_to": "discipline",
    "deduction_pct": {
        **{f"TL{band}": band for band in range(1, 5)},
        **{f"PSW{band}": band for band in range(1, 5)},
        "TK": 3,
    },
}


def document(version: dict[str, object]) -> str:
    lines = ['region = "Kabupaten Uji"', "[[version]]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in version.items()]
    return "\n".join(lines)


def test_generated_document_is_valid_before_it_is_broken() -> None:
    assert load_policy_file(document(VALID_VERSION)).ok


@settings(max_examples=200, deadline=None, database=None)
@given(key=st.sampled_from(sorted(VERSION_KEYS)), value=toml_values)
def test_any_value_for_any_key_gives_a_result_never_an_exception(key: str, value: object) -> None:
    result = load_policy_file(document({**VALID_VERSION, key: value}))
    assert (result.policy_set is None) == bool(result.errors)
    assert all(str(error) for error in result.errors)
