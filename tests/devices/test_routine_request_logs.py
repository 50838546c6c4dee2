"""A machine's routine calls (idle polls, pings) answered well are logged at DEBUG, not INFO:
a fleet polling every few seconds would otherwise fill the journal with lines that say
nothing (and writing them cost half of a poll's time, issue 15). A refused or slow call, and
every other request, stays at INFO; all are counted in the metrics."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from hadir.devices.models import Device
from hadir.monitoring import latency

from .conftest import iclock

pytestmark = pytest.mark.django_db


@pytest.fixture
def machine(two_units) -> Device:
    return Device.objects.create(sn="LOG-1", unit=two_units["DINKES"], state="active")


def _levels(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "hadir.request"]


@pytest.mark.parametrize("path", ["/iclock/getrequest", "/iclock/ping"])
def test_a_routine_call_answered_well_is_a_debug_line(
    machine, caplog, monkeypatch, path: str
) -> None:
    monkeypatch.setattr(latency, "SLOW_SECONDS", 3600.0)  # a first request may warm up slowly
    caplog.set_level(logging.DEBUG, logger="hadir.request")
    assert iclock(Client(), "GET", path, {"SN": machine.sn}).status_code == 200
    [(level, message)] = _levels(caplog)
    assert level == logging.DEBUG
    assert message.startswith("request GET iclock-")


def test_a_slow_routine_call_is_an_info_line(machine, caplog, monkeypatch) -> None:
    monkeypatch.setattr(latency, "SLOW_SECONDS", 0.0)
    caplog.set_level(logging.DEBUG, logger="hadir.request")
    iclock(Client(), "GET", "/iclock/getrequest", {"SN": machine.sn})
    assert [level for level, _ in _levels(caplog)] == [logging.INFO]


def test_a_refused_routine_call_is_an_info_line(caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="hadir.request")
    response = iclock(Client(), "GET", "/iclock/getrequest", {"SN": "x" * 500})
    assert response.status_code >= 400
    assert [level for level, _ in _levels(caplog)] == [logging.INFO]


def test_an_upload_is_an_info_line(machine, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="hadir.request")
    body = b"101\t2026-03-02 07:10:00\t0\t1\t0\t0\n"
    iclock(Client(), "POST", "/iclock/cdata", {"SN": machine.sn, "table": "ATTLOG"}, body)
    assert [level for level, _ in _levels(caplog)] == [logging.INFO]
