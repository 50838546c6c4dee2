"""Approval chains: who decides a request, step by step (docs/requests.md, "Approval chains").

The policy file's ``approval_chains`` lists, per request kind, the steps after the head of
unit: ``skpd_head`` (the head of the unit's top-level ancestor, the SKPD) and ``bkd``. A kind
not listed keeps today's levels: the head of unit, then BKD only for the kinds in
``HADIR_REQUEST_VERIFY_KINDS``. The chain is fixed on the request when it is submitted, so
changing the policy never changes a request already filed.

In a configured chain each step belongs to its people alone: when the SKPD head has a step
of their own, the first step is for the heads below the SKPD; BKD takes the first step only
once the request was escalated to it (not decided in time).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from django.conf import settings

from hadir.attendance.inputs import policy_set
from hadir.org.models import Unit
from hadir.requests.models import Request


class ChainStep(StrEnum):
    HEAD = "head"  # any head of the unit or of a unit above it (no SKPD step follows)
    UNIT_HEAD = "unit_head"  # a head below the SKPD level (the SKPD head decides later)
    SKPD_HEAD = "skpd_head"
    BKD = "bkd"


def configured_chain(kind: str, day: date) -> tuple[str, ...] | None:
    """The steps after the head the policy in force on ``day`` sets for ``kind``, or None."""
    try:
        policy = policy_set().for_day(day)
    except LookupError:  # a date before the policy's first version: the default levels
        return None
    return policy.approval_chains.get(kind)


def default_needs_verification(kind: str) -> bool:
    return kind in set(settings.HADIR_REQUEST_VERIFY_KINDS)


def chain_fields(kind: str, unit: Unit, day: date) -> dict[str, object]:
    """The chain fields of a new request of ``kind`` for ``unit`` (dates from ``day``). A
    unit that is its own SKPD has no separate SKPD step: its head is the SKPD head."""
    steps = configured_chain(kind, day)
    if steps is None:
        return {"needs_verification": default_needs_verification(kind)}
    if unit.parent_id is None:
        steps = tuple(step for step in steps if step != ChainStep.SKPD_HEAD)
    first = ChainStep.UNIT_HEAD if ChainStep.SKPD_HEAD in steps else ChainStep.HEAD
    return {
        "needs_verification": bool(steps),
        "later_steps": list(steps),
        "later_steps_done": 0,
        "next_step": first.value,
    }


def is_chained(request: Request) -> bool:
    """Submitted under a configured chain (not today's default levels)."""
    return bool(request.later_steps) or bool(request.next_step)


def current_later_step(request: Request) -> str | None:
    """The step an approved request waits for: a chained one's next step, else BKD."""
    if not request.waiting_verification:
        return None
    if request.later_steps:
        steps = list(request.later_steps)
        return steps[request.later_steps_done] if request.later_steps_done < len(steps) else None
    return ChainStep.BKD.value


def advance_after(request: Request) -> bool:
    """Record that the current later step was taken; True when it was the last one."""
    if not request.later_steps:
        request.next_step = ""
        return True
    request.later_steps_done += 1
    steps = list(request.later_steps)
    done = request.later_steps_done >= len(steps)
    request.next_step = "" if done else steps[request.later_steps_done]
    return done


def after_head_approval(request: Request) -> None:
    """The head of unit approved: the chain waits for its first later step (if any)."""
    if is_chained(request):
        request.next_step = request.later_steps[0] if request.later_steps else ""
