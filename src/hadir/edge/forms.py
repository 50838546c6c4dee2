"""The same limits for Django forms: a date field that refuses dates outside the supported
years (a leave from 0001-01-01 or to 9999-12-31) with the edge message."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from hadir.edge import limits
from hadir.edge.values import date_value


class SupportedDateField(forms.DateField):
    def to_python(self, value: Any) -> date | None:
        day = super().to_python(value)
        return None if day is None else date_value(day)


def _is_id(value: Any) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and 1 <= int(text) <= limits.ID_MAX


class IdChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A row chosen by id (not by a code): a value that cannot be an id (``²``, past 64
    bits, which the database driver would refuse with an error instead of "no such row") is
    an invalid choice before any query."""

    def to_python(self, value: Any) -> Any:
        by_id = self.to_field_name is None  # a code (``to_field_name``) is left to Django
        if by_id and value not in self.empty_values and not _is_id(value):
            message = self.error_messages["invalid_choice"]
            raise forms.ValidationError(message, code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Rows chosen by id, each refused as for ``IdChoiceField`` before any query."""

    def _check_values(self, value: Any) -> Any:
        for pk in value if self.to_field_name is None else ():
            if not _is_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:30]},
                )
        return super()._check_values(value)  # type: ignore[misc]
