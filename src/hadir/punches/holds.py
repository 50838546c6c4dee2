"""Held punches: stored in the ledger, not counted, until someone allowed to decide accepts
(releases) or rejects them.

Why a punch is held (``PunchHold``):
- ``OUTSIDE_SCOPE``: it came from a flashdisk, an agent or a manual sheet of a sender whose
  units do not include the employee's unit (PINs are matched region-wide);
- ``PERIOD_CLOSED``: it falls in a month the employee's unit already submitted (or signed,
  verified) or that is locked, which must not change silently;
- ``UNTRUSTED_SOURCE``: a machine sent from an address it is not bound to (Diskominfo decides).

Who decides: BKD for every unit, a head of unit or unit operator for the employees of their
units (and sub-units); ``UNTRUSTED_SOURCE`` only Diskominfo. Leadership only reads elsewhere.
A rejected punch stays in the ledger, uncounted and still marked held; the rejection (who,
when, why) is the audit event ``punch.hold_reject``, which also takes it off the waiting list
(the ledger itself is never edited to record a decision).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.audit.models import AuditEvent
from hadir.audit.services import audit_record
from hadir.bulk import as_date
from hadir.punches.models import Punch, PunchHold

REJECT_ACTION = "punch.hold_reject"
RELEASE_ACTION = "punch.hold_release"
UNIT_HOLDS = (PunchHold.OUTSIDE_SCOPE, PunchHold.PERIOD_CLOSED)
CLOSED_STATES = ("submitted", "signed", "verified")

REASON_REQUIRED = gettext_noop("Write the reason for the rejection, then reject again.")
NOTHING_CHOSEN = gettext_noop("Choose at least one held punch, then decide again.")
NOT_YOURS = gettext_noop(
    "You may not decide on some of the chosen punches (another unit, or a machine address "
    "Diskominfo must check). Choose only the punches of your units."
)


def closed_months(pairs: set[tuple[int, date]]) -> set[tuple[int, date]]:
    """Of the (unit id, first day of month) pairs, those the unit already submitted (or that
    went further) or that are locked. One small query, none when ``pairs`` is empty.

    Written as SQL: it runs on every push upload of an earlier month, and building the
    equivalent ORM union costs more than running it."""
    if not pairs:
        return set()
    from hadir.attendance.models import PeriodLock
    from hadir.reporting.models import PeriodSubmission

    unit_ids = sorted({unit_id for unit_id, _ in pairs})
    months = sorted({month for _, month in pairs})
    adapt = connection.ops.adapt_datefield_value
    units_in = ", ".join(["%s"] * len(unit_ids))
    months_in = ", ".join(["%s"] * len(months))
    states_in = ", ".join(["%s"] * len(CLOSED_STATES))
    # Table names come from the models' meta; every value is a parameter.
    sql = (
        f"SELECT unit_id, month FROM {PeriodSubmission._meta.db_table} "  # noqa: S608
        f"WHERE unit_id IN ({units_in}) AND month IN ({months_in}) AND state IN ({states_in}) "
        f"UNION SELECT unit_id, month FROM {PeriodLock._meta.db_table} "
        f"WHERE unit_id IN ({units_in}) AND month IN ({months_in})"
    )
    month_values = [adapt(month) for month in months]
    params = [*unit_ids, *month_values, *CLOSED_STATES, *unit_ids, *month_values]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {(int(unit_id), as_date(month)) for unit_id, month in cursor.fetchall()}
    return found & pairs


@dataclass(frozen=True)
class HoldAccess:
    """Which held punches a user sees, and on which they may decide."""

    all_units: bool  # BKD: every unit's OUTSIDE_SCOPE and PERIOD_CLOSED holds
    unit_ids: frozenset[int]  # head/operator: their units' holds
    untrusted: bool  # Diskominfo: UNTRUSTED_SOURCE holds

    @property
    def any(self) -> bool:
        return self.all_units or bool(self.unit_ids) or self.untrusted

    def can_decide(self, punch: Punch) -> bool:
        if punch.hold == PunchHold.UNTRUSTED_SOURCE:
            return self.untrusted
        if punch.hold not in UNIT_HOLDS:
            return False
        if self.all_units:
            return True
        return punch.employee is not None and punch.employee.unit_id in self.unit_ids


def hold_access(user: Any) -> HoldAccess:
    scope = scope_for(user)
    superuser = bool(getattr(user, "is_superuser", False))
    unit_ids: frozenset[int] = frozenset()
    if not scope.all_units and scope.has_role(Role.HEAD, Role.OPERATOR):
        unit_ids = scope.unit_ids
    return HoldAccess(
        all_units=superuser or scope.has_role(Role.BKD_ADMIN),
        unit_ids=unit_ids,
        untrusted=superuser or scope.has_role(Role.DISKOMINFO_ADMIN),
    )


def sender_unit_ids(user: Any) -> frozenset[int] | None:
    """The units whose employees' punches ``user`` may write (``punches_ingest``'s
    ``scope_unit_ids``): None for BKD (every unit), their units for a head or operator,
    none for anyone else (every punch they send is held)."""
    scope = scope_for(user)
    if getattr(user, "is_superuser", False) or scope.has_role(Role.BKD_ADMIN):
        return None
    if scope.all_units:
        return frozenset()
    return scope.unit_ids


def _rejected() -> Exists:
    return Exists(
        AuditEvent.objects.filter(
            action=REJECT_ACTION,
            target_type="punches.punch",
            target_id=Cast(OuterRef("pk"), models.CharField(max_length=60)),
        )
    )


def held_punches_waiting(access: HoldAccess) -> QuerySet[Punch]:
    """The held punches ``access`` sees and no one has decided yet, oldest first."""
    if not access.any:
        return Punch.objects.none()
    visible = Q(pk__in=[])
    if access.all_units:
        visible |= Q(hold__in=UNIT_HOLDS)
    elif access.unit_ids:
        visible |= Q(hold__in=UNIT_HOLDS, employee__unit_id__in=access.unit_ids)
    if access.untrusted:
        visible |= Q(hold=PunchHold.UNTRUSTED_SOURCE)
    return (
        Punch.objects.filter(visible)
        .exclude(hold="")
        .exclude(_rejected())
        .select_related("employee__unit", "device")
        .order_by("punched_at", "id")
    )


def held_punches_count(user: Any) -> int:
    """How many held punches wait for this user's decision (0 for those who cannot decide)."""
    access = hold_access(user)
    return held_punches_waiting(access).count() if access.any else 0


