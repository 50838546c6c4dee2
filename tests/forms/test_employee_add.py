"""One new employee from the form: the import's checks, the actor's units, the login."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from hadir.accounts.models import Role, User
from hadir.audit.models import AuditEvent
from hadir.imports.one_employee import employee_add
from hadir.people.models import Employee, EmployeeAssignment
from hadir.people.selectors import pin_suggest_free

NEW_NIP = "199001012015031002"


def form_values(**changes: str) -> dict[str, str]:
    values = {
        "nip": NEW_NIP,
        "nama": "Siti Rahma",
        "unit_kode": "PKM-A",
        "jenis": "PNS",
        "jabatan": "Bidan",
        "pin": "7001",
        "jadwal": "",
        "berlaku": "2026-12-01",
    }
    return values | changes


@pytest.fixture
def operator(two_units: Any, make_user: Any) -> User:
    return make_user("op.dinkes", Role.OPERATOR, two_units["DINKES"])


def test_valid_employee_is_saved_with_assignment_login_and_audit(operator: User) -> None:
    added = employee_add(actor=operator, values=form_values(jadwal="5HK"))
    employee = added.employee
    assert (employee.nip, employee.unit.code, employee.pin) == (NEW_NIP, "PKM-A", "7001")
    assert employee.schedule is not None and employee.schedule.code == "5HK"
    start = EmployeeAssignment.objects.get(employee=employee).valid_from
    assert start.isoformat() == "2026-12-01"
    assert AuditEvent.objects.filter(action="employee.add_form", actor=operator).count() == 1
    assert AuditEvent.objects.filter(action="employee.create", actor=operator).count() == 1
    user = User.objects.get(username=NEW_NIP)
    assert user.employee_id == employee.pk and user.check_password(added.password)
    assert len(added.password) >= 10


def test_no_login_when_not_asked(operator: User) -> None:
    added = employee_add(actor=operator, values=form_values(), make_login=False)
    assert (added.username, added.password) == ("", "")
    assert not User.objects.filter(employee=added.employee).exists()


# Each case: what the operator typed, and words of the Indonesian refusal.
REFUSALS = [
    ({"nip": "12345"}, "NIP"),
    ({"nip": "199013012015031002"}, "tanggal lahir"),
    ({"nama": "   "}, "nama"),
    ({"jenis": "honorer"}, "jenis"),
    ({"pin": "12-34"}, "pin"),
    ({"pin": "<script>"}, "pin"),
    ({"jadwal": "BEBAS"}, "jadwal"),
    ({"berlaku": "2026-13-45"}, "berlaku"),
    ({"unit_kode": "SDN-1"}, "SDN-1"),  # another SKPD's school: outside the operator's units
    ({"unit_kode": "TIDAKADA"}, "TIDAKADA"),
    ({"nama": "x" * 500}, "nama"),
]


@pytest.mark.parametrize(("changes", "words"), REFUSALS)
def test_refused_values_write_nothing(operator: User, changes: dict[str, str], words: str) -> None:
    before = Employee.objects.count()
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        employee_add(actor=operator, values=form_values(**changes))
    assert words.lower() in " ".join(refused.value.messages).lower()
    assert Employee.objects.count() == before
    assert not User.objects.filter(username=NEW_NIP).exists()


def test_duplicate_number_is_refused_with_the_holder_named(
    operator: User, two_units: Any, make_employee: Any
) -> None:
    make_employee(two_units["PKM-A"], nip=NEW_NIP, name="Pegawai Lama", pin="9")
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        employee_add(actor=operator, values=form_values())
    assert "Pegawai Lama" in " ".join(refused.value.messages)


def test_taken_pin_is_refused_even_in_another_unit(
    operator: User, two_units: Any, make_employee: Any
) -> None:
    make_employee(two_units["SDN-1"], pin="7001")
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        employee_add(actor=operator, values=form_values())
    assert "PIN 7001" in " ".join(refused.value.messages)


@pytest.mark.parametrize("role", [Role.HEAD, None])
def test_heads_and_employees_may_not_add(two_units: Any, make_user: Any, role: Role | None) -> None:
    actor = make_user("someone", role, two_units["DINKES"] if role else None)
    with pytest.raises(PermissionDenied):
        employee_add(actor=actor, values=form_values())
    assert not Employee.objects.exists()


def test_bkd_adds_to_any_unit(two_units: Any, make_user: Any) -> None:
    bkd = make_user("bkd", Role.BKD_ADMIN)
    added = employee_add(actor=bkd, values=form_values(unit_kode="SDN-1"))
    assert added.employee.unit.code == "SDN-1"


def test_suggested_pin_is_free_and_accepted(
    operator: User, two_units: Any, make_employee: Any
) -> None:
    make_employee(two_units["SDN-1"], pin="4500")
    make_employee(two_units["SDN-1"], pin="A77")
    suggested = pin_suggest_free()
    assert suggested == "4501"
    added = employee_add(actor=operator, values=form_values(pin=suggested))
    assert added.employee.pin == "4501"
    assert pin_suggest_free() == "4502"


def test_the_employee_replaces_the_starting_password(operator: User) -> None:
    added = employee_add(actor=operator, values=form_values())
    client = Client()
    client.force_login(User.objects.get(username=added.username))
    answer = client.post(
        "/accounts/password/",
        {
            "old_password": added.password,
            "new_password1": "Siti-Sandi#2027",
            "new_password2": "Siti-Sandi#2027",
        },
    )
    assert answer.status_code == 302
    user = User.objects.get(username=added.username)
    assert user.check_password("Siti-Sandi#2027") and not user.check_password(added.password)
    assert AuditEvent.objects.filter(action="user.password_change", actor=user).count() == 1
    assert client.get("/").status_code == 302  # the old session ended with the old password


def _page_form(**changes: str) -> dict[str, str]:
    values = form_values(**changes)
    return {key: values[key] for key in ("nip", "nama", "unit_kode", "jenis", "pin", "berlaku")}


def test_the_page_shows_hostile_text_as_text(operator: User) -> None:
    client = Client()
    client.force_login(operator)
    with translation.override("id"):
        answer = client.post(
            "/employees/new/",
            _page_form(nama="<script>alert(1)</script>"),
            HTTP_ACCEPT_LANGUAGE="id",
        )
    page = answer.content.decode()
    assert answer.status_code == 200 and 'data-testid="next-steps"' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_page_refuses_in_words_and_keeps_the_input(operator: User) -> None:
    client = Client()
    client.force_login(operator)
    with translation.override("id"):
        answer = client.post("/employees/new/", _page_form(nip="12345"), HTTP_ACCEPT_LANGUAGE="id")
    page = answer.content.decode()
    assert answer.status_code == 200 and 'data-testid="next-steps"' not in page
    assert "18 digit" in page and 'value="Siti Rahma"' in page
    assert not Employee.objects.exists()
