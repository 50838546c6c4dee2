"""One employee, one day: expected hours + punches + approved absences -> codes.

Sources: DOMAIN.md section 3 (codes and their default rules), ANRI 18/2016 (first punch
counts, whole minutes), KemenkoInfra Permen 10/2025 art. 22 (missing punch as top band).
Punches are naive local datetimes of the region (see ``hadir.rules.punches``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from hadir.rules.absences import ApprovedAbsence, absence_on
from hadir.rules.calendar import Calendar
from hadir.rules.codes import (
    EARLY_CODES,
    LATE_CODES,
    PRESENT_CODES,
    AbsenceKind,
    DayCode,
    LeaveType,
)
from hadir.rules.events import EventOutcome
from hadir.rules.explain import explain_day, explanation_text
from hadir.rules.messages import Message
from hadir.rules.policy import Policy
from hadir.rules.progress import day_in_progress
from hadir.rules.punches import (
    Punch,
    PunchDirection,
    PunchPair,
    band,
    early_minutes,
    late_minutes,
    normalize_punches,
    pair_punches,
)
from hadir.rules.schedule import DayOff, EmployeeSchedule, ExpectedShift, resolve_expected_shift

ONE_DAY = timedelta(days=1)
L_ONLY = (DayCode.L,)
TK_ONLY = (DayCode.TK,)
H_ONLY = (DayCode.H,)


@dataclass(frozen=True, slots=True)
class DayResult:
    """The outcome of one day: its codes, the punches that counted, and the facts behind them.

    ``absence`` is the approved absence covering the day: on a working day it decided the
    code; on a day off it is only noted. ``punch_count`` counts the distinct punches in the
    day's windows (on a day off or a TK day: the punches dated that day). ``in_progress``
    marks a day not over yet (``hadir.rules.progress``): its codes hold at most a late
    arrival, nothing that assumes the day has ended. ``explanation`` is
    derived from these facts on demand (structured, see ``hadir.rules.messages``);
    ``explanation_text`` renders it in Indonesian.
    """

    day: date
    codes: tuple[DayCode, ...]
    plan: ExpectedShift | DayOff
    policy: Policy = field(repr=False, compare=False)
    check_in: datetime | None = None
    check_out: datetime | None = None
    late_minutes: int = 0
    early_minutes: int = 0
    absence: ApprovedAbsence | None = None
    punch_count: int = 0
    in_progress: bool = False
    # The events the person was due at, judged (``hadir.rules.events.judge_events``); a
    # missed one also adds its code (TA, TUP, TSN, TKG) to ``codes``.
    events: tuple[EventOutcome, ...] = ()

    @property
    def working_day(self) -> bool:
        """Whether work was expected (a shift, on a non-holiday or a holiday-working unit)."""
        return isinstance(self.plan, ExpectedShift)

    @property
    def is_present(self) -> bool:
        if self.in_progress and self.punch_count:
            return True
        return not PRESENT_CODES.isdisjoint(self.codes)

    @property
    def leave_type(self) -> LeaveType | None:
        """The leave type when the day is cuti (C); None otherwise."""
        if self.absence is None or DayCode.C not in self.codes:
            return None
        return self.absence.leave_type

    @property
    def explanation(self) -> tuple[Message, ...]:
        return explain_day(self)

    @property
    def explanation_text(self) -> str:
        return explanation_text(self)


def evaluate_day(
    day: date,
    *,
    schedule: EmployeeSchedule,
    calendar: Calendar,
    policy: Policy,
    punches: Iterable[Punch],
    absences: Sequence[ApprovedAbsence] = (),
    unit_code: str | None = None,
    now: datetime | None = None,
) -> DayResult:
    """Evaluate one employee's ``day``: resolve the expected shift, then apply the rules.

    ``punches`` may hold any punches (any order, duplicates, other days): only those in the
    day's punch windows count. ``unit_code`` decides whether the unit works on holidays.
    ``now`` (naive local) marks a day not over at that moment as in progress; None judges
    the day as over.
    """
    plan = resolve_expected_shift(day, schedule, calendar, unit_code)
    return evaluate_planned_day(plan, policy=policy, punches=punches, absences=absences, now=now)


def evaluate_planned_day(
    plan: ExpectedShift | DayOff,
    *,
    policy: Policy,
    punches: Iterable[Punch],
    absences: Sequence[ApprovedAbsence] = (),
    now: datetime | None = None,
) -> DayResult:
    """Like ``evaluate_day`` with the expected shift already resolved (e.g. cached per unit)."""
    return evaluate_ordered(plan, normalize_punches(punches), policy, absences, now)


def evaluate_ordered(
    plan: ExpectedShift | DayOff,
    ordered: Sequence[Punch],
    policy: Policy,
    absences: Sequence[ApprovedAbsence],
    now: datetime | None = None,
) -> DayResult:
    """The rules proper, over punches already time-ordered and without duplicates.

    Rule, in order:
    - a day off (holiday, weekly pattern, roster) is L whatever else happened; leave over a
      weekend does not use leave days, punches are only noted;
    - an approved absence on a working day gives its code (C, S, I, DL, TB, DIK) whatever
      the punches;
    - approved flexible work (WFH/FWA) counts as present without judging the hours, but
      attendance must still be recorded (PermenPANRB 4/2025): with ``fwa_requires_punch`` a
      day without a punch in its windows is TK;
    - a working day not over at ``now`` is in progress: the punches so far, a late arrival
      already made, and nothing else (``hadir.rules.progress``);
    - a working day with no punch in its windows and no approved absence is TK;
    - otherwise late and early minutes fall in the policy's bands (TL1-TL4, PSW1-PSW4), a
      missing side is TAM or TAP, and neither late nor early is H.
    """
    day = plan.day
    absence = absence_on(day, absences) if absences else None
    if isinstance(plan, DayOff):
        on_day = _punches_on(day, ordered) if ordered else 0
        return DayResult(day, L_ONLY, plan, policy, absence=absence, punch_count=on_day)
    pair = pair_punches(
        ordered, plan, policy.punch_windows, use_device_status=policy.use_device_status
    )
    check_in, check_out, seen = pair.check_in, pair.check_out, pair.in_windows
    if absence is not None:
        code = absence.code
        if absence.kind is AbsenceKind.FWA and not seen and policy.fwa_requires_punch:
            if day_in_progress(plan, policy, now):
                return DayResult(day, (), plan, policy, absence=absence, in_progress=True)
            code = DayCode.TK
        return DayResult(day, (code,), plan, policy, check_in, check_out, 0, 0, absence, seen)
    if day_in_progress(plan, policy, now):
        return _in_progress(plan, ordered, pair, policy)
    if not seen:
        stray = _punches_on(day, ordered) if ordered else 0
        return DayResult(day, TK_ONLY, plan, policy, punch_count=stray)
    codes: list[DayCode] = []
    late = early = 0
    if check_in is None:
        codes.append(DayCode.TAM)
    else:
        late = late_minutes(check_in, plan.start)
        if late:
            codes.append(LATE_CODES[band(late, policy.late_band_edges) - 1])
    if check_out is None:
        codes.append(DayCode.TAP)
    else:
        early = early_minutes(check_out, plan.end)
        if early:
            codes.append(EARLY_CODES[band(early, policy.early_band_edges) - 1])
    return DayResult(
        day, tuple(codes) or H_ONLY, plan, policy, check_in, check_out, late, early, None, seen
    )


def _in_progress(
    plan: ExpectedShift, ordered: Sequence[Punch], pair: PunchPair, policy: Policy
) -> DayResult:
    """A day not over yet: the arrival so far (late or not), the latest punch after it, and
    no code that needs the day's end (TAM, TAP, PSW, TK).

    Rule: the arrival is the first punch of the arrival window; without one, the first punch
    of the day not marked as a check-out stands for it while the day goes on (someone who
    arrives in the afternoon has arrived, late), so a late arrival shows at once.
    """
    check_in, check_out = pair.check_in, pair.check_out
    if check_in is None and pair.in_windows:
        opens, _, closes = policy.punch_windows.bounds(plan)
        check_in = next(
            (
                punch.at
                for punch in ordered
                if opens <= punch.at <= closes and punch.direction is not PunchDirection.OUT
            ),
            None,
        )
        if check_out == check_in:
            check_out = None
    late = late_minutes(check_in, plan.start) if check_in is not None else 0
    codes = (LATE_CODES[band(late, policy.late_band_edges) - 1],) if late else ()
    return DayResult(
        plan.day,
        codes,
        plan,
        policy,
        check_in,
        check_out,
        late,
        0,
        None,
        pair.in_windows,
        in_progress=True,
    )


def _punches_on(day: date, ordered: Sequence[Punch]) -> int:
    """How many of the punches fall on ``day`` (its midnight up to the next midnight)."""
    midnight = datetime.combine(day, time.min)
    next_midnight = midnight + ONE_DAY
    return sum(1 for punch in ordered if midnight <= punch.at < next_midnight)
