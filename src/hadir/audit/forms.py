"""The audit page's filter form: bad input is shown back, never a server error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hadir.audit.selectors import AuditFilter, audit_choices
from hadir.org.models import Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PERIOD_BACKWARDS = _("The end date is before the start date; swap them and search again.")


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.code} · {obj.name}"


class AuditFilterForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)
    actor = forms.CharField(label=_("Who"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False)
    target_type = forms.ChoiceField(label=_("Target type"), required=False)
    target_id = forms.CharField(label=_("Target id"), required=False, max_length=60)
    unit = UnitChoiceField(
        label=_("Unit"),
        required=False,
        queryset=Unit.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("All"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions, types = audit_choices()
        everything = [("", _("All"))]
        for name, values in (("action", actions), ("target_type", types)):
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                field.choices = everything + [(v, v) for v in values]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            raise ValidationError(PERIOD_BACKWARDS)
        return cleaned

    def chosen(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            since=data.get("since"),
            until=data.get("until"),
            actor=(data.get("actor") or "").strip(),
            action=data.get("action") or "",
            target_type=data.get("target_type") or "",
            target_id=(data.get("target_id") or "").strip(),
            unit=data.get("unit"),
        )
