"""The policy keys of the leave rules and approval chains: read, defaulted, refused in words."""

from __future__ import annotations

from importlib import resources

import pytest

from hadir.rules.policy_file import load_policy_file

DEFAULT = resources.files("hadir.rules.policies").joinpath("default.toml").read_text("utf-8")


def with_lines(*lines: str) -> str:
    return DEFAULT.replace(
        "[version.deduction_pct]", "\n".join(lines) + "\n\n[version.deduction_pct]"
    )


def test_defaults_no_izin_cap_and_no_chain():
    policy = load_policy_file(DEFAULT).policy_set.versions[0]
    assert (policy.izin_per_month_max, dict(policy.approval_chains)) == (0, {})


def test_a_cap_and_chains_are_read():
    text = with_lines(
        "izin_per_month_max = 4",
        'approval_chains = { cuti = ["skpd_head", "bkd"], izin = [] }',
    )
    policy = load_policy_file(text).policy_set.versions[0]
    assert policy.izin_per_month_max == 4
    assert dict(policy.approval_chains) == {"cuti": ("skpd_head", "bkd"), "izin": ()}


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("izin_per_month_max = -1", "tidak boleh negatif"),
        ('izin_per_month_max = "4"', "bilangan bulat"),
        ('approval_chains = { cuti = ["kepala"] }', "tulis daftar langkah"),
        ('approval_chains = { cuti = ["bkd", "skpd_head"] }', "tiap langkah sekali"),
        ('approval_chains = { cuti = ["bkd", "bkd"] }', "tiap langkah sekali"),
        ('approval_chains = ["bkd"]', "harus tabel"),
    ],
)
def test_bad_values_are_refused_in_indonesian(line, fragment):
    result = load_policy_file(with_lines(line))
    errors = [str(error) for error in result.errors]
    assert result.policy_set is None
    assert any(fragment in error for error in errors), errors
