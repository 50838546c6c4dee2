"""The forms of the schedule pages: input checks only (the services decide and refuse)."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hadir.edge.forms import IdChoiceField, SupportedDateField
from hadir.people.models import Employee
from hadir.schedules.models import WorkSchedule
from hadir.schedules.weekly import WEEKDAYS

TIME = {"widget": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), "required": False}
DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
PARTS = ("start", "end", "break_start", "break_end")
ONE_TIME_MISSING = gettext_lazy("Give both the start and the end, or neither for a day off.")
BREAK_HALF = gettext_lazy("Give both ends of the break, or neither.")
SHIFT_SCHEDULE_FOR_PEOPLE = gettext_lazy(
    "A shift schedule is given to people, not to a whole unit: choose a person."
)
UNTIL_BEFORE_FROM = gettext_lazy("The last day is before the first day.")


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


class WeeklyScheduleForm(forms.Form):
    """Code, name and, per weekday, start, end and an optional break; empty = day off."""

    code = forms.SlugField(label=gettext_lazy("Code"), max_length=20)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    description = forms.CharField(label=gettext_lazy("Description"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n, _weekday in enumerate(WEEKDAYS):
            for part in PARTS:
                self.fields[f"d{n}_{part}"] = forms.TimeField(label=part, **TIME)  # type: ignore[arg-type]

    @classmethod
    def initial_for(cls, schedule: WorkSchedule) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "code": schedule.code, "name": schedule.name, "description": schedule.description,
        }  # fmt: skip
        for n, entry in enumerate((schedule.hours or [])[:7]):
            for part, value in zip(PARTS, entry or [], strict=False):
                initial[f"d{n}_{part}"] = value
        return initial

    def days(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Each weekday's name with its four fields, for the template."""
        return [
            (_(weekday), [self[f"d{n}_{part}"] for part in PARTS])
            for n, weekday in enumerate(WEEKDAYS)
        ]

    def hours(self) -> list[list[str] | None]:
        data = self.cleaned_data
        hours: list[list[str] | None] = []
        for n in range(7):
            start, end, b1, b2 = (_hhmm(data.get(f"d{n}_{part}")) for part in PARTS)
            if start and end:
                hours.append([start, end, b1, b2] if b1 and b2 else [start, end])
            else:
                hours.append(None)
        return hours

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(7):
            start, end, b1, b2 = (data.get(f"d{n}_{part}") for part in PARTS)
            if bool(start) != bool(end):
                self.add_error(f"d{n}_start", ONE_TIME_MISSING)
            if bool(b1) != bool(b2):
                self.add_error(f"d{n}_break_start", BREAK_HALF)
        return data


class ShiftForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=10)
    label = forms.CharField(label=gettext_lazy("Name"), max_length=50)
    start = forms.TimeField(label=gettext_lazy("Start"), **{**TIME, "required": True})  # type: ignore[arg-type]
    end = forms.TimeField(label=gettext_lazy("End"), **{**TIME, "required": True})  # type: ignore[arg-type]


class OverrideForm(forms.Form):
    """A dated period (Ramadan) and, per regular schedule, the one used instead."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    first_day = SupportedDateField(label=gettext_lazy("First day"), **DATE)  # type: ignore[arg-type]
    last_day = SupportedDateField(label=gettext_lazy("Last day"), **DATE)  # type: ignore[arg-type]

    def __init__(self, *args: Any, schedules: list[WorkSchedule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(unchanged)"))] + [(s.code, f"{s.code} · {s.name}") for s in schedules]
        self.regular = schedules
        for s in schedules:
            self.fields[f"r_{s.code}"] = forms.ChoiceField(
                label=f"{s.code} → ", choices=choices, required=False
            )

    def replacements(self) -> dict[str, str]:
        return {
            s.code: self.cleaned_data[f"r_{s.code}"]
            for s in self.regular
            if self.cleaned_data.get(f"r_{s.code}")
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", UNTIL_BEFORE_FROM)
        return data


class AssignForm(forms.Form):
    """A schedule for the whole unit or one of its people, from a day (to a day)."""

    schedule = IdChoiceField(
        label=gettext_lazy("Schedule"), queryset=WorkSchedule.objects.all(), to_field_name="code"
    )
    employee = IdChoiceField(
        label=gettext_lazy("For"),
        queryset=Employee.objects.none(),
        required=False,
        empty_label=gettext_lazy("The whole unit"),
    )
    valid_from = SupportedDateField(label=gettext_lazy("From"), **DATE)  # type: ignore[arg-type]
    valid_until = SupportedDateField(
        label=gettext_lazy("Until (empty: no end)"),
        required=False,
        **DATE,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        schedule, employee = data.get("schedule"), data.get("employee")
        if schedule is not None and schedule.is_roster and employee is None:
            self.add_error("employee", SHIFT_SCHEDULE_FOR_PEOPLE)
        first, last = data.get("valid_from"), data.get("valid_until")
        if first and last and last < first:
            self.add_error("valid_until", UNTIL_BEFORE_FROM)
        return data


class SwapForm(forms.Form):
    first = IdChoiceField(label=gettext_lazy("Person"), queryset=Employee.objects.none())
    second = IdChoiceField(label=gettext_lazy("Swap with"), queryset=Employee.objects.none())
    days = forms.CharField(
        label=gettext_lazy("Days (e.g. 3,4,10-12; empty: the whole month)"),
        required=False,
        max_length=100,
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first"].queryset = people  # type: ignore[attr-defined]
        self.fields["second"].queryset = people  # type: ignore[attr-defined]


DAYS_BAD = gettext_lazy("Write day numbers of this month, like 3,4,10-12.")


def _day_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 2


def parse_days(text: str, last_day: int) -> list[int] | None:
    """``"3,4,10-12"`` -> [3, 4, 10, 11, 12]; empty -> every day; None when not readable."""
    if not text.strip():
        return list(range(1, last_day + 1))
    days: set[int] = set()
    for part in text.replace(" ", "").split(","):
        low, _sep, high = part.partition("-")
        if not _day_number(low) or (high and not _day_number(high)):
            return None
        first, last = int(low), int(high or low)
        if not 1 <= first <= last <= last_day:
            return None
        days.update(range(first, last + 1))
    return sorted(days)
