"""Reads about LAN agents for pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hadir.agents.models import AgentMachine
from hadir.devices.models import Device


@dataclass(frozen=True, slots=True)
class AgentReading:
    """Which agent reads a machine, what it last said of it, and its own backlog."""

    agent_name: str
    reported_at: datetime
    host: str
    reachable: bool
    error: str
    waiting: int
    oldest_waiting: datetime | None


def _parse(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def agent_reading(device: Device) -> AgentReading | None:
    """The agent reading this machine, or None (a PUSH machine, or never read by an agent)."""
    link = AgentMachine.objects.select_related("agent").filter(device=device).first()
    if link is None:
        return None
    health = link.agent.health or {}
    return AgentReading(
        agent_name=link.agent.name,
        reported_at=link.reported_at,
        host=link.host,
        reachable=link.reachable,
        error=link.error,
        waiting=int(health.get("outbox_waiting") or 0),
        oldest_waiting=_parse(health.get("oldest_waiting")),
    )
