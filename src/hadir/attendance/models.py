"""Derived attendance: one result per employee-day, the marks that say what to recompute,
and the locks that freeze a unit's month once BKD has verified it."""

from __future__ import annotations

from django.db import models


class DirtyDay(models.Model):
    """An employee-day whose result must be recomputed (new punch, request, schedule...).

    ``held`` marks days of a locked month: they wait until BKD reopens the month, so a
    verified recap never changes silently.
    """

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    marked_at = models.DateTimeField(auto_now=True)
    held = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee", "day"], name="unique_dirty_day")]
        indexes = [models.Index(fields=["held", "marked_at"])]

    def __str__(self) -> str:
        return f"{self.employee_id}@{self.day}"


class DayRecord(models.Model):
    """The rules engine's result for one employee on one day, as stored for pages and API.

    ``codes`` holds the day codes separated by spaces (``"TL2 PSW1"``); ``explanation`` is the
    Indonesian text shown to people. Recomputing replaces the row; nothing edits it by hand.
    ``settles_at`` is set while the day is still going on (``hadir.rules.progress``): the
    moment it ends, when the worker computes it again (``settle_days_in_progress``); its codes
    until then hold at most a late arrival and never count in a recap.
    """

    # No index of its own: ``one_record_a_day`` (employee, day) serves every lookup by
    # employee, and each index costs a B-tree write for every stored row (issue 15).
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    unit = models.ForeignKey(  # (unit, day) below serves lookups by unit
        "org.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    codes = models.CharField(max_length=40)
    working_day = models.BooleanField()
    check_in = models.DateTimeField(null=True, blank=True)
    check_out = models.DateTimeField(null=True, blank=True)
    late_minutes = models.PositiveSmallIntegerField(default=0)
    early_minutes = models.PositiveSmallIntegerField(default=0)
    leave_type = models.CharField(max_length=20, blank=True)
    explanation = models.TextField(blank=True)
    computed_at = models.DateTimeField()
    settles_at = models.DateTimeField(null=True, blank=True)
    # A digest of the day's inputs, the engine's version and the columns above
    # (``hadir.attendance.day_fingerprint``): a recompute skips a day whose digest still
    # matches. Null until the day is next computed.
    fingerprint = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee", "day"], name="one_record_a_day")]
        indexes = [
            models.Index(fields=["unit", "day"]),
            # Only days in progress carry ``settles_at``: the index holds those few rows, not
            # one entry per stored day (a month of a region writes 300,000 rows, issue 15).
            models.Index(
                fields=["settles_at"],
                name="day_record_settles_at",
                condition=models.Q(settles_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}@{self.day}: {self.codes}"

    @property
    def code_list(self) -> list[str]:
        return self.codes.split()

    @property
    def in_progress(self) -> bool:
        """The day was not over when computed (``settles_at`` says when it ends)."""
        return self.settles_at is not None


class MonthTally(models.Model):
    """One employee's days in one unit and month, counted (``hadir.rules.DayTally``, as JSON
    text: ``hadir.attendance.tallies``): what the region's TPP list and the payroll file
    read instead of every day row. Derived from ``DayRecord`` only, in the same transaction
    that stores the days (``day_records_store``), so it is never older than they are; the
    policy and the TPP base are applied when it is read, so their changes need no rewrite.
    ``hadir tallies --check`` compares every row with the days; ``--rebuild`` rewrites them.
    """

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    unit = models.ForeignKey(  # as the days' unit; (unit, month) below serves the lists
        "org.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        db_index=False,
    )  # fmt: skip
    month = models.DateField(help_text="first day of the month")
    tally = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "month", "unit"], name="one_tally_per_employee_unit_month"
            )
        ]
        indexes = [models.Index(fields=["unit", "month"])]

    def __str__(self) -> str:
        return f"{self.employee_id}@{self.month:%Y-%m} in {self.unit_id}"


class PeriodLock(models.Model):
    """A unit's month frozen after verification; recomputes for it wait (``DirtyDay.held``)."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="first day of the month")
    locked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="one_lock_per_unit_month")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.month:%Y-%m}"


class ParkedDay(models.Model):
    """An employee-day the recompute could not evaluate, set aside so every other day goes on.

    The error (exception type and message, never personal data in logs) stays for Diskominfo
    and BKD to see. A new mark for the day (its inputs changed) or a retry from the page or
    ``hadir recompute --retry-parked`` tries it again; a successful compute removes the row.
    """

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    error_type = models.CharField(max_length=100)
    error_message = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveIntegerField(default=1)
    first_failed_at = models.DateTimeField()
    last_failed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee", "day"], name="one_parked_day")]
        ordering = ["day", "employee_id"]

    def __str__(self) -> str:
        return f"{self.employee_id}@{self.day}: {self.error_type}"


class InputsStamp(models.Model):
    """One row (id 1): a random number that triggers replace whenever a region-wide input of
    the recompute changes (policy, calendar, schedules, shifts, overrides, events, units), so
    a process may keep those inputs between batches while it is the same
    (``hadir.attendance.region_inputs``)."""

    value = models.BigIntegerField()

    def __str__(self) -> str:
        return str(self.value)
