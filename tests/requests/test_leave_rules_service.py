"""The leave rules when a request is filed: a refusal names the rule, its legal basis and
what to do, in Bahasa Indonesia; what the rules allow is filed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hadir.people.models import nip_service_start
from hadir.people.services import employee_create
from hadir.requests.decisions import request_approve
from hadir.requests.leave import leave_balance
from hadir.requests.models import RequestState
from hadir.requests.services import request_submit
from hadir.schedules.services import policy_save
from tests.requests.helpers import PDF, api, at, upload, with_policy_lines

D = date.fromisoformat


def submit(people, employee, first: str, last: str | None = None, **more):
    fields = {"kind": "cuti", "now": at("2026-03-02 08:00"), **more}
    return request_submit(
        actor=people["operator"],
        employee=employee,
        first_day=D(first),
        last_day=D(last or first),
        **fields,
    )


def refusal(people, employee, first: str, last: str | None = None, **more) -> ValidationError:
    with translation.override("id"), pytest.raises(ValidationError) as error:
        submit(people, employee, first, last, **more)
    return error.value


@pytest.mark.parametrize(
    ("nip", "expected"),
    [
        ("198001012005011001", date(2005, 1, 1)),
        ("198001012015121001", date(2015, 12, 1)),
        ("198001012015131001", None),  # month 13
        ("12345", None),
    ],
)
def test_a_pns_service_starts_in_the_month_of_their_nip(nip, expected):
    assert nip_service_start(nip) == expected


def test_annual_leave_before_one_year_of_service_is_refused_then_allowed(people):
    budi = people["budi"]
    budi.service_start = D("2025-03-09")
    budi.save()
    error = refusal(people, budi, "2026-03-06", leave_type="tahunan")
    assert error.code == "annual_service"
    text = error.messages[0]
    assert "9 Maret 2026" in text and "9 Maret 2025" in text
    assert "PP 11/2017 Pasal 311" in text
    assert submit(people, budi, "2026-03-09", leave_type="tahunan").state == RequestState.PENDING


def test_a_pppk_asking_for_long_leave_is_told_which_leave_they_have(people, make_employee):
    pppk = make_employee(
        people["unit"], nip=None, pppk_number="200001012021012001", employee_type="PPPK"
    )
    pppk.service_start = D("2015-01-01")
    pppk.save()
    error = refusal(people, pppk, "2026-03-09", "2026-04-09", leave_type="besar")
    assert error.code == "not_for_pppk"
    assert "PP 49/2018 Pasal 77" in error.messages[0]


def test_sick_leave_needs_the_doctors_letter(people):
    budi = people["budi"]
    error = refusal(people, budi, "2026-03-02", "2026-03-20", leave_type="sakit")
    assert error.code == "sick_letter"
    assert "dokter pemerintah" in error.messages[0]
    filed = submit(
        people, budi, "2026-03-02", "2026-03-20", leave_type="sakit", files=[upload(PDF, "sk.pdf")]
    )
    assert filed.evidence.count() == 1


@pytest.mark.parametrize(("child", "allowed"), [(None, False), (3, True), (4, False)])
def test_maternity_leave_for_the_first_three_births(people, child, allowed):
    sari = people["sari"]
    if allowed:
        filed = submit(
            people, sari, "2026-03-09", "2026-06-08", leave_type="melahirkan", child_order=child
        )
        assert filed.child_order == child
    else:
        error = refusal(
            people, sari, "2026-03-09", "2026-06-08", leave_type="melahirkan", child_order=child
        )
        assert error.code == "maternity_child"
        assert "cuti besar" in error.messages[0]


def test_maternity_leave_longer_than_three_months_says_the_last_day(people):
    error = refusal(
        people, people["sari"], "2026-03-09", "2026-06-09", leave_type="melahirkan", child_order=1
    )
    assert error.code == "maternity_length"
    assert "8 Juni 2026" in error.messages[0]


def test_no_annual_leave_in_the_year_of_a_long_leave(people):
    budi = people["budi"]
    submit(people, budi, "2026-03-09", "2026-05-08", leave_type="besar")
    error = refusal(people, budi, "2026-11-02", leave_type="tahunan")
    assert error.code == "annual_in_long_leave_year"
    assert "2026" in error.messages[0]


def test_the_regions_izin_cap_refuses_the_next_izin_of_the_month(people):
    budi = people["budi"]
    for day in ("2026-03-09", "2026-03-10"):
        submit(people, budi, day, kind="izin", reason="urusan keluarga")
    submit(people, budi, "2026-04-01", kind="izin", reason="urusan keluarga")
    policy_save(text=with_policy_lines("izin_per_month_max = 2"))
    error = refusal(people, budi, "2026-03-11", kind="izin", reason="urusan keluarga")
    assert error.code == "izin_monthly_cap"
    assert "Maret 2026" in error.messages[0]
    assert submit(people, budi, "2026-04-02", kind="izin", reason="rapat").pk


@pytest.mark.parametrize(("used_in_2024", "total_2026"), [(False, 24), (True, 18)])
def test_two_years_without_annual_leave_carry_a_whole_year(people, used_in_2024, total_2026):
    veteran = employee_create(
        unit=people["unit"],
        start=date(2024, 1, 1),
        nip="198001012005011099",
        name="Veteran",
        employee_type="PNS",
        pin="9099",
    )
    if used_in_2024:
        request_approve(
            request=submit(
                people, veteran, "2024-07-01", leave_type="tahunan", now=at("2024-07-01 08:00")
            ),
            actor=people["head"],
        )
    assert leave_balance(veteran, 2026).total == total_2026


def test_a_pppk_without_tmt_is_asked_to_record_it(people, make_employee):
    pppk = make_employee(
        people["unit"], nip=None, pppk_number="200001012021012002", employee_type="PPPK"
    )
    error = refusal(people, pppk, "2026-03-09", leave_type="tahunan")
    assert error.code == "start_unknown"
    assert "kolom tmt" in error.messages[0]


def test_maternity_leave_through_the_api_with_the_birth_order(people):
    client = api(people["operator"])
    body = {
        "kind": "cuti",
        "leave_type": "melahirkan",
        "employee": people["sari"].nip,
        "first_day": "2027-01-04",
        "last_day": "2027-04-03",
    }
    refused = client.post("/api/v1/requests", data=body)
    assert refused.status_code == 400 and "kelahiran anak" in refused.content.decode()
    created = client.post("/api/v1/requests", data={**body, "child_order": "2"})
    assert created.status_code == 201, created.content
    assert (created.json()["child_order"], created.json()["next_step"]) == (2, "")
