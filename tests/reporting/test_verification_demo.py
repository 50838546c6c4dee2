"""On the demo kabupaten, where every punch is a finger on a machine that keeps time and
people arrive independently, the weak-verification report finds nothing of the planted kind."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone

from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.reporting.verification import verification_report


def test_the_demo_holds_no_weak_verification_pattern(db):
    call_command("demo", "--no-serve", "--employees", "300")
    today = timezone.now().astimezone(region_timezone()).date()
    last_month = (today.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    units = list(Unit.objects.all())
    for month in (last_month, today.replace(day=1)):
        report = verification_report(units, month)
        assert report.people == [] and report.buddies == [] and report.clocks == []
    assert verification_report(units, last_month).punches > 1000
