"""Security PUSH registration on the server side: ``/iclock/registry`` and ``/iclock/push``.

A registry code is handed out only when Diskominfo opened a registration window for the
machine (at approval, or from its page), only from an address the machine is bound to, and
only once per window. The code and the session token derived from it are never stored: the
machine's row keeps SHA-256 digests (like API tokens, :mod:`hadir.bearer`), so neither a
database copy nor the machine page can give them away. See docs/security.md.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.audit.services import audit_record
from hadir.devices.alerts import device_alert_raise
from hadir.devices.contact import PushSource, device_for_push, seen_cache
from hadir.devices.models import AlertKind, Device, DeviceState
from hadir.devices.trust import Guard, token_digest
from hadir.org.selectors import region_timezone
from hadir.protocols.push import PushQuery
from hadir.protocols.registry import (
    SecurityConfig,
    parse_registry_body,
    push_token,
    render_security_config,
)

NOT_ACTIVE = gettext_noop("Only a machine in use can be allowed to register.")


@dataclass(frozen=True, slots=True)
class RegistryReply:
    status: int
    body: str
    session_id: str | None = None


def _timezone_hours(now: datetime) -> str:
    offset = now.astimezone(region_timezone()).utcoffset() or timedelta(0)
    return str(int(offset.total_seconds() // 3600))


def push_registry(
    *, query: PushQuery, body: bytes, now: datetime, source: PushSource
) -> RegistryReply:
    """``POST /iclock/registry``: ``RegistryCode=...`` (and the session id, sent as the
    ``JSESSIONID`` cookie the vendor example shows) inside an open window, else 406."""
    with transaction.atomic():
        device = device_for_push(query.sn, address=source.address, now=now)
        device = Device.objects.select_for_update().get(pk=device.pk)
        refusal = _refusal(device, now, source)
        if refusal:
            device_alert_raise(
                device=device,
                kind=AlertKind.REGISTRY_REFUSED,
                address=source.address,
                now=now,
                detail=refusal,
            )
            return RegistryReply(406, "406")
        params = parse_registry_body(body)
        code = secrets.token_hex(16)  # 32 characters: the protocol allows up to 32 bytes
        session_id = secrets.token_hex(16).upper()
        token = push_token(registry_code=code, sn=device.sn, session_id=session_id)
        device.registry_open_until = None
        device.registry_code_digest = hashlib.sha256(code.encode()).hexdigest()
        device.push_session_id = session_id
        device.push_token_digest = token_digest(token)
        device.registered_at = now
        device.last_seen_at = now
        device.remote_address = source.address[:45]
        device.push_version = (params.get("PushVersion") or device.push_version)[:20]
        device.firmware = (params.get("FirmVer") or device.firmware)[:100]
        device.save()
        audit_record(
            actor=None,
            action="device.registry_issued",
            target=device,
            data={"address": source.address[:45], "device_type": params.get("DeviceType", "")},
        )
    seen_cache.forget(device.sn)
    return RegistryReply(200, f"RegistryCode={code}\n", session_id)


def _refusal(device: Device, now: datetime, source: PushSource) -> str:
    """Why this registration is refused, or "" when it may proceed."""
    if device.state != DeviceState.ACTIVE:
        return "machine not approved"
    if device.registry_open_until is None or now > device.registry_open_until:
        return "no registration window open"
    if not Guard.of(device).address_ok(source.address):
        return "address not bound"
    return ""


def push_config(*, query: PushQuery, now: datetime, source: PushSource) -> str | None:
    """``/iclock/push``: the configuration for a registered machine sending a valid token;
    None (the view answers 401) for anyone else."""
    device = Device.objects.filter(sn=query.sn).first()
    if device is None or not device.push_token_digest:
        return None
    if not Guard.of(device).allows(source.address, source.token):
        device_alert_raise(
            device=device,
            kind=AlertKind.BAD_SESSION,
            address=source.address,
            now=now,
            detail="push",
        )
        return None
    Device.objects.filter(pk=device.pk).update(last_seen_at=now)
    config = SecurityConfig(session_id=device.push_session_id, timezone=_timezone_hours(now))
    return render_security_config(config, registered_reply=False)


@transaction.atomic
def device_registry_open(*, device: Device, actor: Any, now: datetime) -> Device:
    """Diskominfo lets the machine register (security PUSH) within the next
    ``HADIR_PUSH_REGISTRY_WINDOW_MINUTES``; a new registration replaces the old session."""
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.state != DeviceState.ACTIVE:
        raise ValidationError(_(NOT_ACTIVE))
    minutes = settings.HADIR_PUSH_REGISTRY_WINDOW_MINUTES
    device.registry_open_until = now + timedelta(minutes=minutes)
    device.save(update_fields=["registry_open_until"])
    audit_record(
        actor=actor, action="device.registry_open", target=device, data={"minutes": minutes}
    )
    return device
