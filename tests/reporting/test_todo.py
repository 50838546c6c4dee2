"""The to-do home and submitting every clean unit: problem days with their windows, the
items of each role, and the bulk submission (refusals included), against the database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.attendance.models import DirtyDay, ParkedDay
from hadir.attendance.recompute import recompute_all_dirty
from hadir.attendance.services import recompute_month
from hadir.audit.models import AuditEvent
from hadir.people.services import employee_transfer
from hadir.reporting.bulk_submit import submissions_submit_clean, unit_month, unit_months
from hadir.reporting.checks import months_readiness
from hadir.reporting.deadlines import submission_deadline
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.reporting.problems import problem_days
from hadir.reporting.services import submission_sign, submission_submit
from hadir.requests.services import request_submit
from hadir.requests.window import deadline_for
from hadir.web.todo import correction_url, period_range, todo_items

from .conftest import APRIL_2, MARCH, WIB

MARCH_31 = date(2026, 3, 31)
# Every window of March has closed ten days into April.
APRIL_10 = datetime(2026, 4, 10, 9, 0, tzinfo=WIB)


@pytest.fixture
def month(dinkes, staff, chain, punch, make_user):
    """Budi checks in on 31 March and never out (TAP); Sari and the two staff members are
    TK every working day; Sari has an account of her own."""
    punch("101", "2026-03-31 07:20:00")
    recompute_all_dirty()
    return {**staff, **chain, "sari_user": make_user("sari", employee=staff["sari"])}


def test_problem_days_carry_their_window(dinkes, month):
    problems = problem_days(first=MARCH, last=MARCH_31, now=APRIL_2, unit_ids=[dinkes.pk])
    budi_31 = next(p for p in problems if p.employee == month["budi"] and p.day == MARCH_31)
    assert budi_31.code == "TAP" and budi_31.request_kind == "punch_correction"
    assert {p.code for p in problems} == {"TAP", "TK"}
    for problem in problems:
        assert problem.deadline == deadline_for(problem.day, unit_code="DINKES")
        assert problem.explainable == problem.deadline.is_open(APRIL_2)
        assert problem.to_explain == problem.explainable
    assert any(p.to_explain for p in problems) and any(not p.explainable for p in problems)
    assert budi_31.to_explain
    url = correction_url(budi_31)
    assert (
        url == f"/requests/new/?employee={month['budi'].pk}&date=2026-03-31&kind=punch_correction"
    )
    closed = next(p for p in problems if not p.explainable)
    assert correction_url(closed) == (
        f"/requests/dispensations/ask/?date={closed.day.isoformat()}&employee={closed.employee.pk}"
    )


def test_a_request_explains_its_day(dinkes, month):
    request_submit(
        actor=month["operator"], kind="punch_correction", employee=month["budi"],
        first_day=MARCH_31, check_out=datetime(2026, 3, 31, 16, 5).time(),
        reason="Lupa absen pulang", now=APRIL_2,
    )  # fmt: skip
    problems = problem_days(
        first=MARCH_31, last=MARCH_31, now=APRIL_2, employee_id=month["budi"].pk
    )
    assert [(p.code, p.to_explain, p.request_id is not None) for p in problems] == [
        ("TAP", False, True)
    ]


def _keys(user, now) -> list[str]:
    return [item.key for item in todo_items(user, now=now)]


@pytest.mark.parametrize(
    ("who", "present", "absent"),
    [
        ("operator", {"days_to_explain", "months_to_submit"}, {"months_to_verify", "own_day"}),
        ("head", {"days_to_explain"}, {"months_to_submit", "months_to_verify"}),
        ("bkd", set(), {"days_to_explain", "months_to_submit", "own_day"}),
        ("sari_user", {"own_day"}, {"days_to_explain", "months_to_submit", "requests_waiting"}),
    ],
)
def test_items_by_role(month, who, present, absent):
    keys = set(_keys(month[who], APRIL_2))
    assert present <= keys and not (absent & keys)


def test_operator_items_say_what_and_until_when(dinkes, month):
    items = {item.key: item for item in todo_items(month["operator"], now=APRIL_2)}
    explain = items["days_to_explain"]
    open_days = [
        p
        for p in problem_days(first=MARCH, last=APRIL_2.date(), now=APRIL_2, unit_ids=[dinkes.pk])
        if p.to_explain
    ]
    assert explain.count == len(open_days) and explain.url == "/todo/problems/?period=open"
    assert explain.deadline == min(p.deadline.last_date for p in open_days)
    submit = items["months_to_submit"]
    # DINKES and its sub-unit PKM-A, both operated, neither handed in.
    assert submit.count == 2 and submit.url == "/todo/submit/?month=2026-03"
    assert submit.deadline == submission_deadline(MARCH)


def test_employee_sees_own_days_each_one_click_from_its_request(month):
    items = [i for i in todo_items(month["sari_user"], now=APRIL_2) if i.key == "own_day"]
    assert items and all(i.url.startswith("/requests/new/?employee=") for i in items)
    assert all("kind=izin" in i.url for i in items)  # TK: a permission, to begin with
    request_submit(
        actor=month["sari_user"], kind="izin", employee=month["sari"], first_day=MARCH_31,
        reason="Urusan keluarga", now=APRIL_2,
    )  # fmt: skip
    after = todo_items(month["sari_user"], now=APRIL_2)
    assert len([i for i in after if i.key == "own_day"]) == len(items) - 1
    assert "own_requests_waiting" in {i.key for i in after}
    # The head of unit now has a request to decide.
    assert "requests_waiting" in _keys(month["head"], APRIL_2)


def test_head_signs_and_bkd_verifies_from_their_items(dinkes, month):
    submission_submit(actor=month["operator"], unit=dinkes, month=MARCH, now=APRIL_10)
    sign = [i for i in todo_items(month["head"], now=APRIL_10) if i.key == "month_to_sign"]
    assert [i.url for i in sign] == ["/units/DINKES/report/?month=2026-03"]
    submission_sign(actor=month["head"], unit=dinkes, month=MARCH)
    verify = [i for i in todo_items(month["bkd"], now=APRIL_10) if i.key == "months_to_verify"]
    assert [(i.count, i.url) for i in verify] == [(1, "/monitoring/?month=2026-03")]


def test_region_roles(make_user, month, device):
    kominfo = make_user("kominfo", Role.DISKOMINFO_ADMIN)
    ParkedDay.objects.create(
        employee=month["sari"], day=MARCH_31, error_type="LookupError",
        first_failed_at=APRIL_2, last_failed_at=APRIL_2,
    )  # fmt: skip
    keys = set(_keys(kominfo, APRIL_2))
    # The machine never connected; no worker beats in a test.
    assert {"machines_offline", "parked_days", "worker_stale"} <= keys
    assert "parked_days" in _keys(month["bkd"], APRIL_2)
    assert _keys(make_user("bupati", Role.LEADERSHIP), APRIL_2) == []


def test_periods(region):
    monday = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)
    assert period_range("today", monday) == (date(2026, 11, 2), date(2026, 11, 2))
    assert period_range("last_week", monday) == (date(2026, 10, 26), date(2026, 11, 1))
    assert period_range("last_month", monday) == (date(2026, 10, 1), date(2026, 10, 31))
    assert period_range("this_month", monday) == (date(2026, 11, 1), date(2026, 11, 2))


# --- submitting every clean unit ---------------------------------------------------------


def test_a_unit_with_days_to_explain_is_refused_the_others_go(dinkes, two_units, month):
    pkm = two_units["PKM-A"]
    assert not unit_month(dinkes, MARCH, now=APRIL_2).clean
    assert unit_month(pkm, MARCH, now=APRIL_2).clean
    result = submissions_submit_clean(
        actor=month["operator"], units=[dinkes, pkm], month=MARCH, now=APRIL_2
    )
    assert [s.unit for s in result.submitted] == [pkm]
    assert len(result.refused) == 1 and result.refused[0].startswith("Unit DINKES")
    assert "masih dapat dijelaskan" in result.refused[0]
    assert not PeriodSubmission.objects.filter(unit=dinkes, state="submitted").exists()


def test_a_unit_outside_the_operators_units_is_refused(two_units, month):
    disdik = two_units["DISDIK"]
    result = submissions_submit_clean(
        actor=month["operator"], units=[disdik], month=MARCH, now=APRIL_10
    )
    assert result.submitted == [] and "Hanya operator unit" in result.refused[0]
    assert not PeriodSubmission.objects.filter(unit=disdik, state="submitted").exists()


def test_once_the_windows_close_the_month_is_clean_and_each_unit_is_audited(
    dinkes, two_units, month
):
    standing = unit_month(dinkes, MARCH, now=APRIL_10)
    assert standing.clean and standing.to_explain == 0 and standing.standing > 0
    result = submissions_submit_clean(
        actor=month["operator"], units=[dinkes, two_units["PKM-A"]], month=MARCH, now=APRIL_10
    )
    assert len(result.submitted) == 2 and result.refused == []
    assert AuditEvent.objects.filter(action="reporting.submitted").count() == 2
    assert set(PeriodSubmission.objects.values_list("state", flat=True)) == {
        SubmissionState.SUBMITTED
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_submit_page_shows_then_submits(dinkes, month, two_units):
    # Today (the real date) every window of March 2026 has closed.
    client = _client(month["operator"])
    page = client.get("/todo/submit/?month=2026-03").content.decode()
    assert 'data-testid="submit-all"' in page and 'data-unit="DINKES"' in page
    assert "Kirim 2 unit ini" in page
    response = client.post("/todo/submit/", {"month": "2026-03", "unit": ["DINKES", "PKM-A"]})
    page = client.get(response["Location"]).content.decode()
    assert "2 unit terkirim" in page
    assert PeriodSubmission.objects.filter(state="submitted").count() == 2


@pytest.mark.parametrize("code", ["x" * 5000, "²", "DIN KES"])
def test_a_unit_code_that_cannot_be_one_is_refused_in_words(month, code):
    """Codes that cannot be codes name no unit and never reach the query (a NUL there was a
    500 on PostgreSQL, found by the form crawler; NUL is now refused before any view:
    tests/edge/test_hostile_posts.py)."""
    client = _client(month["operator"])
    response = client.post("/todo/submit/", {"month": "2026-03", "unit": ["DINKES", code]})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Bukan unit Anda: &#x27;" in page  # the code quoted, its NUL made visible
    assert not PeriodSubmission.objects.filter(state="submitted").exists()


def test_the_submit_page_refuses_other_units_and_nothing_is_written(month, two_units):
    client = _client(month["operator"])
    response = client.post("/todo/submit/", {"month": "2026-03", "unit": ["DINKES", "DISDIK"]})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Bukan unit Anda: DISDIK" in page
    assert not PeriodSubmission.objects.filter(state="submitted").exists()
    assert _client(month["head"]).get("/todo/submit/").status_code == 404


def test_today_page_says_when_each_machine_last_sent_data(dinkes, month, device):
    device.last_seen_at = timezone.now() - timedelta(minutes=12)
    device.save(update_fields=["last_seen_at"])
    page = _client(month["head"]).get("/units/DINKES/today/").content.decode()
    # naturaltime keeps the number and its unit together with a no-break space.
    assert "SIM-1: data terakhir masuk 12\xa0menit yang lalu" in page


def test_a_head_without_an_operator_is_told_to_submit_and_sign(month, make_unit, make_user):
    """A school nobody operates: its head hands the month in; DINKES' head does not (DINKES
    has an operator), and neither does the school's head once an operator is granted."""
    lonely = make_unit("SDN-9", kind="sekolah")
    head = make_user("head9", Role.HEAD, lonely)
    items = [i for i in todo_items(head, now=APRIL_10) if i.key == "month_to_hand_in"]
    assert [(i.url, i.deadline) for i in items] == [
        ("/units/SDN-9/report/?month=2026-03", submission_deadline(MARCH))
    ]
    assert "month_to_hand_in" not in _keys(month["head"], APRIL_10)
    make_user("op9", Role.OPERATOR, lonely)
    assert "month_to_hand_in" not in _keys(head, APRIL_10)


