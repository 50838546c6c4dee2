"""The demo kabupaten generator and its punch simulator: pure, deterministic, plausible.

No database: run with `pytest -p no:django tests/demo`.
"""

from __future__ import annotations

import hashlib
import inspect
import math
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from datetime import time as clock
from itertools import pairwise

import pytest

from hadir.demo.generator import (
    MIN_EMPLOYEES,
    DemoEmployee,
    DemoKabupaten,
    generate_kabupaten,
)
from hadir.demo.punches import (
    SCHEDULE_HOURS,
    DemoPunch,
    generate_month_punches,
    is_working_day,
    shift_on,
)
from hadir.demo.units_data import CAPITAL_LAT, CAPITAL_LON

KINDS = {"sekretariat", "dinas", "badan", "kecamatan", "sekolah", "puskesmas", "upt"}
TYPES = {"PNS", "PPPK", "PPPK_PW", "NON_ASN"}
MARCH_2026_HOLIDAYS = frozenset(
    {date(2026, 3, 18), date(2026, 3, 19), date(2026, 3, 20), date(2026, 3, 23)}
)


@pytest.fixture(scope="module")
def kab() -> DemoKabupaten:
    return generate_kabupaten(seed=42, employees=5000)


@pytest.fixture(scope="module")
def small_kab() -> DemoKabupaten:
    return generate_kabupaten(seed=7, employees=600)


@pytest.fixture(scope="module")
def march(small_kab: DemoKabupaten) -> list[DemoPunch]:
    return list(generate_month_punches(small_kab, year=2026, month=3, holidays=MARCH_2026_HOLIDAYS))


def digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


# --- a NIP validator written from the rules in the brief --------------------------------


def nip_problems(nip: str, gender: str) -> list[str]:
    """Everything wrong with a generated PNS NIP (empty list: valid)."""
    if len(nip) != 18 or not nip.isdigit():
        return ["not 18 digits"]
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return ["birth date is not a real date"]
    problems = []
    if not 1962 <= birth.year <= 2001:
        problems.append("birth year outside 1962-2001")
    start_year, start_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= start_month <= 12:
        problems.append("CPNS start month outside 01-12")
    if (start_year, start_month) > (2024, 12):
        problems.append("CPNS start after 2024-12")
    months_after_birth = (start_year - birth.year) * 12 + start_month - birth.month
    if not 19 * 12 <= months_after_birth <= 40 * 12:
        problems.append("CPNS start not 19-40 years after birth")
    if nip[14] != {"L": "1", "P": "2"}.get(gender):
        problems.append("gender digit does not match")
    if nip[15:] == "000":
        problems.append("sequence 000")
    return problems


@pytest.mark.parametrize(
    ("nip", "gender", "expected"),
    [
        ("198609262015051001", "L", []),
        ("198609262015052001", "P", []),
        ("198602302015051001", "L", ["birth date is not a real date"]),
        ("198609262015131001", "L", ["CPNS start month outside 01-12"]),
        ("198609262003051001", "L", ["CPNS start not 19-40 years after birth"]),
        ("196009261985051001", "L", ["birth year outside 1962-2001"]),
        ("199809262025011001", "L", ["CPNS start after 2024-12"]),
        ("198609262015051001", "P", ["gender digit does not match"]),
        ("198609262015051000", "L", ["sequence 000"]),
        ("19860926201505100", "L", ["not 18 digits"]),
    ],
)
def test_the_nip_validator_itself(nip: str, gender: str, expected: list[str]) -> None:
    assert nip_problems(nip, gender) == expected


# --- determinism --------------------------------------------------------------------------


def test_same_seed_and_size_give_byte_identical_output() -> None:
    first = generate_kabupaten(seed=11, employees=1500)
    second = generate_kabupaten(seed=11, employees=1500)
    assert repr(first).encode() == repr(second).encode()
    assert first == second


_DIGEST_SCRIPT = """
import hashlib
from hadir.demo.generator import generate_kabupaten
from hadir.demo.punches import generate_month_punches
kab = generate_kabupaten(seed=5, employees=300)
digest = hashlib.sha256(repr(kab).encode())
for punch in generate_month_punches(kab, year=2026, month=2):
    digest.update(repr(punch).encode())
print(digest.hexdigest())
"""


