"""The recompute's region-wide inputs, read once per process while they do not change.

Every recompute batch needs the same region-wide facts: the policy in force, the regional
calendar, the work schedules and shifts, the schedule overrides, the events with their units
and the unit codes. Read again for each batch they cost about half the statements of an
incremental recompute after one punch (issue 15: 9 of 22 on PostgreSQL). Instead, triggers
on every table they come from (``WATCHED_TABLES``, migration ``attendance 0006``) write a new
random number into ``attendance_inputsstamp`` on each change; a batch reads that number
first, one statement, and reuses what this process loaded under the same number.

Why this is sound:

- The stamp is read before the tables, so what is loaded is at least as new as the stamp it
  is kept under. A change committed in between gives the next batch another stamp, and it
  loads again.
- A random number, not a counter: a transaction that changes an input and rolls back leaves
  the old number, and a restored backup brings the number that went with its own content. A
  counter could return to a value it had with other content.
- No stamp row (a flushed test database): nothing is kept, every batch reads the tables.
- What was loaded is kept only if the stamp is still the same after loading.
- On PostgreSQL every write to a watched table updates the one stamp row, so transactions
  writing these tables wait for each other until commit: acceptable, as they change rarely
  (BKD editing a schedule, a policy, the calendar), never on the punch path.
- A migration that rebuilds a watched table on SQLite drops its triggers:
  ``tests/attendance/test_region_inputs.py`` changes each watched table and fails if the
  stamp stays the same.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from django.db import connection

from hadir.attendance.models import InputsStamp
from hadir.events.inputs import EventDue
from hadir.events.models import Event
from hadir.org.models import Unit
from hadir.rules import OverridePeriod, PolicySet, RegionalOverrides, ShiftTime, WeeklyPattern
from hadir.schedules.models import ScheduleOverride, Shift, WorkSchedule

# Every table ``load`` reads, directly or through the functions it calls. The migration
# keeps its own copy (a migration must not change when this module does); the test compares.
WATCHED_TABLES = (
    "schedules_policydocument",
    "schedules_calendarentry",
    "schedules_holidayworkingunit",
    "schedules_workschedule",
    "schedules_shift",
    "schedules_scheduleoverride",
    "events_event",
    "events_event_units",
    "org_unit",
)


@dataclass(frozen=True)
class RegionInputs:
    policies: PolicySet
    overrides: RegionalOverrides  # regional days off and working days (the calendar's input)
    schedules: dict[int, WorkSchedule]
    patterns: dict[int, WeeklyPattern]  # weekly schedules by id (rosters have none)
    shifts: dict[int, ShiftTime]
    override_rows: tuple[ScheduleOverride, ...]
    events: tuple[EventDue, ...]
    unit_codes: dict[int, str]

    def overrides_between(self, first: date, last: date) -> tuple[OverridePeriod, ...]:
        by_code = {self.schedules[pk].code: p for pk, p in self.patterns.items()}
        return tuple(
            OverridePeriod(
                o.name,
                o.first_day,
                o.last_day,
                {k: by_code[v] for k, v in o.replacements.items() if v in by_code},
            )
            for o in self.override_rows
            if o.first_day <= last and o.last_day >= first
        )

    def events_between(self, first: date, last: date) -> list[EventDue]:
        return [
            item
            for item in self.events
            if item.event.valid_from <= last
            and (item.event.valid_until is None or item.event.valid_until >= first)
        ]


def load() -> RegionInputs:
    """Read every region-wide input from the database (no cache)."""
    # Imported here: ``inputs`` builds batches from this module.
    from hadir.attendance.inputs import pattern_from_schedule, policy_set, regional_overrides

    schedules = {s.pk: s for s in WorkSchedule.objects.all()}
    events = Event.objects.prefetch_related("units")  # in Event.Meta's order, as before
    return RegionInputs(
        policies=policy_set(),
        overrides=regional_overrides(),
        schedules=schedules,
        patterns={pk: pattern_from_schedule(s) for pk, s in schedules.items() if not s.is_roster},
        shifts={s.pk: ShiftTime(s.start, s.end, s.label) for s in Shift.objects.all()},
        # The rules take the first override covering a day: the order they were made in.
        override_rows=tuple(ScheduleOverride.objects.order_by("pk")),
        events=tuple(
            EventDue(e, None if e.all_units else frozenset(u.pk for u in e.units.all()))
            for e in events
        ),
        unit_codes=dict(Unit.objects.values_list("id", "code")),
    )


def stamp() -> int | None:
    """The number the triggers last wrote, or None when the row is missing."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {InputsStamp._meta.db_table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return None if row is None else int(row[0])


# (database name, stamp) -> what was loaded under it; the name keeps two databases of one
# process (a test run's, a benchmark's) apart.
_kept: dict[str, tuple[int, RegionInputs]] = {}
_lock = threading.Lock()


def region_inputs() -> RegionInputs:
    """The region-wide inputs as of now: kept from an earlier batch while the stamp is the
    same, read again when it changed (or is missing)."""
    current = stamp()  # before the tables: see the module's docstring
    database = str(connection.settings_dict["NAME"])
    with _lock:
        kept = _kept.get(database)
    if current is not None and kept is not None and kept[0] == current:
        return kept[1]
    loaded = load()
    # Kept only if no change committed meanwhile: newer content under the old stamp would be
    # wrong again if that stamp ever came back (a backup restored from exactly then).
    if current is not None and stamp() == current:
        with _lock:
            _kept[database] = (current, loaded)
    return loaded
