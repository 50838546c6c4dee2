"""To-do lists per role, requests left pending too long, and who decides what."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant
from hadir.audit.models import AuditEvent
from hadir.requests.decisions import request_approve
from hadir.requests.jobs import requests_handle_overdue
from hadir.requests.models import RequestState
from hadir.requests.permissions import request_access
from hadir.requests.selectors import todo_for
from hadir.requests.services import request_submit
from tests.requests.helpers import at


def izin(people, employee, actor, day: int = 10):
    return request_submit(
        actor=actor,
        kind="izin",
        employee=employee,
        first_day=date(2026, 3, day),
        reason="Urusan keluarga",
        now=at(f"2026-03-{day:02d} 07:00"),
    )


def todo(user) -> list[int]:
    return [r.pk for r in todo_for(request_access(user))]


def test_each_role_sees_what_waits_for_it(people, two_units, make_employee, make_user):
    nurse = make_employee(two_units["PKM-A"], name="Perawat")
    own = izin(people, people["budi"], people["operator"])
    below = izin(people, nurse, people["operator"])
    assert todo(people["head"]) == [own.pk, below.pk]  # sub-units included
    assert todo(people["other_head"]) == []
    assert todo(people["operator"]) == []  # operators submit, heads decide
    assert todo(people["bkd"]) == []  # BKD only sees escalated and verification work
    puskesmas_head = make_user("kapus", Role.HEAD, two_units["PKM-A"])
    assert todo(puskesmas_head) == [below.pk]


def test_a_head_does_not_decide_their_own_request(people, make_employee, make_user):
    head_person = make_employee(people["unit"], name="Kepala Dinas")
    head = make_user("kadis", Role.HEAD, people["unit"], employee=head_person)
    own = izin(people, head_person, head)
    assert own.pk not in todo(head)
    with pytest.raises(PermissionDenied):
        request_approve(request=own, actor=head)
    request_approve(request=own, actor=people["bkd"])  # BKD decides for the head


def test_pending_too_long_is_escalated_to_bkd(people):
    request = izin(people, people["budi"], people["budi_user"])
    assert requests_handle_overdue(now=at("2026-03-13 06:59")) == 0
    assert requests_handle_overdue(now=at("2026-03-13 07:01")) == 1
    request.refresh_from_db()
    assert request.state == RequestState.PENDING and request.escalated_at is not None
    assert todo(people["bkd"]) == [request.pk]
    assert todo(people["head"]) == [request.pk]  # the head may still decide
    assert AuditEvent.objects.filter(action="request.escalate").count() == 1
    assert requests_handle_overdue(now=at("2026-03-20 07:00")) == 0  # once only


@override_settings(HADIR_REQUEST_PENDING_ACTION="reject", HADIR_REQUEST_PENDING_DAYS=3)
def test_pending_too_long_is_rejected_when_the_policy_says_so(people):
    request = izin(people, people["budi"], people["budi_user"])
    requests_handle_overdue(now=at("2026-03-14 00:00"))
    request.refresh_from_db()
    assert request.state == RequestState.REJECTED
    assert request.closed_reason == "Tidak diputuskan dalam 3 hari."
    event = AuditEvent.objects.get(action="request.reject")
    assert event.actor_label == "system" and event.data["automatic"] is True


@override_settings(HADIR_REQUEST_PENDING_DAYS=0)
def test_no_pending_limit(people):
    izin(people, people["budi"], people["budi_user"])
    assert requests_handle_overdue(now=at("2027-01-01 00:00")) == 0


@override_settings(HADIR_REQUEST_VERIFY_KINDS=["izin"])
def test_bkd_sees_requests_waiting_for_verification(people):
    request = izin(people, people["budi"], people["budi_user"])
    request_approve(request=request, actor=people["head"])
    assert todo(people["head"]) == []
    assert todo(people["bkd"]) == [request.pk]


def test_an_operator_who_is_also_head_elsewhere_decides_only_there(people, two_units):
    role_grant(user=people["operator"], role=Role.HEAD, unit=two_units["DISDIK"])
    request = izin(people, people["budi"], people["budi_user"])
    operator = type(people["operator"]).objects.get(pk=people["operator"].pk)
    assert not request_access(operator).can_decide(request)
