"""What each kind of request needs, as a table (one row per kind), and what it becomes.

Kinds with entries (manual sheet, correction, phone attendance) become punches through the
one ingestion service when they come into force; the other kinds become an
``ApprovedAbsence`` that the rules engine reads (C, S, I, DL, TB, DIK, FWA).
"""

from __future__ import annotations

from dataclasses import dataclass

from hadir.requests.models import RequestKind
from hadir.rules import AbsenceKind


@dataclass(frozen=True, slots=True)
class KindRule:
    """``evidence``: a file is required (the signed sheet, the doctor's letter);
    ``spt``: the assignment letter number is required; ``reason``: a reason is required;
    ``absence``: the absence it gives the days, None for kinds that become punches."""

    evidence: bool = False
    spt: bool = False
    reason: bool = False
    absence: AbsenceKind | None = None

    @property
    def has_entries(self) -> bool:
        return self.absence is None


KIND_RULES: dict[str, KindRule] = {
    RequestKind.MANUAL_ATTENDANCE: KindRule(evidence=True, reason=True),
    RequestKind.PUNCH_CORRECTION: KindRule(reason=True),
    RequestKind.IZIN: KindRule(reason=True, absence=AbsenceKind.IZIN),
    RequestKind.SAKIT: KindRule(evidence=True, absence=AbsenceKind.SAKIT),
    RequestKind.CUTI: KindRule(absence=AbsenceKind.CUTI),
    RequestKind.DINAS_LUAR: KindRule(spt=True, absence=AbsenceKind.DINAS_LUAR),
    RequestKind.TUGAS_BELAJAR: KindRule(spt=True, absence=AbsenceKind.TUGAS_BELAJAR),
    RequestKind.DIKLAT: KindRule(spt=True, absence=AbsenceKind.DIKLAT),
    RequestKind.FWA: KindRule(reason=True, absence=AbsenceKind.FWA),
    # The selfie is attached by the phone service right after the request is made.
    RequestKind.PHONE_ATTENDANCE: KindRule(reason=True),
}


def kind_rule(kind: str) -> KindRule:
    return KIND_RULES[kind]
