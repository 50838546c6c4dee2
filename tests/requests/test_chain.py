"""Approval chains: a three-level chain (head of unit -> head of SKPD -> BKD) walked end to
end, each step refused out of turn and shown only to the person whose step it is; without a
configured chain today's levels are unchanged."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from hadir.accounts.models import Role
from hadir.audit.models import AuditEvent
from hadir.requests.decisions import request_approve, request_reject, request_verify
from hadir.requests.models import Request, RequestState
from hadir.requests.permissions import request_access
from hadir.requests.selectors import todo_count
from hadir.requests.services import request_submit
from hadir.schedules.services import policy_save
from tests.requests.helpers import at, logged_in, with_policy_lines

THREE_LEVELS = 'approval_chains = { cuti = ["skpd_head", "bkd"] }'


@pytest.fixture
def chain(two_units, make_employee, make_user):
    """A puskesmas (PKM-A) under the health office (DINKES, the SKPD), their heads, BKD."""
    pkm = two_units["PKM-A"]
    nurse = make_employee(pkm, name="Perawat")
    return {
        "nurse": nurse,
        "nurse_user": make_user("perawat", employee=nurse),
        "office_nurse": make_employee(two_units["DINKES"], name="Staf Dinas"),
        "unit_head": make_user("kapus", Role.HEAD, pkm),
        "skpd_head": make_user("kadis", Role.HEAD, two_units["DINKES"]),
        "bkd": make_user("bkd", Role.BKD_ADMIN),
        "other_head": make_user("kepsek", Role.HEAD, two_units["SDN-1"]),
    }


def leave(people, employee, first: str = "2026-03-09") -> Request:
    return request_submit(
        actor=people["nurse_user"] if employee == people["nurse"] else people["bkd"],
        kind="cuti",
        leave_type="alasan_penting",
        employee=employee,
        first_day=date.fromisoformat(first),
        last_day=date.fromisoformat(first),
        reason="orang tua sakit",
        now=at("2026-03-02 08:00"),
    )


def todo(chain_people) -> dict[str, int]:
    names = ("unit_head", "skpd_head", "bkd", "other_head")
    return {name: todo_count(request_access(chain_people[name])) for name in names}


def refused_for(names: tuple[str, ...], people, act) -> None:
    for name in names:
        with pytest.raises(PermissionDenied):
            act(people[name])


def test_three_level_chain_end_to_end(chain):
    policy_save(text=with_policy_lines(THREE_LEVELS))
    request = leave(chain, chain["nurse"])
    assert (request.later_steps, request.next_step) == (["skpd_head", "bkd"], "unit_head")
    assert todo(chain) == {"unit_head": 1, "skpd_head": 0, "bkd": 0, "other_head": 0}

    # Step 1, the head of the puskesmas: the SKPD head and BKD may not take it.
    refused_for(
        ("skpd_head", "bkd", "other_head"),
        chain,
        lambda u: request_approve(request=request, actor=u),
    )
    refused_for(
        ("skpd_head", "bkd"), chain, lambda u: request_reject(request=request, actor=u, reason="x")
    )
    request = request_approve(request=request, actor=chain["unit_head"])
    assert (request.state, request.next_step, request.in_force) == ("approved", "skpd_head", False)
    assert todo(chain) == {"unit_head": 0, "skpd_head": 1, "bkd": 0, "other_head": 0}

    # Step 2, the head of DINKES: BKD and the puskesmas head are refused.
    refused_for(
        ("bkd", "unit_head", "other_head"),
        chain,
        lambda u: request_verify(request=request, actor=u),
    )
    request = request_verify(request=request, actor=chain["skpd_head"])
    assert (request.state, request.next_step, request.in_force) == ("approved", "bkd", False)
    assert todo(chain) == {"unit_head": 0, "skpd_head": 0, "bkd": 1, "other_head": 0}

    # Step 3, BKD: the heads are refused; BKD's verification brings it into force.
    refused_for(
        ("skpd_head", "unit_head"), chain, lambda u: request_verify(request=request, actor=u)
    )
    request = request_verify(request=request, actor=chain["bkd"])
    assert (request.state, request.next_step, request.in_force) == ("verified", "", True)
    assert todo(chain) == {"unit_head": 0, "skpd_head": 0, "bkd": 0, "other_head": 0}
    steps = AuditEvent.objects.filter(
        target_type="requests.request", target_id=str(request.pk)
    ).order_by("at", "id")
    assert [(e.action, e.actor.username) for e in steps] == [
        ("request.submit", "perawat"),
        ("request.approve", "kapus"),
        ("request.step", "kadis"),
        ("request.verify", "bkd"),
    ]


def test_the_skpd_head_rejects_at_their_step(chain):
    policy_save(text=with_policy_lines(THREE_LEVELS))
    request = request_approve(request=leave(chain, chain["nurse"]), actor=chain["unit_head"])
    request = request_reject(request=request, actor=chain["skpd_head"], reason="jadwal penuh")
    assert (request.state, request.next_step) == (RequestState.REJECTED, "")
    event = AuditEvent.objects.get(
        target_type="requests.request", target_id=str(request.pk), action="request.reject"
    )
    assert event.data["step"] == "skpd_head"


def test_bkd_takes_the_first_step_only_once_escalated(chain):
    policy_save(text=with_policy_lines(THREE_LEVELS))
    request = leave(chain, chain["nurse"])
    with pytest.raises(PermissionDenied):
        request_approve(request=request, actor=chain["bkd"])
    Request.objects.filter(pk=request.pk).update(escalated_at=at("2026-03-06 00:00"))
    request = request_approve(request=Request.objects.get(pk=request.pk), actor=chain["bkd"])
    assert request.next_step == "skpd_head"


def test_a_unit_that_is_its_own_skpd_skips_the_skpd_step(chain):
    policy_save(text=with_policy_lines(THREE_LEVELS))
    request = leave(chain, chain["office_nurse"])
    assert (request.later_steps, request.next_step) == (["bkd"], "head")
    request = request_approve(request=request, actor=chain["skpd_head"])
    assert request.next_step == "bkd"
    request = request_verify(request=request, actor=chain["bkd"])
    assert request.in_force


@pytest.mark.parametrize(
    ("verify_kinds", "after_head"), [([], "approved"), (["cuti"], "approved+waiting")]
)
def test_without_a_chain_the_default_levels_are_unchanged(chain, verify_kinds, after_head):
    with override_settings(HADIR_REQUEST_VERIFY_KINDS=verify_kinds):
        request = leave(chain, chain["nurse"])
        assert (request.later_steps, request.next_step) == ([], "")
        # Any head above the unit decides (the SKPD head too), BKD as well.
        assert request_access(chain["skpd_head"]).can_decide(request)
        assert request_access(chain["bkd"]).can_decide(request)
        request = request_approve(request=request, actor=chain["skpd_head"])
        assert request.in_force is (after_head == "approved")
        if verify_kinds:
            assert todo(chain)["bkd"] == 1
            with pytest.raises(PermissionDenied):
                request_verify(request=request, actor=chain["skpd_head"])
            assert request_verify(request=request, actor=chain["bkd"]).in_force


def test_the_skpd_head_takes_their_step_on_the_page(chain):
    policy_save(text=with_policy_lines(THREE_LEVELS))
    request = request_approve(request=leave(chain, chain["nurse"]), actor=chain["unit_head"])
    assert logged_in(chain["bkd"]).post(f"/requests/{request.pk}/verify/").status_code == 403
    kadis = logged_in(chain["skpd_head"])
    page = kadis.get(f"/requests/{request.pk}/").content.decode()
    assert 'data-testid="verify"' in page and "kepala SKPD" in page
    response = kadis.post(f"/requests/{request.pk}/verify/", follow=True)
    assert "langkah berikutnya" in response.content.decode()
    request.refresh_from_db()
    assert (request.state, request.next_step) == ("approved", "bkd")
