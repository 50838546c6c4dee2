"""Test data for phone captures, shared by the tests that only need one to exist."""

from __future__ import annotations

import io
import uuid
from datetime import datetime
from typing import Any

from hadir.mobile.models import Capture
from hadir.mobile.services import CaptureIn, capture_receive

# A small complete JPEG (start and end markers): enough for the evidence content check.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64 + b"\xff\xd9"


def capture_without_position(*, user: Any, now: datetime) -> Capture:
    """A check-in with a selfie and no position, received now (a request for the head)."""
    data = CaptureIn(
        client_id=uuid.uuid4(),
        direction="in",
        captured_at=now,
        sent_at=now,
        lat=None,
        lon=None,
        accuracy=None,
        mocked=None,
        photo=io.BytesIO(JPEG),
    )
    return capture_receive(user=user, data=data, now=now).capture
