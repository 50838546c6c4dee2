"""The schedule codes every region starts with (times are evaluated by hadir.rules)."""

DEFAULT_SCHEDULES = [
    ("5HK", "5 hari kerja", "Senin-Kamis 07.30-16.00, Jumat 07.30-16.30 (Perpres 21/2023)."),
    ("6HK", "6 hari kerja", "Senin-Sabtu, jam sesuai ketetapan daerah."),
    ("SHIFT", "Shift/roster", "Jadwal bergilir per tanggal (puskesmas, rumah sakit)."),
]
