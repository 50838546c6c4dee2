"""API for the LAN agent (``hadir agent``): punches and health, with the agent's own token.

Only an agent token (``hda_...``, ``hadir agent-token create``) opens these endpoints; a
user token or a browser session does not. An agent sends only for machines of its unit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from hadir.agents.models import AgentToken
from hadir.agents.services import (
    AgentRecord,
    AgentRefused,
    MachineReport,
    agent_health_report,
    agent_machine_users_receive,
    agent_punches_receive,
    agent_token_authenticate,
)
from hadir.devices.machine_users import USER_FILE_MAX_USERS, machine_user_record
from hadir.edge.api_types import Int32, PositiveInt
from hadir.org.selectors import region_timezone
from hadir.protocols._text import quote_for_message
from hadir.protocols.attlog import MSG_BAD_DATETIME, RejectReason
from hadir.punches.services import IncomingRejected

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
MAX_RECORDS = 5000
# Text the database can keep: PostgreSQL refuses NUL in text and JSON (found by fuzzing).
NO_NUL = r"^[^\x00]*$"


class AgentBearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> AgentToken | None:
        return agent_token_authenticate(token)


router = Router(tags=["agent"], auth=AgentBearer())


class RecordIn(Schema):
    # Any PIN up to a bound is taken: one that cannot be a PIN (empty, ``!!``, 25 characters,
    # NUL) is quarantined with its reason by the ingestion service, as a machine's is; a 422
    # here would stop all of that machine's later punches in the agent's outbox.
    pin: str = Field(max_length=200)
    time: str
    # Any integer is taken here: one out of the database's range is quarantined with its
    # reason by the ingestion service, and the rest of the batch is stored.
    status: int | None = None
    verify: int | None = None
    workcode: str = Field(default="", pattern=NO_NUL)
    uid: int | None = Field(default=None, ge=0, le=2**31 - 1)


class PunchBatchIn(Schema):
    sn: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    batch_id: str = Field(default="", max_length=100, pattern=NO_NUL)
    read_at: datetime | None = None
    records: list[RecordIn] = Field(max_length=MAX_RECORDS)


class PunchBatchOut(Schema):
    batch_id: str
    received: int
    accepted: int
    duplicates: int
    unmatched: int
    quarantined: int = 0  # records kept with their reason, not stored as punches


class MachineUserIn(Schema):
    """One user of the machine: never a fingerprint template."""

    pin: str = Field(min_length=1, max_length=24, pattern=NO_NUL)
    name: str = Field(default="", max_length=100, pattern=NO_NUL)
    card: str = Field(default="", max_length=40, pattern=NO_NUL)
    privilege: int | None = Field(default=None, ge=0, le=255)


class MachineUsersIn(Schema):
    sn: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    users: list[MachineUserIn] = Field(max_length=USER_FILE_MAX_USERS)


class MachineUsersOut(Schema):
    sn: str
    stored: int


class MachineIn(Schema):
    name: str = Field(default="", pattern=NO_NUL)
    sn: str | None = Field(default=None, pattern=NO_NUL)
    host: str = Field(default="", pattern=NO_NUL)
    reachable: bool = False
    error: str = Field(default="", pattern=NO_NUL)
    checked_at: datetime | None = None
    device_time: str | None = Field(default=None, pattern=NO_NUL)
    clock_drift_seconds: Int32 | None = None
    clock_set: bool = False
    users: PositiveInt | None = None
    fingerprints: PositiveInt | None = None
    records: PositiveInt | None = None


class HealthIn(Schema):
    version: str = Field(default="", pattern=NO_NUL)
    outbox_waiting: PositiveInt = 0
    oldest_waiting: datetime | None = None
    server_errors: PositiveInt = 0
    machines: list[MachineIn] = Field(default_factory=list, max_length=500)


class ConfigOut(Schema):
    agent: str
    unit_code: str
    server_time: str
    time_zone: str
    clock_drift_seconds: int


class HealthOut(ConfigOut):
    refused: list[str]


def _agent(request: HttpRequest) -> AgentToken:
    agent = request.auth  # type: ignore[attr-defined]
    assert isinstance(agent, AgentToken)  # noqa: S101 - guaranteed by AgentBearer
    return agent


def _config(agent: AgentToken) -> dict[str, Any]:
    tz = region_timezone()
    return {
        "agent": agent.name,
        "unit_code": agent.unit.code,
        "server_time": timezone.now().astimezone(tz).strftime(TIME_FORMAT),
        "time_zone": str(tz),
        "clock_drift_seconds": settings.HADIR_DEVICE_CLOCK_DRIFT_SECONDS,
    }


def _records(rows: list[RecordIn]) -> tuple[list[AgentRecord], list[IncomingRejected]]:
    """The batch's records, and those whose time cannot be read (``2026-02-30``): kept aside
    with their reason, as a machine's unreadable line is, while the others are stored."""
    records, unreadable = [], []
    for index, row in enumerate(rows, start=1):
        try:
            local_time = datetime.strptime(row.time, TIME_FORMAT)  # noqa: DTZ007 - device-local
        except ValueError:
            message = MSG_BAD_DATETIME.format(value=quote_for_message(row.time[:40]))
            raw = f"{row.pin}\t{row.time[:40]}\t{row.status}\t{row.verify}\tuid={row.uid}"
            unreadable.append(IncomingRejected(index, raw, RejectReason.BAD_DATETIME, message))
            continue
        records.append(
            AgentRecord(row.pin, local_time, row.status, row.verify, row.workcode[:20], row.uid)
        )
    return records, unreadable


