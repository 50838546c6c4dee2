"""Human labels, Bahasa Indonesia and English, for every enum value shown to users."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType
from typing import Literal

from hadir.rules.calendar import HolidayKind
from hadir.rules.codes import (
    AbsenceKind,
    DayCode,
    EmployeeType,
    EventKind,
    LeaveType,
    Sanction,
)
from hadir.rules.schedule import Weekday

Lang = Literal["id", "en"]

# fmt: off
_LABELS: tuple[tuple[Enum, str, str], ...] = (
    (DayCode.H, "Hadir", "Present"),
    (DayCode.TL1, "Terlambat rentang 1", "Late, band 1"),
    (DayCode.TL2, "Terlambat rentang 2", "Late, band 2"),
    (DayCode.TL3, "Terlambat rentang 3", "Late, band 3"),
    (DayCode.TL4, "Terlambat rentang 4", "Late, band 4"),
    (DayCode.PSW1, "Pulang sebelum waktu rentang 1", "Left early, band 1"),
    (DayCode.PSW2, "Pulang sebelum waktu rentang 2", "Left early, band 2"),
    (DayCode.PSW3, "Pulang sebelum waktu rentang 3", "Left early, band 3"),
    (DayCode.PSW4, "Pulang sebelum waktu rentang 4", "Left early, band 4"),
    (DayCode.TAM, "Tidak absen masuk", "No punch-in"),
    (DayCode.TAP, "Tidak absen pulang", "No punch-out"),
    (DayCode.TK, "Tanpa keterangan", "Absent without reason"),
    (DayCode.C, "Cuti", "Leave"),
    (DayCode.S, "Sakit", "Sick"),
    (DayCode.I, "Izin", "Permission"),
    (DayCode.DL, "Dinas luar", "Official duty outside"),
    (DayCode.TB, "Tugas belajar", "Study assignment"),
    (DayCode.DIK, "Diklat", "Training"),
    (DayCode.L, "Libur", "Day off"),
    (DayCode.FWA, "Kerja fleksibel", "Flexible work"),
    (DayCode.TA, "Tidak ikut apel", "Missed the apel"),
    (DayCode.TUP, "Tidak ikut upacara", "Missed the ceremony"),
    (DayCode.TSN, "Tidak ikut senam", "Missed the group exercise"),
    (DayCode.TKG, "Tidak ikut kegiatan", "Missed an event"),
    (EventKind.APEL, "Apel", "Assembly (apel)"),
    (EventKind.UPACARA, "Upacara", "Ceremony (upacara)"),
    (EventKind.SENAM, "Senam", "Group exercise (senam)"),
    (EventKind.OTHER, "Kegiatan lain", "Other event"),
    (AbsenceKind.CUTI, "Cuti", "Leave"),
    (AbsenceKind.SAKIT, "Izin sakit", "Sick note"),
    (AbsenceKind.IZIN, "Izin", "Permission"),
    (AbsenceKind.DINAS_LUAR, "Dinas luar", "Official duty outside"),
    (AbsenceKind.TUGAS_BELAJAR, "Tugas belajar", "Study assignment"),
    (AbsenceKind.DIKLAT, "Diklat", "Training"),
    (AbsenceKind.FWA, "Kerja fleksibel", "Flexible work"),
    (LeaveType.TAHUNAN, "Cuti tahunan", "Annual leave"),
    (LeaveType.BESAR, "Cuti besar", "Long service leave"),
    (LeaveType.SAKIT, "Cuti sakit", "Sick leave"),
    (LeaveType.MELAHIRKAN, "Cuti melahirkan", "Maternity leave"),
    (LeaveType.ALASAN_PENTING, "Cuti karena alasan penting", "Leave for important reasons"),
    (LeaveType.BERSAMA, "Cuti bersama", "Collective leave"),
    (LeaveType.CLTN, "Cuti di luar tanggungan negara", "Unpaid leave"),
    (HolidayKind.NATIONAL, "Libur nasional", "National holiday"),
    (HolidayKind.CUTI_BERSAMA, "Cuti bersama", "Collective leave day"),
    (HolidayKind.REGIONAL, "Libur daerah", "Regional holiday"),
    (Weekday.MONDAY, "Senin", "Monday"),
    (Weekday.TUESDAY, "Selasa", "Tuesday"),
    (Weekday.WEDNESDAY, "Rabu", "Wednesday"),
    (Weekday.THURSDAY, "Kamis", "Thursday"),
    (Weekday.FRIDAY, "Jumat", "Friday"),
    (Weekday.SATURDAY, "Sabtu", "Saturday"),
    (Weekday.SUNDAY, "Minggu", "Sunday"),
    (EmployeeType.PNS, "PNS", "Civil servant (PNS)"),
    (EmployeeType.PPPK, "PPPK", "Contract civil servant (PPPK)"),
    (EmployeeType.NON_ASN, "Non-ASN", "Non-civil-servant staff"),
    (Sanction.NONE, "Tidak ada hukuman disiplin", "No sanction"),
    (Sanction.TEGURAN_LISAN, "Teguran lisan", "Oral warning"),
    (Sanction.TEGURAN_TERTULIS, "Teguran tertulis", "Written warning"),
    (Sanction.PERNYATAAN_TIDAK_PUAS,
        "Pernyataan tidak puas secara tertulis", "Written statement of dissatisfaction"),
    (Sanction.POTONGAN_TPP_6_BULAN,
        "Pemotongan tunjangan kinerja 25% selama 6 bulan", "25% allowance cut for 6 months"),
    (Sanction.POTONGAN_TPP_9_BULAN,
        "Pemotongan tunjangan kinerja 25% selama 9 bulan", "25% allowance cut for 9 months"),
    (Sanction.POTONGAN_TPP_12_BULAN,
        "Pemotongan tunjangan kinerja 25% selama 12 bulan", "25% allowance cut for 12 months"),
    (Sanction.PENURUNAN_JABATAN,
        "Penurunan jabatan setingkat lebih rendah selama 12 bulan",
        "Demotion by one level for 12 months"),
    (Sanction.PEMBEBASAN_JABATAN,
        "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan",
        "Moved to a non-structural post for 12 months"),
    (Sanction.PEMBERHENTIAN,
        "Pemberhentian dengan hormat tidak atas permintaan sendiri", "Dismissal"),
    (Sanction.PEMUTUSAN_PERJANJIAN_KERJA,
        "Pemutusan hubungan perjanjian kerja", "Termination of the work contract"),
)
# fmt: on

LABELS: Mapping[tuple[type[Enum], object], tuple[str, str]] = MappingProxyType(
    {(type(member), member.value): (indonesian, english) for member, indonesian, english in _LABELS}
)
"""Keyed by (enum class, value): StrEnum members of different classes may share a value."""


def label(value: Enum, lang: Lang = "id") -> str:
    """The label of ``value`` in Bahasa Indonesia (default) or English."""
    indonesian, english = LABELS[(type(value), value.value)]
    return indonesian if lang == "id" else english
