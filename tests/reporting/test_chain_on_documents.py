"""A verified month's documents print the chain heads recorded at verification, and
`hadir audit verify --at` checks them later."""

from __future__ import annotations

import io
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from openpyxl import load_workbook

from hadir.audit.chain import AUDIT, GENESIS, LEDGER, chain_head, ledger_chain, ledger_links
from hadir.audit.guards import guards_lifted
from hadir.audit.models import AuditEvent
from hadir.punches.ledger import (
    ContentDigest,
    batch_content,
    batch_punches,
    ledger_shard,
    punch_line,
)
from hadir.punches.models import LedgerBatch
from hadir.punches.services import IncomingPunch, punches_ingest
from hadir.reporting.downloads import Format, Kind, export_file
from hadir.reporting.services import (
    submission_reopen,
    submission_sign,
    submission_submit,
    submission_verify,
)

from .conftest import APRIL_2, MARCH, WIB

NOW = datetime(2026, 4, 3, 10, 0, tzinfo=WIB)


def pdf_has(data: bytes, text: str) -> bool:
    """``text`` (no parentheses or backslashes) on one line of the uncompressed PDF."""
    return text.encode("latin-1") in data


def xlsx_texts(data: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


@pytest.fixture
def verified(dinkes, staff, chain):
    submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2)
    submission_sign(actor=chain["head"], unit=dinkes, month=MARCH, now=APRIL_2)
    audit_head, ledger_head = chain_head(AUDIT), chain_head(LEDGER)
    submission = submission_verify(actor=chain["bkd"], unit=dinkes, month=MARCH, now=APRIL_2)
    return submission, audit_head, ledger_head


def test_verification_records_both_chain_heads(verified):
    submission, (audit_seq, audit_digest), (ledger_seq, ledger_digest) = verified
    assert (submission.audit_seq, submission.audit_digest) == (audit_seq, audit_digest)
    assert (submission.ledger_seq, submission.ledger_digest) == (ledger_seq, ledger_digest)
    assert audit_seq >= 2
    event = AuditEvent.objects.get(action="reporting.verified")
    assert event.data["audit"] == f"audit:{audit_seq}:{audit_digest[:16]}"
    # Shard 0's head is printed (empty here unless the machine's serial lands on shard 0);
    # every non-empty shard's head is recorded.
    assert event.data["ledger"] == f"ledger:{ledger_seq}:{ledger_digest[:16]}"
    assert event.data["ledger_shards"] == ledger_links()
    assert sum(int(link.split(":")[1]) for link in ledger_links().values()) >= 2


@pytest.mark.parametrize("kind", [Kind.RECAP, Kind.TPP])
def test_month_documents_print_the_links_and_verify_accepts_them(verified, dinkes, kind):
    _submission, (audit_seq, audit_digest), (ledger_seq, ledger_digest) = verified
    audit_link = f"audit:{audit_seq}:{audit_digest[:16]}"
    ledger_link = f"ledger:{ledger_seq}:{ledger_digest[:16]}"
    note = (
        f"Sidik rantai saat verifikasi: {audit_link} dan {ledger_link}. Perubahan data "
        f"sesudahnya dapat diperiksa dengan: hadir audit verify --at {audit_link} "
        f"--at {ledger_link}"
    )
    xlsx = export_file(kind, Format.XLSX, dinkes, month=MARCH, now=NOW).content
    assert note in xlsx_texts(xlsx)
    pdf = export_file(kind, Format.PDF, dinkes, month=MARCH, now=NOW, compress=False).content
    assert pdf_has(pdf, "Sidik rantai saat verifikasi")
    assert pdf_has(pdf, audit_link) and pdf_has(pdf, ledger_link)
    out = StringIO()
    call_command("audit", "verify", f"--at={audit_link}", f"--at={ledger_link}", stdout=out)
    assert "2 sidik dari dokumen cocok" in out.getvalue()


