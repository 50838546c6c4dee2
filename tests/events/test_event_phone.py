"""A phone check-in counts for an event when it became a punch inside the event's place."""

from __future__ import annotations

import io
import uuid
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from hadir.attendance.models import DayRecord
from hadir.attendance.recompute import recompute_range
from hadir.events.services import event_save
from hadir.mobile.models import Outcome
from hadir.mobile.services import CaptureIn, capture_receive

from .conftest import MONDAY, OFFICE, apel_data

WIB = ZoneInfo("Asia/Jakarta")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64 + b"\xff\xd9"
NORTH_60_M = Decimal("0.00054")  # about 60 m of latitude


def check_in(user, hour: int, minute: int) -> None:
    at = datetime(2026, 8, 3, hour, minute, tzinfo=WIB)
    data = CaptureIn(
        client_id=uuid.uuid4(),
        direction="in",
        captured_at=at,
        sent_at=at,
        lat=float(OFFICE[0]),
        lon=float(OFFICE[1]),
        accuracy=10.0,
        mocked=False,
        photo=io.BytesIO(JPEG + uuid.uuid4().bytes),
    )
    assert capture_receive(user=user, data=data, now=at).capture.outcome == Outcome.PUNCH


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("place_lat", "radius", "at", "expected"),
    [
        (OFFICE[0], 50, (7, 40), "TL1 TAP"),  # at the place, in the window: attended
        (OFFICE[0] + NORTH_60_M, 20, (7, 40), "TL1 TAP TA"),  # 60 m away, radius 20 m
        (OFFICE[0], 50, (7, 20), "TAP TA"),  # at the place, before the window
    ],
)
def test_phone_check_in_at_the_place_inside_the_window(
    world, place_lat: Decimal, radius: int, at: tuple[int, int], expected: str
) -> None:
    event_save(
        actor=world["bkd"],
        data=apel_data(
            unit_ids=frozenset({world["dinkes"].pk}),
            lat=place_lat,
            lon=OFFICE[1],
            radius_m=radius,
        ),
    )
    check_in(world["budi_user"], *at)
    recompute_range([world["budi"].pk], MONDAY, MONDAY)
    assert DayRecord.objects.get(employee=world["budi"], day=MONDAY).codes == expected


@pytest.mark.django_db
def test_without_a_place_a_phone_check_in_does_not_count(world) -> None:
    event_save(actor=world["bkd"], data=apel_data(unit_ids=frozenset({world["dinkes"].pk})))
    check_in(world["budi_user"], 7, 40)
    recompute_range([world["budi"].pk], MONDAY, MONDAY)
    assert DayRecord.objects.get(employee=world["budi"], day=MONDAY).codes == "TL1 TAP TA"
