"""Days still going on: when a day is over, and whether a phone capture is an arrival.

A day is judged only once it is over. Until then its result shows the punches so far and
says it is not finished: a late arrival may already show as late, but nothing that assumes
the day has ended (TAM, TAP, PSW, TK) and never a deduction. ``now`` is always passed in by
the caller (a naive local datetime of the region), so these rules stay pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from hadir.rules.policy import Policy
from hadir.rules.punches import PunchDirection
from hadir.rules.schedule import DayOff, ExpectedShift


def day_closes(plan: ExpectedShift, policy: Policy) -> datetime:
    """When the day is over: the schedule's end plus the latest check-out the rules accept
    (the departure window of ``policy.punch_windows``). A night shift that crosses midnight
    ends the next day, so its day closes the next day too."""
    return plan.end + policy.punch_windows.after_end


def day_in_progress(plan: ExpectedShift | DayOff, policy: Policy, now: datetime | None) -> bool:
    """Whether ``plan``'s day is not over at ``now`` (None: the caller judges a past day).

    A day off is never in progress: it is a day off whatever happens on it.
    """
    if now is None or isinstance(plan, DayOff):
        return False
    return now < day_closes(plan, policy)


def capture_direction(
    plan: ExpectedShift | DayOff, punches_so_far: Sequence[datetime], now: datetime
) -> PunchDirection | None:
    """Whether a capture taken at ``now`` is a check-in or a check-out, or None when only
    the employee can say (the phone then offers both).

    Rule: with no punch yet the capture is a check-in until the scheduled end (after it,
    it may be a forgotten check-in or a check-out); with a punch already it is a check-out
    from the scheduled end on (during the day a repeated arrival and an early departure look
    the same). A day off or a day without a schedule is always the employee's choice.
    ``punches_so_far`` are the times of the day's punches (in its punch windows).
    """
    if isinstance(plan, DayOff):
        return None
    earlier = [at for at in punches_so_far if at <= now]
    if not earlier:
        return PunchDirection.IN if now < plan.end else None
    return PunchDirection.OUT if now >= plan.end else None
