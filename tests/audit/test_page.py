"""The audit page: BKD and Diskominfo read the trail with filters; anyone else gets 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hadir.accounts.models import Role, User
from hadir.audit.models import AuditEvent
from hadir.audit.services import audit_record

URL = "/audit/"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(two_units, make_user, make_employee):
    dinkes = two_units["DINKES"]
    staff = make_employee(dinkes, pin="77")
    superuser = make_user("root")
    superuser.is_superuser = True
    superuser.save()
    return {
        "bkd": make_user("bkd", Role.BKD_ADMIN),
        "diskominfo": make_user("kominfo", Role.DISKOMINFO_ADMIN),
        "root": superuser,
        "leadership": make_user("bupati", Role.LEADERSHIP),
        "head": make_user("kepala", Role.HEAD, dinkes),
        "operator": make_user("op", Role.OPERATOR, dinkes),
        "employee": make_user("pegawai", employee=staff),
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("bkd", 200),
        ("diskominfo", 200),
        ("root", 200),
        ("leadership", 404),
        ("head", 404),
        ("operator", 404),
        ("employee", 404),
    ],
)
def test_only_bkd_and_diskominfo_read_the_trail(people, who, status):
    client = client_for(people[who])
    assert client.get(URL).status_code == status
    home = client.get("/").content.decode()
    assert (f'href="{URL}"' in home) == (status == 200)


def test_anonymous_is_sent_to_login(db):
    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def _events(page: str) -> list[str]:
    body = page.split('data-testid="audit-events"')[1].split("</ol>")[0]
    return [item.split("</strong>")[0] for item in body.split('<strong class="mono">')[1:]]


TRAIL = {"reporting.verified", "reporting.submitted", "unit.update", "request.reject"}


@pytest.fixture
def trail(people, two_units):
    """Events of several kinds, one of them ten days old."""
    audit_record(actor=people["bkd"], action="reporting.verified", data={"unit": "PKM-A"})
    audit_record(actor=people["operator"], action="reporting.submitted", data={"unit": "DISDIK"})
    audit_record(actor=None, action="unit.update", target=two_units["DINKES"])
    audit_record(
        actor=None,
        action="request.reject",
        data={"reason": "sakit jantung", "unit": "DINKES", "stage": "approval"},
    )
    return AuditEvent.objects.filter(action__in=TRAIL)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["request.reject", "unit.update", "reporting.submitted", "reporting.verified"]),
        ("action=reporting", ["reporting.submitted", "reporting.verified"]),
        ("action=unit.update", ["unit.update"]),
        ("actor=bk", ["reporting.verified"]),
        ("target_type=org.unit", ["unit.update"]),
        ("unit=DINKES", ["request.reject", "unit.update", "reporting.verified"]),
        ("unit=DISDIK", ["reporting.submitted"]),
    ],
)
def test_filters(people, trail, query, expected):
    """(The fixtures' own events, users and units being created, are left aside.)"""
    page = client_for(people["bkd"]).get(f"{URL}?{query}").content.decode()
    assert [e for e in _events(page) if e in TRAIL] == expected


def test_target_id_and_date_range(people, trail, two_units):
    client = client_for(people["diskominfo"])
    page = client.get(f"{URL}?target_type=org.unit&target_id={two_units['DINKES'].pk}")
    assert _events(page.content.decode()) == ["unit.update", "unit.create"]
    today = timezone.localdate()
    future = today + timedelta(days=3)
    assert _events(client.get(f"{URL}?since={future:%Y-%m-%d}").content.decode()) == []
    page = client.get(f"{URL}?since={today:%Y-%m-%d}&until={today:%Y-%m-%d}").content.decode()
    assert set(_events(page)) >= TRAIL
    yesterday = today - timedelta(days=1)
    assert _events(client.get(f"{URL}?until={yesterday:%Y-%m-%d}").content.decode()) == []


def test_a_backwards_period_is_explained_in_indonesian(people, trail):
    page = client_for(people["bkd"]).get(f"{URL}?since=2026-03-10&until=2026-03-01")
    assert page.status_code == 200
    assert "Tanggal akhir sebelum tanggal awal" in page.content.decode()
    assert _events(page.content.decode()) == []
    bad = client_for(people["bkd"]).get(f"{URL}?since=kemarin&unit=NOPE")
    assert bad.status_code == 200


def test_free_text_in_the_details_is_not_shown(people, trail):
    page = client_for(people["bkd"]).get(f"{URL}?action=request").content.decode()
    assert "sakit jantung" not in page
    assert "stage=approval" in page and "unit=DINKES" in page


def test_pages_of_fifty_newest_first(people):
    for n in range(55):
        audit_record(actor=None, action=f"test.n{n:02d}")
    client = client_for(people["bkd"])
    first = _events(client.get(f"{URL}?action=test").content.decode())
    second = _events(client.get(f"{URL}?action=test&page=2").content.decode())
    assert len(first) == 50 and first[0] == "test.n54"
    assert second == [f"test.n{n:02d}" for n in range(4, -1, -1)]


def test_the_page_reads_a_fixed_number_of_queries(people, trail, django_assert_max_num_queries):
    client = client_for(people["bkd"])
    client.get(URL)
    with django_assert_max_num_queries(15):
        client.get(URL)
