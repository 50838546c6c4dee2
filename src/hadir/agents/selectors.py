"""Reads about LAN agents for pages."""

from __future__ import annotations

from hadir.agents.models import AgentMachine
from hadir.devices.models import Device


def agent_reading(device: Device) -> AgentMachine | None:
    """Which agent reads this machine and what it last reported, or None (a PUSH machine)."""
    return AgentMachine.objects.select_related("agent").filter(device=device).first()
