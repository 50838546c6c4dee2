"""A warm recompute skips the days whose fingerprint still matches (issue 15), and sees every
kind of input change: each case changes one input after a first recompute (no dirty mark
is consumed: the full range is recomputed) and the day's result must follow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hadir.accounts.models import Role
from hadir.attendance import day_fingerprint, recompute
from hadir.attendance.dirty import days_mark_dirty
from hadir.attendance.models import DayRecord, DirtyDay
from hadir.attendance.recompute import recompute_all_dirty, recompute_range
from hadir.events.services import EventData, event_attendance_save, event_save
from hadir.punches.services import punches_uncount_source
from hadir.requests.decisions import request_approve, request_cancel
from hadir.requests.models import Request
from hadir.requests.services import request_submit
from hadir.rules import (
    DEFAULT_POLICY,
    DayOff,
    DayOffReason,
    EventKind,
    EventOccurrence,
    bundled_policy_text,
)
from hadir.schedules.models import Shift, WorkSchedule
from hadir.schedules.services import (
    calendar_entry_set,
    employee_schedule_change,
    policy_save,
    roster_set,
    schedule_override_create,
)

WIB = ZoneInfo("Asia/Jakarta")
FIRST, LAST = date(2026, 3, 1), date(2026, 3, 16)
AT = datetime(2026, 3, 16, 10, 0, tzinfo=WIB)  # mid-morning of the last day: in progress
NEXT_MORNING = datetime(2026, 3, 17, 8, 0, tzinfo=WIB)
WORKED_ON_APEL_DAY = ("2026-03-02 07:10:00", "2026-03-02 16:05:00")  # apel at 07:30-08:00


@pytest.fixture
def people(two_units, make_employee, make_user, punch) -> dict[str, Any]:
    dinkes = two_units["DINKES"]
    budi = make_employee(dinkes, pin="101")
    nurse = make_employee(dinkes, pin="55", schedule=WorkSchedule.objects.get(code="SHIFT"))
    punch("101", "2026-03-03 08:10:00", "2026-03-03 16:05:00")  # 40 min late: TL2
    punch("101", "2026-03-11 07:10:00", "2026-03-11 16:10:00")
    punch("101", "2026-03-16 07:10:00")  # the day in progress at AT
    return {
        "budi": budi,
        "nurse": nurse,
        "budi_user": make_user("budi", employee=budi),
        "head": make_user("kepala", Role.HEAD, dinkes),
        "bkd": make_user("bkd", Role.BKD_ADMIN),
        "dinkes": dinkes,
    }


def codes(employee: Any, day: str) -> str:
    return DayRecord.objects.get(employee=employee, day=date.fromisoformat(day)).codes


def recompute_all(people: dict[str, Any], at: datetime = AT) -> recompute.RecomputeResult:
    return recompute_range([people["budi"].pk, people["nurse"].pk], FIRST, LAST, at=at)


def apel(people: dict[str, Any]) -> Any:
    return event_save(
        actor=people["bkd"],
        data=EventData(
            name="Apel Senin",
            kind="apel",
            recurrence="weekly",
            weekdays=(0,),
            starts=time(7, 30),
            ends=time(8, 0),
            valid_from=date(2026, 1, 1),
            unit_ids=frozenset({people["dinkes"].pk}),
        ),
    )


def leave_approved(people: dict[str, Any]) -> Request:
    request = request_submit(
        actor=people["budi_user"],
        kind="cuti",
        leave_type="alasan_penting",
        employee=people["budi"],
        first_day=date(2026, 3, 13),
        last_day=date(2026, 3, 13),
        reason="orang tua sakit",
        now=datetime(2026, 3, 9, 8, 0, tzinfo=WIB),
    )
    return request_approve(request=request, actor=people["head"])


def leave_cancelled(people: dict[str, Any]) -> None:
    request = Request.objects.get(employee=people["budi"])
    request_cancel(request=request, actor=people["head"], reason="batal berangkat")


def tick(people: dict[str, Any]) -> None:
    event = people["event"]
    present = [people["budi"].pk]
    day = date(2026, 3, 2)
    event_attendance_save(actor=people["head"], event=event, day=day, present=present, today=day)


def policy_with_wider_late_bands(people: dict[str, Any]) -> None:
    text = bundled_policy_text("default").replace(
        "late_band_edges = [30, 60, 90]", "late_band_edges = [60, 90, 120]"
    )
    policy_save(text=text)


def six_day_week(people: dict[str, Any]) -> None:
    employee_schedule_change(
        employee=people["budi"],
        schedule=WorkSchedule.objects.get(code="6HK"),
        effective=date(2026, 3, 1),
    )


def ramadan_hours(people: dict[str, Any]) -> None:
    schedule_override_create(
        name="Ramadan 1447",
        first_day=date(2026, 2, 19),
        last_day=date(2026, 3, 19),
        replacements={"5HK": "5HK-RAMADAN"},
    )


def punch_on_a_workday(people: dict[str, Any], punch: Callable[..., None]) -> None:
    punch("101", "2026-03-10 07:45:00")


def punches_withdrawn(people: dict[str, Any]) -> None:
    """The ledger is append-only: a withdrawn source's punches stop counting."""
    assert punches_uncount_source(source="push", source_ref="SIM-1")


