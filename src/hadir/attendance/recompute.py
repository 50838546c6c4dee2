"""The recompute service: the only writer of day results.

``recompute_range`` evaluates every day of a span for a set of employees (the CLI, a policy
change); ``recompute_dirty`` consumes the marks left by new punches, requests and schedule
changes. Both hand the rules engine plain data built by ``inputs`` and store what it says.

A day whose stored fingerprint still matches its inputs (``day_fingerprint``; a row edited
in the database loses its fingerprint) is kept as stored without running the engine: a
month recomputed again computes only what changed.

Both isolate failures: a batch that raises is retried in halves down to the single
employee-day, which is then parked with its error (``parking``) while every other day is
stored. Database trouble (locked, connection lost) is not the data's fault: it propagates,
nothing is parked, and the caller (the worker) tries again later.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from hadir.attendance.day_fingerprint import DayInputs
from hadir.attendance.inputs import BatchInputs, EmployeeInputs, batch_inputs
from hadir.attendance.models import DirtyDay, PeriodLock
from hadir.attendance.parking import (
    parked_day_record,
    parked_days_clear,
    parked_days_clear_range,
)
from hadir.attendance.store import (
    DELETE_BATCH,
    Key,
    Row,
    Stored,
    day_records_store,
    stored_fingerprints,
)
from hadir.bulk import LocalTimes, as_date, fetch_sql, in_params, marks, table
from hadir.org.selectors import region_timezone
from hadir.rules import (
    DayCode,
    DayOff,
    DayResult,
    EmployeeSchedule,
    ExpectedShift,
    Policy,
    Punch,
    day_closes,
    judge_events,
    resolve_expected_shift,
)
from hadir.rules.day import evaluate_ordered
from hadir.rules.punches import normalize_punches

ONE_DAY = timedelta(days=1)
CHUNK_EMPLOYEES = 400
DIRTY_BATCH = 2000
# Not the data's fault: never park a day for these, let the caller retry the whole batch.
DATABASE_TROUBLE = (OperationalError, InterfaceError)


@dataclass
class RecomputeResult:
    days: int = 0  # days handled: computed, or kept because nothing they depend on changed
    held: int = 0
    parked: int = 0
    unchanged: int = 0  # of ``days``: kept by their fingerprint, the engine not called

    def add(self, other: RecomputeResult) -> None:
        self.days += other.days
        self.unchanged += other.unchanged
        self.held += other.held
        self.parked += other.parked


def _months(days: Iterable[date]) -> dict[tuple[int, int], list[date]]:
    grouped: dict[tuple[int, int], list[date]] = defaultdict(list)
    for day in sorted(days):
        grouped[(day.year, day.month)].append(day)
    return grouped


PlanCache = dict[tuple[object, ...], list[ExpectedShift | DayOff]]


def _plans(
    schedule: EmployeeSchedule,
    days: list[date],
    inputs: BatchInputs,
    unit_code: str | None,
    cache: PlanCache,
) -> list[ExpectedShift | DayOff]:
    """Expected hours per day; people on the same schedule share one resolution."""
    if schedule.roster:
        return [resolve_expected_shift(d, schedule, inputs.calendar, unit_code) for d in days]
    # ``overrides`` is one shared tuple per batch, so its identity is a sound cache key.
    key = (schedule.assignments, id(schedule.overrides), unit_code, tuple(days))
    plans = cache.get(key)
    if plans is None:
        plans = [resolve_expected_shift(d, schedule, inputs.calendar, unit_code) for d in days]
        cache[key] = plans
    return plans


@dataclass
class _Batch:
    """What every employee of a chunk shares while being evaluated."""

    inputs: BatchInputs
    locked: set[tuple[int, date]]
    first: date
    last: date
    now: datetime | None  # naive local: days not over at that moment are in progress
    day_inputs: DayInputs
    stored: dict[Key, Stored]  # the chunk's stored rows; those kept unchanged are removed
    plan_cache: PlanCache = field(default_factory=dict)
    unchanged: int = 0


def _evaluate_month(
    person: EmployeeInputs,
    unit_id: int,
    plans: list[ExpectedShift | DayOff],
    policy: Policy,
    ordered: list[Punch],
    batch: _Batch,
) -> Iterator[tuple[int, DayResult, int]]:
    """(unit_id, result, fingerprint) of each planned day whose stored row does not carry
    the same fingerprint; the others are kept as stored (taken out of ``batch.stored``).
    One pass per day: its punches are found once, for the fingerprint and for the engine."""
    stored = batch.stored
    employee_id, absences, events = person.employee_id, person.absences, person.events
    now = batch.now
    for plan, low, high, digest in batch.day_inputs.days(
        unit_id, plans, policy, ordered, absences, events
    ):
        key = (employee_id, plan.day)
        old = stored.get(key)
        if old is not None and old[1] == digest:
            del stored[key]
            batch.unchanged += 1
            continue
        result = evaluate_ordered(plan, ordered[low:high], policy, absences, now)
        # Events (apel, upacara...) are judged on the finished day result: no event, no cost.
        due = events.get(plan.day) if events else None
        yield unit_id, judge_events(result, due) if due else result, digest


def _evaluate_employee(
    person: EmployeeInputs, wanted: set[date] | None, batch: _Batch
) -> tuple[list[tuple[int, DayResult, int]], set[date]]:
    """(unit_id, result, fingerprint) for each wanted day of each span whose inputs or row
    changed, and the days held by a lock."""
    inputs = batch.inputs
    results: list[tuple[int, DayResult, int]] = []
    held: set[date] = set()
    ordered = normalize_punches(person.punches)
    for span in person.spans:
        start, end = max(span.first, batch.first), min(span.last, batch.last)
        days = [start + ONE_DAY * i for i in range((end - start).days + 1)]
        if wanted is not None:
            days = [d for d in days if d in wanted]
        for (year, month), month_days in _months(days).items():
            if (span.unit_id, date(year, month, 1)) in batch.locked:
                held.update(month_days)
                continue
            unit_code = inputs.unit_codes.get(span.unit_id)
            policy = inputs.policies.for_month(year, month)
            plans = _plans(person.schedule, month_days, inputs, unit_code, batch.plan_cache)
            results.extend(_evaluate_month(person, span.unit_id, plans, policy, ordered, batch))
    return results, held


@lru_cache(maxsize=1024)
def _codes_text(codes: tuple[DayCode, ...]) -> str:
    return " ".join(code.value for code in codes)


def _record(
    employee_id: int, unit_id: int, result: DayResult, times: LocalTimes, now: object
) -> Row:
    leave = result.leave_type
    plan = result.plan
    settles = None
    if result.in_progress and isinstance(plan, ExpectedShift):
        settles = times.db_value(day_closes(plan, result.policy))
    return (
        employee_id,
        result.day,
        unit_id,
        _codes_text(result.codes),
        result.working_day,
        times.db_value(result.check_in),
        times.db_value(result.check_out),
        result.late_minutes,
        result.early_minutes,
        leave.value if leave else "",
        result.explanation_text,
        now,
        settles,
    )


def _locks(unit_ids: set[int], first: date, last: date) -> set[tuple[int, date]]:
    units = sorted(unit_ids)
    sql = f"""
        SELECT unit_id, month FROM {table(PeriodLock)}
        WHERE unit_id IN ({marks(len(units))}) AND month >= %s AND month <= %s"""  # noqa: S608
    rows = fetch_sql(sql, [*in_params(units), first.replace(day=1), last])
    return {(unit_id, as_date(month)) for unit_id, month in rows}


@dataclass
class Computed:
    """A chunk's new rows (each with its day's fingerprint), the days held by a lock, the
    stored rows not kept unchanged, and how many were."""

    rows: list[tuple[Row, int]]
    held: dict[int, set[date]]
    stored: dict[Key, Stored]
    unchanged: int


def _compute(
    wanted: dict[int, set[date]] | None,
    employee_ids: Sequence[int],
    first: date,
    last: date,
    at: datetime | None = None,
) -> Computed:
    """Rows for the wanted days; ``at`` (aware, default: now) decides which days are over."""
    tz = region_timezone()
    inputs = batch_inputs(employee_ids, first, last)
    unit_ids = {s.unit_id for p in inputs.employees.values() for s in p.spans}
    times = LocalTimes(tz, datetime.combine(first, datetime.min.time()))
    local_now = (at or timezone.now()).astimezone(tz).replace(tzinfo=None)
    now = times.db_value(local_now)
    batch = _Batch(
        inputs=inputs,
        locked=_locks(unit_ids, first, last),
        first=first,
        last=last,
        now=local_now,
        day_inputs=DayInputs(times.offset, local_now),
        stored=(
            stored_fingerprints(employee_ids, first, last, with_results=wanted is not None)
            if employee_ids
            else {}
        ),
    )
    rows: list[tuple[Row, int]] = []
    held: dict[int, set[date]] = {}
    for employee_id, person in inputs.employees.items():
        days = None if wanted is None else wanted.get(employee_id, set())
        results, person_held = _evaluate_employee(person, days, batch)
        rows.extend(
            (_record(employee_id, unit_id, r, times, now), digest) for unit_id, r, digest in results
        )
        if person_held:
            held[employee_id] = person_held
    return Computed(rows, held, batch.stored, batch.unchanged)


@transaction.atomic
def _recompute_chunk_range(
    employee_ids: Sequence[int], first: date, last: date, at: datetime | None = None
) -> RecomputeResult:
    computed = _compute(None, employee_ids, first, last, at)
    held = computed.held

    def in_scope(employee_id: int, day: date) -> bool:
        return day not in held.get(employee_id, ())

    day_records_store(computed.rows, computed.stored, in_scope)
    return RecomputeResult(
        days=len(computed.rows) + computed.unchanged,
        held=sum(len(d) for d in held.values()),
        unchanged=computed.unchanged,
    )


def _range_isolated(
    employee_ids: Sequence[int], first: date, last: date, at: datetime | None = None
) -> RecomputeResult:
    """One chunk; if it raises, its halves (employees, then days), down to one employee-day."""
    try:
        with transaction.atomic():
            result = _recompute_chunk_range(employee_ids, first, last, at)
            parked_days_clear_range(employee_ids, first, last)
            return result
    except DATABASE_TROUBLE:
        raise
    except Exception as exc:
        if len(employee_ids) == 1 and first == last:
            parked_day_record(employee_id=employee_ids[0], day=first, exc=exc)
            return RecomputeResult(parked=1)
        total = RecomputeResult()
        if len(employee_ids) > 1:
            half = len(employee_ids) // 2
            total.add(_range_isolated(employee_ids[:half], first, last, at))
            total.add(_range_isolated(employee_ids[half:], first, last, at))
        else:
            middle = first + ONE_DAY * ((last - first).days // 2)
            total.add(_range_isolated(employee_ids, first, middle, at))
            total.add(_range_isolated(employee_ids, middle + ONE_DAY, last, at))
        return total


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a chunk is computed. A chunk allocates
    hundreds of thousands of short-lived tuples and results that reference counting frees
    (they hold no cycles), yet their number alone triggers the collector's full passes over
    every live object of the process, again and again: about a quarter of a warm month's
    CPU time (issue 15, measured with ``gc.freeze`` and thresholds). Memory is bounded by
    the chunk; the collector resumes, with its usual thresholds, between chunks."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def recompute_range(
    employee_ids: Sequence[int],
    first: date,
    last: date,
    progress: object | None = None,
    *,
    at: datetime | None = None,
) -> RecomputeResult:
    """Recompute every day from ``first`` to ``last`` for the employees, in chunks; days that
    cannot be evaluated are parked, the others stored. Days not over at ``at`` (default:
    now) are stored in progress."""
    total = RecomputeResult()
    ordered = sorted(employee_ids)
    for start in range(0, len(ordered), CHUNK_EMPLOYEES):
        chunk = ordered[start : start + CHUNK_EMPLOYEES]
        with _collector_paused():
            total.add(_range_isolated(chunk, first, last, at))
        if callable(progress):
            progress(len(chunk))
    return total


class Claimed(NamedTuple):
    """A dirty mark taken by this worker (``DirtyDay``)."""

    pk: int
    employee_id: int
    day: date


def _claim_dirty(limit: int) -> list[Claimed]:
    """The oldest marks not held, locked (PostgreSQL: marks another worker holds are skipped,
    so workers share the queue; SQLite has one writer at a time)."""
    skip_locked = connection.features.has_select_for_update_skip_locked
    sql = f"""
        SELECT id, employee_id, day FROM {table(DirtyDay)} WHERE held = %s
        ORDER BY marked_at, id LIMIT %s{" FOR UPDATE SKIP LOCKED" if skip_locked else ""}"""  # noqa: S608
    return [Claimed(pk, e, as_date(day)) for pk, e, day in fetch_sql(sql, [False, limit])]


def _marks_delete(ids: Sequence[int]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(ids), DELETE_BATCH):
            part = ids[start : start + DELETE_BATCH]
            sql = f"DELETE FROM {table(DirtyDay)} WHERE id IN ({marks(len(part))})"  # noqa: S608
            cursor.execute(sql, part)


def _recompute_claimed(claimed: list[Claimed], at: datetime | None = None) -> RecomputeResult:
    wanted: dict[int, set[date]] = defaultdict(set)
    for row in claimed:
        wanted[row.employee_id].add(row.day)
    first = min(r.day for r in claimed)
    last = max(r.day for r in claimed)
    result = _compute(wanted, list(wanted), first, last, at)
    held = result.held
    held_ids = [r.pk for r in claimed if r.day in held.get(r.employee_id, set())]
    if held_ids:
        DirtyDay.objects.filter(pk__in=held_ids).update(held=True)
    _marks_delete([r.pk for r in claimed if r.pk not in set(held_ids)])
    computed = {
        (employee_id, day)
        for employee_id, days in wanted.items()
        for day in days - held.get(employee_id, set())
    }

    def in_scope(employee_id: int, day: date) -> bool:
        return (employee_id, day) in computed

    day_records_store(result.rows, result.stored, in_scope)
    parked_days_clear(sorted(computed))
    return RecomputeResult(
        days=len(result.rows) + result.unchanged,
        held=len(held_ids),
        unchanged=result.unchanged,
    )


def _halves(claimed: list[Claimed]) -> list[list[Claimed]]:
    """Split by employees while there are several, then by days."""
    employees = sorted({r.employee_id for r in claimed})
    if len(employees) > 1:
        first_half = set(employees[: len(employees) // 2])
        return [
            [r for r in claimed if r.employee_id in first_half],
            [r for r in claimed if r.employee_id not in first_half],
        ]
    ordered = sorted(claimed, key=lambda r: r.day)
    middle = len(ordered) // 2
    return [ordered[:middle], ordered[middle:]]


def _dirty_isolated(claimed: list[Claimed], at: datetime | None = None) -> RecomputeResult:
    try:
        with transaction.atomic():  # a savepoint: a failed piece leaves nothing behind
            return _recompute_claimed(claimed, at)
    except DATABASE_TROUBLE:
        raise
    except Exception as exc:
        if len(claimed) == 1:
            parked_day_record(employee_id=claimed[0].employee_id, day=claimed[0].day, exc=exc)
            return RecomputeResult(parked=1)
        total = RecomputeResult()
        for piece in _halves(claimed):
            total.add(_dirty_isolated(piece, at))
        return total


@transaction.atomic
def recompute_dirty(limit: int = DIRTY_BATCH, *, at: datetime | None = None) -> RecomputeResult:
    """Recompute up to ``limit`` marked employee-days; days of locked months stay held and
    days that cannot be evaluated are parked (the others are stored). Days not over at
    ``at`` (default: now) are stored in progress."""
    claimed = _claim_dirty(limit)
    if not claimed:
        return RecomputeResult()
    return _dirty_isolated(claimed, at)


def recompute_all_dirty(*, at: datetime | None = None) -> RecomputeResult:
    """Drain the marks (tests, ``hadir recompute --dirty``, the worker's idle loop)."""
    total = RecomputeResult()
    while True:
        result = recompute_dirty(at=at)
        if not result.days and not result.held and not result.parked:
            return total
        total.add(result)