def test_output_does_not_depend_on_the_process_hash_seed() -> None:
    digests = {
        subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
            [sys.executable, "-c", _DIGEST_SCRIPT],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }
    assert len(digests) == 1


def test_a_different_seed_gives_a_different_kabupaten() -> None:
    one = generate_kabupaten(seed=1, employees=1000)
    other = generate_kabupaten(seed=2, employees=1000)
    assert digest(one.employees) != digest(other.employees)
    assert [u.locations for u in one.units[:41]] != [u.locations for u in other.units[:41]]
    # The structure itself is fixed: the 41 SKPD are the same whatever the seed.
    assert [u.code for u in one.units[:41]] == [u.code for u in other.units[:41]]


def test_default_arguments() -> None:
    kab = generate_kabupaten()
    assert len(kab.employees) == 5000
    assert digest(kab) == digest(generate_kabupaten(seed=42, employees=5000))


# --- units ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [MIN_EMPLOYEES, 50, 1000, 5000, 10000])
def test_41_top_level_skpd_including_11_kecamatan(size: int) -> None:
    kab = generate_kabupaten(employees=size)
    top = [u for u in kab.units if u.parent_code is None]
    assert len(top) == 41
    assert sum(u.kind == "kecamatan" for u in top) == 11
    assert {u.kind for u in top} <= {"sekretariat", "dinas", "badan", "kecamatan"}
    assert sum(u.kind == "sekolah" for u in kab.units) >= 3


def test_units_form_a_tree_with_parents_listed_first(kab: DemoKabupaten) -> None:
    seen: set[str] = set()
    for unit in kab.units:
        assert unit.parent_code is None or unit.parent_code in seen, unit.code
        seen.add(unit.code)
    assert len(seen) == len(kab.units)  # unique codes
    parents = {u.code: u.parent_code for u in kab.units}
    for code in parents:  # no cycles (implied by the order, checked directly anyway)
        chain: list[str] = []
        current: str | None = code
        while current is not None:
            assert current not in chain, chain
            chain.append(current)
            current = parents[current]


def test_unit_codes_kinds_and_names(kab: DemoKabupaten) -> None:
    for unit in kab.units:
        assert re.fullmatch(r"[A-Z0-9][A-Z0-9-]{1,19}", unit.code), unit.code
        assert unit.kind in KINDS
    by_code = {u.code: u for u in kab.units}
    assert by_code["SETDA"].name == "Sekretariat Daerah"
    assert by_code["BKPSDM"].kind == "badan"
    assert by_code["KEC-SUKAJAYA"].name == "Kecamatan Sukajaya"
    for unit in kab.units:
        if unit.kind == "sekolah":
            assert unit.parent_code == "DISDIKBUD"
            assert re.fullmatch(r"(SD|SMP) Negeri \d+ [A-Z][a-z]+( [A-Z][a-z]+)?", unit.name)
        if unit.kind == "puskesmas":
            assert unit.parent_code == "DINKES"
    assert sum(u.kind == "puskesmas" for u in kab.units) == 11


def test_locations_are_within_30_km_with_sane_radii(kab: DemoKabupaten) -> None:
    pairs = 0
    for unit in kab.units:
        assert 1 <= len(unit.locations) <= 2
        pairs += len(unit.locations) == 2
        for location in unit.locations:
            assert 50 <= location.radius_m <= 200
            north_km = (location.lat - CAPITAL_LAT) * 111.32
            east_km = (location.lon - CAPITAL_LON) * 111.32 * math.cos(math.radians(CAPITAL_LAT))
            assert math.hypot(north_km, east_km) <= 30, unit.code
    assert pairs >= 5


def test_six_day_schools_are_about_a_third(kab: DemoKabupaten) -> None:
    schools = [u for u in kab.units if u.kind == "sekolah"]
    assert 120 <= len(schools) <= 180
    six_day = sum(u.schedule_code == "SEKOLAH-6HK" for u in schools) / len(schools)
    assert 0.2 <= six_day <= 0.45


