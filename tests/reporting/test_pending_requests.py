"""Requests waiting for a decision show on the month page, in monitoring and in the bell."""

from __future__ import annotations

from datetime import date, datetime

from hadir.accounts.scope import scope_for
from hadir.reporting.checks import month_readiness
from hadir.reporting.monitoring import unit_statuses
from hadir.reporting.notifications import notifications_for
from hadir.requests.services import request_submit

from .conftest import MARCH, WIB


def test_a_waiting_request_is_counted_everywhere(dinkes, staff, chain):
    request_submit(
        actor=chain["operator"],
        kind="izin",
        employee=staff["sari"],
        first_day=date(2026, 3, 20),
        reason="Urusan keluarga",
        now=datetime(2026, 3, 20, 7, tzinfo=WIB),
    )
    assert month_readiness(dinkes, MARCH).pending_requests == 1
    later = datetime(2026, 4, 10, 9, tzinfo=WIB)
    rows = {
        r.unit.code: r for r in unit_statuses(scope_for(chain["bkd"]).units(), MARCH, now=later)
    }
    assert rows["DINKES"].pending_requests == 1 and "requests" in rows["DINKES"].actions
    early = datetime(2026, 3, 21, 9, tzinfo=WIB)  # within the decision window: not past due
    rows = {
        r.unit.code: r for r in unit_statuses(scope_for(chain["bkd"]).units(), MARCH, now=early)
    }
    assert rows["DINKES"].pending_requests == 0
    texts = [n.text for n in notifications_for(scope_for(chain["head"]), now=later)]
    assert "1 permohonan menunggu keputusan." in texts
