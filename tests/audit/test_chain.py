"""The audit trail and the punch ledger as hash chains: `hadir audit verify` finds a row
edited, deleted or moved behind the triggers' back, on SQLite and PostgreSQL alike."""

# ruff: noqa: S608 - the tampering SQL is built on purpose from integer ids of the test rows

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from hadir.audit.chain import (
    AUDIT,
    GENESIS,
    audit_content,
    canonical,
    chain_head,
    ledger_chain,
    link_digest,
    short_form,
)
from hadir.audit.guards import GUARD_TRIGGERS, guards_lifted
from hadir.audit.models import AuditEvent
from hadir.audit.services import audit_record
from hadir.devices.models import Device
from hadir.punches.ledger import ledger_store
from hadir.punches.models import LedgerBatch, Punch
from hadir.punches.services import PUNCH_FIELDS, IncomingPunch, punches_ingest


def verify(*anchors: str) -> str:
    out = StringIO()
    call_command("audit", "verify", *[f"--at={a}" for a in anchors], stdout=out)
    return out.getvalue()


def broken(*anchors: str) -> str:
    with pytest.raises(CommandError) as caught:
        verify(*anchors)
    assert caught.value.returncode == 1
    return str(caught.value)


def tamper(*statements: str, params: list[Any] | None = None) -> None:
    """Run SQL with the append-only triggers dropped, as someone with the database would."""
    with transaction.atomic(), guards_lifted(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, params or [])


@pytest.fixture
def device(two_units):
    return Device.objects.create(sn="CHAIN-1", unit=two_units["DINKES"], state="active")


def ledger_label(batch: LedgerBatch) -> str:
    """How verify names the batch's chain: "buku absensi" (shard 0), "buku absensi ledger.1"."""
    return "buku absensi" + ("" if batch.shard == 0 else f" {ledger_chain(batch.shard)}")


# One chain (everything in shard 0, as before shards) and 16 shards (CHAIN-1 lands on 1).
@pytest.fixture(params=[1, 16], ids=["one chain", "16 shards"])
def history(request, settings, device, two_units, make_employee) -> dict[str, Any]:
    """Three audit events with awkward JSON and three ledger batches with awkward punches."""
    settings.HADIR_LEDGER_SHARDS = request.param
    make_employee(two_units["DINKES"], pin="46")
    for n, data in enumerate(
        [
            {"b": 1, "a": [1, 2, (3, 4)], "float": 0.1, "big": 1e16, "tiny": 1.5e-7},
            {"nama": "Ñoño Śāstra ✓", 7: "int key", "nested": {"z": None, "y": True}},
            {},
        ]
    ):
        audit_record(actor=None, action=f"test.step{n}", target=two_units["DINKES"], data=data)
    times = ["2026-03-02 06:58:48", "2026-03-02 16:05:10.123456", "2026-03-03 07:00:00"]
    for n, at in enumerate(times):
        punches_ingest(
            source="push",
            source_ref=device.sn,
            device=device,
            punches=[
                IncomingPunch(pin="46", local_time=datetime.fromisoformat(at), raw=f"46\t{at} é"),
                IncomingPunch(
                    pin=f"9{n}",
                    local_time=datetime.fromisoformat(at),
                    status=None,
                    verify=15,
                    workcode="",
                ),
            ],
        )
    return {"events": list(AuditEvent.objects.order_by("seq")), "batches": batches()}


def batches() -> list[LedgerBatch]:
    return list(LedgerBatch.objects.order_by("seq"))


def test_a_clean_history_is_intact(history):
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(e.prev_digest == p.digest for p, e in itertools.pairwise(events))
    assert [(b.seq, b.count) for b in history["batches"]] == [(1, 2), (2, 2), (3, 2)]
    assert Punch.objects.filter(batch__isnull=True).count() == 0
    last = history["batches"][-1]
    shards = 16 if last.shard else 1
    assert verify().splitlines() == [
        f"{len(events)} kejadian audit, 3 batch absensi (6 absensi) dalam {shards} rantai "
        "buku absensi: rantai utuh.",
        f"  {short_form(ledger_chain(last.shard), 3, last.digest)}: 3 batch, 6 absensi",
    ]


def test_canonical_form_is_sorted_compact_utc_json():
    assert canonical({"at": datetime.fromisoformat("2026-03-02T07:00+07:00")}) == (
        b'{"at":"2026-03-02T00:00:00+00:00"}'
    )
    when = datetime.fromisoformat("2026-03-02T07:00:00.5+07:00")
    assert canonical({"b": 1.0, "a": when, "c": [1e16, 0.25]}) == (
        b'{"a":"2026-03-02T00:00:00.500000+00:00","b":1,"c":[10000000000000000,0.25]}'
    )


def test_resends_do_not_make_empty_batches(history, device):
    punches_ingest(
        source="push",
        source_ref=device.sn,
        device=device,
        punches=[IncomingPunch(pin="46", local_time=datetime(2026, 3, 2, 6, 58, 48))],
    )
    assert len(batches()) == 3


