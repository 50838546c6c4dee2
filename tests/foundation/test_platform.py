"""Audit trail, background jobs, the unit tree, settings documentation and translations."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polib
import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from hadir.audit.models import AppendOnlyError, AuditEvent
from hadir.jobs.models import Job, JobStatus
from hadir.jobs.registry import job_handler
from hadir.jobs.services import job_enqueue, jobs_run_pending
from hadir.org.services import unit_update
from hadir.people.selectors import employee_unit_id_on
from hadir.people.services import employee_transfer

ROOT = Path(__file__).resolve().parents[2]


def test_audit_trail_is_append_only(region):
    event = AuditEvent.objects.first()
    assert event is not None and event.action == "region.configure"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'forged'")


@job_handler("test.flaky")
def flaky(payload):
    if payload.get("fail"):
        raise RuntimeError("boom")
    return {"ok": payload["n"]}


def test_jobs_run_and_failures_are_retried_then_kept(db):
    good = job_enqueue(kind="test.flaky", payload={"n": 1})
    bad = job_enqueue(kind="test.flaky", payload={"fail": True})
    assert jobs_run_pending() == 2
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, good.result) == (JobStatus.DONE, {"ok": 1})
    assert bad.status == JobStatus.QUEUED and bad.attempts == 1 and "boom" in bad.error
    Job.objects.filter(pk=bad.pk).update(run_after=good.created_at, max_attempts=2)
    jobs_run_pending()
    bad.refresh_from_db()
    assert bad.status == JobStatus.FAILED and bad.attempts == 2


def test_unit_cannot_move_under_its_own_subunit(two_units):
    dinkes = two_units["DINKES"]
    with translation.override("id"), pytest.raises(ValidationError) as error:
        unit_update(unit=dinkes, name=dinkes.name, kind=dinkes.kind, parent=two_units["PKM-A"])
    assert "di bawah dirinya sendiri" in str(error.value)


def test_moving_a_unit_moves_its_subtree(two_units):
    unit_update(
        unit=two_units["DINKES"], name="Dinas Kesehatan", kind="dinas", parent=two_units["DISDIK"]
    )
    two_units["PKM-A"].refresh_from_db()
    assert two_units["PKM-A"].path.startswith(two_units["DISDIK"].path)
    assert two_units["PKM-A"].depth == 2


def test_transfer_keeps_past_days_with_old_unit(two_units, make_employee):
    employee = make_employee(two_units["DINKES"])
    employee_transfer(employee=employee, unit=two_units["SDN-1"], effective=date(2026, 3, 16))
    assert employee_unit_id_on(employee, date(2026, 3, 15)) == two_units["DINKES"].pk
    assert employee_unit_id_on(employee, date(2026, 3, 16)) == two_units["SDN-1"].pk
    assert employee_unit_id_on(employee, date(2024, 12, 31)) is None


def test_every_setting_read_from_the_environment_is_documented():
    source = (ROOT / "src/hadir/settings.py").read_text()
    names = set(re.findall(r'"((?:HADIR|DATABASE)_[A-Z_]+)"', source))
    documented = (ROOT / "docs/configuration.md").read_text()
    assert names, "no settings found"
    assert {n for n in names if f"`{n}`" not in documented} == set()


def test_indonesian_catalogue_is_complete_and_compiled():
    po_path = ROOT / "src/hadir/locale/id/LC_MESSAGES/django.po"
    po = polib.pofile(str(po_path))
    assert [e.msgid for e in po if not e.msgstr or "fuzzy" in e.flags] == []
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    assert {e.msgid: e.msgstr for e in mo} == {e.msgid: e.msgstr for e in po}


def test_the_po_file_is_the_only_copy_of_the_indonesian_texts():
    """No Python module keeps a second dictionary of translations (issue 13, item 8)."""
    po = polib.pofile(str(ROOT / "src/hadir/locale/id/LC_MESSAGES/django.po"))
    texts = [e.msgstr for e in po if len(e.msgstr) > 40 and e.msgstr != e.msgid]
    assert texts, "the catalogue holds no long translations"
    python = "\n".join(p.read_text() for d in ("scripts", "src") for p in (ROOT / d).rglob("*.py"))
    assert [t for t in texts if t in python] == []
