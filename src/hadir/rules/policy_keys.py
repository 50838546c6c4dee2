"""The keys of a policy file's ``[[version]]`` block and how each value is read.

One entry per key in VERSION_KEYS: the parser turns the TOML value into Policy fields or
raises BadValue with a message in Bahasa Indonesia saying what to write instead.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeVar

from hadir.rules.codes import DayCode, EventKind
from hadir.rules.policy import DayCounting, DeductionBase, RequestWindow, YearMonth
from hadir.rules.punches import PunchWindows

_Choice = TypeVar("_Choice", DeductionBase, DayCounting)
_CODES = tuple(code.value for code in DayCode)


WINDOW_MAX_MINUTES = 720  # a punch window reaches at most 12 hours past the shift


class BadValue(Exception):
    """A value that cannot be used; carries the Indonesian message."""


def _integer(value: object, what: str = "bilangan bulat") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValue(f"harus {what}, ditemukan {value!r}")
    return value


def _percent(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise BadValue(f"harus angka tanpa tanda kutip, misalnya 0.5; ditemukan {value!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise BadValue(f"harus angka biasa, misalnya 0.5; ditemukan {value}")
    return Decimal(value)


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise BadValue(f"harus true atau false, ditemukan {value!r}")
    return value


def _table(value: object, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadValue(f"harus tabel dengan kunci {', '.join(allowed)}")
    unknown = [key for key in value if key not in allowed]
    if unknown:
        raise BadValue(unknown_key(unknown[0], allowed))
    missing = [key for key in required if key not in value]
    if missing:
        raise BadValue(f"kunci {', '.join(missing)} belum diisi")
    return value


def _edges(value: object) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise BadValue(f"harus daftar batas atas menit, misalnya [30, 60, 90]; ditemukan {value!r}")
    return tuple(_integer(item) for item in value)


def _deductions(value: object) -> dict[str, Any]:
    """Checked code by code in ``_read_block`` so that every bad entry is reported."""
    table = _table(value, _CODES, ())
    return {"deduction_pct": {DayCode(code): _percent(pct) for code, pct in table.items()}}


def bad_deductions(table: dict[str, object]) -> list[tuple[str, str]]:
    bad = []
    for code, pct in table.items():
        try:
            _deductions({code: pct})
        except BadValue as problem:
            bad.append((code, str(problem)))
    return bad


def _full_deduction(value: object) -> dict[str, Any]:
    if value is False:
        return {"tk_days_for_full_deduction": None}
    return {"tk_days_for_full_deduction": _integer(value, "jumlah hari atau false")}


def _split(value: object) -> dict[str, Any]:
    keys = ("performance_pct", "discipline_pct")
    table = _table(value, keys, keys)
    return {
        "tpp_performance_pct": _percent(table["performance_pct"]),
        "tpp_discipline_pct": _percent(table["discipline_pct"]),
    }


def _windows(value: object) -> dict[str, Any]:
    keys = ("opens_before_start_minutes", "closes_after_end_minutes")
    table = _table(value, keys, keys)
    minutes = [_integer(table[key]) for key in keys]
    for number in minutes:  # checked before the windows are built (a huge number overflows)
        if not 0 <= number <= WINDOW_MAX_MINUTES:
            raise BadValue(f"harus 0 sampai {WINDOW_MAX_MINUTES} menit, ditemukan {number}")
    return {"punch_windows": PunchWindows(*minutes)}


def _request_window(value: object) -> dict[str, Any]:
    table = _table(value, ("days", "counting"), ("days",))
    counting = _choice(DayCounting)(table.get("counting", DayCounting.CALENDAR.value))
    return {"request_window": RequestWindow(_integer(table["days"]), counting)}


def _choice(enum: type[_Choice]) -> Callable[[object], _Choice]:
    def parse(value: object) -> _Choice:
        options = [member.value for member in enum]
        if value not in options:
            raise BadValue(f"pilih salah satu dari {options}, ditemukan {value!r}")
        return enum(value)

    return parse


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadValue("harus teks yang tidak kosong")
    return value


# Steps an approval chain may have after the head of unit (hadir.requests.chains).
CHAIN_STEPS = ("skpd_head", "bkd")


def _approval_chains(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadValue('harus tabel jenis = daftar langkah, misalnya cuti = ["skpd_head", "bkd"]')
    chains: dict[str, tuple[str, ...]] = {}
    for kind, steps in value.items():
        if not isinstance(steps, list) or any(step not in CHAIN_STEPS for step in steps):
            raise BadValue(
                f"'{kind}': tulis daftar langkah dari {list(CHAIN_STEPS)} (setelah kepala "
                f"unit), ditemukan {steps!r}"
            )
        if len(set(steps)) != len(steps) or list(steps) != sorted(steps, key=CHAIN_STEPS.index):
            raise BadValue(f"'{kind}': tiap langkah sekali, urut {list(CHAIN_STEPS)}")
        chains[str(kind)] = tuple(steps)
    return {"approval_chains": MappingProxyType(chains)}


def _event_missed(value: object) -> dict[str, Any]:
    kinds = tuple(kind.value for kind in EventKind)
    table = _table(value, kinds, ())
    pcts = {EventKind(kind): _percent(pct) for kind, pct in table.items()}
    return {"event_missed_pct": MappingProxyType(pcts)}


def _single(name: str, parse: Callable[[object], object]) -> Callable[[object], dict[str, Any]]:
    return lambda value: {name: parse(value)}


# Each key of a [[version]] block and how it becomes Policy fields.
VERSION_KEYS: dict[str, Callable[[object], dict[str, Any]]] = {
    "effective_from": lambda value: {},  # read separately: it locates every error
    "source": _single("source", _text),
    "late_band_edges": _single("late_band_edges", _edges),
    "early_band_edges": _single("early_band_edges", _edges),
    "deduction_pct": _deductions,
    "missing_punch_counts_as_top_band": _single("missing_punch_counts_as_top_band", _flag),
    "monthly_cap_pct": _single("monthly_cap_pct", _percent),
    "tk_days_for_full_deduction": _full_deduction,
    "tpp_split": _split,
    "deduction_applies_to": _single("deduction_applies_to", _choice(DeductionBase)),
    "punch_windows": _windows,
    "use_device_status": _single("use_device_status", _flag),
    "fwa_requires_punch": _single("fwa_requires_punch", _flag),
    "request_window": _request_window,
    "discipline_minutes_per_day": _single("discipline_minutes_per_day", _integer),
    "submission_deadline_days": _single("submission_deadline_days", _integer),
    "izin_per_month_max": _single("izin_per_month_max", _integer),
    "approval_chains": _approval_chains,
    "event_missed_pct": _event_missed,
}


def read_month(value: object) -> YearMonth:
    if isinstance(value, date) and value.day == 1:
        return YearMonth(value.year, value.month)
    parts = value.split("-") if isinstance(value, str) else []
    if (
        len(parts) == 2
        and len(parts[0]) == 4
        and len(parts[1]) == 2
        and all(part.isascii() and part.isdigit() for part in parts)
        and 1 <= int(parts[1]) <= 12
    ):
        return YearMonth(int(parts[0]), int(parts[1]))
    raise BadValue(
        f'tulis bulan sebagai "TTTT-BB" (tahun-bulan), misalnya "2026-01"; ditemukan {value!r}'
    )


def unknown_key(key: str, allowed: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = (
        f"; mungkin maksudnya '{close[0]}'?"
        if close
        else f"; kunci yang boleh: {', '.join(allowed)}"
    )
    return f"kunci '{key}' tidak dikenal{hint}"
