"""The same limits as pydantic types, for django-ninja schemas and query parameters: a value
out of range is refused by ninja's own validation (422) before any code runs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.utils.translation import gettext
from pydantic import AfterValidator, Field

from hadir.edge import limits
from hadir.edge.errors import EdgeError
from hadir.edge.values import NUL_IN_TEXT, date_value, datetime_value

Latitude = Annotated[
    float, Field(ge=limits.LATITUDE_MIN, le=limits.LATITUDE_MAX, allow_inf_nan=False)
]
Longitude = Annotated[
    float, Field(ge=limits.LONGITUDE_MIN, le=limits.LONGITUDE_MAX, allow_inf_nan=False)
]
AccuracyMetres = Annotated[float, Field(ge=0, le=limits.ACCURACY_MAX_M, allow_inf_nan=False)]
SmallInt = Annotated[int, Field(ge=limits.SMALL_INT_MIN, le=limits.SMALL_INT_MAX)]
PositiveInt = Annotated[int, Field(ge=0, le=limits.POSITIVE_INT_MAX)]
Int32 = Annotated[int, Field(ge=-limits.POSITIVE_INT_MAX - 1, le=limits.POSITIVE_INT_MAX)]
Offset = Annotated[int, Field(ge=0, le=limits.OFFSET_MAX)]
RowId = Annotated[int, Field(ge=1, le=limits.ID_MAX)]


def _no_nul(value: str) -> str:
    """PostgreSQL cannot store a NUL character in text (SQLite would keep it silently)."""
    if "\x00" in value:
        raise ValueError(gettext(NUL_IN_TEXT))
    return value


FreeText = Annotated[str, Field(max_length=limits.TEXT_MAX_LENGTH), AfterValidator(_no_nul)]


def _supported_date(value: date) -> date:
    try:
        return date_value(value)
    except EdgeError as error:
        raise ValueError(error.text) from None


def _supported_datetime(value: datetime) -> datetime:
    try:
        return datetime_value(value)
    except EdgeError as error:
        raise ValueError(error.text) from None


SupportedDate = Annotated[date, AfterValidator(_supported_date)]
SupportedDateTime = Annotated[datetime, AfterValidator(_supported_datetime)]
Parameter = Annotated[str, Field(max_length=limits.PARAMETER_MAX_LENGTH), AfterValidator(_no_nul)]
