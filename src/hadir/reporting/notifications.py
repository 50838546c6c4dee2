"""The bell: what waits for this user, computed when read (nothing stored, nothing to mark
read; an item goes away when what it points at is done).

- deadlines approaching or passed: a unit's last month not yet submitted (operator, head);
- a month waiting for me: submitted -> head signs; signed -> BKD verifies;
- requests waiting for a decision (once Hadir records requests);
- machines offline in my units (operator, head, Diskominfo);
- a month BKD reopened (operator, head of that unit);
- machine security alerts not yet handled (Diskominfo).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hadir.accounts.models import Role
from hadir.accounts.scope import Scope, scope_for
from hadir.devices.models import Device, DeviceAlert, DeviceState
from hadir.reporting.deadlines import region_today, submission_deadline
from hadir.reporting.documents import month_label
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.reporting.monitoring import offline_cutoff
from hadir.reporting.pending import waiting_request_count

DEADLINE_WARNING_DAYS = 3


@dataclass(frozen=True, slots=True)
class Notification:
    kind: str  # deadline, waiting, requests, offline, reopened
    text: str
    url: str


def _report_url(code: str, month: date) -> str:
    return f"{reverse('unit-report', args=[code])}?month={month:%Y-%m}"


def notifications_for(
    scope: Scope, *, now: datetime, is_superuser: bool = False
) -> list[Notification]:
    if not (scope.all_units or scope.unit_ids):
        return []
    units = scope.units().filter(is_active=True)
    today = region_today(now)
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    deadline = submission_deadline(last_month)
    items: list[Notification] = []
    unit_staff = scope.has_role(Role.OPERATOR, Role.HEAD)
    bkd = scope.has_role(Role.BKD_ADMIN) or is_superuser
    submissions = PeriodSubmission.objects.filter(unit__in=units).select_related("unit")
    if unit_staff and today + timedelta(days=DEADLINE_WARNING_DAYS) >= deadline:
        handed_in = submissions.filter(month=last_month, first_submitted_at__isnull=False)
        for unit in units.exclude(pk__in=handed_in.values("unit_id")).order_by("code")[:20]:
            text = (
                _("%(unit)s: the report of %(month)s was due on %(day)s.")
                if today > deadline
                else _("%(unit)s: the report of %(month)s is due on %(day)s.")
            )
            items.append(
                Notification(
                    "deadline",
                    text
                    % {
                        "unit": unit.name,
                        "month": month_label(last_month),
                        "day": f"{deadline:%d-%m-%Y}",
                    },
                    _report_url(unit.code, last_month),
                )
            )
    waiting_states = []
    if scope.has_role(Role.HEAD):
        waiting_states.append(SubmissionState.SUBMITTED)
    if bkd:
        waiting_states.append(SubmissionState.SIGNED)
    for submission in submissions.filter(state__in=waiting_states).order_by("month", "unit__code")[
        :20
    ]:
        items.append(
            Notification(
                "waiting",
                _("%(unit)s: the report of %(month)s waits for you.")
                % {"unit": submission.unit.name, "month": month_label(submission.month)},
                _report_url(submission.unit.code, submission.month),
            )
        )
    if unit_staff:
        for submission in submissions.filter(state=SubmissionState.REOPENED).order_by("month"):
            items.append(
                Notification(
                    "reopened",
                    _("%(unit)s: BKD reopened %(month)s: %(reason)s")
                    % {
                        "unit": submission.unit.name,
                        "month": month_label(submission.month),
                        "reason": submission.reopen_reason,
                    },
                    _report_url(submission.unit.code, submission.month),
                )
            )
    if unit_staff or scope.has_role(Role.DISKOMINFO_ADMIN):
        offline = (
            Device.objects.filter(unit__in=units, state=DeviceState.ACTIVE)
            .filter(Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=offline_cutoff(now)))
            .count()
        )
        if offline:
            items.append(
                Notification(
                    "offline",
                    _("%(count)s machine(s) in your units are offline.") % {"count": offline},
                    reverse("device-list"),
                )
            )
    if scope.has_role(Role.DISKOMINFO_ADMIN) or is_superuser:
        alerts = DeviceAlert.objects.filter(resolved_at__isnull=True).count()
        if alerts:
            items.append(
                Notification(
                    "device_alerts",
                    _("%(count)s machine security alert(s) wait for Diskominfo.")
                    % {"count": alerts},
                    reverse("device-issues"),
                )
            )
    waiting_requests = waiting_request_count(units) if (unit_staff or bkd) else 0
    if waiting_requests:
        items.append(
            Notification(
                "requests",
                _("%(count)s request(s) wait for a decision.") % {"count": waiting_requests},
                reverse("notifications"),
            )
        )
    return items


BELL_SECONDS = 60
BELL_GENERATION = "hadir:bell:generation"


def bell_refresh() -> None:
    """Forget every cached count (a month moved along the chain): the next page recounts."""
    try:
        cache.incr(BELL_GENERATION)
    except ValueError:
        cache.set(BELL_GENERATION, 1, None)


def bell_count(user: Any) -> int:
    """How many notifications wait for ``user``, for the header on every page: kept in the
    cache for a minute (or until a month moves along the chain) so that a page costs no
    query for it."""
    generation = cache.get(BELL_GENERATION, 0)
    key = f"hadir:bell:{generation}:{user.pk}:{user.date_joined.timestamp()}"
    count: int | None = cache.get(key)
    if count is None:
        items = notifications_for(
            scope_for(user), now=timezone.now(), is_superuser=user.is_superuser
        )
        count = len(items)
        cache.set(key, count, BELL_SECONDS)
    return count