# --- employees ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [MIN_EMPLOYEES, 50, 1000, 5000])
def test_exact_employee_count_and_everyone_in_a_known_unit(size: int) -> None:
    kab = generate_kabupaten(seed=3, employees=size)
    assert len(kab.employees) == size
    codes = {u.code for u in kab.units}
    staffed = {e.unit_code for e in kab.employees}
    assert staffed == codes  # every unit has at least its head


def test_too_few_employees_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        generate_kabupaten(employees=MIN_EMPLOYEES - 1)


def test_identifiers_are_unique(kab: DemoKabupaten) -> None:
    for field in ("nip", "pppk_number", "nik", "pin"):
        values = [getattr(e, field) for e in kab.employees if getattr(e, field) is not None]
        assert len(values) == len(set(values)), field
    nips = {e.nip for e in kab.employees if e.nip}
    pppk = {e.pppk_number for e in kab.employees if e.pppk_number}
    assert not nips & pppk


def test_pins_are_short_numeric_strings(kab: DemoKabupaten) -> None:
    pins = [e.pin for e in kab.employees]
    assert all(pin.isdigit() and len(pin) <= 9 and not pin.startswith("0") for pin in pins)
    assert sorted(map(int, pins)) == list(range(1, len(pins) + 1))


def test_identifiers_follow_the_employee_type(kab: DemoKabupaten) -> None:
    for e in kab.employees:
        assert e.employee_type in TYPES
        assert (e.nip is not None) == (e.employee_type == "PNS"), e
        assert (e.pppk_number is not None) == (e.employee_type in {"PPPK", "PPPK_PW"}), e
        if e.employee_type == "NON_ASN":
            assert e.nik is not None


def test_every_nip_is_valid_and_matches_birth_date_and_gender(kab: DemoKabupaten) -> None:
    for e in kab.employees:
        if e.nip is None:
            continue
        assert nip_problems(e.nip, e.gender) == [], (e.nip, e.gender)
        assert e.nip[:8] == e.birth_date.strftime("%Y%m%d")


def test_pppk_numbers(kab: DemoKabupaten) -> None:
    for e in kab.employees:
        if e.pppk_number is None:
            continue
        number = e.pppk_number
        assert len(number) == 18 and number.isdigit()
        assert number[:8] == e.birth_date.strftime("%Y%m%d")
        year = int(number[8:12])
        assert (2021 <= year <= 2024) if e.employee_type == "PPPK" else year == 2025
        assert number[12:14] == "21"
        assert number[14] == {"L": "1", "P": "2"}[e.gender]
        assert number[15:] != "000"
        assert nip_problems(number, e.gender)  # never mistaken for a NIP


def test_niks_match_birth_date_gender_and_region(kab: DemoKabupaten) -> None:
    with_nik = [e for e in kab.employees if e.nik]
    assert 0.4 <= len(with_nik) / len(kab.employees) <= 0.6
    for e in with_nik:
        nik = e.nik or ""
        assert len(nik) == 16 and nik.isdigit()
        assert nik[:4] == "1505"
        assert 1 <= int(nik[4:6]) <= 11
        day = int(nik[6:8]) - (40 if e.gender == "P" else 0)
        assert date(e.birth_date.year, int(nik[8:10]), day) == e.birth_date
        assert nik[10:12] == e.birth_date.strftime("%y")
        assert nik[12:] != "0000"


def test_exactly_one_head_per_unit_and_it_comes_first(kab: DemoKabupaten) -> None:
    staff: dict[str, list[DemoEmployee]] = defaultdict(list)
    for e in kab.employees:
        staff[e.unit_code].append(e)
    kinds = {u.code: u.kind for u in kab.units}
    head_titles = {
        "kecamatan": ("Camat",),
        "sekolah": ("Kepala Sekolah",),
        "puskesmas": ("Kepala Puskesmas",),
    }
    for code, people in staff.items():
        assert [e.is_head for e in people] == [True] + [False] * (len(people) - 1), code
        head = people[0]
        assert head.employee_type == "PNS"
        expected = head_titles.get(kinds[code], ("Kepala", "Sekretaris", "Inspektur", "Direktur"))
        assert head.position.startswith(expected), (code, head.position)
    # Employees are grouped by unit, in the order of the units.
    order = list(dict.fromkeys(e.unit_code for e in kab.employees))
    assert order == [u.code for u in kab.units]


