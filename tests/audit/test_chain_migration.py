"""A database that predates the chains: the migrations chain its rows in id order."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("audit", "0002_append_only"), ("punches", "0002_punch_hold")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_chained_by_the_migration():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    event = old.get_model("audit", "AuditEvent")
    for n in range(3):
        event.objects.create(action=f"old.{n}", actor_label="system", data={"n": n, "x": 0.5})
    punch = old.get_model("punches", "Punch")
    now = timezone.now()
    for n, ref in enumerate(["M1", "M1", "M2", "M1"]):
        local = f"2026-03-02 07:0{n}:00"
        punch.objects.create(
            key=f"k{n}",
            source="push",
            source_ref=ref,
            pin="7",
            punched_at=now,
            local_time=local,
            local_date="2026-03-02",
            raw=local,
        )
    punch.objects.update(received_at=now)  # one arrival time, as one ingest call gives
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    # Punches that arrived together form one batch: M1 (2), M2 (1), M1 again (1).
    assert out.getvalue().strip() == "3 kejadian audit, 3 batch absensi (4 absensi): rantai utuh."
