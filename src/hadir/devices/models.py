"""Fingerprint machines (devices) of the region."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class Device(models.Model):
    """A machine known by its serial number (SN).

    A machine that contacts Hadir for the first time is registered as PENDING: its data is kept
    but not counted until an operator approves it and assigns its unit.
    """

    sn = models.CharField(_("serial number"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="devices"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DeviceState.choices, default=DeviceState.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sn"]

    def __str__(self) -> str:
        return self.name or self.sn

    @property
    def counts_punches(self) -> bool:
        return self.state == DeviceState.ACTIVE
