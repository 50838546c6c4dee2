"""The demo's event: a Monday morning apel for every unit (``hadir demo``)."""

from __future__ import annotations

from datetime import date, time

from hadir.events.models import Event
from hadir.events.services import EventData, event_save

DEMO_APEL = "Apel pagi Senin"


def add_demo_events(valid_from: date = date(2020, 1, 1)) -> Event:
    """Every Monday 06:30-08:00, all units: an arrival punch in that window counts, so the
    demo shows both attended and missed apel (TA) days. Held by the system (no actor); loading
    the demo again keeps the one already there."""
    existing = Event.objects.filter(name=DEMO_APEL).first()
    if existing is not None:
        return existing
    return event_save(
        actor=None,
        data=EventData(
            name=DEMO_APEL,
            kind="apel",
            recurrence="weekly",
            weekdays=(0,),
            starts=time(6, 30),
            ends=time(8, 0),
            valid_from=valid_from,
            all_units=True,
        ),
    )
