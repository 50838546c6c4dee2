"""An event (apel, upacara, senam...) with its days, time window, place and units, and the
head's attendance list. Attendance itself is derived (``hadir.events.inputs``): from the
punch ledger, the phone captures that became punches, and this list."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hadir.rules.codes import EventKind


class Kind(models.TextChoices):
    APEL = EventKind.APEL.value, _("Apel")
    UPACARA = EventKind.UPACARA.value, _("Ceremony (upacara)")
    SENAM = EventKind.SENAM.value, _("Group exercise (senam)")
    OTHER = EventKind.OTHER.value, _("Other event")


class Recurrence(models.TextChoices):
    ONCE = "once", _("One day")
    WEEKLY = "weekly", _("Every week, on the chosen days")
    WORKING_DAYS = "working_days", _("Every working day")


class Event(models.Model):
    """An event the people of some units (or all) must attend.

    ``weekdays`` (0 = Monday) for a weekly event, ``day`` for a one-day event; an event on
    every working day is due on each day the person is expected at work. ``lat``/``lon``/
    ``radius_m``: the place where a phone capture counts (none: only machines and the list).
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    recurrence = models.CharField(_("repeats"), max_length=12, choices=Recurrence.choices)
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    day = models.DateField(_("date"), null=True, blank=True)
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    lat = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    lon = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    radius_m = models.PositiveIntegerField(
        _("radius (m)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(5000)],
    )
    all_units = models.BooleanField(_("all units"), default=False)
    units = models.ManyToManyField("org.Unit", blank=True, related_name="+")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_place(self) -> bool:
        return None not in (self.lat, self.lon, self.radius_m)


class EventAttendance(models.Model):
    """One person ticked present on the head's (or operator's) list of one event day."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="ticks")
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "employee", "day"], name="one_tick_a_day")
        ]
        indexes = [models.Index(fields=["employee", "day"])]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.employee_id}@{self.day}"
