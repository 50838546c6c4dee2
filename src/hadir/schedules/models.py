"""Working hours as data: weekly schedules, who follows which and when, Ramadan-style
override periods, shift rosters, the regional calendar and the region's policy file.

The rules themselves (which punch is arrival, what is late) live in ``hadir.rules``; these
tables are what ``hadir.attendance.inputs`` turns into the rules' plain inputs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class WorkSchedule(models.Model):
    """A named weekly pattern. ``hours`` has 7 entries, Monday first: ``["07:30", "16:00"]``
    or null for a day off. A schedule with ``is_roster`` takes its days from RosterEntry."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    hours = models.JSONField(default=list, blank=True)
    is_roster = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ScheduleAssignment(models.Model):
    """A schedule for a whole unit, or for one employee (which wins), from a date."""

    schedule = models.ForeignKey(WorkSchedule, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True, employee__isnull=False)
                | Q(unit__isnull=False, employee__isnull=True),
                name="schedule_assignment_unit_xor_employee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id}@{self.unit_id or self.employee_id} {self.valid_from}"


class ScheduleOverride(models.Model):
    """A dated period (Ramadan) during which schedules are replaced by others.

    ``replacements`` maps a schedule code to the code used instead (``{"5HK": "5HK-RAMADAN"}``).
    """

    name = models.CharField(_("name"), max_length=100)
    first_day = models.DateField()
    last_day = models.DateField()
    replacements = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.name} {self.first_day}..{self.last_day}"


class Shift(models.Model):
    """A named shift for rosters (``P`` Pagi 07:00-14:00, ``M`` Malam 21:00-07:00)."""

    code = models.CharField(max_length=10, unique=True)
    label = models.CharField(max_length=50)
    start = models.TimeField()
    end = models.TimeField()

    def __str__(self) -> str:
        return f"{self.code} {self.start:%H:%M}-{self.end:%H:%M}"


class RosterEntry(models.Model):
    """One employee's shift on one date; no shift means a rostered day off."""

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "day"], name="one_roster_entry_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}@{self.day}:{self.shift_id or '-'}"


class CalendarEntryKind(models.TextChoices):
    DAY_OFF = "day_off", _("Regional day off")
    WORKING_DAY = "working_day", _("Extra working day")


class CalendarEntry(models.Model):
    """The region's own calendar on top of national holidays and cuti bersama."""

    day = models.DateField(unique=True)
    kind = models.CharField(max_length=20, choices=CalendarEntryKind.choices)
    name = models.CharField(max_length=100)
    follows_weekday = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


class HolidayWorkingUnit(models.Model):
    """A unit that works through holidays (hospital, puskesmas, fire brigade)."""

    unit = models.OneToOneField("org.Unit", on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return str(self.unit_id)


class PolicyDocument(models.Model):
    """The region's policy file (``docs/policy-file.md``); the newest row is in force.

    Rows are never edited: each change is a new row, so past versions stay readable.
    """

    text = models.TextField()
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"policy {self.created_at:%Y-%m-%d %H:%M}"
