"""Events a person must attend (apel, upacara, senam...) and what missing one costs.

Sources: DOMAIN.md sections 3-4: many Perbup deduct for a missed Monday apel or upacara
(2 % in Kab. Tulang Bawang, 4 % in Kab. TTU, each of apel/upacara/senam) and Kota Pekalongan
checks three points a day (in, apel, out). The caller passes, for each event the person was
due at on the day, the moments that may show attendance (a punch on a machine of the
person's unit, a phone capture at the event's place) and whether the head ticked the person
on the event's list; the rules decide.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from hadir.rules.codes import EVENT_CODE, DayCode, EventKind

if TYPE_CHECKING:
    from hadir.rules.day import DayResult


class EventVerdict(StrEnum):
    ATTENDED = "attended"
    MISSED = "missed"
    EXCUSED = "excused"  # an approved absence (leave, sick, DL...) covers the day
    ABSENT_DAY = "absent_day"  # TK: the day's own deduction already covers the event
    PENDING = "pending"  # the day is not over: not judged yet


@dataclass(frozen=True, slots=True)
class EventOccurrence:
    """One event one person was due at on one day (naive local times of the region).

    ``marks`` are the moments that may show attendance, already limited to the right
    machines and places by the caller; only those inside ``starts``..``ends`` count.
    ``on_list``: the head (or operator) ticked the person on the event's attendance list.
    """

    name: str
    kind: EventKind
    starts: datetime
    ends: datetime
    marks: tuple[datetime, ...] = ()
    on_list: bool = False

    @property
    def code(self) -> DayCode:
        return EVENT_CODE[self.kind]


@dataclass(frozen=True, slots=True)
class EventOutcome:
    occurrence: EventOccurrence
    verdict: EventVerdict
    attended_at: datetime | None = None  # the first mark inside the window

    @property
    def by_list(self) -> bool:
        return self.verdict is EventVerdict.ATTENDED and self.attended_at is None


def judge_event(result: DayResult, occurrence: EventOccurrence) -> EventOutcome:
    """Whether the person attended one event on the day of ``result``.

    Rule, in order: a day not over is not judged (pending); an approved absence (leave,
    sick, DL, training, flexible work...) excuses the event; a TK day is not judged again
    (absence for the whole day already costs the TK deduction); otherwise the person
    attended when a mark falls inside the event's window (start and end included) or the
    head ticked them on the list, and missed it if not.
    """
    if result.in_progress:
        return EventOutcome(occurrence, EventVerdict.PENDING)
    if result.absence is not None:
        return EventOutcome(occurrence, EventVerdict.EXCUSED)
    if DayCode.TK in result.codes:
        return EventOutcome(occurrence, EventVerdict.ABSENT_DAY)
    inside = [at for at in occurrence.marks if occurrence.starts <= at <= occurrence.ends]
    if inside:
        return EventOutcome(occurrence, EventVerdict.ATTENDED, min(inside))
    if occurrence.on_list:
        return EventOutcome(occurrence, EventVerdict.ATTENDED)
    return EventOutcome(occurrence, EventVerdict.MISSED)


def judge_events(result: DayResult, occurrences: Sequence[EventOccurrence]) -> DayResult:
    """``result`` with its events judged: each missed event adds its code (TA, TUP, TSN,
    TKG) beside the day's own codes. A day off has no events (nobody is due on it)."""
    if not occurrences or not result.working_day:
        return result
    outcomes = tuple(judge_event(result, occurrence) for occurrence in occurrences)
    missed = tuple(o.occurrence.code for o in outcomes if o.verdict is EventVerdict.MISSED)
    return dataclasses.replace(result, codes=result.codes + missed, events=outcomes)
