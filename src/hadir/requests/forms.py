"""Forms of the request pages: they check the shape of the input; services decide."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from typing import Any, Literal

from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from hadir.edge import EdgeError, time_of_day_value
from hadir.edge.forms import SupportedDateField
from hadir.edge.limits import TEXT_MAX_LENGTH
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.people.selectors import employee_by_number
from hadir.requests.kinds import KIND_RULES
from hadir.requests.models import FILED_BY_HADIR, LeaveChoice, RequestKind
from hadir.requests.services import EntryIn

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
EVIDENCE_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,video/*,.mkv,.3gp"
UNKNOWN_EMPLOYEE = gettext_noop("No employee has the number %(number)s.")
BAD_TIME = gettext_noop("%(name)s: the time %(value)s is not a time like 07:30.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files in one input; the content is checked by the service, not here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [super(EvidenceField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class EmployeeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.name} — {obj.id_number}"


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.code} — {obj.name}"


PERSONAL_KINDS = [
    (k.value, k.label)
    for k in RequestKind
    if k != RequestKind.MANUAL_ATTENDANCE and k not in FILED_BY_HADIR
]


@dataclass(frozen=True)
class FieldSection:
    """Fields shown together: ``kinds`` are the request kinds they belong to (empty: every
    kind). Without JavaScript every section shows, under its heading; the page's script
    (``static/requests/request_form.js``) hides the sections of the other kinds."""

    heading: str | Promise
    kinds: tuple[str, ...]
    fields: tuple[str, ...]


SPT_KINDS = tuple(kind for kind, rule in KIND_RULES.items() if rule.spt)
# Every request kind the form offers except the correction (one day with its times).
SEVERAL_DAY_KINDS = tuple(k for k, _label in PERSONAL_KINDS if k != RequestKind.PUNCH_CORRECTION)
REQUEST_SECTIONS = (
    FieldSection("", (), ("kind", "employee", "first_day")),
    FieldSection(_("Several days"), SEVERAL_DAY_KINDS, ("last_day",)),
    FieldSection(_("Leave (cuti) only"), (RequestKind.CUTI,), ("leave_type", "child_order")),
    FieldSection(
        _("Correction of a missing punch only"),
        (RequestKind.PUNCH_CORRECTION,),
        ("check_in", "check_out"),
    ),
    FieldSection(_("Dinas luar, tugas belajar and diklat only"), SPT_KINDS, ("spt_number",)),
    FieldSection("", (), ("reason", "evidence")),
)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of request"), choices=PERSONAL_KINDS)
    employee = EmployeeChoiceField(
        label=_("Employee"), queryset=Employee.objects.none(), required=False
    )
    first_day = SupportedDateField(label=_("First day"), widget=DATE_INPUT)
    last_day = SupportedDateField(
        label=_("Last day"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Leave empty for one day."),
    )
    leave_type = forms.ChoiceField(
        label=_("Type of leave (cuti only)"),
        choices=[("", "—"), *LeaveChoice.choices],
        required=False,
    )
    child_order = forms.IntegerField(
        label=_("Which birth (maternity leave only)"),
        min_value=1,
        max_value=20,
        required=False,
        help_text=_("1 for the first child born while an ASN, 2 for the second, and so on."),
    )
    check_in = forms.TimeField(
        label=_("Check-in time (correction only)"), widget=TIME_INPUT, required=False
    )
    check_out = forms.TimeField(
        label=_("Check-out time (correction only)"), widget=TIME_INPUT, required=False
    )
    spt_number = forms.CharField(
        label=_("Assignment letter (SPT) number"),
        max_length=100,
        required=False,
        help_text=_("Required for dinas luar, tugas belajar and diklat."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX_LENGTH,
    )
    evidence = EvidenceField(
        label=_("Evidence (photo, PDF or video)"),
        required=False,
        help_text=_(
            "A doctor's letter is required for sakit and cuti sakit; above 14 days, from a "
            "government doctor."
        ),
    )

    def __init__(
        self, *args: Any, employees: QuerySet[Employee] | Literal["number"] | None, **kwargs: Any
    ) -> None:
        """``employees``: None when an employee asks for themselves; a queryset to choose
        from (operators, heads); "number" to type a NIP (BKD: the whole region)."""
        super().__init__(*args, **kwargs)
        if employees == "number":
            self.fields["employee"] = forms.CharField(
                label=_("Employee (NIP, PPPK number or NIK)"), max_length=30
            )
        elif employees is None:
            del self.fields["employee"]
        else:
            employee_field = self.fields["employee"]
            employee_field.queryset = employees  # type: ignore[attr-defined]
            employee_field.required = True

    def sections(self) -> list[tuple[FieldSection, list[forms.BoundField]]]:
        """The form's fields in sections, for the template (fields it does not have, such as
        ``employee`` for an employee asking for themselves, are left out; a field no section
        names is shown for every kind, so a new field is never lost)."""
        sections = [
            (section, [self[name] for name in section.fields if name in self.fields])
            for section in REQUEST_SECTIONS
        ]
        listed = {name for section in REQUEST_SECTIONS for name in section.fields}
        rest = tuple(name for name in self.fields if name not in listed)
        if rest:
            sections.append((FieldSection("", (), rest), [self[name] for name in rest]))
        return sections

    def clean_employee(self) -> Employee | None:
        value = self.cleaned_data.get("employee")
        if not isinstance(value, str):
            return value
        employee = employee_by_number(value)
        if employee is None:
            raise forms.ValidationError(gettext(UNKNOWN_EMPLOYEE) % {"number": value})
        return employee


class SheetForm(forms.Form):
    day = SupportedDateField(label=_("Date on the sheet"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Why was attendance written on paper?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
        help_text=_("For example: the machine was broken, the power was off."),
    )
    evidence = EvidenceField(
        label=_("Scan or photo of the signed sheet"),
        help_text=_("One file for the whole sheet (photo or PDF); add more pages if needed."),
    )


def sheet_entries(
    data: Mapping[str, Any], employees: Sequence[Employee]
) -> tuple[list[EntryIn], list[str]]:
    """The ticked rows of the sheet (``pick-<id>``, ``in-<id>``, ``out-<id>``) and what is
    wrong with them, in words."""
    entries: list[EntryIn] = []
    errors: list[str] = []
    for employee in employees:
        if not data.get(f"pick-{employee.pk}"):
            continue
        times: list[time | None] = []
        for side in ("in", "out"):
            text = str(data.get(f"{side}-{employee.pk}", "")).strip()
            try:
                times.append(time_of_day_value(text) if text else None)
            except EdgeError:
                errors.append(gettext(BAD_TIME) % {"name": employee.name, "value": text})
                times.append(None)
        entries.append(EntryIn(employee, times[0], times[1]))
    return entries, errors


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=TEXT_MAX_LENGTH,
    )


class DispensationForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit (and its sub-units)"), queryset=Unit.objects.none(), required=False
    )
    employee_number = forms.CharField(
        label=_("or one employee (NIP, PPPK number or NIK)"), max_length=30, required=False
    )
    days_from = SupportedDateField(label=_("For dates from"), widget=DATE_INPUT)
    valid_until = SupportedDateField(label=_("Open until (end of that day)"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_MAX_LENGTH
    )
    ask = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.order_by("code")  # type: ignore[attr-defined]


class DispensationAskForm(forms.Form):
    """Ask BKD to open the window. ``employee`` (hidden, prefilled from the day) or ``unit``
    (the whole unit) says for whom; the page shows the person by name."""

    employee = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    unit = forms.CharField(widget=forms.HiddenInput, required=False, max_length=50)
    days_from = SupportedDateField(label=_("For dates from"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Why could the day not be explained in time?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
        help_text=_("For example: the employee was on duty far away and came back late."),
    )