def test_distribution_for_5000(kab: DemoKabupaten) -> None:
    n = len(kab.employees)
    types = Counter(e.employee_type for e in kab.employees)
    assert 0.60 <= types["PNS"] / n <= 0.70
    assert 0.20 <= types["PPPK"] / n <= 0.30
    assert 0.03 <= types["PPPK_PW"] / n <= 0.08
    assert 0.03 <= types["NON_ASN"] / n <= 0.08
    kinds = {u.code: u.kind for u in kab.units}
    in_schools = sum(kinds[e.unit_code] == "sekolah" for e in kab.employees)
    assert 0.37 <= in_schools / n <= 0.43
    teachers = [e for e in kab.employees if e.is_teacher]
    assert all(kinds[e.unit_code] == "sekolah" for e in teachers)
    assert all(e.position.startswith(("Guru", "Kepala Sekolah")) for e in teachers)
    sizes = Counter(e.unit_code for e in kab.employees)
    for code, kind in kinds.items():
        low, high = {
            "dinas": (20, 140),
            "badan": (20, 100),
            "kecamatan": (15, 50),
            "sekolah": (5, 40),
            "puskesmas": (15, 60),
        }.get(kind, (5, 250))
        assert low <= sizes[code] <= high, (code, sizes[code])
    assert 0.4 <= sum(e.gender == "P" for e in kab.employees) / n <= 0.65


def test_schedules(kab: DemoKabupaten) -> None:
    units = {u.code: u for u in kab.units}
    for e in kab.employees:
        unit = units[e.unit_code]
        if e.schedule_code == "SHIFT":
            assert unit.kind in {"puskesmas", "upt"}
            assert e.position in {"Perawat", "Bidan"}
        else:
            assert e.schedule_code == unit.schedule_code
            assert e.schedule_code == "5HK" or unit.kind == "sekolah"
    assert any(e.schedule_code == "SHIFT" for e in kab.employees)


def test_names_look_indonesian_and_fit_the_gender(kab: DemoKabupaten) -> None:
    names = [e.name for e in kab.employees]
    assert len(set(names)) > 0.6 * len(names)
    for e in kab.employees:
        assert re.fullmatch(r"[A-Za-z][A-Za-z.,/ -]+", e.name), e.name
        words = e.name.replace(",", " ").split()
        if e.gender == "L":
            assert not {"Hj.", "Dra.", "br."} & set(words), e.name
        else:
            assert not {"H.", "Drs."} & set(words), e.name
        if e.position == "Bidan":
            assert e.gender == "P"
    titled = sum("," in name or name.startswith(("dr.", "drg.")) for name in names)
    assert 0.5 <= titled / len(names) <= 0.9
    assert any(e.name.startswith("dr. ") for e in kab.employees)
    assert any("S.Pd." in e.name for e in kab.employees if e.is_teacher)


def test_small_kabupaten_keeps_the_41_skpd() -> None:
    kab = generate_kabupaten(employees=50)
    top = [u for u in kab.units if u.parent_code is None]
    assert len(top) == 41
    assert len(kab.employees) == 50
    assert sum(e.is_head for e in kab.employees) == len(kab.units)


def test_punches_come_from_a_generator(small_kab: DemoKabupaten) -> None:
    stream = generate_month_punches(small_kab, year=2026, month=3)
    assert inspect.isgenerator(stream)
    first = next(stream)
    assert isinstance(first, DemoPunch)


def test_punches_are_deterministic(small_kab: DemoKabupaten, march: list[DemoPunch]) -> None:
    again = list(
        generate_month_punches(small_kab, year=2026, month=3, holidays=MARCH_2026_HOLIDAYS)
    )
    assert digest(again) == digest(march)
    other = list(
        generate_month_punches(small_kab, year=2026, month=3, seed=43, holidays=MARCH_2026_HOLIDAYS)
    )
    assert digest(other) != digest(march)


