"""Day codes and the kinds of approved absence.

Sources: DOMAIN.md section 3 (the day codes regional systems share) and section 6 (valid
absences; leave types of PP 11/2017 jo. PP 17/2020, Peraturan BKN 24/2017 jo. 7/2021).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class DayCode(StrEnum):
    """One code on a day's result. A day carries one code, or two (late and early: TL2, PSW1)."""

    H = "H"  # hadir: in and out punches, neither late nor early
    TL1 = "TL1"  # terlambat (late arrival), band 1
    TL2 = "TL2"
    TL3 = "TL3"
    TL4 = "TL4"
    PSW1 = "PSW1"  # pulang sebelum waktu (early leave), band 1
    PSW2 = "PSW2"
    PSW3 = "PSW3"
    PSW4 = "PSW4"
    TAM = "TAM"  # tidak absen masuk (no punch-in)
    TAP = "TAP"  # tidak absen pulang (no punch-out)
    TK = "TK"  # tanpa keterangan (absent without an approved reason)
    C = "C"  # cuti (leave; the leave type is kept beside the code)
    S = "S"  # sakit (sick, approved)
    I = "I"  # noqa: E741 - the code regional systems use for izin (permission)
    DL = "DL"  # dinas luar (official duty outside the office)
    TB = "TB"  # tugas belajar (study assignment)
    DIK = "DIK"  # diklat (training)
    L = "L"  # libur (holiday or day off by schedule)
    FWA = "FWA"  # kerja fleksibel / WFH, approved and punched: counted as present
    # Missed events (apel, upacara, senam...): added beside the day's own codes, each with
    # the deduction of ``event_missed_pct`` (hadir.rules.events; DOMAIN.md section 3).
    TA = "TA"  # tidak apel (missed the apel)
    TUP = "TUP"  # tidak upacara (missed the ceremony)
    TSN = "TSN"  # tidak senam (missed the group exercise)
    TKG = "TKG"  # tidak ikut kegiatan (missed another event the region set)


LATE_CODES: tuple[DayCode, ...] = (DayCode.TL1, DayCode.TL2, DayCode.TL3, DayCode.TL4)
EARLY_CODES: tuple[DayCode, ...] = (DayCode.PSW1, DayCode.PSW2, DayCode.PSW3, DayCode.PSW4)
MAX_BANDS = len(LATE_CODES)

PRESENT_CODES: frozenset[DayCode] = frozenset(
    {DayCode.H, *LATE_CODES, *EARLY_CODES, DayCode.TAM, DayCode.TAP, DayCode.FWA}
)
"""Codes that mean the employee was at work (or working flexibly) that day."""


class EventKind(StrEnum):
    """Kinds of event a region may hold and deduct for missing (DOMAIN.md sections 3-4)."""

    APEL = "apel"  # apel pagi / apel sore
    UPACARA = "upacara"  # upacara (Monday ceremony, national days)
    SENAM = "senam"  # senam (Friday group exercise)
    OTHER = "other"  # any other event (e.g. a meeting every unit attends)


EVENT_CODE: Mapping[EventKind, DayCode] = MappingProxyType(
    {
        EventKind.APEL: DayCode.TA,
        EventKind.UPACARA: DayCode.TUP,
        EventKind.SENAM: DayCode.TSN,
        EventKind.OTHER: DayCode.TKG,
    }
)
"""The code a missed event of each kind adds to the day."""

EVENT_KIND_OF: Mapping[DayCode, EventKind] = MappingProxyType(
    {code: kind for kind, code in EVENT_CODE.items()}
)
EVENT_CODES: frozenset[DayCode] = frozenset(EVENT_CODE.values())


class AbsenceKind(StrEnum):
    """The kind of an approved request that excuses a working day (DOMAIN.md section 6)."""

    CUTI = "cuti"
    SAKIT = "sakit"
    IZIN = "izin"
    DINAS_LUAR = "dinas_luar"
    TUGAS_BELAJAR = "tugas_belajar"
    DIKLAT = "diklat"
    FWA = "fwa"  # flexible work / WFH (PermenPANRB 4/2025): attendance is still recorded


class LeaveType(StrEnum):
    """Leave types of PP 11/2017 jo. PP 17/2020 (cuti PNS); PPPK use a subset."""

    TAHUNAN = "tahunan"
    BESAR = "besar"
    SAKIT = "sakit"
    MELAHIRKAN = "melahirkan"
    ALASAN_PENTING = "alasan_penting"
    BERSAMA = "bersama"
    CLTN = "cltn"  # cuti di luar tanggungan negara (unpaid)


ABSENCE_CODE: Mapping[AbsenceKind, DayCode] = MappingProxyType(
    {
        AbsenceKind.CUTI: DayCode.C,
        AbsenceKind.SAKIT: DayCode.S,
        AbsenceKind.IZIN: DayCode.I,
        AbsenceKind.DINAS_LUAR: DayCode.DL,
        AbsenceKind.TUGAS_BELAJAR: DayCode.TB,
        AbsenceKind.DIKLAT: DayCode.DIK,
        AbsenceKind.FWA: DayCode.FWA,
    }
)
"""The day code an approved absence of each kind gives a working day."""


class EmployeeType(StrEnum):
    """Employee types with their own discipline tables (PP 94/2021; PP 49/2018 for PPPK)."""

    PNS = "pns"
    PPPK = "pppk"
    NON_ASN = "non_asn"


class Sanction(StrEnum):
    """Disciplinary sanctions for unexcused absence (PP 94/2021; DOMAIN.md section 5)."""

    NONE = "none"
    TEGURAN_LISAN = "teguran_lisan"
    TEGURAN_TERTULIS = "teguran_tertulis"
    PERNYATAAN_TIDAK_PUAS = "pernyataan_tidak_puas"
    POTONGAN_TPP_6_BULAN = "potongan_tpp_25_6_bulan"
    POTONGAN_TPP_9_BULAN = "potongan_tpp_25_9_bulan"
    POTONGAN_TPP_12_BULAN = "potongan_tpp_25_12_bulan"
    PENURUNAN_JABATAN = "penurunan_jabatan"
    PEMBEBASAN_JABATAN = "pembebasan_jabatan"
    PEMBERHENTIAN = "pemberhentian"
    PEMUTUSAN_PERJANJIAN_KERJA = "pemutusan_perjanjian_kerja"
