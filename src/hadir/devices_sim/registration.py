"""Security PUSH (``pushver`` 3.x) on the machine's side: register, then keep a session.

1. ``GET /iclock/cdata?options=all``: ``registry=ok`` (with ``SessionID``) means the server
   knows the machine; a bare ``OK`` means register;
2. ``POST /iclock/registry`` with the device parameters: ``RegistryCode=...`` and the session
   id as the ``JSESSIONID`` cookie; the code is kept in the machine's own store (it survives a
   restart, like the firmware's);
3. ``POST /iclock/push`` with ``Cookie: token=md5(RegistryCode + SN + SessionID)``: the
   configuration, whose ``SessionID`` is used from then on.

A refusal (406, 401) raises ``DeviceError`` like any failed exchange.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hadir.protocols.handshake import HandshakeOptions
from hadir.protocols.registry import parse_key_values, push_token, render_registry_body

if TYPE_CHECKING:
    from hadir.devices_sim.push_device import PushDevice

CODE_OPTION = "registry_code"


def _session_from_cookie(set_cookie: str | None) -> str:
    for part in (set_cookie or "").split(";"):
        name, _sep, value = part.strip().partition("=")
        if name.upper() == "JSESSIONID":
            return value.strip()
    return ""


def _int(values: dict[str, str], key: str, default: int) -> int:
    text = values.get(key, "")
    digits = text.lstrip("-")
    return int(text) if digits.isascii() and digits.isdigit() and len(digits) < 19 else default


def security_handshake(device: PushDevice) -> HandshakeOptions:
    params = {
        "SN": device.sn,
        "options": "all",
        "pushver": device.config.pushver,
        "language": device.config.language,
    }
    reply = device._request("GET", "/iclock/cdata", params)
    device.server_date = reply.date
    values = parse_key_values(reply.body)
    code = device.log.option(CODE_OPTION)
    if values.get("registry") == "ok" and code:
        session = values.get("SessionID", "")
    else:
        body = render_registry_body(
            {
                "DeviceType": "att",
                "~DeviceName": "Hadir simulator",
                "FirmVer": device.config.firmware,
                "PushVersion": device.config.pushver,
                "IPAddress": device.config.ip_address,
            }
        )
        registered = device._request("POST", "/iclock/registry", {"SN": device.sn}, body.encode())
        code = parse_key_values(registered.body).get("RegistryCode", "")
        session = _session_from_cookie(registered.set_cookie)
        device.log.set_option(CODE_OPTION, code)
    device.session_token = push_token(registry_code=code, sn=device.sn, session_id=session)
    config = parse_key_values(device._request("POST", "/iclock/push", {"SN": device.sn}).body)
    if config.get("SessionID", session) != session:
        session = config["SessionID"]
        device.session_token = push_token(registry_code=code, sn=device.sn, session_id=session)
    return HandshakeOptions(
        error_delay=max(1, min(_int(config, "ErrorDelay", 30), 86400)),
        delay=max(1, min(_int(config, "RequestDelay", 10), 86400)),
        realtime=config.get("Realtime", "1") == "1",
        timezone_minutes=_int(config, "TimeZone", 7) * 60,
    )
