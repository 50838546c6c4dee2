"""Security PUSH registration (PUSH protocol 3.x): ``/iclock/registry`` and ``/iclock/push``.

As ZKTeco's *Security PUSH Communication Protocol* describes it (see ``docs/security.md`` for
the sources and what is not confirmed on real firmware):

1. ``GET /iclock/cdata?SN=..&options=all&pushver=3.x``: an unregistered machine is answered
   ``OK``; a registered one ``registry=ok`` and the configuration, with ``SessionID``;
2. ``POST /iclock/registry?SN=..``: a body of comma-separated ``Key=Value`` device parameters
   (optional ones prefixed ``~``); answered ``RegistryCode=<code>`` (up to 32 bytes) or 406;
3. ``POST /iclock/push?SN=..``: the configuration, ``SessionID`` included;
4. every later request carries ``Cookie: token=<md5 hex of RegistryCode + SN + SessionID>``.

Pure: no Django, no clock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

REPLY_UNREGISTERED = "OK"
SERVER_PUSH_VERSION = "3.1.2"
MAX_PARAMS = 200


def speaks_security_push(pushver: str | None) -> bool:
    """``pushver`` 3.x and later is the registering (security) PUSH protocol."""
    head = (pushver or "").strip().lower().removeprefix("ver").strip().split(".", 1)[0]
    return head.isascii() and head.isdigit() and len(head) <= 4 and int(head) >= 3


def push_token(*, registry_code: str, sn: str, session_id: str) -> str:
    """The token a registered machine sends: MD5 (hex) of RegistryCode + SN + SessionID, as
    the vendor document describes it. MD5 is the protocol's choice; the server keeps only a
    SHA-256 digest of the token."""
    material = f"{registry_code}{sn}{session_id}".encode()
    return hashlib.md5(material, usedforsecurity=False).hexdigest()


def parse_registry_body(body: bytes | str) -> dict[str, str]:
    """``DeviceType=acc,~DeviceName=F20/M,FirmVer=..`` -> ``{"DeviceName": "F20/M", ...}``.

    The leading ``~`` (optional parameter) is dropped; pieces without ``=`` and parameters
    past the first 200 are ignored. Never raises.
    """
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    params: dict[str, str] = {}
    for piece in text.replace("\r", "").replace("\n", ",").split(","):
        key, sep, value = piece.partition("=")
        key = key.strip().lstrip("~")
        if sep and key and len(params) < MAX_PARAMS:
            params[key] = value.strip()
    return params


def render_registry_body(params: Mapping[str, str]) -> str:
    """The registration body a machine sends (for the simulator)."""
    return ",".join(f"{key}={value}" for key, value in params.items())


def parse_key_values(text: str) -> dict[str, str]:
    """``Key=Value`` lines (the registry, push and handshake replies) -> dict."""
    values: dict[str, str] = {}
    for line in text.replace("\r", "").split("\n"):
        key, sep, value = line.partition("=")
        if sep and key.strip():
            values[key.strip()] = value.strip()
    return values


@dataclass(frozen=True, slots=True)
class SecurityConfig:
    """What the server tells a registered machine (handshake and ``/iclock/push``)."""

    session_id: str
    error_delay: int = 30
    request_delay: int = 10
    trans_times: str = "00:00;14:05"
    trans_interval: int = 1
    trans_tables: str = "User Transaction"
    realtime: bool = True
    timeout_seconds: int = 10
    timezone: str = "7"
    server_name: str = "Hadir"


def render_security_config(config: SecurityConfig, *, registered_reply: bool) -> str:
    """The configuration lines; ``registered_reply`` prefixes ``registry=ok`` (handshake).

    ``RegistryCode`` is not repeated: the server keeps only a digest of it (the vendor text
    says a registered machine's handshake returns it; see docs/security.md)."""
    lines = ["registry=ok"] if registered_reply else []
    lines += [
        f"ServerVersion={SERVER_PUSH_VERSION}",
        f"ServerName={config.server_name}",
        f"PushProtVer={SERVER_PUSH_VERSION}",
        f"ErrorDelay={config.error_delay}",
        f"RequestDelay={config.request_delay}",
        f"TransTimes={config.trans_times}",
        f"TransInterval={config.trans_interval}",
        f"TransTables={config.trans_tables}",
        f"Realtime={1 if config.realtime else 0}",
        f"SessionID={config.session_id}",
        f"TimeoutSec={config.timeout_seconds}",
        f"TimeZone={config.timezone}",
    ]
    return "\n".join(lines) + "\n"
