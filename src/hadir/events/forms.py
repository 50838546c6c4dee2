"""The event form: what BKD (or a head, for a one-day event of their units) fills in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hadir.edge.forms import IdMultipleChoiceField, SupportedDateField
from hadir.events.models import Event, Kind, Recurrence
from hadir.events.services import EventData
from hadir.org.models import Unit

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EventForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    recurrence = forms.ChoiceField(label=_("Repeats"), choices=Recurrence.choices)
    day = SupportedDateField(label=_("Date (one-day event)"), required=False, widget=DATE)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week (weekly event)"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts = forms.TimeField(label=_("Starts"), widget=TIME)
    ends = forms.TimeField(label=_("Ends"), widget=TIME)
    all_units = forms.BooleanField(label=_("All units take part"), required=False)
    units = IdMultipleChoiceField(
        label=_("Units that take part"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    valid_from = SupportedDateField(label=_("Valid from"), required=False, widget=DATE)
    valid_until = SupportedDateField(label=_("Valid until"), required=False, widget=DATE)
    lat = forms.DecimalField(
        label=_("Place: latitude"), required=False, min_value=-90, max_value=90, decimal_places=6
    )
    lon = forms.DecimalField(
        label=_("Place: longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        decimal_places=6,
    )
    radius_m = forms.IntegerField(
        label=_("Place: radius (m)"), required=False, min_value=10, max_value=5000
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("recurrence") == Recurrence.ONCE and not cleaned.get("day"):
            self.add_error("day", _("A one-day event needs its date."))
        elif cleaned.get("recurrence") != Recurrence.ONCE and not cleaned.get("valid_from"):
            self.add_error("valid_from", _("A repeating event needs the date it starts."))
        return cleaned

    def data_for_service(self) -> EventData:
        c = self.cleaned_data
        first: date = c.get("valid_from") or c["day"]  # clean() required one of them
        return EventData(
            name=c["name"],
            kind=c["kind"],
            recurrence=c["recurrence"],
            starts=c["starts"],
            ends=c["ends"],
            valid_from=first,
            valid_until=c.get("valid_until"),
            day=c.get("day"),
            weekdays=tuple(sorted(c.get("weekdays") or ())),
            all_units=bool(c.get("all_units")),
            unit_ids=frozenset(unit.pk for unit in c.get("units") or ()),
            lat=c.get("lat"),
            lon=c.get("lon"),
            radius_m=c.get("radius_m"),
        )


def initial_of(event: Event) -> dict[str, Any]:
    place: dict[str, Decimal | int | None] = {
        "lat": event.lat,
        "lon": event.lon,
        "radius_m": event.radius_m,
    }
    return {
        "name": event.name,
        "kind": event.kind,
        "recurrence": event.recurrence,
        "day": event.day,
        "weekdays": list(event.weekdays or []),
        "starts": event.starts,
        "ends": event.ends,
        "all_units": event.all_units,
        "units": list(event.units.all()),
        "valid_from": event.valid_from,
        "valid_until": event.valid_until,
        **place,
    }
