"""The message table: complete, both languages take the same parameters, formats."""

from __future__ import annotations

import string
from datetime import date
from decimal import Decimal
from enum import Enum

import pytest

from hadir.rules import DayCode, LeaveType, Message, Msg, Rupiah, label, render
from hadir.rules.calendar import HolidayKind
from hadir.rules.codes import AbsenceKind, EmployeeType, Sanction
from hadir.rules.labels import LABELS
from hadir.rules.messages import TEMPLATES, _render_cached, format_param
from hadir.rules.schedule import Weekday


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    assert set(TEMPLATES) == set(Msg)
    for key, template in TEMPLATES.items():
        assert template.id and template.en, key
        assert placeholders(template.id) == placeholders(template.en), key


@pytest.mark.parametrize(
    "enum", [DayCode, AbsenceKind, LeaveType, HolidayKind, Weekday, EmployeeType, Sanction]
)
def test_every_enum_value_shown_to_users_has_labels(enum: type[Enum]) -> None:
    for member in enum:
        assert (type(member), member.value) in LABELS, member
        assert label(member, "id") and label(member, "en")


def test_same_value_in_two_enums_keeps_two_labels() -> None:
    assert label(AbsenceKind.SAKIT) == "Izin sakit"
    assert label(LeaveType.SAKIT) == "Cuti sakit"


@pytest.mark.parametrize(
    ("value", "indonesian", "english"),
    [
        (Decimal("1.25"), "1,25", "1.25"),
        (Decimal("100"), "100", "100"),
        (Decimal("2.50"), "2,5", "2.5"),
        (date(2026, 8, 17), "17-08-2026", "2026-08-17"),
        (Rupiah(1_234_567), "Rp1.234.567", "IDR 1,234,567"),
        (DayCode.TL2, "TL2", "TL2"),
        (LeaveType.TAHUNAN, "Cuti tahunan", "Annual leave"),
        (42, "42", "42"),
        ("07:30 (+1)", "07:30 (+1)", "07:30 (+1)"),
    ],
)
def test_parameter_formats(value: object, indonesian: str, english: str) -> None:
    assert format_param(value, "id") == indonesian  # type: ignore[arg-type]
    assert format_param(value, "en") == english  # type: ignore[arg-type]


def test_render_one_or_many() -> None:
    lines = (Message(Msg.ON_TIME), Message(Msg.ROSTER_OFF))
    assert render(lines[0]) == "Hadir tepat waktu (H)"
    assert render(lines, "en", sep=" | ") == "Present on time (H) | Rostered day off (L)"


@pytest.mark.parametrize("order", ["izin first", "cuti first"])
@pytest.mark.parametrize("how", ["one", "many"])
def test_equal_values_of_two_enums_render_apart_whatever_was_rendered_first(
    order: str, how: str
) -> None:
    """``AbsenceKind.SAKIT == LeaveType.SAKIT`` (both "sakit") and they hash alike: the
    render memo must not hand one the other's text (a day off read "Izin sakit" for a
    sick leave when an izin sakit had been rendered before it)."""
    _render_cached.cache_clear()
    kinds: list[tuple[AbsenceKind | LeaveType, str]] = [
        (AbsenceKind.SAKIT, "Izin sakit"),
        (LeaveType.SAKIT, "Cuti sakit"),
    ]  # pairs, not a dict: the two members are one key of a dict
    if order == "cuti first":
        kinds.reverse()
    for kind, reads in kinds:
        message = Message(Msg.ABSENCE_ON_DAY_OFF, {"kind": kind})
        text = render(message) if how == "one" else render([message])
        assert text == f"{reads} mencakup hari libur ini; tetap libur"


def test_a_flag_and_a_number_render_apart() -> None:
    _render_cached.cache_clear()
    assert render(Message(Msg.PUNCHES_ON_DAY_OFF, {"count": 1})) != render(
        Message(Msg.PUNCHES_ON_DAY_OFF, {"count": True})
    )
