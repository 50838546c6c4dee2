"""The events each person was due at, with the facts that may show attendance, as the
rules want them (``hadir.rules.events.EventOccurrence``).

Attendance is derived, never ingested: a counted punch in the ledger from a machine of the
person's unit (that day), a phone capture that became a punch at the event's place (within
its radius, measured as the phone page measures it: ``hadir.mobile.geo``), or a tick on the
head's list. Which of these fall inside the time window is the rules' business. A batch
costs one query when the region holds no event, four when it does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from django.db.models import Q

from hadir.bulk import fetch_rows
from hadir.events.models import Event, EventAttendance, Recurrence
from hadir.mobile.geo import haversine_m
from hadir.mobile.models import Capture, Outcome
from hadir.punches.models import Punch, PunchSource
from hadir.rules.codes import EventKind
from hadir.rules.events import EventOccurrence

ONE_DAY = timedelta(days=1)
MACHINE_SOURCES = (PunchSource.PUSH, PunchSource.AGENT, PunchSource.USB)
Occurrences = dict[int, dict[date, list[EventOccurrence]]]


class SpanLike(Protocol):
    unit_id: int
    first: date
    last: date


@dataclass(frozen=True)
class EventDue:
    event: Event
    unit_ids: frozenset[int] | None  # None: every unit

    def on(self, day: date, unit_id: int) -> bool:
        event = self.event
        if day < event.valid_from or (event.valid_until and day > event.valid_until):
            return False
        if self.unit_ids is not None and unit_id not in self.unit_ids:
            return False
        if event.recurrence == Recurrence.ONCE:
            return day == event.day
        if event.recurrence == Recurrence.WEEKLY:
            return day.weekday() in (event.weekdays or [])
        return True  # every working day: the rules skip a day off


def events_between(first: date, last: date) -> list[EventDue]:
    rows = (
        Event.objects.filter(valid_from__lte=last)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first))
        .prefetch_related("units")
    )
    return [
        EventDue(event, None if event.all_units else frozenset(u.pk for u in event.units.all()))
        for event in rows
    ]


def event_occurrences(
    spans: Mapping[int, Sequence[SpanLike]],
    first: date,
    last: date,
    events: Sequence[EventDue] | None = None,
) -> Occurrences:
    """Per employee and date, the events due (unit, weekday, validity) with their marks;
    ``events``: those valid from ``first`` to ``last`` when the caller has them already."""
    if events is None:
        events = events_between(first, last)
    if not events:
        return {}
    due: dict[tuple[int, date], list[tuple[EventDue, int]]] = defaultdict(list)
    # Which events a unit is due at, per date: worked out once per unit, not per person.
    by_unit: dict[int, dict[date, list[EventDue]]] = {}
    for employee_id, employee_spans in spans.items():
        for span in employee_spans:
            unit_due = by_unit.get(span.unit_id)
            if unit_due is None:
                unit_due = by_unit[span.unit_id] = _due_in_unit(events, span.unit_id, first, last)
            day, end = max(span.first, first), min(span.last, last)
            while day <= end:
                for item in unit_due.get(day, ()):
                    due[(employee_id, day)].append((item, span.unit_id))
                day += ONE_DAY
    if not due:
        return {}
    employee_ids = {employee_id for employee_id, _ in due}
    machine = _machine_marks(employee_ids, sorted({day for _, day in due}))
    phone = _phone_marks(employee_ids, first, last)
    ticks = _ticks(employee_ids, first, last)
    result: Occurrences = defaultdict(dict)
    for (employee_id, day), items in due.items():
        result[employee_id][day] = [
            _occurrence(
                item.event,
                day,
                [at for at, unit in machine.get((employee_id, day), ()) if unit == unit_id]
                + _near(item.event, phone.get((employee_id, day), ())),
                (item.event.pk, employee_id, day) in ticks,
            )
            for item, unit_id in items
        ]
    return result


def _due_in_unit(
    events: Sequence[EventDue], unit_id: int, first: date, last: date
) -> dict[date, list[EventDue]]:
    """The events a person of ``unit_id`` is due at, per date from ``first`` to ``last``."""
    found: dict[date, list[EventDue]] = {}
    day = first
    while day <= last:
        items = [item for item in events if item.on(day, unit_id)]
        if items:
            found[day] = items
        day += ONE_DAY
    return found


def _occurrence(
    event: Event, day: date, marks: Iterable[datetime], ticked: bool
) -> EventOccurrence:
    return EventOccurrence(
        event.name,
        EventKind(event.kind),
        datetime.combine(day, event.starts),
        datetime.combine(day, event.ends),
        tuple(sorted(marks)),
        ticked,
    )


def _machine_marks(
    employee_ids: set[int], days: list[date]
) -> dict[tuple[int, date], list[tuple[datetime, int]]]:
    """Counted machine punches of the days with an event due: (local time, the machine's
    unit) per employee-day (a weekly apel reads four or five days of a month, not all)."""
    marks: dict[tuple[int, date], list[tuple[datetime, int]]] = defaultdict(list)
    rows = Punch.objects.filter(
        employee_id__in=employee_ids,
        counted=True,
        source__in=MACHINE_SOURCES,
        device__unit__isnull=False,
        local_date__in=days,
    ).values_list("employee_id", "local_time", "device__unit_id")
    # The driver's values as they come (no per-row converters); a punch's local date is
    # the date of its local time.
    parse = datetime.fromisoformat
    for employee_id, local, unit_id in fetch_rows(rows):
        at = parse(local)
        marks[(employee_id, at.date())].append((at, unit_id))
    return marks


def _phone_marks(
    employee_ids: set[int], first: date, last: date
) -> dict[tuple[int, date], list[tuple[datetime, float, float]]]:
    """Phone captures that became counted punches, with where they were taken."""
    places = {
        key: (lat, lon)
        for key, lat, lon in Capture.objects.filter(
            employee_id__in=employee_ids,
            outcome=Outcome.PUNCH,
            lat__isnull=False,
            lon__isnull=False,
            local_date__gte=first,
            local_date__lte=last,
        )
        .exclude(punch_key="")
        .values_list("punch_key", "lat", "lon")
    }
    marks: dict[tuple[int, date], list[tuple[datetime, float, float]]] = defaultdict(list)
    if not places:
        return marks
    rows = Punch.objects.filter(key__in=list(places), counted=True).values_list(
        "key", "employee_id", "local_date", "local_time"
    )
    for key, employee_id, day, local in rows:
        lat, lon = places[key]
        if lat is not None and lon is not None:  # the query keeps only captures with both
            marks[(employee_id, day)].append((datetime.fromisoformat(local), lat, lon))
    return marks


def _near(event: Event, captures: Iterable[tuple[datetime, float, float]]) -> list[datetime]:
    if not event.has_place:
        return []
    lat, lon, radius = float(event.lat or 0), float(event.lon or 0), event.radius_m or 0
    return [at for at, c_lat, c_lon in captures if haversine_m(c_lat, c_lon, lat, lon) <= radius]


def _ticks(employee_ids: set[int], first: date, last: date) -> set[tuple[int, int, date]]:
    return set(
        EventAttendance.objects.filter(
            employee_id__in=employee_ids, day__gte=first, day__lte=last
        ).values_list("event_id", "employee_id", "day")
    )
