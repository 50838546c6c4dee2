"""The one refusal every edge parser raises."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hadir.protocols._text import quote_for_message

SHOWN_VALUE_MAX = 40


def shown(value: object) -> str:
    """The refused value as it may be shown back: quoted, control characters visible and cut
    short, so a megabyte of junk or a NUL byte never ends up in a page or a log line."""
    return quote_for_message(str(value), SHOWN_VALUE_MAX)


class EdgeError(ValidationError):
    """A value from outside that Hadir refuses. ``str(error)`` is the translated message
    (English source, Indonesian in the catalogue) naming the value and what to do."""

    def __init__(self, message: str, **params: Any) -> None:
        self.template = message
        self.params_used = params
        super().__init__(gettext_lazy(message), params=params)

    @property
    def text(self) -> str:
        """The message in the active language, parameters filled in."""
        return _(self.template) % self.params_used

    def __str__(self) -> str:
        return self.text
