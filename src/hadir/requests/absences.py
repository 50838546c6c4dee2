"""Requests in force as the rules engine's ``ApprovedAbsence`` (read by
``hadir.attendance.inputs.absences_for``). One query per batch of employees, hand-written."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from hadir.bulk import as_date, fetch_sql, in_params, marks, table
from hadir.requests.kinds import kind_rule
from hadir.requests.models import ABSENCE_KINDS, Request, RequestState
from hadir.rules import ApprovedAbsence, LeaveType


def approved_absences(
    employee_ids: Iterable[int], first: date, last: date
) -> dict[int, list[ApprovedAbsence]]:
    """Absences in force that touch ``first``-``last``, per employee. Pending, rejected,
    cancelled and approved-but-not-yet-verified requests are left out."""
    ids, kinds = list(employee_ids), sorted(str(kind) for kind in ABSENCE_KINDS)
    # Hand-written (``hadir.bulk.fetch_sql``): the recompute reads this for every batch. The
    # state test is ``RequestQuerySet.in_force``; tests/requests/test_absences.py holds both
    # to the same answer.
    sql = f"""
        SELECT id, employee_id, kind, first_day, last_day, leave_type, spt_number
        FROM {table(Request)}
        WHERE employee_id IN ({marks(len(ids))}) AND kind IN ({marks(len(kinds))})
            AND first_day <= %s AND last_day >= %s
            AND (state = %s OR (state = %s AND needs_verification = %s))
        ORDER BY submitted_at DESC, id DESC"""  # noqa: S608 (the model's table)
    params = [
        *in_params(ids),
        *kinds,
        last,
        first,
        RequestState.VERIFIED.value,
        RequestState.APPROVED.value,
        False,
    ]
    found: dict[int, list[ApprovedAbsence]] = defaultdict(list)
    for pk, employee_id, kind, first_day, last_day, leave_type, spt in fetch_sql(sql, params):
        absence = kind_rule(kind).absence
        if absence is None or employee_id is None:
            continue
        found[employee_id].append(
            ApprovedAbsence(
                kind=absence,
                first_day=as_date(first_day),
                last_day=as_date(last_day),
                leave_type=LeaveType(leave_type) if leave_type else None,
                reference=spt or f"#{pk}",
            )
        )
    return dict(found)
