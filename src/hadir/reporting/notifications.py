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
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.accounts.models import Role
from hadir.accounts.scope import Scope, scope_for
from hadir.devices.models import Device, DeviceAlert, DeviceState
from hadir.org.models import Unit
from hadir.org.selectors import unit_subtree_ids
from hadir.reporting.deadlines import region_today, submission_deadline
from hadir.reporting.documents import month_label
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.reporting.monitoring import offline_cutoff
from hadir.reporting.pending import waiting_request_count
from hadir.reporting.roles import has_operator, operator_unit_ids
from hadir.requests.dispensation_asks import dispensation_asks_open

DEADLINE_WARNING_DAYS = 3
SUBMIT_BY = gettext_noop("%(unit)s: submit the report of %(month)s to the head of unit by %(day)s.")
SUBMIT_LATE = gettext_noop(
    "%(unit)s: the report of %(month)s was due on %(day)s; submit it to the head of unit now."
)
SUBMIT_SIGN_BY = gettext_noop(
    "%(unit)s has no operator: submit and sign the report of %(month)s by %(day)s."
)
SUBMIT_SIGN_LATE = gettext_noop(
    "%(unit)s has no operator: the report of %(month)s was due on %(day)s; submit and sign it now."
)
SIGN_NOW = gettext_noop("%(unit)s: the report of %(month)s waits for your signature.")
VERIFY_NOW = gettext_noop("%(unit)s: the report of %(month)s waits for your verification.")
REOPENED = gettext_noop(
    "%(unit)s: BKD reopened %(month)s (%(reason)s); correct it and submit it again."
)
ASKS_WAIT = gettext_noop("%(count)s dispensation request(s) from the units wait for BKD.")


@dataclass(frozen=True, slots=True)
class Notification:
    kind: str  # deadline, waiting, requests, offline, reopened
    text: str
    url: str


def _report_url(code: str, month: date) -> str:
    return f"{reverse('unit-report', args=[code])}?month={month:%Y-%m}"


@dataclass(frozen=True, slots=True)
class Actors:
    """Which of the viewer's units they act on: ``operated`` (they submit), ``headed`` (they
    sign; and submit too where ``unattended``: no operator on the unit or above it)."""

    operated: frozenset[int]
    headed: frozenset[int]
    unattended: frozenset[int]

    def submits(self, unit_id: int) -> bool:
        return unit_id in self.operated or (unit_id in self.headed and unit_id in self.unattended)


def _role_units(scope: Scope, user: Any, role: Role) -> frozenset[int]:
    if not scope.has_role(role):
        return frozenset()
    if user is None:  # callers without the user: every unit of the scope
        return scope.unit_ids
    granted = {
        u for u in user.role_grants.filter(role=role.value).values_list("unit_id", flat=True) if u
    }
    return frozenset(unit_subtree_ids(granted))


def _actors(scope: Scope, user: Any, units: list[Unit]) -> Actors:
    granted = operator_unit_ids()
    return Actors(
        operated=_role_units(scope, user, Role.OPERATOR),
        headed=_role_units(scope, user, Role.HEAD),
        unattended=frozenset(u.pk for u in units if not has_operator(u, granted)),
    )


def _deadline_text(unit: Unit, actors: Actors, month: date, deadline: date, late: bool) -> str:
    if unit.pk in actors.operated:
        text = SUBMIT_LATE if late else SUBMIT_BY
    else:
        text = SUBMIT_SIGN_LATE if late else SUBMIT_SIGN_BY
    return _(text) % {
        "unit": unit.name,
        "month": month_label(month),
        "day": date_format(deadline, "j F Y"),
    }


def notifications_for(
    scope: Scope, *, now: datetime, is_superuser: bool = False, user: Any = None
) -> list[Notification]:
    """What waits for the viewer, only where they can act: the operator is told to submit,
    the head to sign (and to submit and sign where the unit has no operator), BKD to
    verify; requests go to those who decide them."""
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
    actors = Actors(frozenset(), frozenset(), frozenset())
    if unit_staff:
        staff_units = list(units.filter(pk__in=scope.unit_ids) if not scope.all_units else [])
        actors = _actors(scope, user, staff_units)
    if unit_staff and today + timedelta(days=DEADLINE_WARNING_DAYS) >= deadline:
        handed_in = submissions.filter(month=last_month, first_submitted_at__isnull=False)
        waiting_units = units.exclude(pk__in=handed_in.values("unit_id")).order_by("code")
        for unit in [u for u in waiting_units if actors.submits(u.pk)][:20]:
            items.append(
                Notification(
                    "deadline",
                    _deadline_text(unit, actors, last_month, deadline, today > deadline),
                    _report_url(unit.code, last_month),
                )
            )
    waiting = submissions.filter(
        Q(state=SubmissionState.SUBMITTED, unit_id__in=actors.headed)
        | Q(state=SubmissionState.SIGNED, unit_id__in=units.values("pk") if bkd else [])
    )
    for submission in waiting.order_by("month", "unit__code")[:20]:
        items.append(
            Notification(
                "waiting",
                _(SIGN_NOW if submission.state == SubmissionState.SUBMITTED else VERIFY_NOW)
                % {"unit": submission.unit.name, "month": month_label(submission.month)},
                _report_url(submission.unit.code, submission.month),
            )
        )
    for submission in submissions.filter(state=SubmissionState.REOPENED).order_by("month"):
        if not actors.submits(submission.unit_id):
            continue
        items.append(
            Notification(
                "reopened",
                _(REOPENED)
                % {
                    "unit": submission.unit.name,
                    "month": month_label(submission.month),
                    "reason": submission.reopen_reason,
                },
                _report_url(submission.unit.code, submission.month),
            )
        )
    if actors.operated or scope.has_role(Role.DISKOMINFO_ADMIN):
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
    if bkd:
        asks = dispensation_asks_open().count()
        if asks:
            items.append(
                Notification(
                    "dispensation_asks",
                    _(ASKS_WAIT) % {"count": asks},
                    reverse("dispensation-list"),
                )
            )
    waiting_requests = waiting_request_count(units) if (scope.has_role(Role.HEAD) or bkd) else 0
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
            scope_for(user), now=timezone.now(), is_superuser=user.is_superuser, user=user
        )
        count = len(items)
        cache.set(key, count, BELL_SECONDS)
    return count
