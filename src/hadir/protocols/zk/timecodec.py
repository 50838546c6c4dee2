"""Machine time as the protocol carries it: one uint32 counting "ZK seconds".

Every month is counted as 31 days and every year as 12 such months, from 2000-01-01:
``((Y % 100) * 12 * 31 + (M - 1) * 31 + D - 1) * 86400 + h * 3600 + m * 60 + s``.
So not every value is a real date (2024-02-30 has a code). Times are the machine's local
wall-clock time: naive datetimes, with no time zone and no UTC conversion.
"""

from __future__ import annotations

from datetime import datetime

from hadir.protocols.zk.errors import ZkDecodeError

FIRST_YEAR = 2000
LAST_YEAR = 2099
_SECONDS_PER_DAY = 86400


def encode_time(value: datetime) -> int:
    """The uint32 for a naive local datetime in 2000..2099 (microseconds are dropped)."""
    if value.tzinfo is not None:
        raise ValueError("machine time is local wall-clock time: pass a naive datetime")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"the protocol encodes years {FIRST_YEAR}-{LAST_YEAR}, not {value.year}")
    days = (value.year % 100) * 12 * 31 + (value.month - 1) * 31 + value.day - 1
    return days * _SECONDS_PER_DAY + value.hour * 3600 + value.minute * 60 + value.second


def decode_time(value: int) -> datetime:
    """The naive local datetime for a uint32; ZkDecodeError when it is not a real date."""
    if not 0 <= value <= 0xFFFFFFFF:
        raise ZkDecodeError(f"time value {value} is not a uint32")
    rest, second = divmod(value, 60)
    rest, minute = divmod(rest, 60)
    rest, hour = divmod(rest, 24)
    rest, day_index = divmod(rest, 31)
    year_index, month_index = divmod(rest, 12)
    year = FIRST_YEAR + year_index
    if year > LAST_YEAR:
        raise ZkDecodeError(f"time value {value} decodes to year {year}, after {LAST_YEAR}")
    try:
        # Machine clocks have no zone: the naive value is the fact we receive.
        return datetime(year, month_index + 1, day_index + 1, hour, minute, second)  # noqa: DTZ001
    except ValueError as exc:
        raise ZkDecodeError(
            f"time value {value} is not a real date "
            f"({year}-{month_index + 1:02d}-{day_index + 1:02d})"
        ) from exc
