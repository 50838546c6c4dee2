"""A database that predates the chains: the migrations chain its rows in id order."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from hadir.audit.chain import LEDGER, chain_head, ledger_chain, short_form
from hadir.org.services import region_configure
from hadir.punches.ledger import ledger_shard
from hadir.punches.models import LedgerBatch
from hadir.punches.services import IncomingPunch, punches_ingest

BEFORE = [("audit", "0002_append_only"), ("punches", "0002_punch_hold")]
BEFORE_SHARDS = [("punches", "0003_ledger_batch")]


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
        _old_punch(punch, f"k{n}", ref, now)
    punch.objects.update(received_at=now)  # one arrival time, as one ingest call gives
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    # Punches that arrived together form one batch: M1 (2), M2 (1), M1 again (1).
    assert out.getvalue().splitlines()[0] == (
        "3 kejadian audit, 3 batch absensi (4 absensi) dalam 16 rantai buku absensi: rantai utuh."
    )


def _old_punch(punch_model, key: str, ref: str, at) -> None:
    local = f"2026-03-02 07:{len(key):02d}:00"
    punch_model.objects.create(
        key=key,
        source="push",
        source_ref=ref,
        pin="7",
        punched_at=at,
        local_time=local,
        local_date="2026-03-02",
        raw=local,
        received_at=at,
    )


def _ref_on_a_shard_other_than_0() -> str:
    return next(f"NEW{n}" for n in range(100) if ledger_shard("push", f"NEW{n}") != 0)


@pytest.mark.django_db(transaction=True)
def test_a_single_chain_ledger_stays_valid_as_shard_0_after_sharding():
    """The chain as it stood before shards (migration 0003) is shard 0 "ledger", its links
    and head untouched; new uploads then go to other shards and everything verifies."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    now = timezone.now()
    for n, ref in enumerate(["M1", "M2", "M3"]):
        _old_punch(old.get_model("punches", "Punch"), "k" * (n + 1), ref, now)
        now += timedelta(seconds=1)
    executor = MigrationExecutor(connection)
    executor.migrate([*BEFORE_SHARDS, ("audit", "0003_audit_chain")])
    chained = MigrationExecutor(connection).loader.project_state(BEFORE_SHARDS).apps
    batches = chained.get_model("punches", "LedgerBatch").objects.order_by("seq")
    links_before = list(batches.values_list("seq", "prev_digest", "digest"))
    assert [seq for seq, _prev, _digest in links_before] == [1, 2, 3]
    head_before = chain_head(LEDGER)
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    assert chain_head(LEDGER) == head_before
    after = LedgerBatch.objects.order_by("seq").values_list("shard", "seq", "prev_digest", "digest")
    assert list(after) == [(0, *link) for link in links_before]
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    ref = _ref_on_a_shard_other_than_0()
    punches_ingest(
        source="push",
        source_ref=ref,
        punches=[IncomingPunch(pin="7", local_time=datetime(2026, 3, 3, 7))],
    )
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    lines = out.getvalue().splitlines()
    assert "4 batch absensi (4 absensi) dalam 16 rantai buku absensi: rantai utuh." in lines[0]
    new_chain = ledger_chain(ledger_shard("push", ref))
    assert lines[1:] == [
        f"  {short_form(LEDGER, *head_before)}: 3 batch, 3 absensi",
        f"  {short_form(new_chain, *chain_head(new_chain))}: 1 batch, 1 absensi",
    ]
