"""Work schedules by code (``5HK``, ``6HK``, ``SHIFT``...), referred to by units and people.

The weekly times themselves are evaluated by the pure rules engine (``hadir.rules``); this
table names the schedules that imports and assignments may refer to.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkSchedule(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
