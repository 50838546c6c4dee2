"""LAN agents on the server: their tokens, the punches they forward and the health they report.

Punches go through the one ingestion service (``punches_ingest``, source ``agent``), keyed by
machine SN + PIN + local time like every machine punch: an agent resending a batch after a
crash, or reading the machine's whole log again, stores nothing twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from hadir.agents.models import AgentMachine, AgentToken
from hadir.audit.services import audit_record
from hadir.bearer import bearer_matches, bearer_new, bearer_split
from hadir.devices.machine_users import MachineUserRecord, machine_users_keep
from hadir.devices.models import Device
from hadir.devices.services import clean_sn, device_register_pending, device_report_health
from hadir.org.models import Unit
from hadir.org.selectors import unit_subtree_ids
from hadir.punches.models import PunchSource
from hadir.punches.services import IncomingPunch, IncomingRejected, IngestResult, punches_ingest

TOKEN_PREFIX = "hda_"  # noqa: S105 (a marker, not a secret): never a user token's "hdr_"
LAST_SEEN_RESOLUTION = 30.0  # seconds
OTHER_UNIT = gettext_noop(
    "The machine %(sn)s belongs to another unit (%(unit)s); this agent may only send data of "
    "machines of %(own)s."
)


class AgentRefused(Exception):
    """The agent asked for something its token does not allow (message: English source)."""

    def __init__(self, message: str, params: dict[str, str]) -> None:
        super().__init__(message % params)
        self.message = message
        self.params = params


@dataclass(frozen=True, slots=True)
class IssuedAgentToken:
    agent: AgentToken
    plaintext: str


@dataclass(frozen=True, slots=True)
class AgentRecord:
    """One punch as the agent read it from the machine (naive machine-local time)."""

    pin: str
    local_time: datetime
    status: int | None
    verify: int | None
    workcode: str
    uid: int | None


@transaction.atomic
def agent_token_create(*, unit: Unit, name: str, actor: Any | None = None) -> IssuedAgentToken:
    """A new agent for ``unit``; the plain token is returned once and never stored."""
    new = bearer_new(TOKEN_PREFIX)
    agent = AgentToken(unit=unit, name=name.strip(), prefix=new.prefix, digest=new.digest)
    if actor is not None and getattr(actor, "pk", None):
        agent.created_by = actor
    agent.full_clean()
    agent.save()
    audit_record(actor=actor, action="agent.token_create", target=agent, data={"unit": unit.code})
    return IssuedAgentToken(agent=agent, plaintext=new.plaintext)


def agent_token_revoke(*, agent: AgentToken, actor: Any | None = None) -> None:
    agent.revoked_at = timezone.now()
    agent.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="agent.token_revoke", target=agent)


def agent_token_authenticate(plaintext: str) -> AgentToken | None:
    """The active agent behind a bearer token, or None (user tokens never match)."""
    parts = bearer_split(plaintext, TOKEN_PREFIX)
    if parts is None:
        return None
    prefix, secret = parts
    agent = AgentToken.objects.select_related("unit").filter(prefix=prefix).first()
    if agent is None or agent.revoked_at is not None:
        return None
    if not bearer_matches(agent.digest, secret):
        return None
    now = timezone.now()
    if agent.last_seen_at is None or (now - agent.last_seen_at).total_seconds() > 30:
        AgentToken.objects.filter(pk=agent.pk).update(last_seen_at=now)
    return agent


def _in_unit(agent: AgentToken, device: Device) -> bool:
    unit = device.unit
    return unit is None or unit.path.startswith(agent.unit.path)


def agent_device(*, agent: AgentToken, sn: str) -> Device:
    """The machine ``sn`` for this agent: an unknown SN is registered as pending in the
    agent's unit; a machine of another unit raises AgentRefused."""
    sn = clean_sn(sn)
    device = Device.objects.select_related("unit").filter(sn=sn).first()
    if device is None:
        return device_register_pending(sn=sn, unit=agent.unit, via="agent")
    if not _in_unit(agent, device):
        params = {"sn": sn, "unit": device.unit.code if device.unit else "-"}
        raise AgentRefused(OTHER_UNIT, {**params, "own": agent.unit.code})
    return device


