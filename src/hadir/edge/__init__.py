"""Validation at the edge: one parser per kind of value that comes from outside.

Pages, exports, the JSON API, machine endpoints, the agent and phone APIs and the CLI all
read months, years, dates, coordinates, offsets, codes and small numbers through the
functions here, so the same value is refused the same way, with the same Indonesian words,
wherever it arrives. Limits are named constants in ``limits``; each refusal is an
``EdgeError`` (a Django ``ValidationError``) naming the value and saying what to do.
"""

from hadir.edge.errors import EdgeError
from hadir.edge.values import (
    accuracy_value,
    code_value,
    date_value,
    datetime_value,
    id_value,
    latitude_value,
    limit_value,
    longitude_value,
    month_value,
    nip_value,
    offset_value,
    pin_value,
    small_int_value,
    text_value,
    time_of_day_value,
    year_value,
)

__all__ = [
    "EdgeError",
    "accuracy_value",
    "code_value",
    "date_value",
    "datetime_value",
    "id_value",
    "latitude_value",
    "limit_value",
    "longitude_value",
    "month_value",
    "nip_value",
    "offset_value",
    "pin_value",
    "small_int_value",
    "text_value",
    "time_of_day_value",
    "year_value",
]
