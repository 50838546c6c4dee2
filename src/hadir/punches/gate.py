"""The plausibility gate: a punch dated before the region's start of records, or later than
now (plus a small clock tolerance), is not a punch anyone made. It is kept in quarantine with
its reason and never counted: one punch dated 1970 or 9999 must not poison a recompute.

The gate compares naive local times only (no time-zone conversion), so absurd years (year 1,
9999) are refused without any arithmetic that could overflow. It runs on the push hot path:
the bounds are computed once per batch, each punch costs two comparisons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

BEFORE_RECORDS = "before_records_start"
IN_FUTURE = "in_future"

BEFORE_RECORDS_MESSAGE = gettext_noop(
    "Punch dated %(when)s is before the region's start of records (%(start)s): not counted. "
    "If it is real history, ask BKD to import the file as history with a reason; if not, "
    "check the machine's date."
)
IN_FUTURE_MESSAGE = gettext_noop(
    "Punch dated %(when)s is later than now: not counted. Set the machine's date and time "
    "(or the phone's), then send the data again."
)


@dataclass(frozen=True, slots=True)
class PunchGate:
    """The window a punch's local time must fall in. ``earliest`` None: history import (only
    the future is checked)."""

    earliest: datetime | None
    latest: datetime
    start: date | None

    def refusal(self, local_time: datetime) -> str | None:
        """The reason code when ``local_time`` is implausible, else None."""
        if local_time > self.latest:
            return IN_FUTURE
        if self.earliest is not None and local_time < self.earliest:
            return BEFORE_RECORDS
        return None

    def message(self, reason: str, local_time: datetime) -> str:
        """The stored Indonesian message (quarantine is read by operators in the region)."""
        when = f"{local_time:%d-%m-%Y %H:%M:%S}" if local_time.year >= 1000 else str(local_time)
        with translation.override(settings.LANGUAGE_CODE):
            if reason == IN_FUTURE:
                return _(IN_FUTURE_MESSAGE) % {"when": when}
            start = f"{self.start:%d-%m-%Y}" if self.start else "-"
            return _(BEFORE_RECORDS_MESSAGE) % {"when": when, "start": start}


def punch_gate(*, now: datetime, tz: ZoneInfo, history: bool = False) -> PunchGate:
    """The gate for a batch received at ``now`` (aware). ``history``: a BKD history import,
    which may reach before the start of records (never into the future)."""
    from hadir.org.selectors import region_records_start

    local_now = now.astimezone(tz).replace(tzinfo=None)
    tolerance = timedelta(minutes=settings.HADIR_PUNCH_FUTURE_TOLERANCE_MINUTES)
    latest = local_now + tolerance
    if history:
        return PunchGate(earliest=None, latest=latest, start=None)
    start = region_records_start(local_now.date())
    return PunchGate(
        earliest=datetime.combine(start, datetime.min.time()), latest=latest, start=start
    )
