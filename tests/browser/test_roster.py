"""Schedules and rosters in a real Chromium (issue 14, Done when): BKD creates a weekly
schedule and assigns it to a unit; a puskesmas head builds next month's roster (copies last
month, puts a night shift in, swaps two people) and fixes this month's, and the affected
days change in the unit's attendance grid once the worker has recomputed them.

The clock is fixed on Tuesday 10 November 2026, 09:00 WIB (Django's one clock, for the
test and the live server alike): November's first days are over and computed, December is
next month.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from tests.browser.test_requests import PASSWORD, log_in

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.attendance.recompute import recompute_all_dirty, recompute_range
from hadir.org.services import region_configure, unit_create
from hadir.people.models import Employee
from hadir.people.services import employee_create
from hadir.punches.services import IncomingPunch, punches_ingest
from hadir.schedules.models import ScheduleAssignment, WorkSchedule
from hadir.schedules.roster import month_days, roster_cells_save, roster_codes
from hadir.schedules.services import employee_schedule_change

pytestmark = pytest.mark.browser

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 10, 9, 0, tzinfo=WIB)
NOVEMBER, DECEMBER = date(2026, 11, 1), date(2026, 12, 1)
# Each nurse's week in November (Monday first): A mornings, B afternoons, C one night.
WEEKS = {
    "A": ["P", "P", "P", "P", "P", "L", "L"],
    "B": ["L", "L", "S", "S", "S", "P", "P"],
    "C": ["M", "L", "L", "L", "L", "L", "L"],
}


@pytest.fixture
def puskesmas(transactional_db, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    region = region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    region.records_start = date(2026, 1, 1)
    region.save(update_fields=["records_start"])
    dinkes = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    pkm = unit_create(code="PKM-A", name="Puskesmas A", kind="puskesmas", parent=dinkes)
    shift = WorkSchedule.objects.get(code="SHIFT")
    people: dict[str, Employee] = {}
    for n, key in enumerate(["A", "B", "C", "O"], start=1):
        people[key] = employee_create(
            unit=dinkes if key == "O" else pkm, start=date(2026, 1, 1), employee_type="PNS",
            nip=f"19900101201501{1}{n:03d}", name=f"Perawat {key}" if key != "O" else "Staf O",
            pin=str(500 + n),
        )  # fmt: skip
        if key != "O":
            employee_schedule_change(employee=people[key], schedule=shift, effective=NOVEMBER)
    roster_cells_save(
        unit=pkm,
        cells={
            (people[k].pk, d): WEEKS[k][d.weekday()] for k in WEEKS for d in month_days(NOVEMBER)
        },
    )
    punches = []
    for day in (NOVEMBER + timedelta(days=n) for n in range(9)):
        if day.weekday() < 5:  # A works her mornings, the office worker his office hours
            for key, moment in (("A", time(6, 55)), ("A", time(14, 5)), ("O", time(7, 20)),
                                ("O", time(16, 40))):  # fmt: skip
                punches.append(IncomingPunch(people[key].pin, datetime.combine(day, moment)))
    # C stood in for a night that is not on the roster yet: 4 November 21:00 to 5 November.
    punches += [IncomingPunch(people["C"].pin, datetime(2026, 11, 4, 20, 55)),
                IncomingPunch(people["C"].pin, datetime(2026, 11, 5, 7, 5))]  # fmt: skip
    punches_ingest(source="usb", source_ref="flashdisk-pkm", punches=punches)
    everyone = [p.pk for p in people.values()]
    recompute_range(everyone, NOVEMBER, date(2026, 11, 9))
    recompute_all_dirty()
    bkd = user_create(username="bkd", password=PASSWORD, full_name="Admin BKD")
    role_grant(user=bkd, role=Role.BKD_ADMIN)
    head = user_create(username="kepala.pkm", password=PASSWORD, full_name="Kepala Puskesmas")
    role_grant(user=head, role=Role.HEAD, unit=pkm)
    yield {"people": people, "pkm": pkm, "dinkes": dinkes}


def _grid_code(page, base: str, unit: str, name: str, day: int) -> str:
    page.goto(f"{base}/units/{unit}/attendance/?month=2026-11")
    row = page.locator(f"[data-testid=unit-grid] tr:has(a:text-is('{name}')) td")
    return row.nth(day).inner_text().split()[0]  # the code, without the fix link "?"


def test_bkd_creates_a_schedule_and_assigns_it_to_a_unit(live_server, page, puskesmas):
    base = live_server.url
    log_in(page, base, "bkd")
    assert _grid_code(page, base, "DINKES", "Staf O", 2) == "H"  # 07:20 under 5HK's 07:30
    page.click("nav >> text=Jadwal dan roster")
    page.click("[data-testid=schedule-new]")
    page.fill("#id_code", "PAGI-DINKES")
    page.fill("#id_name", "Pagi Dinas Kesehatan")
    for n in range(5):
        page.fill(f"#id_d{n}_start", "07:00")
        page.fill(f"#id_d{n}_end", "15:00")
        page.fill(f"#id_d{n}_break_start", "12:00")
        page.fill(f"#id_d{n}_break_end", "12:30")
    page.fill("#id_d5_start", "07:00")  # a half day on Saturday
    page.fill("#id_d5_end", "11:00")
    page.click("[data-testid=schedule-form] button.primary")
    page.wait_for_selector("text=Tersimpan: PAGI-DINKES.")
    hours = WorkSchedule.objects.get(code="PAGI-DINKES").hours
    assert hours[0] == ["07:00", "15:00", "12:00", "12:30"] and hours[5] == ["07:00", "11:00"]

    page.goto(f"{base}/units/DINKES/schedules/")
    page.select_option("#id_schedule", "PAGI-DINKES")
    page.fill("#id_valid_from", "2026-11-02")
    page.click("[data-testid=assign-form] button.primary")
    page.wait_for_selector("[data-testid=assignments] >> text=PAGI-DINKES")
    assignment = ScheduleAssignment.objects.get(unit=puskesmas["dinkes"])
    assert assignment.valid_from == date(2026, 11, 2) and assignment.valid_until is None

    recompute_all_dirty()  # what the worker does next
    assert _grid_code(page, base, "DINKES", "Staf O", 2) == "TL1"  # now 20 minutes late


def test_a_head_builds_next_months_roster_and_fixes_this_one(live_server, page, puskesmas):
    base, people = live_server.url, puskesmas["people"]
    a, b, c = people["A"], people["B"], people["C"]
    log_in(page, base, "kepala.pkm")
    page.click("nav >> text=Jadwal dan roster")
    page.click("[data-testid=roster-PKM-A]")  # next month by default
    assert "Desember 2026" in page.locator("h1").inner_text()
    page.click("[data-testid=roster-copy]")
    page.wait_for_selector("text=Disalin dari bulan lalu")
    december = roster_codes([a.pk, b.pk, c.pk], month_days(DECEMBER))
    nurses = (("A", a), ("B", b), ("C", c))
    days = month_days(DECEMBER)
    assert all(december[(p.pk, d)] == WEEKS[k][d.weekday()] for k, p in nurses for d in days)
    # A night shift on Tuesday 1 December for A, saved from the grid.
    page.select_option(f"select[name=c-{a.pk}-1]", "M")
    page.click("[data-testid=roster-save]")
    page.wait_for_selector("text=Tersimpan: 1 sel berubah.")
    # A and B swap the first week.
    page.select_option("#id_first", str(a.pk))
    page.select_option("#id_second", str(b.pk))
    page.fill("#id_days", "1-7")
    page.click("[data-testid=roster-swap]")
    page.wait_for_selector("text=Ditukar:")
    first_week = roster_codes([a.pk, b.pk], month_days(DECEMBER)[:7])
    assert [first_week[(b.pk, date(2026, 12, d))] for d in range(1, 8)] == [
        "M", "P", "P", "P", "L", "L", "P"
    ]  # fmt: skip
    assert first_week[(a.pk, date(2026, 12, 1))] == "L"
    assert page.locator(f"select[name=c-{b.pk}-1]").input_value() == "M"

    # This month: C's night of 4 November goes on the roster; A and B swap 3 November.
    before = {
        "B3": _grid_code(page, base, "PKM-A", "Perawat B", 3),
        "C4": _grid_code(page, base, "PKM-A", "Perawat C", 4),
    }
    page.goto(f"{base}/units/PKM-A/roster/?month=2026-11")
    page.select_option(f"select[name=c-{c.pk}-4]", "M")
    page.click("[data-testid=roster-save]")
    page.wait_for_selector("text=Tersimpan: 1 sel berubah.")
    page.select_option("#id_first", str(a.pk))
    page.select_option("#id_second", str(b.pk))
    page.fill("#id_days", "3")
    page.click("[data-testid=roster-swap]")
    page.wait_for_selector("text=Ditukar: 2 sel berubah.")

    recompute_all_dirty()  # what the worker does next
    after = {
        "B3": _grid_code(page, base, "PKM-A", "Perawat B", 3),
        "C4": _grid_code(page, base, "PKM-A", "Perawat C", 4),
    }
    assert after == {"B3": "TK", "C4": "H"}, (before, after)
    assert before["B3"] != "TK" and before["C4"] != "H"
