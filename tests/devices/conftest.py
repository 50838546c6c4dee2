"""Machines under test: PUSH requests through Django's test client, and the simulated machine
wired to the same client (same database transaction, real views, no sockets)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.test import Client

from hadir.devices.models import Device
from hadir.devices.receiver import seen_cache
from hadir.devices_sim import DeviceConfig, PushDevice
from hadir.devices_sim.transport import HttpReply
from hadir.org.models import Unit
from hadir.punches.services import IncomingPunch, punches_ingest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def _fresh_seen_cache() -> Iterator[None]:
    """The SN -> id cache lives in the process; each test has its own database."""
    seen_cache.clear()
    yield
    seen_cache.clear()


def iclock(
    client: Client,
    method: str,
    path: str,
    params: Mapping[str, str],
    body: bytes = b"",
    **extra: str,
) -> Any:
    """A machine's request: query string as firmware encodes it, raw body, no Content-Type.
    ``extra``: WSGI environ entries (``REMOTE_ADDR``, ``HTTP_COOKIE``...)."""
    url = f"{path}?{urlencode(params, quote_via=quote, safe='')}"
    if method == "GET":
        return client.get(url, HTTP_USER_AGENT="iClock Proxy/1.09", **extra)
    return client.generic(
        method, url, data=body, content_type="", HTTP_USER_AGENT="iClock", **extra
    )


def post_attlog(client: Client, sn: str, body: bytes) -> Any:
    return iclock(
        client, "POST", "/iclock/cdata", {"SN": sn, "table": "ATTLOG", "Stamp": "9"}, body
    )


class ClientTransport:
    """The simulator's transport, through the test client."""

    def __init__(self, client: Client, remote_addr: str = "127.0.0.1") -> None:
        self.client = client
        self.remote_addr = remote_addr
        self.requests: list[tuple[str, str, dict[str, str]]] = []

    def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, str],
        *,
        body: bytes | None = None,
        content_type: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> HttpReply:
        self.requests.append((method, path, dict(params)))
        extra = {"REMOTE_ADDR": self.remote_addr}
        if headers and "Cookie" in headers:
            extra["HTTP_COOKIE"] = headers["Cookie"]
        response = iclock(self.client, method, path, params, body or b"", **extra)
        return HttpReply(
            status=response.status_code,
            body=response.content.decode("utf-8", errors="replace"),
            date=response.headers.get("Date"),
            set_cookie=response.headers.get("Set-Cookie"),
        )


MakeMachine = Callable[..., PushDevice]


@pytest.fixture
def make_machine(tmp_path: Path, region: Any) -> Iterator[MakeMachine]:
    machines: list[PushDevice] = []

    def make(
        sn: str = "SIM0001",
        clock: Callable[[], datetime] | None = None,
        remote_addr: str = "127.0.0.1",
        **config: Any,
    ) -> PushDevice:
        settings: dict[str, Any] = {
            "sn": sn,
            "server_url": "http://testserver",
            "state_dir": tmp_path,
            "error_delay": 0.0,
            "poll_delay": 0.0,
        }
        settings.update(config)
        machine = PushDevice(DeviceConfig(**settings), clock=clock)
        machine._transport = ClientTransport(Client(), remote_addr)  # type: ignore[assignment]
        machines.append(machine)
        return machine

    yield make
    for machine in machines:
        machine.close()


@pytest.fixture
def active_device(two_units: dict[str, Unit]) -> Device:
    return Device.objects.create(
        sn="CNYG213260182", name="Mesin Dinkes", unit=two_units["DINKES"], state="active"
    )


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def store(device: Device, *items: tuple[str, str]) -> None:
    """Punches from ``device`` as if it had sent them."""
    punches_ingest(
        source="push",
        source_ref=device.sn,
        device=device,
        punches=[
            IncomingPunch(pin=pin, local_time=datetime.fromisoformat(at), raw=f"{pin}\t{at}")
            for pin, at in items
        ],
    )