def test_punch_fields(small_kab: DemoKabupaten, march: list[DemoPunch]) -> None:
    employees = {e.pin: e for e in small_kab.employees}
    for punch in march:
        assert punch.local_time.tzinfo is None
        assert punch.local_time.microsecond == 0
        assert punch.device_code == f"SIM{employees[punch.pin].unit_code}"


def test_office_staff_punch_only_on_their_working_days(
    small_kab: DemoKabupaten, march: list[DemoPunch]
) -> None:
    employees = {e.pin: e for e in small_kab.employees}
    saturdays = 0
    for punch in march:
        employee = employees[punch.pin]
        if employee.schedule_code == "SHIFT":
            continue
        day = punch.local_time.date()
        assert is_working_day(employee.schedule_code, day, MARCH_2026_HOLIDAYS), punch
        assert day.month == 3
        saturdays += day.weekday() == 5
    assert saturdays > 0  # six-day schools


def test_shift_staff_follow_the_roster_and_night_shifts_end_the_next_day(
    small_kab: DemoKabupaten, march: list[DemoPunch]
) -> None:
    employees = {e.pin: e for e in small_kab.employees}
    shift_workers = [e for e in small_kab.employees if e.schedule_code == "SHIFT"]
    assert shift_workers
    next_morning = 0
    for punch in march:
        employee = employees[punch.pin]
        if employee.schedule_code != "SHIFT":
            continue
        day, moment = punch.local_time.date(), punch.local_time.time()
        yesterday = shift_on(employee, day - timedelta(days=1))
        if yesterday == "MALAM" and moment < clock(9):
            next_morning += 1
            continue
        assert shift_on(employee, day) is not None, punch
        assert day.month == 3
    assert next_morning > 0
    # The last night of the month ends on the 1st of the next month.
    april = [p for p in march if p.local_time.date() == date(2026, 4, 1)]
    assert april
    for punch in april:
        assert shift_on(employees[punch.pin], date(2026, 3, 31)) == "MALAM"
        assert punch.local_time.time() < clock(9)


def test_punch_behaviour_is_plausible(small_kab: DemoKabupaten, march: list[DemoPunch]) -> None:
    employees = {e.pin: e for e in small_kab.employees}
    days: dict[tuple[str, date], list[datetime]] = defaultdict(list)
    for punch in march:
        if employees[punch.pin].schedule_code == "5HK":
            days[(punch.pin, punch.local_time.date())].append(punch.local_time)
    expected = [
        (e.pin, day)
        for e in small_kab.employees
        if e.schedule_code == "5HK"
        for day in (date(2026, 3, d) for d in range(1, 32))
        if is_working_day("5HK", day, MARCH_2026_HOLIDAYS)
    ]
    absent = sum(key not in days for key in expected) / len(expected)
    assert 0.005 <= absent <= 0.05
    firsts = [min(times) for times in days.values()]
    on_time = sum(t.time() < clock(7, 31) for t in firsts) / len(firsts)
    late = sum(clock(7, 31) <= t.time() < clock(9, 1) for t in firsts) / len(firsts)
    assert on_time >= 0.8
    assert 0.03 <= late <= 0.15
    assert min(t.time() for t in firsts) >= clock(6, 30)
    single = sum(len(times) == 1 for times in days.values()) / len(days)
    assert 0.005 <= single <= 0.06  # a forgotten punch-in or punch-out
    same_minute = sum(
        len({t.replace(second=0) for t in times}) < len(times) for times in days.values()
    )
    assert same_minute > 0
    out_of_order = sum(b.local_time < a.local_time for a, b in pairwise(march))
    assert 0 < out_of_order < len(march) * 0.01
    fridays = [max(ts) for (_, day), ts in days.items() if day.weekday() == 4 and len(ts) > 1]
    assert sum(t.time() >= clock(16, 30) for t in fridays) / len(fridays) > 0.8


def test_schedule_hours_cover_the_documented_patterns() -> None:
    assert set(SCHEDULE_HOURS["5HK"]) == {0, 1, 2, 3, 4}
    assert set(SCHEDULE_HOURS["SEKOLAH-6HK"]) == {0, 1, 2, 3, 4, 5}
    assert SCHEDULE_HOURS["5HK"][4] == (clock(7, 30), clock(16, 30))
