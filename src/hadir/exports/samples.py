"""Deterministic synthetic documents (seeded), shared by the tests and ``bench.py``.

The figures are plausible, not computed by the rules engine: the renderers only lay out what
they are given, so the samples only need the right shapes, sizes and code mixes.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from hadir.exports.model import (
    DailyListDocument,
    DailyRow,
    DisciplineDocument,
    DisciplineRow,
    DocumentHeader,
    MonthRecapDocument,
    RecapRow,
    Signatory,
    TppDeductionDocument,
    TppRow,
)

WIB = timezone(timedelta(hours=7), "WIB")
GENERATED_AT = datetime(2026, 4, 1, 13, 5, tzinfo=WIB)
HOLIDAYS_MARCH_2026 = (date(2026, 3, 18), date(2026, 3, 19), date(2026, 3, 20))
TOTAL_CODES = ("H", "TL1", "TL2", "TL3", "TL4", "PSW1", "PSW2", "TK", "C", "S", "I", "DL")
FIRST_NAMES = ("Siti", "Ahmad", "Dewi", "Budi", "Nur", "Rizky", "Putri", "Hendra", "Ratna", "Agus")
LAST_NAMES = (
    "Rahmawati",
    "Saputra",
    "Lestari",
    "Hidayat",
    "Aini",
    "Pratama",
    "Siregar",
    "Nasution",
)
POSITIONS = ("Guru Ahli Pertama", "Penata Layanan Operasional", "Pengadministrasi Perkantoran")
WORKDAY_CODES: tuple[str, ...] = ("H",) * 40 + (
    "TL1",
    "TL1",
    "TL2",
    "TL3",
    "TL4",
    "PSW1",
    "PSW2",
    "TL2+PSW1",
)
WORKDAY_CODES += ("TK", "C", "S", "I", "DL")
SIGNATORIES = (
    Signatory(
        "Kepala Unit", "Drs. Hasan Basri, M.Pd.", "196805121994031007", "Sengeti, 1 April 2026"
    ),
    Signatory("Operator", "Rina Marlina", "199103042019032011", None),
)


def sample_header(
    unit_name: str = "Dinas Pendidikan", period_label: str = "Maret 2026"
) -> DocumentHeader:
    return DocumentHeader(
        region_name="Pemerintah Kabupaten Muaro Jambi",
        unit_name=unit_name,
        unit_code="1.01.01",
        period_label=period_label,
        generated_at=GENERATED_AT,
        generated_label="01-04-2026 13:05 WIB",
    )


def sample_nip(rng: random.Random) -> str:
    """18 digits: birth date, CPNS start (yyyymm), gender, sequence (Perka BKN 22/2007)."""
    birth = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 35))
    start = f"{birth.year + rng.randint(22, 30)}{rng.randint(1, 12):02d}"
    return f"{birth:%Y%m%d}{start}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"


def sample_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def sample_month_recap(n_employees: int = 50, *, seed: int = 7) -> MonthRecapDocument:
    """March 2026 (31 days, three holidays) for ``n_employees`` people."""
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    days = tuple(date(2026, 3, 1) + timedelta(days=offset) for offset in range(31))
    off = tuple(day.weekday() >= 5 or day in HOLIDAYS_MARCH_2026 for day in days)
    working_days = off.count(False)
    rows = []
    for _ in range(n_employees):
        codes = tuple("L" if is_off else rng.choice(WORKDAY_CODES) for is_off in off)
        totals: dict[str, int] = {}
        for code in codes:
            for part in code.split("+"):
                totals[part] = totals.get(part, 0) + 1
        percent = Decimal(rng.randrange(0, 2000)) / 100
        base = rng.choice((None, 2_500_000, 3_750_000, 5_100_000))
        rows.append(
            RecapRow(
                nip_or_number=sample_nip(rng),
                name=sample_name(rng),
                position=rng.choice(POSITIONS),
                day_codes=codes,
                totals=totals,
                late_minutes=rng.randrange(0, 400),
                early_minutes=rng.randrange(0, 200),
                working_days=working_days,
                tpp_deduction_percent=percent,
                tpp_deduction_amount=None if base is None else int(base * percent / 100),
            )
        )
    return MonthRecapDocument(
        header=sample_header(),
        days=days,
        day_is_off=off,
        total_codes=TOTAL_CODES,
        rows=tuple(rows),
        signatories=SIGNATORIES,
        notes=("Data per 1 April 2026.",),
    )


def sample_tpp(n_employees: int = 50, *, seed: int = 7) -> TppDeductionDocument:
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    rows = []
    for _ in range(n_employees):
        percent = Decimal(rng.randrange(0, 3000)) / 100
        base = rng.choice((None, 2_500_000, 3_750_000))
        reasons = "\n".join(
            f"TL{rng.randint(1, 4)} pada {rng.randint(1, 31)} Maret: 0,5 %"
            for _ in range(rng.randint(0, 4))
        )
        deduction = None if base is None else int(base * percent / 100)
        rows.append(
            TppRow(
                nip_or_number=sample_nip(rng),
                name=sample_name(rng),
                unit_name="Dinas Pendidikan",
                tpp_base=base,
                deduction_percent=percent,
                deduction_amount=deduction,
                reasons=reasons,
                position="Guru Ahli Pertama / III/b",
                paid_amount=None if base is None or deduction is None else base - deduction,
            )
        )
    return TppDeductionDocument(sample_header(), tuple(rows), SIGNATORIES)


def sample_discipline(n_employees: int = 50, *, seed: int = 7) -> DisciplineDocument:
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    rows = []
    for _ in range(n_employees):
        tk_days = rng.randrange(0, 30)
        minutes = rng.randrange(0, 2000)
        rows.append(
            DisciplineRow(
                nip_or_number=sample_nip(rng),
                name=sample_name(rng),
                unit_name="Dinas Pendidikan",
                employee_type=rng.choice(("PNS", "PPPK")),
                tk_days=tk_days,
                late_early_minutes=minutes,
                equivalent_days=(Decimal(tk_days) + Decimal(minutes) / 450).quantize(
                    Decimal("0.01")
                ),
                sanction_label=rng.choice(("", "Teguran lisan", "Teguran tertulis")),
                consecutive_absence_flag=tk_days >= 25,
            )
        )
    return DisciplineDocument(
        sample_header(period_label="Tahun 2026"), 2026, tuple(rows), SIGNATORIES
    )


def sample_daily(n_employees: int = 50, *, seed: int = 7) -> DailyListDocument:
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    rows = []
    for _ in range(n_employees):
        code = rng.choice(WORKDAY_CODES)
        present = code not in ("TK", "C", "S", "I", "DL")
        rows.append(
            DailyRow(
                nip_or_number=sample_nip(rng),
                name=sample_name(rng),
                check_in=f"07:{rng.randrange(0, 60):02d}" if present else None,
                check_out=f"16:{rng.randrange(0, 60):02d}" if present else None,
                codes=code,
                explanation="" if code == "H" else f"Kode {code}",
            )
        )
    header = sample_header(period_label="2 Maret 2026")
    return DailyListDocument(header, date(2026, 3, 2), tuple(rows), SIGNATORIES[:1])