def test_a_row_taken_by_a_concurrent_ingest_is_left_out_of_the_batch(history, device):
    """On PostgreSQL a concurrent call may store a key between the duplicate check and the
    insert: the batch then hashes what the database really holds for it."""
    taken = Punch.objects.order_by("id").values_list(*PUNCH_FIELDS).first()
    fresh = (f"fresh-{taken[0][6:]}", *taken[1:])
    ledger_store(source="push", source_ref=device.sn, fields=PUNCH_FIELDS, rows=[taken, fresh])
    assert batches()[-1].count == 1
    assert "rantai utuh" in verify()


AUDIT_TAMPERING: dict[str, tuple[Callable[[list[AuditEvent]], list[str]], str]] = {
    "edit": (
        lambda e: [f"UPDATE audit_auditevent SET action = 'forged' WHERE id = {e[1].id}"],
        "#2 (id {e1}): isinya diubah",
    ),
    "edit data": (
        lambda e: [
            f"""UPDATE audit_auditevent SET data = '{{"nama": "X"}}' WHERE id = {e[1].id}"""
        ],
        "#2 (id {e1}): isinya diubah",
    ),
    "delete": (
        lambda e: [f"DELETE FROM audit_auditevent WHERE id = {e[1].id}"],
        "#3 (id {e2}): baris #2 hilang",
    ),
    "delete the last": (
        lambda e: [f"DELETE FROM audit_auditevent WHERE id = {e[-1].id}"],
        "baris #{n} di ujung rantai hilang",
    ),
    "swap seq": (
        lambda e: [
            f"UPDATE audit_auditevent SET seq = 1000000 WHERE id = {e[1].id}",
            f"UPDATE audit_auditevent SET seq = 2 WHERE id = {e[2].id}",
            f"UPDATE audit_auditevent SET seq = 3 WHERE id = {e[1].id}",
        ],
        "#2 (id {e2}): tidak tersambung ke #1",
    ),
    "swap content": (
        lambda e: [
            f"UPDATE audit_auditevent SET action = 'test.step2' WHERE id = {e[1].id}",
            f"UPDATE audit_auditevent SET action = 'test.step1' WHERE id = {e[2].id}",
        ],
        "#2 (id {e1}): isinya diubah",
    ),
}


@pytest.mark.parametrize("how", list(AUDIT_TAMPERING))
def test_verify_names_the_audit_row_tampered_with(history, how):
    events = history["events"]
    statements, expected = AUDIT_TAMPERING[how]
    tamper(*statements(events))
    message = broken()
    assert expected.format(e1=events[1].id, e2=events[2].id, n=len(events)) in message
    assert "rantai audit" in message


def _punch_of(batch: LedgerBatch) -> Punch:
    return Punch.objects.filter(batch=batch).order_by("key").first()


LEDGER_TAMPERING: dict[str, tuple[Callable[[list[LedgerBatch]], list[str]], str]] = {
    "edit a punch": (
        lambda b: [f"UPDATE punches_punch SET raw = 'x' WHERE id = {_punch_of(b[1]).id}"],
        "#2 (id {b1}): salah satu absensinya diubah",
    ),
    "move a punch's time": (
        lambda b: [
            "UPDATE punches_punch SET local_time = '2026-03-02 07:59:59' "
            f"WHERE id = {_punch_of(b[1]).id}"
        ],
        "#2 (id {b1}): salah satu absensinya diubah",
    ),
    "delete a punch": (
        lambda b: [f"DELETE FROM punches_punch WHERE id = {_punch_of(b[1]).id}"],
        "#2 (id {b1}): memuat 1 absensi, tercatat 2",
    ),
    "move a punch to another batch": (
        lambda b: [
            f"UPDATE punches_punch SET batch_id = {b[2].id} WHERE id = {_punch_of(b[1]).id}"
        ],
        "#2 (id {b1}): memuat 1 absensi, tercatat 2",
    ),
    "edit a batch": (
        lambda b: [f"UPDATE punches_ledgerbatch SET source_ref = 'X' WHERE id = {b[1].id}"],
        "#2 (id {b1}): isinya diubah",
    ),
    "delete a batch": (
        lambda b: [
            f"DELETE FROM punches_punch WHERE batch_id = {b[1].id}",
            f"DELETE FROM punches_ledgerbatch WHERE id = {b[1].id}",
        ],
        "#3 (id {b2}): baris #2 hilang",
    ),
    "swap batch seq": (
        lambda b: [
            f"UPDATE punches_ledgerbatch SET seq = 1000000 WHERE id = {b[1].id}",
            f"UPDATE punches_ledgerbatch SET seq = 2 WHERE id = {b[2].id}",
            f"UPDATE punches_ledgerbatch SET seq = 3 WHERE id = {b[1].id}",
        ],
        "#2 (id {b2}): tidak tersambung ke #1",
    ),
    "truncate the tail": (
        lambda b: [
            f"DELETE FROM punches_punch WHERE batch_id = {b[2].id}",
            f"DELETE FROM punches_ledgerbatch WHERE id = {b[2].id}",
        ],
        "baris #3 di ujung rantai hilang",
    ),
    "move a batch to another shard": (
        lambda b: [f"UPDATE punches_ledgerbatch SET shard = shard + 1 WHERE id = {b[1].id}"],
        "#3 (id {b2}): baris #2 hilang",
    ),
    "a punch slipped in": (
        lambda b: [
            "INSERT INTO punches_punch (key, source, source_ref, pin, punched_at, local_time, "
            "local_date, workcode, raw, received_at, counted, hold) VALUES ('slipped', 'push', "
            "'CHAIN-1', '46', '2026-03-04 00:00:00', '2026-03-04 07:00:00', '2026-03-04', '', "
            "'', '2026-03-04 00:00:00', TRUE, '')"
        ],
        "absensi id",
    ),
}


