"""Derived attendance: day results per employee, and the marks that say what to recompute."""

from __future__ import annotations

from django.db import models


class DirtyDay(models.Model):
    """An employee-day whose result must be recomputed (new punch, request, schedule...)."""

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee", "day"], name="unique_dirty_day")]

    def __str__(self) -> str:
        return f"{self.employee_id}@{self.day}"
