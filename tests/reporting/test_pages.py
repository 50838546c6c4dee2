"""Pages: the unit's month report (actions, downloads), monitoring, dashboards, the bell."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.accounts.scope import scope_for
from hadir.devices.models import Device
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.reporting.monitoring import unit_statuses
from hadir.reporting.notifications import notifications_for
from hadir.reporting.services import submission_reopen, submission_sign, submission_submit

from .conftest import APRIL_2, MARCH, WIB

REPORT = "/units/DINKES/report/?month=2026-03"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(user, action: str, **data) -> str:
    client = client_for(user)
    response = client.post(f"/units/DINKES/report/{action}/", {"month": "2026-03", **data})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_the_chain_through_the_pages(dinkes, staff, chain):
    page = client_for(chain["operator"]).get(REPORT).content.decode()
    assert (
        'data-testid="report-submit"' in page
        and "Setiap hari pada bulan ini sudah punya hasil." in page
    )
    assert "report-sign" not in page
    assert "Terkirim. Kepala unit sekarang dapat menandatangani bulan ini." in post(
        chain["operator"], "submit"
    )
    assert "Ditandatangani. BKD sekarang dapat memverifikasi bulan ini." in post(
        chain["head"], "sign"
    )
    page = post(chain["bkd"], "verify")
    assert "Diverifikasi: bulan ini dikunci" in page and 'data-testid="report-reopen"' in page
    page = post(chain["bkd"], "reopen", reason="")
    assert "Tuliskan alasan bulan ini dibuka kembali" in page
    assert PeriodSubmission.objects.get().state == SubmissionState.VERIFIED


def test_refusals_show_as_messages(dinkes, staff, chain):
    page = post(chain["head"], "submit")
    assert "Unit ini memiliki operator: operator mengirim laporan bulan ini" in page
    page = post(chain["bkd"], "submit")
    assert "Hanya operator unit yang dapat mengirim bulannya." in page


def test_other_units_answer_404(dinkes, staff, chain):
    client = client_for(chain["other_operator"])
    assert client.get(REPORT).status_code == 404
    assert client.post("/units/DINKES/report/submit/", {"month": "2026-03"}).status_code == 404
    assert client.get("/units/DINKES/export/recap.xlsx?month=2026-03").status_code == 404
    assert client.get("/monitoring/").status_code == 404
    assert client.get("/dashboard/").status_code == 404


def test_downloads(dinkes, staff, chain):
    client = client_for(chain["head"])
    xlsx = client.get("/units/DINKES/export/recap.xlsx?month=2026-03")
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == 'attachment; filename="rekap-DINKES-2026-03.xlsx"'
    assert xlsx.content[:2] == b"PK"
    pdf = client.get("/units/DINKES/export/tpp.pdf?month=2026-03")
    assert pdf.content.startswith(b"%PDF-")
    assert client.get("/units/DINKES/export/discipline.pdf?year=2026").status_code == 200
    assert client.get("/units/DINKES/export/daily.xlsx?date=2026-03-03").status_code == 200
    # A bad period is the sender's mistake (400, said in words); an unknown document is 404.
    bad_date = client.get("/units/DINKES/export/daily.xlsx?date=bad")
    assert bad_date.status_code == 400
    assert "bukan tanggal yang benar" in bad_date.content.decode()
    assert client.get("/units/DINKES/export/other.xlsx?month=2026-03").status_code == 404


def test_reopen_page_shows_the_difference(dinkes, staff, chain, punch):
    submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2)
    submission_sign(actor=chain["head"], unit=dinkes, month=MARCH, now=APRIL_2)
    post(chain["bkd"], "verify")
    punch("102", "2026-03-10 07:10:00", "2026-03-10 16:05:00")
    page = post(chain["bkd"], "reopen", reason="Mesin rusak")
    assert 'data-testid="report-diff"' in page
    assert "Sari Dewi" in page and "10: TK → H" in page and "Mesin rusak" in page


def test_monitoring_puts_units_needing_action_first(dinkes, staff, chain, two_units, make_user):
    Device.objects.create(sn="OFF-1", unit=two_units["SDN-1"], state="active")
    submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2)
    submission_sign(actor=chain["head"], unit=dinkes, month=MARCH, now=APRIL_2)
    after_deadline = datetime(2026, 4, 10, 9, tzinfo=WIB)
    rows = unit_statuses(scope_for(chain["bkd"]).units(), MARCH, now=after_deadline)
    assert [(r.unit.code, r.actions) for r in rows] == [
        ("DINKES", ["verify", "offline"]),  # its machine was never seen by the PUSH server
        ("SDN-1", ["overdue", "offline"]),
        ("DISDIK", ["overdue"]),
        ("PKM-A", ["overdue"]),
    ]
    by_code = {r.unit.code: r for r in rows}
    assert by_code["DINKES"].state == "signed" and by_code["DINKES"].late is False
    assert by_code["DINKES"].last_punch_at is not None
    assert by_code["DINKES"].rate is not None
    assert by_code["SDN-1"].offline_devices == 1 and by_code["SDN-1"].overdue


def test_monitoring_query_count_does_not_grow_with_units(dinkes, staff, chain, make_unit):
    client = client_for(chain["bkd"])
    client.get("/monitoring/?month=2026-03")
    with CaptureQueriesContext(connection) as few:
        client.get("/monitoring/?month=2026-03")
    for n in range(8):
        unit = make_unit(f"NEW-{n}")
        Device.objects.create(sn=f"NEW-{n}", unit=unit, state="active")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/monitoring/?month=2026-03").content.decode()
    assert "NEW-7" in page
    assert len(many.captured_queries) == len(few.captured_queries)


def test_dashboard_renders_svg_charts(dinkes, staff, chain, make_user):
    leader = make_user("pimpinan", Role.LEADERSHIP)
    client = client_for(leader)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/dashboard/?month=2026-03").content.decode()
    assert page.count('<figure class="chart"><svg') == 5
    assert "Peringkat unit menurut tingkat kehadiran" in page and "Unit DINKES" in page
    assert len(queries.captured_queries) < 20


def test_head_sees_the_unit_today(dinkes, staff, chain, punch):
    now = timezone.now().astimezone(WIB)
    punch("101", (now.replace(hour=8, minute=5)).strftime("%Y-%m-%d %H:%M:%S"))
    from hadir.attendance.recompute import recompute_all_dirty

    recompute_all_dirty()
    page = client_for(chain["head"]).get("/units/DINKES/today/").content.decode()
    assert 'data-testid="today-summary"' in page
    assert "Sari Dewi" in page  # not in yet
    assert client_for(chain["other_operator"]).get("/units/DINKES/today/").status_code == 404


def test_notifications_follow_the_chain(dinkes, staff, chain, device):
    now = datetime(2026, 4, 3, 9, tzinfo=WIB)
    texts = lambda user: [n.text for n in notifications_for(scope_for(user), now=now)]  # noqa: E731
    assert (
        "Unit DINKES: kirim laporan Maret 2026 kepada kepala unit paling lambat 5 April 2026."
        in texts(chain["operator"])
    )
    assert "1 mesin di unit Anda tidak terhubung." in texts(chain["operator"])
    submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=now)
    assert not any("paling lambat" in t and "DINKES" in t for t in texts(chain["operator"]))
    assert "Unit DINKES: laporan Maret 2026 menunggu tanda tangan Anda." in texts(chain["head"])
    submission_sign(actor=chain["head"], unit=dinkes, month=MARCH, now=now)
    assert "Unit DINKES: laporan Maret 2026 menunggu verifikasi Anda." in texts(chain["bkd"])
    from hadir.reporting.services import submission_verify

    submission_verify(actor=chain["bkd"], unit=dinkes, month=MARCH, now=now)
    submission_reopen(actor=chain["bkd"], unit=dinkes, month=MARCH, reason="salah", now=now)
    assert (
        "Unit DINKES: BKD membuka kembali Maret 2026 (salah); perbaiki lalu kirim lagi."
        in texts(chain["operator"])
    )
    assert not any("membuka kembali" in t for t in texts(chain["head"]))  # the operator acts


def test_bell_in_the_header_links_to_the_list(dinkes, staff, chain, device):
    Device.objects.filter(pk=device.pk).update(last_seen_at=timezone.now() - timedelta(days=1))
    client = client_for(chain["operator"])
    page = client.get("/").content.decode()
    assert 'data-testid="bell"' in page and 'class="count"' in page
    listing = client.get("/notifications/").content.decode()
    assert "mesin di unit Anda tidak terhubung" in listing


def test_monitoring_lists_late_reports(dinkes, staff, chain):
    late = datetime(2026, 4, 7, 9, tzinfo=WIB)
    submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=late)
    page = client_for(chain["bkd"]).get("/monitoring/?month=2026-03").content.decode()
    table = page[page.index('data-testid="late-reports"') :]
    assert "Unit DINKES" in table and "7 April 2026" in table
    assert "Unit DISDIK" in table and "belum" in table  # the deadline has long passed


def test_dashboard_query_count_does_not_grow_with_units(dinkes, staff, chain, make_unit):
    client = client_for(chain["bkd"])
    client.get("/dashboard/?month=2026-03")
    with CaptureQueriesContext(connection) as few:
        client.get("/dashboard/?month=2026-03")
    for n in range(8):
        make_unit(f"NEW-{n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/dashboard/?month=2026-03")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_home_links_to_the_reporting_pages(dinkes, staff, chain):
    head_home = client_for(chain["head"]).get("/").content.decode()
    assert 'href="/units/DINKES/today/"' in head_home
    assert 'data-testid="home-report-DINKES"' in head_home
    bkd_home = client_for(chain["bkd"]).get("/").content.decode()
    assert 'href="/monitoring/"' in bkd_home and 'href="/dashboard/"' in bkd_home


def bell_of(client: Client) -> int:
    page = client.get("/").content.decode()
    match = re.search(r'<span class="count">(\d+)</span>', page)
    return int(match.group(1)) if match else 0


def test_bell_is_recounted_when_a_month_moves(
    dinkes, staff, chain, django_capture_on_commit_callbacks
):
    head = client_for(chain["head"])
    before = bell_of(head)
    with django_capture_on_commit_callbacks(execute=True):
        submission_submit(actor=chain["operator"], unit=dinkes, month=MARCH, now=APRIL_2)
    assert bell_of(head) == before + 1  # the March report now waits for the head


def test_unit_today_sorts_people(dinkes, staff, chain, punch):
    from hadir.attendance.recompute import recompute_all_dirty
    from hadir.reporting.today import unit_today

    punch("101", "2026-03-03 08:12:00")  # Tuesday: Budi late
    recompute_all_dirty()
    tuesday = unit_today(dinkes, date(2026, 3, 3))
    assert [e.name for e, _ in tuesday.late] == ["Budi Santoso"]
    assert "Sari Dewi" in [e.name for e in tuesday.not_in]  # TK
    sunday = unit_today(dinkes, date(2026, 3, 1))
    assert not sunday.not_in and len(sunday.away) == 4  # a day off for everyone


def test_lowest_units_over_months_count_their_subtree(
    dinkes, staff, chain, two_units, make_employee
):
    from hadir.attendance.recompute import recompute_all_dirty
    from hadir.attendance.services import recompute_month
    from hadir.reporting.dashboards import region_dashboard
    from hadir.reporting.figures import figures_by_unit

    make_employee(two_units["PKM-A"], pin="301")
    recompute_month("2026-03")
    recompute_all_dirty()
    data = region_dashboard(scope_for(chain["bkd"]).units(), MARCH)
    series = dict(data.lowest_over_months)
    assert set(series) == {"Unit DINKES"}  # DISDIK has nobody
    by_unit = figures_by_unit(MARCH, date(2026, 3, 31))
    dinkes_all = [by_unit[two_units[c].pk] for c in ("DINKES", "PKM-A")]
    present = sum(f.present_days for f in dinkes_all)
    working = sum(f.working_days for f in dinkes_all)
    assert series["Unit DINKES"][-1] == pytest.approx(round(100 * present / working, 1))
    assert series["Unit DINKES"][:5] == [None] * 5
