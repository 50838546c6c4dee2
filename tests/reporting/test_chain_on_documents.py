"""A verified month's documents print the chain heads recorded at verification, and
`hadir audit verify --at` checks them later."""

from __future__ import annotations

import io
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from hadir.audit.chain import AUDIT, LEDGER, chain_head
from hadir.audit.models import AuditEvent
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
    assert ledger_seq >= 2 and audit_seq >= 2
    event = AuditEvent.objects.get(action="reporting.verified")
    assert event.data["audit"] == f"audit:{audit_seq}:{audit_digest[:16]}"
    assert event.data["ledger"] == f"ledger:{ledger_seq}:{ledger_digest[:16]}"


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
