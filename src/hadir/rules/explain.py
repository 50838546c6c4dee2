"""Why a day got its codes: explanation messages derived from a DayResult's facts.

Explanations are built on demand, not while evaluating, so recomputing thousands of
employee-months costs nothing for text nobody reads; the same facts always give the same
explanation.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from hadir.rules.absences import ApprovedAbsence
from hadir.rules.codes import EVENT_CODES, AbsenceKind, DayCode
from hadir.rules.events import EventOutcome, EventVerdict
from hadir.rules.messages import Message, Msg, Param, render
from hadir.rules.schedule import DayOff, DayOffReason, ExpectedShift, Weekday

if TYPE_CHECKING:
    from hadir.rules.day import DayResult

_DAY_OFF_MESSAGE = {
    DayOffReason.WEEKLY_PATTERN: Msg.WEEKLY_OFF,
    DayOffReason.ROSTER: Msg.ROSTER_OFF,
    DayOffReason.NO_SCHEDULE: Msg.NO_SCHEDULE,
    DayOffReason.HOLIDAY: Msg.HOLIDAY_OFF,
}


def explain_day(result: DayResult) -> tuple[Message, ...]:
    """The explanation of ``result``, one message per line, most important first."""
    plan = result.plan
    if isinstance(plan, DayOff):
        return explain_day_off(plan, result.absence, result.punch_count)
    absence = result.absence
    if result.in_progress:
        lines = _in_progress(result, plan)
    elif absence is not None and absence.kind is AbsenceKind.FWA:
        lines = [_flexible(result, absence)]
    elif absence is not None:
        lines = [_absence(absence)]
        if result.punch_count:
            params: dict[str, Param] = {"count": result.punch_count, "code": absence.code}
            lines.append(Message(Msg.PUNCHES_DURING_ABSENCE, params))
    elif result.codes == (DayCode.TK,):
        lines = _absent(result, plan)
    else:
        lines = _judged(*_judged_key(result, plan))
    if plan.holiday is not None:
        params = {"kind": plan.holiday.kind, "name": plan.holiday.name}
        lines.append(Message(Msg.WORKING_ON_HOLIDAY, params))
    lines.extend(_event(outcome, plan.day) for outcome in result.events)
    return tuple(lines)


def explanation_text(result: DayResult) -> str:
    """``render(explain_day(result))`` in Indonesian, as stored with each day result.

    Memoised for the days a month is mostly made of: a day off reads the same for everyone
    on the same plan, and a finished working day without absence, event or holiday reads the
    same for everyone with the same hours, punch minutes and codes (its key holds exactly
    what ``_judged`` and ``_absent`` read). Any other day is explained in full; a property
    test holds this function to the full explanation (``tests/rules/test_fast_paths.py``).
    """
    plan = result.plan
    if isinstance(plan, DayOff):
        return _day_off_text(plan, result.absence, result.punch_count)
    plain = result.absence is None and plan.holiday is None
    if plain and not result.in_progress and not result.events:
        if result.codes != (DayCode.TK,):
            return _judged_text(_judged_key(result, plan))
        if not result.punch_count:
            day = plan.day
            return _absent_text(clock(plan.start, day), clock(plan.end, day))
    return render(explain_day(result))


@lru_cache(maxsize=4096)
def _day_off_text(plan: DayOff, absence: ApprovedAbsence | None, punch_count: int) -> str:
    """People on one schedule share the plan object: rendered once, not once per person."""
    return render(explain_day_off(plan, absence, punch_count))


@lru_cache(maxsize=65_536)
def _judged_text(key: JudgedKey) -> str:
    return render(_judged(*key))


@lru_cache(maxsize=1024)
def _absent_text(start: str, end: str) -> str:
    return render(_absent_line(start, end))


def _absent_line(start: str, end: str) -> Message:
    return Message(Msg.ABSENT, {"start": start, "end": end})


_EVENT_MESSAGE = {
    EventVerdict.MISSED: Msg.EVENT_MISSED,
    EventVerdict.EXCUSED: Msg.EVENT_EXCUSED,
    EventVerdict.ABSENT_DAY: Msg.EVENT_ABSENT_DAY,
    EventVerdict.PENDING: Msg.EVENT_PENDING,
}


def _event(outcome: EventOutcome, day: date) -> Message:
    """One line per event: attended (when, or by the head's list), missed (its code), or
    not judged (and why)."""
    occurrence = outcome.occurrence
    params: dict[str, Param] = {
        "name": occurrence.name,
        "starts": clock(occurrence.starts, day),
        "ends": clock(occurrence.ends, day),
    }
    if outcome.verdict is EventVerdict.ATTENDED:
        if outcome.attended_at is None:
            return Message(Msg.EVENT_ON_LIST, params)
        return Message(Msg.EVENT_ATTENDED, {**params, "at": clock(outcome.attended_at, day)})
    if outcome.verdict is EventVerdict.MISSED:
        params["code"] = occurrence.code
    return Message(_EVENT_MESSAGE[outcome.verdict], params)


def _in_progress(result: DayResult, plan: ExpectedShift) -> list[Message]:
    """The day so far: not finished, when it will be, the arrival and the latest punch."""
    day = plan.day
    closes = clock(plan.end + result.policy.punch_windows.after_end, day)
    lines = [Message(Msg.DAY_IN_PROGRESS, {"closes": closes})]
    if result.check_in is None:
        params: dict[str, Param] = {"start": clock(plan.start, day), "end": clock(plan.end, day)}
        lines.append(Message(Msg.NO_PUNCH_YET, params))
    else:
        start, shown = clock(plan.start, day), clock(result.check_in, day)
        lines.append(_arrival(start, shown, result.late_minutes, result.codes, None))
    if result.check_out is not None:
        lines.append(Message(Msg.LATEST_PUNCH, {"at": clock(result.check_out, day)}))
    return lines


# What a day judged on its punches reads (``_judged``): the schedule's hours, the punches
# that counted (as clocks), the minutes, the codes and, when the policy counts a missing
# punch as its top band, those top codes.
JudgedKey = tuple[
    str, str, str | None, str | None, int, int, tuple[DayCode, ...], tuple[DayCode, DayCode] | None
]


def _judged_key(result: DayResult, plan: ExpectedShift) -> JudgedKey:
    day = plan.day
    policy = result.policy
    check_in, check_out = result.check_in, result.check_out
    return (
        clock(plan.start, day),
        clock(plan.end, day),
        None if check_in is None else clock(check_in, day),
        None if check_out is None else clock(check_out, day),
        result.late_minutes,
        result.early_minutes,
        result.codes,
        (policy.top_late_code, policy.top_early_code)
        if policy.missing_punch_counts_as_top_band
        else None,
    )


def _judged(
    start: str,
    end: str,
    check_in: str | None,
    check_out: str | None,
    late: int,
    early: int,
    codes: tuple[DayCode, ...],
    top_codes: tuple[DayCode, DayCode] | None,
) -> list[Message]:
    """Arrival and departure of a finished day judged on its punches, and H when neither
    was late nor early."""
    lines = [
        _arrival(start, check_in, late, codes, top_codes),
        _departure(end, check_out, early, codes, top_codes),
    ]
    if DayCode.H in codes:
        lines.append(Message(Msg.ON_TIME))
    return lines


def _arrival(
    start: str,
    check_in: str | None,
    late: int,
    codes: tuple[DayCode, ...],
    top_codes: tuple[DayCode, DayCode] | None,
) -> Message:
    if check_in is None:
        if top_codes is not None:
            params: dict[str, Param] = {"start": start, "code": top_codes[0]}
            return Message(Msg.MISSING_ARRIVAL_AS_BAND, params)
        return Message(Msg.MISSING_ARRIVAL, {"start": start})
    if not late:
        return Message(Msg.ARRIVAL_ON_TIME, {"check_in": check_in, "start": start})
    params = {"check_in": check_in, "start": start, "minutes": late, "code": codes[0]}
    return Message(Msg.ARRIVAL_LATE, params)


def _departure(
    end: str,
    check_out: str | None,
    early: int,
    codes: tuple[DayCode, ...],
    top_codes: tuple[DayCode, DayCode] | None,
) -> Message:
    if check_out is None:
        if top_codes is not None:
            params: dict[str, Param] = {"end": end, "code": top_codes[1]}
            return Message(Msg.MISSING_DEPARTURE_AS_BAND, params)
        return Message(Msg.MISSING_DEPARTURE, {"end": end})
    if not early:
        return Message(Msg.DEPARTURE_ON_TIME, {"check_out": check_out, "end": end})
    params = {
        "check_out": check_out,
        "end": end,
        "minutes": early,
        "code": [code for code in codes if code not in EVENT_CODES][-1],
    }
    return Message(Msg.DEPARTURE_EARLY, params)


def _absent(result: DayResult, plan: ExpectedShift) -> list[Message]:
    day = plan.day
    lines = [_absent_line(clock(plan.start, day), clock(plan.end, day))]
    if result.punch_count:
        opens, _, closes = result.policy.punch_windows.bounds(plan)
        params: dict[str, Param] = {
            "count": result.punch_count,
            "opens": clock(opens, day),
            "closes": clock(closes, day),
        }
        lines.append(Message(Msg.PUNCHES_OUTSIDE_WINDOWS, params))
    return lines


def _flexible(result: DayResult, absence: ApprovedAbsence) -> Message:
    if result.codes == (DayCode.TK,):
        return Message(Msg.FWA_WITHOUT_PUNCH)
    first = result.check_in or result.check_out
    if first is None:
        return _absence(absence)
    return Message(Msg.FWA_PRESENT, {"at": clock(first, result.day)})


def _absence(absence: ApprovedAbsence) -> Message:
    span: dict[str, Param] = {"first_day": absence.first_day, "last_day": absence.last_day}
    if absence.leave_type is not None:
        return Message(Msg.LEAVE, {"leave_type": absence.leave_type, **span})
    return Message(Msg.ABSENCE, {"kind": absence.kind, "code": absence.code, **span})


def explain_day_off(
    plan: DayOff, absence: ApprovedAbsence | None, punch_count: int
) -> tuple[Message, ...]:
    """A day off's explanation: only the plan, the absence noted and the punches counted."""
    key = _DAY_OFF_MESSAGE[plan.reason]
    if plan.reason is DayOffReason.HOLIDAY and plan.holiday is not None:
        lines = [Message(key, {"kind": plan.holiday.kind, "name": plan.holiday.name})]
    elif plan.reason is DayOffReason.WEEKLY_PATTERN:
        lines = [Message(key, {"pattern": plan.label, "weekday": Weekday(plan.day.weekday())})]
    else:
        lines = [Message(key)]
    if absence is not None:
        kind = absence.leave_type or absence.kind
        lines.append(Message(Msg.ABSENCE_ON_DAY_OFF, {"kind": kind}))
    if punch_count:
        lines.append(Message(Msg.PUNCHES_ON_DAY_OFF, {"count": punch_count}))
    return tuple(lines)


# Every ``HH:MM`` formatted once: a month of a region formats about 700,000 of them.
_HH_MM = tuple(tuple(f"{hour:02d}:{minute:02d}" for minute in range(60)) for hour in range(24))


def clock(moment: datetime, day: date) -> str:
    """``HH:MM`` of ``moment``, marked ``(+1)`` when it falls on the day after ``day``."""
    text = _HH_MM[moment.hour][moment.minute]
    if moment.day == day.day and moment.month == day.month and moment.year == day.year:
        return text
    return f"{text} ({(moment.date() - day).days:+d})"
