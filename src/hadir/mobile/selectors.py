"""Reads of captures: an employee's own, and those attached to a request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from hadir.mobile.fate import Fate, capture_fate
from hadir.mobile.models import Capture, Direction
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.requests.models import Request


def captures_of(employee: Employee, day: date | None = None) -> QuerySet[Capture]:
    rows = Capture.objects.filter(employee=employee).select_related("request", "location")
    return rows.filter(local_date=day) if day is not None else rows


def captures_of_request(request: Request) -> QuerySet[Capture]:
    """The captures behind a request (shown to those who may see its evidence)."""
    return Capture.objects.filter(request=request).select_related("location")


@dataclass(frozen=True, slots=True)
class DayStatus:
    """Today as the phone shows it: the first check-in and last check-out that count
    (recorded, or approved by the head), and how many captures still wait for approval."""

    day: date
    check_in: str | None
    check_out: str | None
    waiting: int


def day_status(employee: Employee, day: date) -> DayStatus:
    tz = region_timezone()
    check_in = check_out = None
    waiting = 0
    for capture in captures_of(employee, day).order_by("captured_at"):
        shown = capture.captured_at.astimezone(tz).strftime("%H:%M")
        fate = capture_fate(capture).fate
        if fate is Fate.WAITING:
            waiting += 1
        if fate not in (Fate.RECORDED, Fate.APPROVED):
            continue
        if capture.direction == Direction.IN and check_in is None:
            check_in = shown
        if capture.direction == Direction.OUT:
            check_out = shown
    return DayStatus(day, check_in, check_out, waiting)
