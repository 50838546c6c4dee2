"""Why a day got its codes: explanation messages derived from a DayResult's facts.

Explanations are built on demand, not while evaluating, so recomputing thousands of
employee-months costs nothing for text nobody reads; the same facts always give the same
explanation.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from hadir.rules.absences import ApprovedAbsence
from hadir.rules.codes import EVENT_CODES, AbsenceKind, DayCode
from hadir.rules.events import EventOutcome, EventVerdict
from hadir.rules.messages import Message, Msg, Param
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
        lines = [_arrival(result, plan), _departure(result, plan)]
        if DayCode.H in result.codes:
            lines.append(Message(Msg.ON_TIME))
    if plan.holiday is not None:
        params = {"kind": plan.holiday.kind, "name": plan.holiday.name}
        lines.append(Message(Msg.WORKING_ON_HOLIDAY, params))
    lines.extend(_event(outcome, plan.day) for outcome in result.events)
    return tuple(lines)


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
        lines.append(_arrival(result, plan))
    if result.check_out is not None:
        lines.append(Message(Msg.LATEST_PUNCH, {"at": clock(result.check_out, day)}))
    return lines


def _arrival(result: DayResult, plan: ExpectedShift) -> Message:
    start = clock(plan.start, plan.day)
    if result.check_in is None:
        policy = result.policy
        if policy.missing_punch_counts_as_top_band:
            params: dict[str, Param] = {"start": start, "code": policy.top_late_code}
            return Message(Msg.MISSING_ARRIVAL_AS_BAND, params)
        return Message(Msg.MISSING_ARRIVAL, {"start": start})
    shown = clock(result.check_in, plan.day)
    if not result.late_minutes:
        return Message(Msg.ARRIVAL_ON_TIME, {"check_in": shown, "start": start})
    params = {
        "check_in": shown,
        "start": start,
        "minutes": result.late_minutes,
        "code": result.codes[0],
    }
    return Message(Msg.ARRIVAL_LATE, params)


def _departure(result: DayResult, plan: ExpectedShift) -> Message:
    end = clock(plan.end, plan.day)
    if result.check_out is None:
        policy = result.policy
        if policy.missing_punch_counts_as_top_band:
            params: dict[str, Param] = {"end": end, "code": policy.top_early_code}
            return Message(Msg.MISSING_DEPARTURE_AS_BAND, params)
        return Message(Msg.MISSING_DEPARTURE, {"end": end})
    shown = clock(result.check_out, plan.day)
    if not result.early_minutes:
        return Message(Msg.DEPARTURE_ON_TIME, {"check_out": shown, "end": end})
    params = {
        "check_out": shown,
        "end": end,
        "minutes": result.early_minutes,
        "code": [code for code in result.codes if code not in EVENT_CODES][-1],
    }
    return Message(Msg.DEPARTURE_EARLY, params)


def _absent(result: DayResult, plan: ExpectedShift) -> list[Message]:
    day = plan.day
    lines = [Message(Msg.ABSENT, {"start": clock(plan.start, day), "end": clock(plan.end, day)})]
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