def night_shift_rostered(people: dict[str, Any]) -> None:
    roster_set(employee=people["nurse"], day=date(2026, 3, 9), shift=Shift.objects.get(code="M"))


def holiday(people: dict[str, Any]) -> None:
    calendar_entry_set(day=date(2026, 3, 12), kind="day_off", name="Banjir")


def punches_on_apel_day(people: dict[str, Any], punch: Callable[..., None]) -> None:
    punch("101", *WORKED_ON_APEL_DAY)


def apel_and_punches(people: dict[str, Any], punch: Callable[..., None]) -> None:
    punches_on_apel_day(people, punch)
    people["event"] = apel(people)


def nothing(people: dict[str, Any]) -> None:
    """The input is time itself: only the moment of the recompute changes."""


# (setup before the first recompute, change, employee, day, codes before, codes after)
CASES: dict[str, tuple[Any, Any, str, str, str, str]] = {
    "punch added": (None, punch_on_a_workday, "budi", "2026-03-10", "TK", "TL1 TAP"),
    "punches withdrawn": (None, punches_withdrawn, "budi", "2026-03-11", "H", "TK"),
    "own schedule changed": (None, six_day_week, "budi", "2026-03-14", "L", "TK"),
    "Ramadan hours": (None, ramadan_hours, "budi", "2026-03-03", "TL2", "TL1"),
    "roster changed": (None, night_shift_rostered, "nurse", "2026-03-09", "L", "TK"),
    "holiday added": (None, holiday, "budi", "2026-03-12", "TK", "L"),
    "request approved": (None, leave_approved, "budi", "2026-03-13", "TK", "C"),
    "request cancelled": (leave_approved, leave_cancelled, "budi", "2026-03-13", "C", "TK"),
    "policy changed": (None, policy_with_wider_late_bands, "budi", "2026-03-03", "TL2", "TL1"),
    "event added": (punches_on_apel_day, apel, "budi", "2026-03-02", "H", "H TA"),
    "event list ticked": (apel_and_punches, tick, "budi", "2026-03-02", "H TA", "H"),
    "day over": (None, nothing, "budi", "2026-03-16", "", "TAP"),
}


@pytest.fixture
def engine_days(monkeypatch) -> list[date]:
    """The days the rules engine evaluates, in order."""
    seen: list[date] = []
    evaluate = recompute.evaluate_ordered

    def counting(plan: Any, *args: Any) -> Any:
        seen.append(plan.day)
        return evaluate(plan, *args)

    monkeypatch.setattr(recompute, "evaluate_ordered", counting)
    return seen


def _call(step: Any, people: dict[str, Any], punch: Callable[..., None]) -> None:
    if step is None:
        return
    if "punch" in step.__code__.co_varnames[: step.__code__.co_argcount]:
        step(people, punch)
    else:
        step(people)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_changed_input_changes_the_day_on_the_next_warm_recompute(
    people, punch, engine_days, case
):
    setup, change, who, day, before, after = case
    _call(setup, people, punch)
    recompute_all(people)
    assert codes(people[who], day) == before
    engine_days.clear()
    _call(change, people, punch)
    result = recompute_all(people, NEXT_MORNING if change is nothing else AT)
    assert codes(people[who], day) == after
    assert date.fromisoformat(day) in engine_days
    # Everything else was kept by its fingerprint: the engine saw only the changed days
    # (all of them when the month's policy changed).
    assert result.unchanged == result.days - len(engine_days)
    assert (result.unchanged == 0) == (change is policy_with_wider_late_bands)


def test_unchanged_inputs_rewrite_nothing_and_skip_the_engine(people, engine_days):
    recompute_all(people)
    stored = list(DayRecord.objects.order_by("pk").values_list("pk", "computed_at", "fingerprint"))
    assert all(fingerprint is not None for *_, fingerprint in stored)
    engine_days.clear()
    result = recompute_all(people)
    assert engine_days == []
    assert result.days == result.unchanged == 2 * 16
    after = list(DayRecord.objects.order_by("pk").values_list("pk", "computed_at", "fingerprint"))
    assert after == stored


