"""LAN agents (server side): the PCs in units that read older machines over port 4370.

- :class:`AgentToken`: one agent, scoped to one unit, known by a device-scoped token (only a
  digest is stored) and the health it last reported.
- :class:`AgentMachine`: which agent reads which machine, and what it last said about it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgentToken(models.Model):
    """An agent's credentials. The token sends punches and health only for machines of
    ``unit`` (and its sub-units); it is never a user and opens no other endpoint."""

    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="agents")
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    version = models.CharField(max_length=40, blank=True)
    health = models.JSONField(default=dict, blank=True)
    health_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["unit", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="unique_agent_name_per_unit")
        ]

    def __str__(self) -> str:
        return self.name


class AgentMachine(models.Model):
    """The latest word of an agent about one machine it reads."""

    agent = models.ForeignKey(AgentToken, on_delete=models.CASCADE, related_name="machines")
    device = models.OneToOneField(
        "devices.Device", on_delete=models.CASCADE, related_name="agent_link"
    )
    host = models.CharField(max_length=100, blank=True)
    reachable = models.BooleanField(default=False)
    error = models.CharField(max_length=300, blank=True)
    reported_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.agent_id}:{self.device_id}"
