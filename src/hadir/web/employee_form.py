"""The form of one new employee: the employee import's columns as fields.

The form only shapes the input (lengths, a date, a choice from the lists); whether the row is
valid (NIP for the type, a free PIN, the unit in the actor's scope) is decided by the import's
own checks in ``hadir.imports.one_employee``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hadir.edge.forms import SupportedDateField
from hadir.org.models import Unit
from hadir.people.models import EmployeeType
from hadir.schedules.models import WorkSchedule

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EmployeeAddForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Status"), choices=EmployeeType.choices)
    nip = forms.CharField(
        label=_("NIP, PPPK number or NIK"),
        max_length=30,
        help_text=_("PNS: the 18-digit NIP. PPPK: the PPPK number. Non-ASN: the 16-digit NIK."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    nama = forms.CharField(label=_("Full name"), max_length=200)
    jabatan = forms.CharField(label=_("Position"), max_length=200, required=False)
    guru = forms.BooleanField(label=_("Teacher"), required=False)
    unit_kode = forms.ChoiceField(label=_("Unit"))
    jadwal = forms.ChoiceField(
        label=_("Working schedule"),
        required=False,
        help_text=_("Leave empty to follow the unit's schedule."),
    )
    pin = forms.CharField(
        label=_("Machine PIN"),
        max_length=24,
        help_text=_("The number the person types or is known by on the fingerprint machine."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    berlaku = SupportedDateField(
        label=_("In the unit from"),
        widget=DATE_INPUT,
        help_text=_("The first day counted for this unit (default today)."),
    )
    tmt = SupportedDateField(
        label=_("Start of service (TMT)"),
        widget=DATE_INPUT,
        required=False,
        help_text=_(
            "TMT CPNS for a PNS, TMT PPPK for a PPPK: the leave rules count years of service "
            "from it. Empty: a PNS's NIP gives the month."
        ),
    )
    make_login = forms.BooleanField(
        label=_("Create a login to Hadir for the employee"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        units: list[Unit],
        schedules: list[WorkSchedule],
        suggested_pin: str,
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit_kode"]
        unit_field.choices = [(u.code, f"{u.code} — {u.name}") for u in units]
        schedule_field: Any = self.fields["jadwal"]
        schedule_field.choices = [("", _("The unit's schedule"))] + [
            (s.code, f"{s.code} — {s.name}") for s in schedules
        ]
        self.fields["pin"].initial = suggested_pin
        self.fields["berlaku"].initial = today

    def import_values(self) -> dict[str, str]:
        """The cleaned form as one row of the employee import."""
        data = self.cleaned_data
        return {
            "nip": data["nip"],
            "nama": data["nama"],
            "unit_kode": data["unit_kode"],
            "jenis": data["jenis"],
            "jabatan": data["jabatan"],
            "pin": data["pin"],
            "jadwal": data["jadwal"],
            "guru": "ya" if data["guru"] else "tidak",
            "berlaku": data["berlaku"].isoformat(),
            "tmt": data["tmt"].isoformat() if data.get("tmt") else "",
        }
