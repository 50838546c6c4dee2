"""Health of a machine in plain words, and its clock drift. Pure functions: the caller passes
the current time and the thresholds.

Clock drift: a PUSH machine never tells us its clock directly (no field of the handshake,
``getrequest`` or ``INFO`` carries it). What it does give us are punch times: with
``Realtime=1`` (our handshake) a machine uploads each punch within seconds, so for a small
upload from a machine that was in touch a moment ago, *newest punch time - time received*
is the drift (minus a few seconds of latency). Larger uploads (a backlog, a resend, a
backfill) say nothing about the clock and are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.utils.timesince import timesince
from django.utils.translation import gettext as _

REALTIME_BATCH_MAX = 3
CONTACT_WINDOW = timedelta(minutes=5)
CLOCK_FIX_INTERVAL = timedelta(hours=1)


def drift_from_realtime_upload(
    *,
    newest_punch: datetime,
    received_at: datetime,
    batch_size: int,
    previous_contact: datetime | None,
) -> int | None:
    """Seconds the machine's clock is ahead (+) or behind (-), or None when this upload
    cannot tell: more than ``REALTIME_BATCH_MAX`` lines, or the machine was not in touch within
    ``CONTACT_WINDOW`` before (it may have been offline and is now catching up)."""
    if not 1 <= batch_size <= REALTIME_BATCH_MAX or previous_contact is None:
        return None
    if received_at - previous_contact > CONTACT_WINDOW:
        return None
    return round((newest_punch - received_at).total_seconds())


def clock_needs_fix(
    *,
    drift_seconds: int | None,
    threshold_seconds: int,
    last_fix_requested: datetime | None,
    now: datetime,
) -> bool:
    """Ask the machine to reset its clock when the drift passes the threshold, at most once
    per ``CLOCK_FIX_INTERVAL`` (a machine that ignores the fix is not asked every minute)."""
    if drift_seconds is None or abs(drift_seconds) <= threshold_seconds:
        return False
    return last_fix_requested is None or now - last_fix_requested >= CLOCK_FIX_INTERVAL


class Condition(StrEnum):
    PENDING = "pending"
    RETIRED = "retired"
    NEVER_SEEN = "never_seen"
    OFFLINE = "offline"
    ONLINE = "online"


@dataclass(frozen=True, slots=True)
class Health:
    condition: Condition
    text: str
    clock_warning: str

    @property
    def is_problem(self) -> bool:
        return self.condition in (Condition.NEVER_SEEN, Condition.OFFLINE) or bool(
            self.clock_warning
        )


def device_health(
    *,
    state: str,
    last_seen: datetime | None,
    drift_seconds: int | None,
    now: datetime,
    offline_after: timedelta,
    drift_threshold_seconds: int,
) -> Health:
    """The machine's status as one plain sentence (in the active language)."""
    clock = ""
    if drift_seconds is not None and abs(drift_seconds) > drift_threshold_seconds:
        amount = timesince(now - timedelta(seconds=abs(drift_seconds)), now, depth=1)
        if drift_seconds > 0:
            clock = _("The machine's clock is %(amount)s fast.") % {"amount": amount}
        else:
            clock = _("The machine's clock is %(amount)s slow.") % {"amount": amount}
    if state == "pending":
        return Health(Condition.PENDING, _("Waiting for approval"), clock)
    if state == "retired":
        return Health(Condition.RETIRED, _("No longer in use"), clock)
    if last_seen is None:
        return Health(Condition.NEVER_SEEN, _("Never connected"), clock)
    ago = timesince(last_seen, now, depth=1)
    if now - last_seen > offline_after:
        return Health(Condition.OFFLINE, _("Not connected since %(ago)s ago") % {"ago": ago}, clock)
    return Health(Condition.ONLINE, _("Connected, last seen %(ago)s ago") % {"ago": ago}, clock)
