"""The schedules and shifts every region starts with, from the national rules.

Hours per weekday, Monday first (None = day off); see ``hadir.rules.patterns`` for sources.
"""

from datetime import time
from typing import Any

OFFICE = ["07:30", "16:00"]
OFFICE_FRIDAY = ["07:30", "16:30"]
SIX_WEEK = ["07:30", "15:00"]
SIX_SHORT = ["07:30", "11:00"]
RAMADAN = ["08:00", "15:00"]
RAMADAN_FRIDAY = ["08:00", "15:30"]
RAMADAN_SIX = ["08:00", "14:00"]
RAMADAN_SIX_FRIDAY = ["08:00", "14:30"]
SCHOOL = ["07:00", "13:30"]

DEFAULT_SCHEDULES = [
    (
        "5HK",
        "5 hari kerja",
        "Senin-Kamis 07.30-16.00, Jumat 07.30-16.30 (Perpres 21/2023).",
        [OFFICE, OFFICE, OFFICE, OFFICE, OFFICE_FRIDAY, None, None],
        False,
    ),
    (
        "6HK",
        "6 hari kerja",
        "Senin-Kamis 07.30-15.00, Jumat-Sabtu 07.30-11.00.",
        [SIX_WEEK, SIX_WEEK, SIX_WEEK, SIX_WEEK, SIX_SHORT, SIX_SHORT, None],
        False,
    ),
    (
        "SEKOLAH-6HK",
        "Sekolah 6 hari",
        "Senin-Sabtu 07.00-13.30 (contoh; sekolah menetapkan jamnya).",
        [SCHOOL] * 6 + [None],
        False,
    ),
    (
        "5HK-RAMADAN",
        "5 hari kerja, Ramadan",
        "Senin-Kamis 08.00-15.00, Jumat 08.00-15.30 (SE MenPANRB 6/2023).",
        [RAMADAN, RAMADAN, RAMADAN, RAMADAN, RAMADAN_FRIDAY, None, None],
        False,
    ),
    (
        "6HK-RAMADAN",
        "6 hari kerja, Ramadan",
        "Senin-Kamis dan Sabtu 08.00-14.00, Jumat 08.00-14.30.",
        [RAMADAN_SIX, RAMADAN_SIX, RAMADAN_SIX, RAMADAN_SIX, RAMADAN_SIX_FRIDAY, RAMADAN_SIX, None],
        False,
    ),
    ("SHIFT", "Shift/roster", "Jadwal bergilir per tanggal (puskesmas, rumah sakit).", [], True),
]

DEFAULT_SHIFTS = [
    ("P", "Pagi", "07:00", "14:00"),
    ("S", "Siang", "14:00", "21:00"),
    ("M", "Malam", "21:00", "07:00"),
]


def install_defaults(work_schedule_model: Any, shift_model: Any, using: str = "default") -> None:
    """Create the missing default schedules and shifts. Takes the model classes so that a
    migration can pass its historical models (and its database) and services the real ones."""
    for code, name, description, hours, is_roster in DEFAULT_SCHEDULES:
        work_schedule_model.objects.using(using).get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "hours": hours,
                "is_roster": is_roster,
            },
        )
    for code, label, start, end in DEFAULT_SHIFTS:
        shift_model.objects.using(using).get_or_create(
            code=code,
            defaults={
                "label": label,
                "start": time.fromisoformat(start),
                "end": time.fromisoformat(end),
            },
        )