@pytest.fixture
def four_units(dinkes, two_units, month, make_employee, punch):
    """Each unit in another state: DINKES with problems, a waiting request, an unmatched PIN
    and a day waiting for its recompute; PKM-A with a person moved in mid-month and her
    month submitted; DISDIK with one person; SDN-1 empty."""
    pkm = two_units["PKM-A"]
    moved = make_employee(dinkes, pin="150", name="Ani")
    employee_transfer(employee=moved, unit=pkm, effective=date(2026, 3, 16))
    make_employee(two_units["DISDIK"], pin="160", name="Dodi")
    recompute_month("2026-03")
    request_submit(
        actor=month["sari_user"], kind="izin", employee=month["sari"], first_day=MARCH_31,
        reason="Urusan keluarga", now=APRIL_2,
    )  # fmt: skip
    punch("777", "2026-03-05 07:00:00")  # a PIN nobody holds, on DINKES's machine
    DirtyDay.objects.create(employee=month["budi"], day=date(2026, 3, 9))
    PeriodSubmission.objects.create(
        unit=pkm, month=MARCH, state=SubmissionState.SUBMITTED, deadline=APRIL_10
    )
    return [two_units[code] for code in ("DINKES", "PKM-A", "DISDIK", "SDN-1")]


def test_many_units_read_as_each_one_alone(four_units):
    together = unit_months(four_units, MARCH, now=APRIL_2)
    alone = [unit_months([unit], MARCH, now=APRIL_2)[0] for unit in four_units]
    assert together == sorted(alone, key=lambda m: m.unit.name)
    readiness = months_readiness(four_units, MARCH)
    assert readiness == {u.pk: months_readiness([u], MARCH)[u.pk] for u in four_units}
    dinkes = readiness[four_units[0].pk]
    assert dinkes.dirty_days == 1 and dinkes.unmatched_punches == 1
    assert dinkes.pending_requests == 1 and dinkes.missing_punches == 1
    assert {m.unit.code: m.state for m in together}["PKM-A"] == SubmissionState.SUBMITTED


def test_the_submit_page_reads_the_same_for_one_unit_or_many(dinkes, four_units):
    def queries(units) -> int:
        with CaptureQueriesContext(connection) as captured:
            unit_months(units, MARCH, now=APRIL_2)
        return len(captured.captured_queries)

    assert queries(four_units) == queries([dinkes])
    assert unit_months([], MARCH, now=APRIL_2) == []
