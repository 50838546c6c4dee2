"""Identity numbers for demo employees: NIP, PPPK number, NIK.

Formats (DOMAIN.md section 1):
- NIP (PNS), 18 digits: birth date yyyymmdd + CPNS start yyyymm + gender 1/2 + sequence nnn.
  Generated so that the birth year is 1962-2001, the CPNS start lies 19 to 40 years after
  birth (counted in months from the birth month) and not after 2024-12, and nnn != 000.
- PPPK number, 18 digits: birth date + appointment year + "21" + gender + nnn. The "21" in
  place of a month is the convention seen on published PPPK numbers (unverified); it keeps
  every PPPK number from ever reading as a valid NIP.
- NIK, 16 digits: province + kabupaten (NIK_REGION) + kecamatan 2 + birth ddmmyy, with 40
  added to the day for women + sequence 4.
"""

from __future__ import annotations

import random
from datetime import date

NIP_BIRTH_YEARS = (1962, 2001)
LAST_CPNS_MONTH = (2024, 12)
# CPNS appointments (TMT) cluster on a few months of the year.
_CPNS_MONTHS = (1, 1, 1, 1, 3, 3, 3, 4, 2, 6, 10, 12, 12)
PPPK_MARKER = "21"


def random_birth_date(rng: random.Random, first_year: int, last_year: int) -> date:
    """A uniformly random real calendar date between Jan 1 of first_year and Dec 31 of last."""
    start = date(first_year, 1, 1).toordinal()
    end = date(last_year, 12, 31).toordinal()
    return date.fromordinal(start + int(rng.random() * (end - start + 1)))


def gender_digit(gender: str) -> str:
    return "2" if gender == "P" else "1"


class IdentityFactory:
    """Draws NIPs, PPPK numbers and NIKs, keeping each kind unique across a kabupaten."""

    def __init__(self, nik_region: str) -> None:
        self._nik_region = nik_region
        self._used: set[str] = set()

    def _unique(self, stem: str, first_seq: int, width: int) -> str:
        for seq in range(first_seq, 10**width):
            candidate = f"{stem}{seq:0{width}d}"
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate
        for seq in range(1, first_seq):  # wrap around: only when a stem is very crowded
            candidate = f"{stem}{seq:0{width}d}"
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate
        raise ValueError(f"no free sequence number left for {stem}")

    def nip(self, rng: random.Random, birth: date, gender: str) -> str:
        """An 18-digit NIP consistent with birth date and gender."""
        if not NIP_BIRTH_YEARS[0] <= birth.year <= NIP_BIRTH_YEARS[1]:
            raise ValueError(f"birth year {birth.year} outside {NIP_BIRTH_YEARS}")
        year = min(birth.year + int(rng.triangular(21, 37, 25)), LAST_CPNS_MONTH[0])
        month = rng.choice(_CPNS_MONTHS)
        if (year, month) < (birth.year + 19, birth.month):
            year, month = birth.year + 19, birth.month
        first_seq = 1 + int(rng.random() ** 3 * 40)  # mostly small numbers, as in real NIPs
        stem = f"{birth:%Y%m%d}{year:04d}{month:02d}{gender_digit(gender)}"
        return self._unique(stem, first_seq, 3)

    def pppk_number(self, rng: random.Random, birth: date, gender: str, year: int) -> str:
        """An 18-digit PPPK number: birth date + appointment year + "21" + gender + nnn."""
        first_seq = 1 + int(rng.random() ** 3 * 40)
        stem = f"{birth:%Y%m%d}{year:04d}{PPPK_MARKER}{gender_digit(gender)}"
        return self._unique(stem, first_seq, 3)

    def nik(self, rng: random.Random, birth: date, gender: str, kecamatan: int) -> str:
        """A 16-digit NIK registered in the given kecamatan (1-based)."""
        day = birth.day + (40 if gender == "P" else 0)
        stem = f"{self._nik_region}{kecamatan:02d}{day:02d}{birth:%m%y}"
        return self._unique(stem, 1 + int(rng.random() ** 2 * 3000), 4)
