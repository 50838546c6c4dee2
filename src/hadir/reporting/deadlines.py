"""When a unit's month is due at BKD, and whether a submission made it in time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hadir.attendance.inputs import policy_set
from hadir.attendance.selectors import month_days
from hadir.org.selectors import region_timezone


def month_last_day(month: date) -> date:
    return month_days(month)[-1]


def submission_deadline(month: date) -> date:
    """The last day to submit: ``submission_deadline_days`` calendar days after the month
    ends (policy in force for that month). The whole of that day counts, in the region's
    time zone."""
    policy = policy_set().for_month(month.year, month.month)
    return month_last_day(month) + timedelta(days=policy.submission_deadline_days)


def is_late(moment: datetime, deadline: date) -> bool:
    """True when ``moment`` falls after the deadline day ends in the region's zone."""
    return moment.astimezone(region_timezone()).date() > deadline


def region_today(now: datetime) -> date:
    return now.astimezone(region_timezone()).date()
