"""Who acts on a unit's month: the head of a unit without an operator submits and signs in
one step; the report says what happens next in every state; the bell tells only those who
can act, and what to do; the report's missing-punch texts follow the filing window."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.services import recompute_month
from hadir.audit.models import AuditEvent
from hadir.reporting.fix_window import missing_punch_window
from hadir.reporting.models import SubmissionState
from hadir.reporting.next_step import next_step
from hadir.reporting.notifications import notifications_for
from hadir.reporting.services import (
    submission_hand_in,
    submission_sign,
    submission_submit,
    submission_submit_and_sign,
)
from hadir.requests.services import request_submit
from hadir.requests.window import dispensation_grant

from .conftest import APRIL_2, MARCH, WIB

APRIL_3 = datetime(2026, 4, 3, 9, tzinfo=WIB)
MARET, BY, NO_OP = "Maret 2026", "paling lambat 5 April 2026", "tidak memiliki operator"


@pytest.fixture
def school(make_unit, make_employee, make_user):
    """SMPN 9, a school with a head and no operator (none on it or above it), March computed."""
    unit = make_unit("SMPN-9", kind="sekolah")
    teacher = make_employee(unit, name="Guru Satu")
    head_person = make_employee(unit, name="Kepala Sekolah")
    recompute_month("2026-03", unit)
    recompute_all_dirty()
    return {
        "unit": unit,
        "teacher": teacher,
        "head": make_user("kepsek", Role.HEAD, unit, employee=head_person),
    }


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_head_without_an_operator_submits_and_signs_in_one_step(school):
    submission = submission_hand_in(
        actor=school["head"], unit=school["unit"], month=MARCH, now=APRIL_2
    )
    assert submission.state == SubmissionState.SIGNED
    assert submission.submitted_by == submission.signed_by == school["head"]
    assert submission.late is False
    events = AuditEvent.objects.filter(action__startswith="reporting.").order_by("id")
    assert [(e.action, e.actor_id) for e in events] == [
        ("reporting.submitted", school["head"].pk),
        ("reporting.signed", school["head"].pk),
    ]


@pytest.mark.parametrize(
    ("who", "unit", "message"),
    [
        ("head", "DINKES", "This unit has an operator: the operator submits the month"),
        ("operator", "SMPN-9", "Only the head of the unit can sign its month."),
        ("bkd", "SMPN-9", "Only the head of the unit can sign its month."),
    ],
)
def test_one_step_is_only_for_the_head_of_a_unit_without_an_operator(
    school, dinkes, staff, chain, who, unit, message
):
    actor = school["head"] if who == "school_head" else chain[who]
    target = school["unit"] if unit == "SMPN-9" else dinkes
    with translation.override("en"), pytest.raises(ValidationError) as error:
        submission_submit_and_sign(actor=actor, unit=target, month=MARCH, now=APRIL_2)
    assert error.value.messages[0].startswith(message)
    assert not AuditEvent.objects.filter(action="reporting.submitted").exists()


def test_one_step_keeps_the_checks_of_submitting(school):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        submission_submit_and_sign(
            actor=school["head"],
            unit=school["unit"],
            month=MARCH,
            now=datetime(2026, 3, 30, tzinfo=WIB),
        )
    assert "not over yet" in error.value.messages[0]


@pytest.mark.parametrize(
    ("unit", "viewer", "state", "text", "action", "both"),
    [
        ("DINKES", "operator", "open", "Anda mengirim laporan bulan ini", "submit", False),
        ("DINKES", "head", "open", "operator unit mengirim laporan bulan ini", None, False),
        ("DINKES", "bkd", "reopened", "operator unit mengirim laporan bulan ini", None, False),
        ("SMPN-9", "school_head", "open", "Anda mengirim dan menandatangani", "submit", True),
        ("SMPN-9", "bkd", "open", "kepala unit mengirim dan menandatangani", None, False),
        ("DINKES", "head", "submitted", "Anda menandatangani laporan", "sign", False),
        ("DINKES", "operator", "submitted", "kepala unit menandatangani", None, False),
        ("DINKES", "bkd", "signed", "Anda memverifikasi", "verify", False),
        ("DINKES", "head", "signed", "BKD memverifikasi", None, False),
        ("DINKES", "head", "verified", "Selesai", None, False),
    ],
)  # fmt: skip
def test_every_state_says_what_happens_next(
    school, dinkes, chain, unit, viewer, state, text, action, both
):
    target = school["unit"] if unit == "SMPN-9" else dinkes
    user = school["head"] if viewer == "school_head" else chain[viewer]
    with translation.override("id"):
        step = next_step(unit=target, state=state, deadline=date(2026, 4, 5), viewer=user)
    assert text in step.text
    assert (step.action, step.submit_and_sign) == (action, both)
    if state == "open":
        assert "5 April 2026" in step.text


def test_a_unit_with_nobody_to_submit_says_so(make_unit, make_user):
    unit = make_unit("SD-99", kind="sekolah")
    with translation.override("id"):
        step = next_step(unit=unit, state="open", deadline=date(2026, 4, 5), viewer=None)
    assert "tidak memiliki operator maupun kepala unit" in step.text and step.action is None


def test_the_report_page_gives_the_head_one_button_and_one_confirmation(school):
    client = client_for(school["head"])
    page = client.get("/units/SMPN-9/report/?month=2026-03").content.decode()
    assert 'data-testid="report-submit-sign"' in page
    assert "Unit ini tidak memiliki operator: Anda mengirim dan menandatangani" in page
    assert 'data-testid="report-submit-sign-confirm"' in page
    answer = client.post("/units/SMPN-9/report/submit/", {"month": "2026-03"})
    done = client.get(answer["Location"]).content.decode()
    assert "Terkirim dan ditandatangani. BKD sekarang dapat memverifikasi" in done
    assert "BKD memverifikasi laporan bulan ini" in done


def test_the_head_of_a_unit_with_an_operator_sees_who_acts(dinkes, staff, chain):
    page = client_for(chain["head"]).get("/units/DINKES/report/?month=2026-03").content.decode()
    assert 'data-testid="report-next"' in page and "operator unit mengirim" in page
    assert "report-submit" not in page


def _texts(user, now=APRIL_3) -> list[str]:
    with translation.override("id"):
        return [n.text for n in notifications_for(scope_for(user), now=now, user=user)]


@pytest.mark.parametrize(
    ("who", "expected", "absent"),
    [
        ("operator", f"Unit DINKES: kirim laporan {MARET} kepada kepala unit {BY}.", "permohonan"),
        ("head", "1 permohonan menunggu keputusan.", "Unit DINKES: kirim laporan"),
        ("school_head", f"Unit SMPN-9 {NO_OP}: kirim dan tandatangani laporan {MARET}", "mohon"),
        ("other_operator", "Unit DISDIK: kirim laporan Maret 2026", "DINKES"),
    ],
)  # fmt: skip
def test_the_bell_tells_only_those_who_can_act(school, dinkes, staff, chain, who, expected, absent):
    request_submit(
        actor=chain["operator"], kind="izin", employee=staff["sari"],
        first_day=date(2026, 4, 2), reason="Urusan keluarga", now=APRIL_3,
    )  # fmt: skip
    texts = _texts(school["head"] if who == "school_head" else chain[who])
    assert any(text.startswith(expected) for text in texts)
    assert not any(absent in text for text in texts)


def test_a_head_with_an_operator_is_told_to_sign_not_to_submit(dinkes, staff, chain):
    assert not any("kirim laporan" in t for t in _texts(chain["head"]))
    submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2)
    assert "Unit DINKES: laporan Maret 2026 menunggu tanda tangan Anda." in _texts(chain["head"])
    assert not any("menunggu" in t for t in _texts(chain["operator"]))
    submission_sign(actor=chain["head"], unit=dinkes, month=MARCH, now=APRIL_2)
    assert not any("DINKES" in t for t in _texts(chain["head"]))


def test_late_deadline_words(school):
    late = datetime(2026, 4, 8, 9, tzinfo=WIB)
    assert (
        "Unit SMPN-9 tidak memiliki operator: laporan Maret 2026 seharusnya dikirim paling "
        "lambat 5 April 2026; kirim dan tandatangani sekarang."
    ) in _texts(school["head"], late)


@pytest.fixture
def missing_punches(dinkes, staff, punch):
    """Budi has no check-in on Wednesday 4 and Thursday 12 March (TAM)."""
    punch("101", "2026-03-04 16:05:00", "2026-03-12 16:05:00")
    recompute_all_dirty()


@pytest.mark.parametrize(
    ("now", "opened", "until", "closed", "closed_on"),
    [
        (datetime(2026, 3, 6, 9, tzinfo=WIB), 1, date(2026, 3, 7), 0, None),
        (datetime(2026, 3, 7, 23, 59, tzinfo=WIB), 1, date(2026, 3, 7), 0, None),
        (datetime(2026, 3, 8, 0, 0, tzinfo=WIB), 0, None, 1, date(2026, 3, 7)),
        (datetime(2026, 3, 12, 20, tzinfo=WIB), 1, date(2026, 3, 15), 1, date(2026, 3, 7)),
        (datetime(2026, 4, 2, 9, tzinfo=WIB), 0, None, 2, date(2026, 3, 15)),
    ],
)
def test_the_missing_punch_window_follows_the_clock(
    dinkes, missing_punches, now, opened, until, closed, closed_on
):
    window = missing_punch_window(dinkes, MARCH, now=now)
    assert (window.open_days, window.open_until) == (opened, until)
    assert (window.closed_days, window.closed_on) == (closed, closed_on)


def test_the_report_after_the_window_sends_to_bkd(dinkes, missing_punches, chain):
    page = client_for(chain["operator"]).get("/units/DINKES/report/?month=2026-03")
    text = page.content.decode()
    assert (
        "Batas waktu pengajuan berakhir pada 15 Maret 2026; mintalah dispensasi kepada BKD." in text
    )
    assert "/requests/dispensations/ask/?unit=DINKES&amp;date=2026-03-04" in text
    assert "masih dapat menjelaskannya" not in text
    bkd = client_for(chain["bkd"]).get("/units/DINKES/report/?month=2026-03").content.decode()
    assert "mintalah dispensasi kepada BKD" in bkd and 'data-testid="window-ask"' not in bkd


def test_the_report_within_the_window_says_until_when(dinkes, missing_punches, chain):
    dispensation_grant(
        actor=chain["bkd"], unit=dinkes, days_from=date(2026, 3, 1),
        valid_until=date(2099, 1, 1), reason="Uji", now=APRIL_2,
    )  # fmt: skip
    text = client_for(chain["operator"]).get("/units/DINKES/report/?month=2026-03").content
    assert "permohonan koreksi masih dapat menjelaskannya sampai 1 Januari 2099" in text.decode()
    assert "mintalah dispensasi" not in text.decode()
