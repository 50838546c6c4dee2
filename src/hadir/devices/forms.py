"""Forms of the machine pages: they validate input; services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hadir.devices.models import Device
from hadir.devices.services import clean_sn
from hadir.devices.trust import clean_networks
from hadir.edge.forms import SupportedDateField
from hadir.org.models import Unit

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.code} — {obj.name}"


class DeviceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Device) -> str:
        unit = obj.unit.code if obj.unit else "—"
        return f"{obj.name or obj.sn} ({obj.sn}, {unit})"


class SnField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return clean_sn(value) if value else value


class RegisterForm(forms.Form):
    sn = SnField(label=_("Serial number (SN)"), max_length=64)
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ApproveForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class MoveForm(forms.Form):
    unit = UnitChoiceField(label=_("New unit"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)


class ReplaceForm(forms.Form):
    new_sn = SnField(label=_("Serial number (SN) of the new machine"), max_length=64)


class PeriodForm(forms.Form):
    first = SupportedDateField(label=_("From"), widget=DATE_INPUT)
    last = SupportedDateField(label=_("To"), widget=DATE_INPUT)


class EmployeeForm(forms.Form):
    number = forms.CharField(label=_("NIP, NIK or PPPK number"), max_length=18)


class PinForm(forms.Form):
    pin = forms.RegexField(label=_("PIN"), regex=r"^[0-9A-Za-z]{1,24}$", max_length=24)


class UsbUploadForm(forms.Form):
    device = DeviceChoiceField(
        label=_("Machine"),
        queryset=Device.objects.none(),
        required=False,
        empty_label=_("— a machine not registered yet (type its SN below) —"),
    )
    new_sn = SnField(label=_("Serial number (SN) of a new machine"), max_length=64, required=False)
    unit = UnitChoiceField(
        label=_("Unit of the new machine"), queryset=Unit.objects.none(), required=False
    )
    file = forms.FileField(
        label=_("File (for example 1_attlog.dat)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".dat,.txt"}),
    )
    history = forms.BooleanField(
        label=_("Import as history (before the start of records; BKD only)"), required=False
    )
    history_reason = forms.CharField(
        label=_("Why this history is imported"), max_length=300, required=False
    )

    def __init__(
        self,
        *args: Any,
        devices: QuerySet[Device],
        units: QuerySet[Unit],
        can_history: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = devices  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        if not can_history:  # the option is BKD's: others never see it
            del self.fields["history"]
            del self.fields["history_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("device"):
            if not data.get("new_sn"):
                self.add_error("new_sn", _("Choose a machine, or type the SN of a new one."))
            if not data.get("unit"):
                self.add_error("unit", _("Choose the unit of the new machine."))
        if data.get("history") and not (data.get("history_reason") or "").strip():
            self.add_error(
                "history_reason",
                _("Write why this history is imported (for example: records of the old system)."),
            )
        return data


class BindForm(forms.Form):
    networks = forms.CharField(
        label=_("Addresses or ranges it may send from (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_(
            "A single address (203.0.113.7) or a range (10.20.0.0/16). Behind an office "
            "router, use the office's public address; with a changing address, the provider's "
            "range. Empty: the address is not checked."
        ),
    )

    def clean_networks(self) -> list[str]:
        return clean_networks(str(self.cleaned_data["networks"]).splitlines())
