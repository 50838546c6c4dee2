"""Load a region's policy from TOML text, with errors in Bahasa Indonesia that say what to fix.

The format is documented in ``docs/policy-file.md``; examples are in
``hadir/rules/policies/``. Loading never raises on bad input: every problem found comes back
in ``PolicyFileResult.errors``. The caller reads the file; ``bundled_policy_text`` reads the
examples shipped with the package.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from importlib import resources
from typing import Any

from hadir.rules.policy import (
    InvalidPolicyError,
    Policy,
    PolicySet,
    YearMonth,
)
from hadir.rules.policy_keys import (
    VERSION_KEYS,
    BadValue,
    bad_deductions,
    read_month,
    unknown_key,
)

BUNDLED_POLICY_FILES = ("default", "kab_ttu", "permentan_68_2012")
_TOP_KEYS = ("region", "source", "version")
FIRST_VERSION_REQUIRES = (
    "late_band_edges",
    "early_band_edges",
    "deduction_pct",
    "missing_punch_counts_as_top_band",
    "tpp_split",
    "deduction_applies_to",
)


@dataclass(frozen=True, slots=True)
class PolicyFileError:
    """One problem: where it is (which version, which key) and what to do about it."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass(frozen=True, slots=True)
class PolicyFileResult:
    policy_set: PolicySet | None
    errors: tuple[PolicyFileError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def load_policy_file(text: str | bytes) -> PolicyFileResult:
    """Parse and validate a policy file; return the PolicySet, or every error found.

    Rule: each ``[[version]]`` takes effect in its ``effective_from`` month and inherits every
    key it does not state from the version before it (a ``deduction_pct`` table replaces the
    previous table whole). The first version must state the keys in FIRST_VERSION_REQUIRES.
    """
    errors: list[PolicyFileError] = []
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return _failed("", "berkas harus disimpan sebagai UTF-8")
    try:
        document = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        return _failed("", f"berkas bukan TOML yang sah ({error}); periksa tanda kutip dan '='")
    for key in document:
        if key not in _TOP_KEYS:
            errors.append(PolicyFileError("", unknown_key(key, _TOP_KEYS)))
    region = document.get("region")
    if not isinstance(region, str) or not region.strip():
        errors.append(PolicyFileError("'region'", 'tulis nama daerah, misalnya "Kabupaten Tebo"'))
        region = ""
    versions = document.get("version")
    if not isinstance(versions, list) or not versions:
        errors.append(PolicyFileError("'version'", "tulis minimal satu blok [[version]]"))
        return PolicyFileResult(None, tuple(errors))
    default_source = document.get("source", "")
    if not isinstance(default_source, str):
        errors.append(PolicyFileError("'source'", 'harus teks, misalnya "Perbup Contoh 1/2026"'))
        default_source = ""
    policies = _versions(region, versions, default_source, errors)
    if errors:
        return PolicyFileResult(None, tuple(errors))
    return PolicyFileResult(PolicySet(region, tuple(policies)), ())


def _versions(
    region: str, versions: list[Any], default_source: str, errors: list[PolicyFileError]
) -> list[Policy]:
    policies: list[Policy] = []
    previous: Policy | None = None
    previous_month: YearMonth | None = None
    broken = False  # a later version cannot inherit from a version that failed
    for number, block in enumerate(versions, start=1):
        where = f"[[version]] ke-{number}"
        if not isinstance(block, dict):
            errors.append(PolicyFileError(where, "harus blok [[version]] berisi kunci"))
            broken = True
            continue
        try:
            month = read_month(block.get("effective_from"))
        except BadValue as bad:
            errors.append(PolicyFileError(f"{where}, 'effective_from'", str(bad)))
            broken = True
            continue
        where = f"{where} (berlaku {month})"
        if previous_month is not None and month <= previous_month:
            errors.append(
                PolicyFileError(
                    f"{where}, 'effective_from'",
                    f"bulan harus sesudah versi sebelumnya ({previous_month}); urutkan versi "
                    "dari yang paling lama",
                )
            )
        previous_month = month
        changes = _read_block(block, where, errors)
        if changes is None or (broken and previous is None):
            broken = True
            continue
        policy = _build(region, month, default_source, previous, changes, where, errors)
        if policy is None:
            broken = True
            continue
        policies.append(policy)
        previous = policy
    return policies


def _read_block(
    block: dict[str, Any], where: str, errors: list[PolicyFileError]
) -> dict[str, Any] | None:
    changes: dict[str, Any] = {}
    count = len(errors)
    for key, value in block.items():
        parse = VERSION_KEYS.get(key)
        if parse is None:
            errors.append(PolicyFileError(where, unknown_key(key, list(VERSION_KEYS))))
            continue
        if key == "deduction_pct" and isinstance(value, dict):
            bad_codes = bad_deductions(value)
            errors.extend(
                PolicyFileError(f"{where}, 'deduction_pct.{code}'", message)
                for code, message in bad_codes
            )
            if bad_codes:
                continue
        try:
            changes.update(parse(value))
        except BadValue as bad:
            errors.append(PolicyFileError(f"{where}, '{key}'", str(bad)))
    return changes if len(errors) == count else None


def _build(
    region: str,
    month: YearMonth,
    default_source: str,
    previous: Policy | None,
    changes: dict[str, Any],
    where: str,
    errors: list[PolicyFileError],
) -> Policy | None:
    try:
        if previous is not None:
            return replace(previous, effective_from=month, **changes)
        missing = [key for key in FIRST_VERSION_REQUIRES if not _states(key, changes)]
        if missing:
            errors.append(
                PolicyFileError(where, f"versi pertama harus menulis {', '.join(missing)}")
            )
            return None
        changes.setdefault("source", default_source)
        return Policy(region=region, effective_from=month, **changes)
    except InvalidPolicyError as invalid:
        errors.extend(PolicyFileError(where, problem) for problem in invalid.problems)
        return None


def _states(key: str, changes: Mapping[str, Any]) -> bool:
    if key == "tpp_split":
        return "tpp_discipline_pct" in changes
    return key in changes


def _failed(location: str, message: str) -> PolicyFileResult:
    return PolicyFileResult(None, (PolicyFileError(location, message),))


def bundled_policy_text(name: str) -> str:
    """The text of a policy file shipped in ``hadir/rules/policies`` (see
    BUNDLED_POLICY_FILES); the only function in the rules that reads a file.
    """
    if name not in BUNDLED_POLICY_FILES:
        raise LookupError(f"No bundled policy {name!r}; choose from {BUNDLED_POLICY_FILES}.")
    return resources.files("hadir.rules.policies").joinpath(f"{name}.toml").read_text("utf-8")
