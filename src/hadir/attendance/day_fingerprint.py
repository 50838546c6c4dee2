"""A day's fingerprint: what lets a recompute skip a day whose inputs did not change.

Stored with each day result (``DayRecord.fingerprint``), it is a 64-bit digest of

- everything the rules engine reads for that employee-day, taken from the plain data it is
  handed (not from the database rows behind it, so a new kind of input cannot be missed
  by a query): the day's plan (schedule, shift, roster, holiday, Ramadan hours: resolved
  from the calendar), the policy in force, the punches in the day's windows, the approved
  absences over the day, the events due and their marks and ticks, the unit, whether the
  day is over at the time of the recompute, and the region's UTC offset (stored times);
- the engine's version: a digest of the source of the ``hadir.rules`` package and of the
  code that turns a result into a row, computed once per process, so a deploy that
  changes a rule or a message changes every fingerprint without anyone bumping a number;
- nothing of the stored row itself: reading every stored row's columns back to check them
  would cost about as much as computing them. A row edited in the database is caught by a
  trigger instead (migration ``0005_h15_skip_day_fingerprint``): an UPDATE that changes a
  result column clears the row's fingerprint, so the next recompute computes that day and
  repairs the row. The recompute never updates rows (it deletes and inserts them).

``repr`` of the frozen dataclasses the engine takes is their full content (no field that
matters is hidden from it, and no set whose order could vary between processes), so it
serves as their canonical text; events due, the one kind read on many days with content
of their own, are written out field by field instead (``_due_text``: same content, cheaper).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from importlib import import_module
from pathlib import Path

from hadir.rules import ApprovedAbsence, EventOccurrence, ExpectedShift, Policy, Punch
from hadir.rules.progress import day_in_progress
from hadir.rules.punches import punch_margins
from hadir.rules.schedule import DayOff

ONE_DAY = timedelta(days=1)
# Besides the rules package: the code between a result and its stored row.
ROW_MODULES = (
    "hadir.attendance.recompute",
    "hadir.attendance.day_fingerprint",
    "hadir.attendance.store",
    "hadir.bulk",
)
Plan = ExpectedShift | DayOff


def _source_files() -> list[Path]:
    rules = Path(import_module("hadir.rules").__file__ or "").parent
    files = sorted(p for p in rules.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files + [Path(import_module(name).__file__ or "") for name in ROW_MODULES]


@lru_cache(maxsize=1)
def engine_version() -> str:
    """A digest of the rules engine's source (every file of ``hadir.rules``, policies
    included) and of the modules that build rows from its results."""
    digest = hashlib.blake2b(digest_size=16)
    for path in _source_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# Every field of ``EventOccurrence``, in order: ``_due_text`` reads them all (a test holds
# this tuple to the dataclass, so a new field cannot be left out of the fingerprint).
OCCURRENCE_FIELDS = ("name", "kind", "starts", "ends", "marks", "on_list")


def _due_text(due: Sequence[EventOccurrence]) -> str:
    """The events due on a day, each field in full: what ``repr`` would say, without its
    cost (a month's apel days spent more time in ``repr`` than the engine did on them)."""
    return "\x1e".join(
        f"{o.name!r}\x1d{o.kind.value}\x1d{o.starts}\x1d{o.ends}"
        f"\x1d{' '.join(map(str, o.marks))}\x1d{o.on_list:d}"
        for o in due
    )


class DayInputs:
    """Fingerprints the days of a batch; objects many days share (plans are shared by
    everyone on one schedule, the policy by everyone) are digested once."""

    def __init__(self, utc_offset: timedelta, now: datetime | None) -> None:
        self.now = now
        self.prefix = f"{engine_version()}\x1f{utc_offset}"
        # id -> (object, digest): the object is kept so its id cannot be reused meanwhile.
        self._texts: dict[int, tuple[object, str]] = {}
        self._lists: dict[int, tuple[Sequence[Plan], list[tuple[Plan, str, datetime]]]] = {}

    def _text(self, thing: object) -> str:
        """A short digest of ``repr(thing)`` (a policy's runs to kilobytes)."""
        found = self._texts.get(id(thing))
        if found is None:
            digest = hashlib.blake2b(repr(thing).encode(), digest_size=12).hexdigest()
            found = self._texts[id(thing)] = (thing, digest)
        return found[1]

    def _plan_facts(self, plans: Sequence[Plan]) -> list[tuple[Plan, str, datetime]]:
        """Each plan with ``_text`` of it and its day's midnight; a list shared by many
        employees (the plans of one schedule, ``recompute._plans``) is worked out once."""
        found = self._lists.get(id(plans))
        if found is None:
            facts = [(p, self._text(p), datetime.combine(p.day, time.min)) for p in plans]
            found = self._lists[id(plans)] = (plans, facts)
        return found[1]

    def days(
        self,
        unit_id: int,
        plans: Sequence[Plan],
        policy: Policy,
        ordered: Sequence[Punch],
        absences: Sequence[ApprovedAbsence],
        events: dict[date, list[EventOccurrence]],
    ) -> Iterator[tuple[Plan, int, int, int]]:
        """Per plan: (plan, low, high, fingerprint). ``ordered`` holds the employee's punches
        as the engine orders them (``normalize_punches``); ``ordered[low:high]`` are those
        the day's windows can use (``hadir.rules.punches.punch_margins``): the slice the
        engine is handed and the fingerprint digests. The fingerprint is a signed 64-bit
        integer, as stored."""
        head = hashlib.blake2b(
            f"{self.prefix}\x1f{unit_id}\x1f{self._text(policy)}".encode(), digest_size=8
        )
        before, after = punch_margins(policy.punch_windows)
        times = [p.at for p in ordered]
        punch_texts = [f"{p.at}{p.direction or ''}" for p in ordered]
        now = self.now
        # Days before this one closed before now whatever their hours (``day_closes``).
        surely_over = date.max if now is None else (now - after - ONE_DAY).date()
        for plan, plan_text, midnight in self._plan_facts(plans):
            day = plan.day
            low = bisect_left(times, midnight - before)
            high = bisect_right(times, midnight + after, low)
            over = day < surely_over or not day_in_progress(plan, policy, now)
            absent = [a for a in absences if a.first_day <= day <= a.last_day] if absences else ()
            due = events.get(day) if events else None
            digest = head.copy()
            digest.update(
                f"{plan_text}\x1f{over:d}\x1f{' '.join(punch_texts[low:high])}"
                f"\x1f{repr(absent) if absent else ''}\x1f{_due_text(due) if due else ''}".encode()
            )
            yield plan, low, high, int.from_bytes(digest.digest(), "big", signed=True)