@pytest.mark.parametrize(
    "edit",
    [
        {"codes": "H"},
        {"explanation": "?"},
        {"check_in": None},
        {"late_minutes": 7},
        {"settles_at": None},
        {"unit": None},
        {"fingerprint": 1},
        {"fingerprint": None},
    ],
    ids=lambda edit: next(iter(edit)),
)
def test_a_row_edited_in_the_database_is_repaired(people, engine_days, edit):
    recompute_all(people)
    day = date(2026, 3, 16) if "settles_at" in edit else date(2026, 3, 3)
    row = DayRecord.objects.filter(employee=people["budi"], day=day)
    original = row.values().get()
    row.update(**edit)
    engine_days.clear()
    recompute_all(people)
    assert engine_days == [day]
    repaired = row.values().get()
    if "fingerprint" in edit:  # the same result: rewritten with its fingerprint, time kept
        assert repaired == {**original, "id": repaired["id"]}
    else:
        assert {k: v for k, v in repaired.items() if k not in ("id", "computed_at")} == {
            k: v for k, v in original.items() if k not in ("id", "computed_at")
        }


def test_a_new_engine_version_computes_every_day_again_and_keeps_their_times(
    people, engine_days, monkeypatch
):
    recompute_all(people)
    times = dict(
        DayRecord.objects.values_list("day", "computed_at").filter(employee=people["budi"])
    )
    monkeypatch.setattr(day_fingerprint, "engine_version", lambda: "a deploy changed a rule")
    engine_days.clear()
    result = recompute_all(people)
    assert len(engine_days) == result.days == 2 * 16 and result.unchanged == 0
    after = dict(
        DayRecord.objects.values_list("day", "computed_at").filter(employee=people["budi"])
    )
    assert after == times  # the results did not change, so neither did computed_at
    engine_days.clear()
    recompute_all(people)
    assert engine_days == []


def test_the_engine_version_digests_the_rules_source(monkeypatch, tmp_path):
    sources = day_fingerprint._source_files()
    names = {path.name for path in sources}
    assert {"day.py", "messages.py", "explain.py", "recompute.py", "store.py", "bulk.py"} <= names
    assert any(path.parent.name == "policies" for path in sources)  # shipped policy files
    rule = tmp_path / "day.py"
    monkeypatch.setattr(day_fingerprint, "_source_files", lambda: [rule])
    versions = []
    for text in ("LATE = 30\n", "LATE = 31\n"):
        rule.write_text(text)
        versions.append(day_fingerprint.engine_version.__wrapped__())
    assert versions[0] != versions[1]


def test_dirty_marks_of_unchanged_days_are_drained_without_the_engine(people, engine_days):
    recompute_all(people)
    DirtyDay.objects.all().delete()  # the fixture's punches marked their days
    marked = [(people["budi"].pk, date(2026, 3, d)) for d in range(1, 11)]
    days_mark_dirty(marked)
    engine_days.clear()
    result = recompute_all_dirty(at=AT)
    assert result.days == result.unchanged == len(marked)
    assert engine_days == []
    assert not DirtyDay.objects.exists()


APEL = EventOccurrence(
    "Apel pagi",
    EventKind.APEL,
    datetime(2026, 3, 2, 7, 30),
    datetime(2026, 3, 2, 8, 0),
    (datetime(2026, 3, 2, 7, 25),),
    False,
)


def test_the_events_text_reads_every_field_of_an_occurrence():
    assert tuple(f.name for f in fields(EventOccurrence)) == day_fingerprint.OCCURRENCE_FIELDS


EVENT_CHANGES = [
    {"name": "Apel sore"},
    {"kind": EventKind.UPACARA},
    {"starts": datetime(2026, 3, 2, 7, 31)},
    {"ends": datetime(2026, 3, 2, 8, 1)},
    {"marks": ()},
    {"marks": (datetime(2026, 3, 2, 7, 25), datetime(2026, 3, 2, 7, 26))},
    {"on_list": True},
]


def test_every_field_of_an_occurrence_is_changed_below():
    """A field added to ``EventOccurrence`` (and so to ``OCCURRENCE_FIELDS``) must get a
    change here, or the test below would not see it left out of ``_due_text``."""
    changed = {name for change in EVENT_CHANGES for name in change}
    assert changed == set(day_fingerprint.OCCURRENCE_FIELDS)


@pytest.mark.parametrize("change", EVENT_CHANGES, ids=lambda change: next(iter(change)))
def test_any_change_of_an_event_due_changes_the_day_fingerprint(change):
    day_inputs = day_fingerprint.DayInputs(timedelta(hours=7), None)
    plan = DayOff(date(2026, 3, 2), DayOffReason.NO_SCHEDULE)

    def fingerprint(due: list[EventOccurrence]) -> int:
        events = {plan.day: due}
        [(_, _, _, digest)] = day_inputs.days(1, [plan], DEFAULT_POLICY, [], [], events)
        return digest

    assert fingerprint([APEL]) == fingerprint([replace(APEL)])
    assert fingerprint([APEL]) != fingerprint([replace(APEL, **change)])
    assert fingerprint([APEL]) != fingerprint([APEL, APEL])