def _chosen(access: HoldAccess, punch_ids: Sequence[int]) -> list[Punch]:
    if not punch_ids:
        raise ValidationError(_(NOTHING_CHOSEN))
    wanted = set(punch_ids)
    punches = list(held_punches_waiting(access).filter(pk__in=wanted))
    if len(punches) != len(wanted) or not all(access.can_decide(p) for p in punches):
        raise PermissionDenied(_(NOT_YOURS))
    return punches


def _decision_data(punch: Punch, **extra: Any) -> dict[str, Any]:
    return {
        "hold": punch.hold,
        "source": punch.source,
        "source_ref": punch.source_ref,
        "local_date": punch.local_date.isoformat(),
        **extra,
    }


@transaction.atomic
def held_punches_release(*, actor: Any, punch_ids: Sequence[int]) -> int:
    """Accept held punches: they count from now on and their days are recomputed."""
    from hadir.punches.services import punches_release

    access = hold_access(actor)
    punches = _chosen(access, punch_ids)
    released = 0
    for hold in {p.hold for p in punches}:
        ids = [p.pk for p in punches if p.hold == hold]
        released += punches_release(punch_ids=ids, hold=hold)
    for punch in punches:
        audit_record(actor=actor, action=RELEASE_ACTION, target=punch, data=_decision_data(punch))
    return released


@transaction.atomic
def held_punches_reject(*, actor: Any, punch_ids: Sequence[int], reason: str) -> int:
    """Reject held punches: they stay in the ledger, never counted; the reason is recorded."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_(REASON_REQUIRED))
    access = hold_access(actor)
    punches = _chosen(access, punch_ids)
    for punch in punches:
        audit_record(
            actor=actor,
            action=REJECT_ACTION,
            target=punch,
            data=_decision_data(punch, reason=reason[:500]),
        )
    return len(punches)


def held_punches_release_month(*, actor: Any, unit: Any, month: date, reason: str) -> int:
    """BKD reopened ``unit``'s ``month``: its ``PERIOD_CLOSED`` punches (of employees of that
    unit, not rejected) count now. The caller checked that ``actor`` may reopen."""
    from hadir.punches.services import punches_release

    last = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    punches = list(
        Punch.objects.filter(
            hold=PunchHold.PERIOD_CLOSED,
            employee__unit_id=unit.pk,
            local_date__gte=month,
            local_date__lt=last,
        ).exclude(_rejected())
    )
    if not punches:
        return 0
    released = punches_release(punch_ids=[p.pk for p in punches], hold=PunchHold.PERIOD_CLOSED)
    for punch in punches:
        data = _decision_data(punch, reopened=reason[:300])
        audit_record(actor=actor, action=RELEASE_ACTION, target=punch, data=data)
    return released