@pytest.mark.parametrize("how", list(LEDGER_TAMPERING))
def test_verify_names_the_ledger_batch_tampered_with(history, how):
    found = history["batches"]
    statements, expected = LEDGER_TAMPERING[how]
    tamper(*statements(found))
    message = broken()
    assert expected.format(b1=found[1].id, b2=found[2].id) in message
    assert "rantai buku absensi" in message
    if how != "a punch slipped in":  # a punch in no batch is in no shard
        assert f"rantai {ledger_label(found[1])}," in message or (
            f"rantai {ledger_label(found[1])}:" in message
        )


def test_verify_counts_punches_pointing_to_no_batch(history):
    """Only possible with the foreign keys switched off; the count still gives it away."""
    orphan = (
        "INSERT INTO punches_punch (key, source, source_ref, pin, punched_at, local_time, "
        "local_date, workcode, raw, received_at, counted, hold, batch_id) VALUES ('orphan', "
        "'push', 'CHAIN-1', '46', '2026-03-04 00:00:00', '2026-03-04 07:00:00', "
        "'2026-03-04', '', '', '2026-03-04 00:00:00', TRUE, '', 999999)"
    )
    tamper(orphan)
    assert "7 absensi tersimpan, 6 di dalam rantai" in broken()
    tamper("DELETE FROM punches_punch WHERE key = 'orphan'")  # the FK is checked at the end


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'forged'",
        "DELETE FROM audit_auditevent",
        "DELETE FROM punches_punch",
        "UPDATE punches_punch SET raw = 'forged'",
        "UPDATE punches_punch SET batch_id = NULL",
        "UPDATE punches_ledgerbatch SET count = 99",
        "DELETE FROM punches_ledgerbatch",
    ],
)
def test_the_database_refuses_changes_to_the_chained_rows(history, sql):
    with (
        pytest.raises(DatabaseError, match="is append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)


def test_the_ledger_still_lets_punches_be_counted_held_and_claimed(history):
    changed = Punch.objects.filter(pin="90").update(counted=False, hold="period_closed")
    assert changed == 1
    Punch.objects.filter(pin="91").update(employee=None)
    assert "rantai utuh" in verify()


def test_every_guard_trigger_survives_the_migrations(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    wanted = (
        {"audit_event_append_only"}
        if connection.vendor == "postgresql"
        else {
            "audit_event_no_update",
            "audit_event_no_delete",
        }
    )
    wanted |= {
        "ledger_batch_no_delete",
        "ledger_batch_sealed",
        "punch_no_delete",
        "punch_raw_fixed",
    }
    assert wanted <= present
    assert wanted <= set(GUARD_TRIGGERS)


def test_a_printed_link_is_checked_against_the_chain(history):
    audit_seq, audit_digest = chain_head(AUDIT)
    chain = ledger_chain(batches()[1].shard)
    printed = [
        short_form(AUDIT, audit_seq, audit_digest),
        short_form(chain, 2, batches()[1].digest),
    ]
    assert "2 sidik dari dokumen cocok" in verify(*printed)
    assert "#2 kini bersidik" in broken(f"{chain}:2:{'0' * 16}")
    assert "buku absensi ledger.9: #2 tidak ada di rantai" in broken(f"ledger.9:2:{'0' * 16}")
    assert "#99 tidak ada di rantai" in broken("audit:99:0123456789abcdef")
    with pytest.raises(CommandError, match="Salin persis dari dokumen"):
        verify("audit-12-xyz")


def test_a_whole_chain_rewritten_after_printing_is_caught_by_the_paper(history):
    """Someone recomputes every digest after an edit: the chain holds, the paper does not."""
    printed = short_form(AUDIT, *chain_head(AUDIT))
    first = history["events"][0]
    with transaction.atomic(), guards_lifted():
        rows = list(AuditEvent.objects.order_by("seq").values())
        prev = GENESIS
        with connection.cursor() as cursor:
            for row in rows:
                if row["id"] == first.id:
                    row["action"] = "forged"
                row["prev_digest"] = prev
                row["digest"] = prev = link_digest(prev, audit_content(row))
                cursor.execute(
                    "UPDATE audit_auditevent SET action = %s, prev_digest = %s, digest = %s "
                    "WHERE id = %s",
                    [row["action"], row["prev_digest"], row["digest"], row["id"]],
                )
            cursor.execute("UPDATE audit_chainhead SET digest = %s WHERE name = 'audit'", [prev])
    assert "rantai utuh" in verify()
    assert "ditulis ulang sejak dicetak" in broken(printed)
