"""Phone attendance: a unit with one site, an employee with an account, the head of unit."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hadir.accounts.models import Role
from hadir.mobile.services import CaptureIn, Received, capture_receive
from hadir.org.services import unit_locations_replace

WIB = ZoneInfo("Asia/Jakarta")
OFFICE = (-6.914744, 107.609810)  # the unit's site; radius 100 m
NOW = datetime(2026, 3, 10, 7, 30, tzinfo=WIB)  # a Tuesday


def jpeg(tag: str = "") -> bytes:
    """Enough of a JPEG for the evidence check (it reads the first bytes), unique per tag."""
    return b"\xff\xd8\xff\xe0" + (tag or uuid.uuid4().hex).encode() + b"\x00" * 64


@pytest.fixture
def people(two_units, make_employee, make_user) -> dict[str, Any]:
    dinkes = two_units["DINKES"]
    unit_locations_replace(
        unit=dinkes, locations=[("Kantor", Decimal("-6.914744"), Decimal("107.609810"), 100)]
    )
    budi = make_employee(dinkes, name="Budi")
    sari = make_employee(dinkes, name="Sari")
    return {
        "unit": dinkes,
        "budi": budi,
        "budi_user": make_user("budi", employee=budi),
        "sari_user": make_user("sari", employee=sari),
        "head": make_user("kepala", Role.HEAD, dinkes),
        "other_head": make_user("kepala2", Role.HEAD, two_units["DISDIK"]),
    }


@pytest.fixture
def send(people) -> Callable[..., Received]:
    """send(direction="in", at=NOW, lat=..., ...) as Budi's phone, received at ``now``."""

    def go(
        direction: str = "in",
        *,
        at: datetime = NOW,
        now: datetime | None = None,
        sent_at: datetime | None = None,
        where: tuple[float, float] | None = OFFICE,
        accuracy: float | None = 12.0,
        mocked: bool | None = None,
        photo: bytes | None = None,
        client_id: uuid.UUID | None = None,
        user: Any = None,
    ) -> Received:
        data = CaptureIn(
            client_id=client_id or uuid.uuid4(),
            direction=direction,
            captured_at=at,
            sent_at=sent_at or now or at,
            lat=where[0] if where else None,
            lon=where[1] if where else None,
            accuracy=accuracy,
            mocked=mocked,
            photo=io.BytesIO(photo or jpeg()),
        )
        return capture_receive(user=user or people["budi_user"], data=data, now=now or at)

    return go
