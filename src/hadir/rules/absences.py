"""Approved absences (cuti, sakit, izin, dinas luar, ...) as plain data.

Only approved requests reach the rules: the caller filters out pending (diajukan) and
rejected (ditolak) ones (DOMAIN.md section 6, request states).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from hadir.rules.codes import ABSENCE_CODE, AbsenceKind, DayCode, LeaveType

LEAVE_TYPE_REQUIRED = "An approved cuti needs a leave_type (PP 11/2017)."
LEAVE_TYPE_ONLY_FOR_CUTI = "leave_type is only meaningful for AbsenceKind.CUTI."
RANGE_REVERSED = "first_day must not be after last_day."

# When two approved absences cover the same day, the official assignment wins over the
# personal one, so the result does not depend on the order requests were approved in.
_PRIORITY: dict[AbsenceKind, int] = {
    AbsenceKind.DINAS_LUAR: 0,
    AbsenceKind.DIKLAT: 1,
    AbsenceKind.TUGAS_BELAJAR: 2,
    AbsenceKind.CUTI: 3,
    AbsenceKind.SAKIT: 4,
    AbsenceKind.IZIN: 5,
    AbsenceKind.FWA: 6,
}


@dataclass(frozen=True, slots=True)
class ApprovedAbsence:
    """An approved request covering ``first_day`` to ``last_day`` inclusive."""

    kind: AbsenceKind
    first_day: date
    last_day: date
    leave_type: LeaveType | None = None
    reference: str = ""  # e.g. the request number or the SPT number, shown to users

    def __post_init__(self) -> None:
        if self.first_day > self.last_day:
            raise ValueError(RANGE_REVERSED)
        if self.kind is AbsenceKind.CUTI and self.leave_type is None:
            raise ValueError(LEAVE_TYPE_REQUIRED)
        if self.kind is not AbsenceKind.CUTI and self.leave_type is not None:
            raise ValueError(LEAVE_TYPE_ONLY_FOR_CUTI)

    @property
    def code(self) -> DayCode:
        return ABSENCE_CODE[self.kind]

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


def absence_on(day: date, absences: Iterable[ApprovedAbsence]) -> ApprovedAbsence | None:
    """The approved absence that applies to ``day``, or None.

    Rule: if several cover the day, official duty (DL, then diklat, then tugas belajar) wins
    over cuti, sakit, izin and flexible work; ties go to the earliest start. The order of the
    input never matters.
    """
    best: ApprovedAbsence | None = None
    for absence in absences:
        if absence.first_day <= day <= absence.last_day and (
            best is None
            or (_PRIORITY[absence.kind], absence.first_day, absence.last_day, absence.reference)
            < (_PRIORITY[best.kind], best.first_day, best.last_day, best.reference)
        ):
            best = absence
    return best
