"""Recap API and attendance pages: shape, every day present, scoping, query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hadir.accounts.models import Role
from hadir.accounts.tokens import api_token_create
from hadir.attendance.services import recompute_month
from hadir.people.services import employee_transfer


@pytest.fixture
def month(two_units, make_employee, make_user, punch):
    budi = make_employee(two_units["DINKES"], pin="101", name="Budi", tpp_base=4_000_000)
    sari = make_employee(two_units["DINKES"], pin="102", name="Sari")
    punch("101", "2026-03-02 08:12:00", "2026-03-02 16:01:00")
    punch("102", "2026-03-02 07:10:00", "2026-03-02 16:30:00")
    recompute_month("2026-03")
    operator = make_user("op", Role.OPERATOR, two_units["DINKES"])
    other = make_user("op2", Role.OPERATOR, two_units["DISDIK"])
    return {"budi": budi, "sari": sari, "operator": operator, "other": other}


def api(user) -> Client:
    token = api_token_create(user=user, name="t").plaintext
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_unit_recap_shape_and_every_day(month):
    response = api(month["operator"]).get("/api/v1/units/DINKES/recap/2026-03")
    assert response.status_code == 200
    data = response.json()
    assert (data["unit"], data["month"]) == ("DINKES", "2026-03")
    budi = next(e for e in data["employees"] if e["name"] == "Budi")
    assert budi["nip"] == month["budi"].nip
    assert len(budi["days"]) == 31
    assert budi["days"]["2026-03-02"] == {
        "codes": ["TL2"],
        "check_in": "08:12",
        "check_out": "16:01",
        "late_minutes": 42,
        "early_minutes": 0,
        "explanation": budi["days"]["2026-03-02"]["explanation"],
        "in_progress": False,
    }
    assert "terlambat 42 menit (TL2)" in budi["days"]["2026-03-02"]["explanation"]
    assert budi["days"]["2026-03-07"]["codes"] == ["L"]
    # March 2026 has 17 working days (Nyepi, Idul Fitri and cuti bersama fall on 5 weekdays)
    assert budi["totals"]["TL2"] == 1 and budi["totals"]["TK"] == 16
    # 16 TK days x 3% + TL2 1% = 49% of the discipline part (40%) = 19.6% of the TPP
    assert budi["tpp_deduction_percent"] == 19.6
    assert budi["tpp_deduction_amount"] == 784_000


def test_employee_days_api(month):
    nip = month["sari"].nip
    data = api(month["operator"]).get(f"/api/v1/employees/{nip}/days?month=2026-03").json()
    assert data["month"] == "2026-03" and data["nip"] == nip
    assert data["days"]["2026-03-02"]["codes"] == ["H"]
    bad = api(month["operator"]).get(f"/api/v1/employees/{nip}/days?month=03-2026")
    assert bad.status_code == 400
    assert "YYYY-MM" in bad.json()["detail"]


def test_recap_is_scoped(month):
    client = api(month["other"])
    assert client.get("/api/v1/units/DINKES/recap/2026-03").status_code == 404
    assert (
        client.get(f"/api/v1/employees/{month['budi'].nip}/days?month=2026-03").status_code == 404
    )


def test_transfer_splits_the_unit_recap(month, two_units):
    employee_transfer(employee=month["sari"], unit=two_units["PKM-A"], effective=date(2026, 3, 16))
    recompute_month("2026-03")
    data = api(month["operator"]).get("/api/v1/units/DINKES/recap/2026-03").json()
    sari = next(e for e in data["employees"] if e["name"] == "Sari")
    assert sari["days"]["2026-03-16"]["codes"] == []
    assert sari["days"]["2026-03-16"]["explanation"] == "Di unit lain pada hari ini."
    assert sari["days"]["2026-03-13"]["codes"] == ["TK"]


def test_pages_show_codes_and_explanations(month):
    client = Client()
    client.force_login(month["operator"])
    page = client.get("/units/DINKES/attendance/?month=2026-03").content.decode()
    assert "Budi" in page and "TL2" in page and "terlambat 42 menit" in page
    page = client.get(f"/employees/{month['budi'].nip}/attendance/?month=2026-03").content.decode()
    assert "Masuk 08:12, jadwal 07:30: terlambat 42 menit (TL2)" in page
    assert "19,60%" in page
    assert "Disiplin tahun 2026" in page and "TK 16 hari" in page


def test_unit_grid_query_count_does_not_grow_with_people(month, make_employee, two_units):
    client = Client()
    client.force_login(month["operator"])
    url = "/units/DINKES/attendance/?month=2026-03"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        make_employee(two_units["DINKES"], pin=str(200 + n))
    recompute_month("2026-03")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_policy_page_bkd_edits_others_read(two_units, make_user):
    from hadir.rules import bundled_policy_text
    from hadir.schedules.models import PolicyDocument

    bkd = make_user("bkd", Role.BKD_ADMIN)
    boss = make_user("bupati", Role.LEADERSHIP)
    operator = make_user("op", Role.OPERATOR, two_units["DINKES"])
    client = Client()
    client.force_login(bkd)
    bad = bundled_policy_text("default").replace("monthly_cap_pct = 100", "monthly_cap_pct = 150")
    page = client.post("/policy/", {"text": bad, "note": "coba"}).content.decode()
    assert "Berkas tidak disimpan" in page and "monthly_cap_pct" in page
    assert PolicyDocument.objects.count() == 0
    good = bundled_policy_text("kab_ttu")
    response = client.post("/policy/", {"text": good, "note": "Perbup TTU"})
    assert response.status_code == 302
    assert PolicyDocument.objects.get().note == "Perbup TTU"
    reader = Client()
    reader.force_login(boss)
    assert reader.get("/policy/").status_code == 200
    assert reader.post("/policy/", {"text": good, "note": "x"}).status_code == 403
    unit_operator = Client()
    unit_operator.force_login(operator)
    assert unit_operator.get("/policy/").status_code == 403


def test_policy_command_loads_and_refuses(db, tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from hadir.rules import bundled_policy_text

    path = tmp_path / "policy.toml"
    path.write_text(bundled_policy_text("default").replace("monthly_cap_pct = 100", "x = 1"))
    with pytest.raises(CommandError) as error:
        call_command("policy", "load", str(path))
    assert "ditolak" in str(error.value)
    path.write_text(bundled_policy_text("default"))
    call_command("policy", "load", str(path), "--note", "awal")
    assert "berlaku" in capsys.readouterr().out
