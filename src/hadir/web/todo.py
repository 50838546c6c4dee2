"""The to-do home: what needs this person now, with counts and deadlines, each item one
click from its action. Read-only selectors over the existing ones, returning plain
dataclasses; the home page and tests read them.

Per role: operator and head (days to explain before their window closes, requests waiting
for their decision, months to submit or sign, machines offline, held punches, locked
accounts the operator can unlock); BKD (months to verify, requests to verify or decide,
held punches, parked days); Diskominfo (machines offline, security alerts, parked days,
locked accounts, the worker); an employee (their own days to explain, their requests).
Nobody is offered an action they cannot take: every item links to a page of their role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.accounts.lockouts import locked_accounts, lockout_may_manage
from hadir.accounts.models import Role
from hadir.accounts.scope import Scope, operated_unit_ids, scope_for
from hadir.attendance.models import ParkedDay
from hadir.devices.models import Device, DeviceAlert, DeviceState
from hadir.jobs.heartbeat import worker_latest
from hadir.org.models import Unit
from hadir.punches.holds import held_punches_count
from hadir.reporting.deadlines import region_today, submission_deadline
from hadir.reporting.documents import month_label
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.reporting.monitoring import offline_cutoff
from hadir.reporting.pending import WAITING
from hadir.reporting.problems import ProblemDay, problem_days
from hadir.reporting.roles import has_operator, operator_unit_ids
from hadir.reporting.selectors import HANDED_IN
from hadir.requests.fix import dispensation_ask_url, request_new_url
from hadir.requests.models import Dispensation, Request, RequestState
from hadir.requests.permissions import request_access
from hadir.requests.selectors import todo_count
from hadir.requests.window import earliest_open

OWN_DAYS_SHOWN = 10
SIGN_SHOWN = 10
RECENT_DECISIONS = timedelta(days=14)
DISPENSATION_LOOK_BACK = timedelta(days=62)


@dataclass(frozen=True, slots=True)
class TodoItem:
    key: str  # stable name, for tests and styling
    text: str
    count: int
    url: str
    deadline: date | None = None  # the last day to act, when there is one


REQUESTS_WAITING = gettext_noop("%(count)s request(s) wait for your decision")
MACHINES_OFFLINE = gettext_noop("%(count)s machine(s) offline: their punches are not arriving")
HELD = gettext_noop("%(count)s held punch(es) wait for your decision")
LOCKED = gettext_noop("%(count)s account(s) locked after wrong passwords")
PARKED = gettext_noop("%(count)s employee-day(s) could not be computed")
ALERTS = gettext_noop("%(count)s machine security alert(s) to check")


def _counted(key: str, message: str, count: int, url_name: str) -> list[TodoItem]:
    """One item saying how many wait (``message``: untranslated, with ``%(count)s``), or
    none when nothing waits."""
    if not count:
        return []
    return [TodoItem(key, _(message) % {"count": count}, count, reverse(url_name))]


# --- periods of the problem list ---------------------------------------------------------

PERIODS = ("open", "today", "last_week", "this_month", "last_month")


def period_label(key: str) -> str:
    return {
        "open": _("Still open to explain"),
        "today": _("Today"),
        "last_week": _("Last week"),
        "this_month": _("This month"),
        "last_month": _("Last month"),
    }[key]


def period_range(key: str, now: datetime) -> tuple[date, date]:
    """The days of a period, in the region's calendar. ``open``: every day whose filing
    window may still be open (with a margin: the list checks each day's own deadline), or
    that an open dispensation covers."""
    today = region_today(now)
    if key == "today":
        return today, today
    if key == "last_week":
        monday = today - timedelta(days=today.weekday() + 7)
        return monday, monday + timedelta(days=6)
    if key == "this_month":
        return today.replace(day=1), today
    if key == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    first = earliest_open(now=now).day - timedelta(days=7)
    covered = Dispensation.objects.filter(revoked_at__isnull=True, valid_until__gte=today)
    oldest = covered.order_by("days_from").values_list("days_from", flat=True).first()
    if oldest is not None:
        first = min(first, max(oldest, today - DISPENSATION_LOOK_BACK))
    return first, today


def problems_url(**query: str) -> str:
    return f"{reverse('todo-problems')}?{urlencode(query)}" if query else reverse("todo-problems")


def correction_url(problem: ProblemDay) -> str:
    """Where this day is fixed: the new-request page prefilled while its window is open,
    else asking BKD for a dispensation, prefilled (the same links as the grid's days)."""
    if problem.explainable:
        return request_new_url(
            employee_id=problem.employee.pk, day=problem.day, kind=problem.request_kind
        )
    return dispensation_ask_url(day=problem.day, employee_id=problem.employee.pk)


# --- the items ---------------------------------------------------------------------------


def _open_problems(scope: Scope, now: datetime, **which: Any) -> list[ProblemDay]:
    first, last = period_range("open", now)
    return [p for p in problem_days(first=first, last=last, now=now, **which) if p.to_explain]


def _days_to_explain(scope: Scope, now: datetime) -> list[TodoItem]:
    problems = _open_problems(scope, now, unit_ids=scope.unit_ids)
    if not problems:
        return []
    units = len({p.unit.pk for p in problems})
    return [
        TodoItem(
            "days_to_explain",
            _("%(count)s day(s) in %(units)s unit(s) to explain before their window closes")
            % {"count": len(problems), "units": units},
            len(problems),
            problems_url(period="open"),
            min(p.deadline.last_date for p in problems),
        )
    ]


def _own_days(scope: Scope, now: datetime) -> list[TodoItem]:
    problems = _open_problems(scope, now, employee_id=scope.employee_id)
    return [
        TodoItem(
            "own_day",
            _("%(day)s: %(problem)s") % {"day": _day_text(p.day), "problem": p.text},
            1,
            correction_url(p),
            p.deadline.last_date,
        )
        for p in problems[:OWN_DAYS_SHOWN]
    ]


def _day_text(day: date) -> str:
    return date_format(day, "l, j F Y")


def _own_requests(scope: Scope, now: datetime) -> list[TodoItem]:
    own = Request.objects.filter(employee_id=scope.employee_id or 0)
    items = []
    waiting = own.filter(WAITING).count()
    if waiting:
        items.append(
            TodoItem(
                "own_requests_waiting",
                _("%(count)s of your request(s) wait for a decision") % {"count": waiting},
                waiting,
                reverse("request-list"),
            )
        )
    rejected = own.filter(state=RequestState.REJECTED, decided_at__gte=now - RECENT_DECISIONS)
    if count := rejected.count():
        items.append(
            TodoItem(
                "own_requests_rejected",
                _("%(count)s of your request(s) were rejected recently: read the reason")
                % {"count": count},
                count,
                f"{reverse('request-list')}?state={RequestState.REJECTED}",
            )
        )
    return items


def _requests_to_decide(user: Any) -> list[TodoItem]:
    return _counted(
        "requests_waiting", REQUESTS_WAITING, todo_count(request_access(user)), "request-list"
    )


def _last_month(now: datetime) -> date:
    return (region_today(now).replace(day=1) - timedelta(days=1)).replace(day=1)


def _months_to_submit(user: Any, now: datetime) -> list[TodoItem]:
    operated = operated_unit_ids(user)
    if not operated:
        return []
    month = _last_month(now)
    handed_in = PeriodSubmission.objects.filter(
        unit_id__in=operated, month=month, state__in=HANDED_IN
    ).count()
    left = len(operated) - handed_in
    items = []
    if left > 0:
        items.append(
            TodoItem(
                "months_to_submit",
                _("%(count)s unit(s) to submit for %(month)s")
                % {"count": left, "month": month_label(month)},
                left,
                f"{reverse('todo-submit')}?month={month:%Y-%m}",
                submission_deadline(month),
            )
        )
    reopened = PeriodSubmission.objects.filter(
        unit_id__in=operated, state=SubmissionState.REOPENED
    ).exclude(month=month)
    for submission in reopened.select_related("unit").order_by("month")[:SIGN_SHOWN]:
        items.append(
            TodoItem(
                "month_reopened",
                _("%(unit)s: BKD reopened %(month)s; correct it and submit again")
                % {"unit": submission.unit.name, "month": month_label(submission.month)},
                1,
                _report_url(submission),
            )
        )
    return items


def _months_to_hand_in_as_head(user: Any, now: datetime) -> list[TodoItem]:
    """A head whose unit has no operator submits and signs last month in one step."""
    heads = request_access(user).head_unit_ids
    if not heads:
        return []
    month = _last_month(now)
    granted = operator_unit_ids()
    handed_in = set(
        PeriodSubmission.objects.filter(
            unit_id__in=heads, month=month, state__in=HANDED_IN
        ).values_list("unit_id", flat=True)
    )
    units = Unit.objects.filter(pk__in=heads).exclude(pk__in=handed_in).order_by("name")
    return [
        TodoItem(
            "month_to_hand_in",
            _("%(unit)s has no operator: submit and sign %(month)s yourself")
            % {"unit": unit.name, "month": month_label(month)},
            1,
            f"{reverse('unit-report', args=[unit.code])}?month={month:%Y-%m}",
            submission_deadline(month),
        )
        for unit in units[:SIGN_SHOWN]
        if not has_operator(unit, granted)
    ]


def _report_url(submission: PeriodSubmission) -> str:
    return f"{reverse('unit-report', args=[submission.unit.code])}?month={submission.month:%Y-%m}"


def _months_to_sign(user: Any) -> list[TodoItem]:
    heads = request_access(user).head_unit_ids
    waiting = PeriodSubmission.objects.filter(unit_id__in=heads, state=SubmissionState.SUBMITTED)
    return [
        TodoItem(
            "month_to_sign",
            _("%(unit)s: sign the report of %(month)s")
            % {"unit": s.unit.name, "month": month_label(s.month)},
            1,
            _report_url(s),
            s.deadline,
        )
        for s in waiting.select_related("unit").order_by("month", "unit__name")[:SIGN_SHOWN]
    ]


def _months_to_verify() -> list[TodoItem]:
    signed = PeriodSubmission.objects.filter(state=SubmissionState.SIGNED)
    count = signed.count()
    if not count:
        return []
    oldest = signed.order_by("month").values_list("month", flat=True).first()
    return [
        TodoItem(
            "months_to_verify",
            _("%(count)s signed month(s) to verify") % {"count": count},
            count,
            f"{reverse('monitoring')}?month={oldest:%Y-%m}",
        )
    ]


def _machines_offline(scope: Scope, now: datetime) -> list[TodoItem]:
    devices = Device.objects.filter(state=DeviceState.ACTIVE).filter(
        Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=offline_cutoff(now))
    )
    if not scope.all_units:
        devices = devices.filter(unit_id__in=scope.unit_ids)
    return _counted("machines_offline", MACHINES_OFFLINE, devices.count(), "device-list")


def _held(user: Any) -> list[TodoItem]:
    return _counted("held_punches", HELD, held_punches_count(user), "held-punches")


def _locked(user: Any, now: datetime) -> list[TodoItem]:
    if not lockout_may_manage(user):
        return []
    count = len(locked_accounts(user, now=now))
    return _counted("accounts_locked", LOCKED, count, "lockout-list")


def _parked() -> list[TodoItem]:
    return _counted("parked_days", PARKED, ParkedDay.objects.count(), "parked-days")


def _system(now: datetime) -> list[TodoItem]:
    alerts = DeviceAlert.objects.filter(resolved_at__isnull=True).count()
    items = _counted("device_alerts", ALERTS, alerts, "device-issues")
    beat = worker_latest()
    stale = timedelta(seconds=settings.HADIR_WORKER_STALE_SECONDS)
    if beat is None or now - beat.last_beat > stale:
        items.append(
            TodoItem(
                "worker_stale",
                _(
                    "The background worker is not running: new punches are not being "
                    "computed. Restart the Hadir service (hadir serve)."
                ),
                1,
                reverse("parked-days"),
            )
        )
    return items


def todo_items(user: Any, *, now: datetime) -> list[TodoItem]:
    """Everything that waits for ``user`` now, most pressing kinds first."""
    scope = scope_for(user)
    bkd = scope.has_role(Role.BKD_ADMIN) or bool(getattr(user, "is_superuser", False))
    kominfo = scope.has_role(Role.DISKOMINFO_ADMIN)
    unit_staff = scope.has_role(Role.OPERATOR, Role.HEAD) and bool(scope.unit_ids)
    items: list[TodoItem] = []
    if unit_staff:
        items += _days_to_explain(scope, now)
    elif scope.employee_id is not None and not (bkd or kominfo):
        items += _own_days(scope, now)
    if scope.employee_id is not None:
        items += _own_requests(scope, now)
    if unit_staff or bkd:
        items += _requests_to_decide(user)
    if scope.has_role(Role.OPERATOR):
        items += _months_to_submit(user, now)
    if scope.has_role(Role.HEAD):
        items += _months_to_hand_in_as_head(user, now)
        items += _months_to_sign(user)
    if bkd:
        items += _months_to_verify()
    if unit_staff or kominfo:
        items += _machines_offline(scope, now)
    if unit_staff or bkd or kominfo:
        items += _held(user)
    items += _locked(user, now)
    if bkd or kominfo:
        items += _parked()
    if kominfo or getattr(user, "is_superuser", False):
        items += _system(now)
    return items