def agent_punches_receive(
    *,
    agent: AgentToken,
    sn: str,
    batch_id: str,
    records: Sequence[AgentRecord],
    rejected: Sequence[IncomingRejected] = (),
) -> IngestResult:
    """Store one batch from the agent; returns after the commit (the agent then marks the
    batch forwarded; if it never hears back it sends the batch again, harmlessly).
    ``rejected``: records that could not be read, kept aside with their reason."""
    device = agent_device(agent=agent, sn=sn)
    punches = [
        IncomingPunch(
            pin=r.pin,
            local_time=r.local_time,
            raw=f"{r.pin}\t{r.local_time:%Y-%m-%d %H:%M:%S}\t{r.status}\t{r.verify}\t{r.workcode}"
            f"\tuid={r.uid}",
            status=r.status,
            verify=r.verify,
            workcode=r.workcode,
        )
        for r in records
    ]
    with transaction.atomic():
        # An agent vouches for its unit's people only; others' punches are held.
        result = punches_ingest(
            source=PunchSource.AGENT,
            source_ref=device.sn,
            punches=punches,
            device=device,
            scope_unit_ids=frozenset(unit_subtree_ids({agent.unit_id})),
            rejected=rejected,
        )
        if result.new:
            audit_record(
                actor=None,
                action="agent.punches",
                target=device,
                data={"agent": agent.pk, "batch": batch_id[:80], "new": result.new},
            )
    return result


@transaction.atomic
def agent_machine_users_receive(
    *, agent: AgentToken, sn: str, users: list[MachineUserRecord]
) -> int:
    """Keep the user list (PIN, name, card, privilege) the agent read from one machine of its
    unit, for the machine-user matching (``devices/machine_users.py``), as from push or the
    flashdisk. A machine of another unit raises AgentRefused."""
    device = agent_device(agent=agent, sn=sn)
    return machine_users_keep(
        device=device, records=users, source="agent", audit={"agent": agent.pk}
    )


@dataclass(frozen=True, slots=True)
class MachineReport:
    """What the agent saw of one machine in its last read."""

    sn: str | None
    name: str
    host: str
    reachable: bool
    error: str
    checked_at: datetime | None
    clock_drift_seconds: int | None
    users: int | None
    fingerprints: int | None
    records: int | None


@transaction.atomic
def agent_health_report(
    *, agent: AgentToken, version: str, report: dict[str, Any], machines: Sequence[MachineReport]
) -> list[str]:
    """Keep the agent's health and each machine's; machines it read update their own health
    (last seen, counts, clock drift). Returns the refusal messages (machines of other units)."""
    now = timezone.now()
    AgentToken.objects.filter(pk=agent.pk).update(
        version=version[:40], health=report, health_at=now, last_seen_at=now
    )
    refused: list[str] = []
    for machine in machines:
        if not machine.sn:
            continue
        try:
            device = agent_device(agent=agent, sn=machine.sn)
        except AgentRefused as error:
            refused.append(gettext(error.message) % error.params)
            continue
        AgentMachine.objects.update_or_create(
            device=device,
            defaults={
                "agent": agent,
                "host": machine.host[:100],
                "reachable": machine.reachable,
                "error": machine.error[:300],
                "reported_at": now,
            },
        )
        if machine.reachable and machine.checked_at is not None:
            device_report_health(
                device=device,
                seen_at=min(machine.checked_at, now),
                users=machine.users,
                fingerprints=machine.fingerprints,
                records=machine.records,
                clock_drift_seconds=machine.clock_drift_seconds,
                ip_address=machine.host,
            )
    return refused