@router.post("/agent/punches", response=PunchBatchOut)
def agent_punches(request: HttpRequest, batch: PunchBatchIn) -> PunchBatchOut:
    """Store one batch of punches read from one machine; answered after the commit."""
    records, unreadable = _records(batch.records)
    try:
        result = agent_punches_receive(
            agent=_agent(request),
            sn=batch.sn,
            batch_id=batch.batch_id,
            records=records,
            rejected=unreadable,
        )
    except AgentRefused as error:
        raise HttpError(403, _(error.message) % error.params) from None
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from None
    return PunchBatchOut(
        batch_id=batch.batch_id,
        received=result.received,
        accepted=result.new,
        duplicates=result.duplicate,
        unmatched=result.unmatched,
        quarantined=result.quarantined,
    )


@router.post("/agent/users", response=MachineUsersOut)
def agent_users(request: HttpRequest, body: MachineUsersIn) -> MachineUsersOut:
    """The user list the agent read from one machine (PIN, name, card, privilege), for
    matching the machine's users to employees; it replaces nothing else."""
    try:
        records = [machine_user_record(u.pin, u.name, u.card, u.privilege) for u in body.users]
        stored = agent_machine_users_receive(agent=_agent(request), sn=body.sn, users=records)
    except AgentRefused as error:
        raise HttpError(403, _(error.message) % error.params) from None
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from None
    return MachineUsersOut(sn=body.sn, stored=stored)


@router.post("/agent/health", response=HealthOut)
def agent_health(request: HttpRequest, health: HealthIn) -> HealthOut:
    """The agent's own health and each machine's; answered with the server's clock."""
    agent = _agent(request)
    report = health.model_dump(mode="json", exclude={"version"})
    machines = [
        MachineReport(
            sn=m.sn,
            name=m.name,
            host=m.host,
            reachable=m.reachable,
            error=m.error,
            checked_at=m.checked_at,
            clock_drift_seconds=m.clock_drift_seconds,
            users=m.users,
            fingerprints=m.fingerprints,
            records=m.records,
        )
        for m in health.machines
    ]
    try:
        refused = agent_health_report(
            agent=agent, version=health.version, report=report, machines=machines
        )
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from None
    return HealthOut(**_config(agent), refused=refused)


@router.get("/agent/config", response=ConfigOut)
def agent_config(request: HttpRequest) -> ConfigOut:
    """Who the agent is for the server, and the server's clock (the agent sets machines by it)."""
    return ConfigOut(**_config(_agent(request)))