def test_a_month_not_verified_prints_no_links(dinkes, staff, chain):
    xlsx = export_file(Kind.RECAP, Format.XLSX, dinkes, month=MARCH, now=NOW).content
    assert not [t for t in xlsx_texts(xlsx) if "Sidik rantai" in t]


def test_a_reopened_month_stops_printing_the_old_links(verified, dinkes, chain):
    submission_reopen(
        actor=chain["bkd"], unit=dinkes, month=MARCH, reason="Koreksi data", now=APRIL_2
    )
    xlsx = export_file(Kind.RECAP, Format.XLSX, dinkes, month=MARCH, now=NOW).content
    assert not [t for t in xlsx_texts(xlsx) if "Sidik rantai" in t]


def test_a_printed_link_that_no_longer_matches_is_refused(verified):
    _submission, (audit_seq, _digest), _ledger = verified
    with pytest.raises(CommandError, match=f"#{audit_seq} kini bersidik"):
        call_command("audit", "verify", f"--at=audit:{audit_seq}:ffffffffffffffff")


def _refs_on_two_shards() -> list[str]:
    refs = [f"SHARD-{n}" for n in range(100)]
    first = next(r for r in refs if ledger_shard("push", r) != 0)
    second = next(
        r for r in refs if ledger_shard("push", r) not in (0, ledger_shard("push", first))
    )
    return [first, second]


def _rewrite_shard(shard: int) -> None:
    """Edit a punch of the shard and recompute every digest of the shard and its head, as
    someone with write access to the database would: the shard alone then holds."""
    prev = GENESIS
    with transaction.atomic(), guards_lifted(), connection.cursor() as cursor:
        for batch in LedgerBatch.objects.filter(shard=shard).order_by("seq").values():
            cursor.execute(
                "UPDATE punches_punch SET raw = 'forged' WHERE batch_id = %s", [batch["id"]]
            )
            content = ContentDigest()
            for punch in batch_punches([batch["id"]]):
                content.add(punch_line(punch))
            batch["content_digest"] = content.hexdigest()
            digest = batch_content(batch, prev)
            cursor.execute(
                "UPDATE punches_ledgerbatch SET content_digest = %s, prev_digest = %s, "
                "digest = %s WHERE id = %s",
                [batch["content_digest"], prev, digest, batch["id"]],
            )
            prev = digest
        cursor.execute(
            "UPDATE audit_chainhead SET digest = %s WHERE name = %s", [prev, ledger_chain(shard)]
        )


def test_every_shard_head_recorded_at_verification_is_checked_later(settings, dinkes, staff, chain):
    """Documents print shard 0's head; the verification's audit event records every shard's,
    and the audit link printed on paper pins that event: a shard rewritten afterwards,
    digests and head included, is caught without a ledger link on paper."""
    settings.HADIR_LEDGER_SHARDS = 16
    refs = _refs_on_two_shards()
    for n, ref in enumerate(refs):
        punches_ingest(
            source="push",
            source_ref=ref,
            # PINs of no one: stored and chained, no day to recompute before submitting.
            punches=[IncomingPunch(pin=f"7770{n}", local_time=datetime(2026, 3, 2, 7, n))],
        )
    submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2)
    submission_sign(actor=chain["head"], unit=dinkes, month=MARCH, now=APRIL_2)
    submission_verify(actor=chain["bkd"], unit=dinkes, month=MARCH, now=APRIL_2)
    recorded = AuditEvent.objects.get(action="reporting.verified").data["ledger_shards"]
    shards = [ledger_shard("push", ref) for ref in refs]
    assert recorded == ledger_links()
    assert {ledger_chain(s) for s in shards} <= set(recorded)
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "rantai utuh" in out.getvalue()
    _rewrite_shard(shards[1])
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify", stdout=StringIO())
    message = str(caught.value)
    rewritten = ledger_chain(shards[1])
    assert (
        f"buku absensi {rewritten}: #{recorded[rewritten].split(':')[1]} kini bersidik" in message
    )
    assert "ditulis ulang" in message
    assert ledger_chain(shards[0]) not in message
