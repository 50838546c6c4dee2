"""Submit every clean unit of an operator in one action, after showing what is submitted.

A unit's month is *clean* when it can be submitted now and nothing in it is left to explain:
every day has its result, no recompute is waiting, and no problem day (TAM, TAP, TK) can
still be explained without a request. Problems whose window has closed stand as recorded
(only BKD can open the window again); requests waiting for a decision are shown, they do
not block (the head of unit signs the month after deciding them).
Each unit goes through ``submission_submit`` (role, state, month over, results; audited).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.accounts.models import Role, User
from hadir.org.models import Unit
from hadir.reporting.checks import MonthReadiness, months_readiness
from hadir.reporting.deadlines import month_last_day, region_today
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.reporting.problems import ProblemDay, problem_days
from hadir.reporting.roles import holds_role
from hadir.reporting.services import NOT_OPERATOR, SUBMITTABLE, submission_submit

NOT_CLEAN = gettext_noop(
    "%(unit)s was not submitted: %(count)s day(s) can still be explained. Open its problem "
    "list, explain them, then submit."
)
NOT_READY = gettext_noop("%(unit)s was not submitted: %(reason)s")
NOTHING_CHOSEN = gettext_noop("No unit was chosen. Open the list again and confirm.")


@dataclass(frozen=True, slots=True)
class UnitMonth:
    """One unit's month as the operator sees it before submitting."""

    unit: Unit
    state: str
    readiness: MonthReadiness
    to_explain: int  # problem days that can still be explained and are not
    standing: int  # problem days whose window closed: they stand as recorded
    explained: int  # problem days with a request waiting or decided

    @property
    def submittable(self) -> bool:
        return self.state in SUBMITTABLE

    @property
    def state_label(self) -> str:
        return str(SubmissionState(self.state).label)

    @property
    def clean(self) -> bool:
        return self.submittable and not self.readiness.blocked and not self.to_explain


def unit_month(unit: Unit, month: date, *, now: datetime) -> UnitMonth:
    return unit_months([unit], month, now=now)[0]


def unit_months(units: Iterable[Unit], month: date, *, now: datetime) -> list[UnitMonth]:
    """The months of ``units`` (the caller chooses the operator's units), by unit name: a
    few reads for all of them, however many units."""
    month = month.replace(day=1)
    chosen = sorted(units, key=lambda u: u.name)
    unit_ids = [unit.pk for unit in chosen]
    states = dict(
        PeriodSubmission.objects.filter(unit_id__in=unit_ids, month=month).values_list(
            "unit_id", "state"
        )
    )
    readiness = months_readiness(chosen, month)
    problems: dict[int, list[ProblemDay]] = defaultdict(list)
    if unit_ids:
        for problem in problem_days(
            first=month, last=month_last_day(month), now=now, unit_ids=unit_ids
        ):
            problems[problem.unit.pk].append(problem)
    return [
        UnitMonth(
            unit=unit,
            state=states.get(unit.pk, SubmissionState.OPEN),
            readiness=readiness[unit.pk],
            to_explain=sum(p.to_explain for p in problems[unit.pk]),
            standing=sum(not p.explainable and p.request_id is None for p in problems[unit.pk]),
            explained=sum(p.request_id is not None for p in problems[unit.pk]),
        )
        for unit in chosen
    ]


@dataclass
class BulkResult:
    submitted: list[PeriodSubmission] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one sentence per unit


def submissions_submit_clean(
    *, actor: User, units: Iterable[Unit], month: date, now: datetime | None = None
) -> BulkResult:
    """Submit the month of each unit in ``units`` that is clean; refuse the others in words
    (not the operator of the unit, not clean, or refused by ``submission_submit``). Each unit
    is its own transaction: one refusal does not undo the others."""
    now = now or timezone.now()
    result = BulkResult()
    chosen = list(units)
    if not chosen:
        raise ValidationError(_(NOTHING_CHOSEN))
    for unit in chosen:
        if not holds_role(actor, Role.OPERATOR, unit):
            result.refused.append(_(NOT_READY) % {"unit": unit.name, "reason": _(NOT_OPERATOR)})
            continue
        current = unit_month(unit, month, now=now)
        if current.submittable and not current.readiness.blocked and current.to_explain:
            result.refused.append(_(NOT_CLEAN) % {"unit": unit.name, "count": current.to_explain})
            continue
        try:
            result.submitted.append(submission_submit(actor=actor, unit=unit, month=month, now=now))
        except ValidationError as error:
            reason = " ".join(error.messages)
            result.refused.append(_(NOT_READY) % {"unit": unit.name, "reason": reason})
    return result


def month_is_over(month: date, now: datetime) -> bool:
    return region_today(now) > month_last_day(month)
