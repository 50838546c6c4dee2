"""The batched recompute (``hadir.attendance.store``: compare, then write only what changed)
stores exactly what evaluating one employee at a time and inserting every row gives, from an
empty table, over tampered rows, over stale rows, and through the dirty marks (issue 15)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from hadir.attendance.dirty import days_mark_dirty
from hadir.attendance.models import DayRecord
from hadir.attendance.recompute import _compute, recompute_all_dirty, recompute_range
from hadir.attendance.services import employees_between
from hadir.attendance.store import RECORD_FIELDS
from hadir.bulk import insert_rows
from hadir.demo.generator import generate_kabupaten
from hadir.demo.loader import load_demo
from hadir.people.models import EmployeeAssignment
from hadir.rules.codes import EVENT_CODES

FIRST, LAST = date(2026, 2, 1), date(2026, 3, 20)
# Mid-morning of the last day: that day is stored in progress, the others judged.
AT = datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
COMPARED = [f for f in RECORD_FIELDS if f != "computed_at"]


def _stored() -> list[tuple[object, ...]]:
    return list(DayRecord.objects.order_by("employee_id", "day").values_list(*COMPARED))


def _one_employee_at_a_time(employee_ids: list[int]) -> list[tuple[object, ...]]:
    """The reference: each employee evaluated alone, every row inserted into an empty table
    (how the recompute stored results before issue 15)."""
    DayRecord.objects.all().delete()
    for employee_id in employee_ids:
        computed = _compute(None, [employee_id], FIRST, LAST, AT)
        assert not computed.held
        rows = [(*row, digest) for row, digest in computed.rows]
        insert_rows(DayRecord, RECORD_FIELDS, rows)
    reference = _stored()
    DayRecord.objects.all().delete()
    return reference


def _tamper(every: int) -> list[tuple[int, date]]:
    """Change, blank or delete every ``every``-th stored row; the pairs touched."""
    touched = []
    for n, record in enumerate(DayRecord.objects.order_by("pk")):
        if n % every:
            continue
        touched.append((record.employee_id, record.day))
        if n % (3 * every) == 0:
            record.delete()
        elif n % (3 * every) == every:
            DayRecord.objects.filter(pk=record.pk).update(codes="TK", check_in=None)
        else:
            DayRecord.objects.filter(pk=record.pk).update(explanation="?", late_minutes=99)
    return touched


@pytest.fixture
def month(db):
    """A generated kabupaten with its punches, the reference, and the stored rows as they
    were before one employee left mid-March: rows of days after that are stale."""
    load_demo(generate_kabupaten(seed=7, employees=150), today=date(2026, 3, 21))
    staff = employees_between(FIRST, LAST)
    leaver = EmployeeAssignment.objects.filter(valid_to=None).order_by("employee_id").first()
    assert leaver is not None
    leaves = EmployeeAssignment.objects.filter(pk=leaver.pk)
    leaves.update(valid_to=date(2026, 3, 10))
    reference = _one_employee_at_a_time(staff)
    leaves.update(valid_to=None)
    recompute_range(staff, FIRST, LAST, at=AT)
    leaves.update(valid_to=date(2026, 3, 10))
    assert DayRecord.objects.filter(employee_id=leaver.employee_id, day__gt="2026-03-10").exists()
    # Varied enough to mean something: judged days of every kind and the day in progress.
    codes = {code for row in reference for code in str(row[COMPARED.index("codes")]).split()}
    assert {"H", "TK", "L"} <= codes
    assert codes & {"TL1", "TL2", "TL3", "TL4"}
    assert codes & {code.value for code in EVENT_CODES}  # the demo's Monday apel, missed
    explanations = " ".join(str(row[COMPARED.index("explanation")]) for row in reference)
    assert "Apel" in explanations
    assert any(row[COMPARED.index("settles_at")] for row in reference)
    return staff, reference


@pytest.mark.parametrize("start", ["empty table", "stale and tampered rows", "unchanged rows"])
def test_batched_range_recompute_equals_one_employee_at_a_time(month, start):
    staff, reference = month
    if start == "empty table":
        DayRecord.objects.all().delete()
    elif start == "stale and tampered rows":
        assert _tamper(every=7)
    else:
        recompute_range(staff, FIRST, LAST, at=AT)
    untouched = dict(DayRecord.objects.values_list("pk", "computed_at"))
    recompute_range(staff, FIRST, LAST, at=AT)
    assert _stored() == reference
    if start == "unchanged rows":  # nothing was rewritten
        assert dict(DayRecord.objects.values_list("pk", "computed_at")) == untouched


def test_dirty_marks_recompute_equals_one_employee_at_a_time(month):
    staff, reference = month
    recompute_range(staff, FIRST, LAST, at=AT)
    days_mark_dirty(_tamper(every=5))
    recompute_all_dirty(at=AT)
    assert _stored() == reference
