from __future__ import annotations

from datetime import datetime

import pytest

from hadir.devices.models import Device
from hadir.punches.services import IncomingPunch, punches_ingest


@pytest.fixture
def device(two_units):
    return Device.objects.create(sn="SIM-1", unit=two_units["DINKES"], state="active")


@pytest.fixture
def punch(device):
    """Ingest punches for a PIN through the one ingestion service: punch("101", "...")."""

    def add(pin: str, *times: str) -> None:
        punches_ingest(
            source="push",
            source_ref=device.sn,
            device=device,
            punches=[IncomingPunch(pin=pin, local_time=datetime.fromisoformat(t)) for t in times],
        )

    return add
