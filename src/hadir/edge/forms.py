"""The same limits for Django forms: a date field that refuses dates outside the supported
years (a leave from 0001-01-01 or to 9999-12-31) with the edge message."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from hadir.edge.values import date_value


class SupportedDateField(forms.DateField):
    def to_python(self, value: Any) -> date | None:
        day = super().to_python(value)
        return None if day is None else date_value(day)
