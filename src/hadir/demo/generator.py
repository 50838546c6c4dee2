"""A deterministic generator of the fictional Kabupaten Sukamaju, for demo, tests, benchmarks.

Pure: no Django, no clock. Every random choice comes from `random.Random(seed)` (and streams
seeded from it), so the same seed and arguments give byte-identical output.

Shape of the kabupaten (names in units_data and field_units_data):
- 41 top-level SKPD: 30 sekretariat/dinas/badan plus 11 kecamatan (as in Muarojambi).
- Under Dinas Pendidikan dan Kebudayaan: SD and SMP negeri, about 40% of all employees
  (SMA/SMK belong to the province). Under Dinas Kesehatan: one puskesmas per kecamatan and the
  RSUD. A few UPTD under other dinas. Small kabupaten get fewer schools, puskesmas and UPT.
- Each unit's first employee is its head; structural posts are PNS; employee types overall
  near 65% PNS, 25% PPPK, 5% PPPK paruh waktu, 5% non-ASN.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime
from itertools import accumulate

from hadir.demo import staff_data as staff
from hadir.demo.field_units_data import KECAMATAN, UPT
from hadir.demo.identity import IdentityFactory, random_birth_date
from hadir.demo.names import titled_name
from hadir.demo.units_data import (
    CAPITAL_LAT,
    CAPITAL_LON,
    NIK_REGION,
    REGION_NAME,
    SKPD,
    TIMEZONE,
)

SCHOOL_SHARE = 0.40  # share of employees working in schools
MIN_SCHOOLS = 3
SMP_SHARE = 0.2  # one school in five is an SMP
SIX_DAY_SCHOOL_SHARE = 1 / 3
NIK_SHARE = 0.45  # ASN whose NIK is on file; non-ASN always have one
# Size ranges (employees) of units below the top level, before scaling to the total.
SIZE_KECAMATAN = (20, 40)
SIZE_PUSKESMAS = (22, 45)
SIZE_SD = (8, 18)
SIZE_SMP = (18, 32)
_AVERAGE_SCHOOL = (1 - SMP_SHARE) * sum(SIZE_SD) / 2 + SMP_SHARE * sum(SIZE_SMP) / 2


@dataclass(frozen=True)
class DemoLocation:
    label: str
    lat: float
    lon: float
    radius_m: int


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    kind: str  # sekretariat, dinas, badan, kecamatan, sekolah, puskesmas, upt
    parent_code: str | None
    locations: tuple[DemoLocation, ...]
    schedule_code: str = "5HK"  # the unit's default working schedule

    @property
    def device_code(self) -> str:
        """Identifier of the unit's (simulated) attendance machine."""
        return device_code_for(self.code)


@dataclass(frozen=True)
class DemoEmployee:
    nip: str | None  # PNS only
    pppk_number: str | None  # PPPK and PPPK paruh waktu
    nik: str | None
    name: str
    gender: str  # "L" / "P"
    employee_type: str  # PNS, PPPK, PPPK_PW, NON_ASN
    position: str
    is_teacher: bool
    unit_code: str
    pin: str  # user id on the attendance machines, unique region-wide
    schedule_code: str  # 5HK, SEKOLAH-6HK, SHIFT
    is_head: bool
    birth_date: date


@dataclass(frozen=True)
class DemoKabupaten:
    region_name: str
    timezone: str
    units: tuple[DemoUnit, ...]  # parents before children
    employees: tuple[DemoEmployee, ...]  # grouped by unit, head first


@dataclass(frozen=True, slots=True)
class DemoPunch:
    """One simulated fingerprint punch (made by hadir.demo.punches)."""

    pin: str
    local_time: datetime  # naive, local time of the kabupaten
    device_code: str  # device_code_for(unit of the employee)


def device_code_for(unit_code: str) -> str:
    return f"SIM{unit_code}"


@dataclass(frozen=True)
class _UnitPlan:
    """A unit plus what is needed to staff it."""

    unit: DemoUnit
    head: staff.Post
    sections: tuple[staff.Post, ...]
    pool: staff.Pool
    kecamatan: int  # 1-based index for NIKs; 0 when the unit serves the whole kabupaten
    target: float  # typical headcount, the weight used to share employees out
    is_school: bool = False


def _sub_unit_counts(employees: int) -> tuple[int, int, int]:
    """Number of puskesmas, UPT and schools for a kabupaten of this size."""
    puskesmas = min(len(KECAMATAN), max(1, round(employees / 300)))
    upt = min(len(UPT), round(employees / 650))
    schools = max(MIN_SCHOOLS, round(employees * SCHOOL_SHARE / _AVERAGE_SCHOOL))
    return puskesmas, upt, schools


MIN_EMPLOYEES = len(SKPD) + len(KECAMATAN) + 1 + MIN_SCHOOLS  # one person per unit


def generate_kabupaten(*, seed: int = 42, employees: int = 5000) -> DemoKabupaten:
    """The whole fictional kabupaten: units with locations, and exactly `employees` people."""
    if employees < MIN_EMPLOYEES:
        raise ValueError(f"employees must be at least {MIN_EMPLOYEES}, got {employees}")
    master = random.Random(seed)
    geo_rng, size_rng, people_rng = (random.Random(master.getrandbits(64)) for _ in range(3))
    plans = _plan_units(geo_rng, employees)
    sizes = _share_out(size_rng, plans, employees)
    return DemoKabupaten(
        region_name=REGION_NAME,
        timezone=TIMEZONE,
        units=tuple(plan.unit for plan in plans),
        employees=tuple(_staff(people_rng, plans, sizes)),
    )


# --- units and places -------------------------------------------------------------------

_KM_PER_DEGREE = 111.32


def _at(lat: float, lon: float, distance_km: float, bearing: float) -> tuple[float, float]:
    """The point `distance_km` away on `bearing` (radians from north); fine at this scale."""
    dlat = distance_km * math.cos(bearing) / _KM_PER_DEGREE
    dlon = distance_km * math.sin(bearing) / (_KM_PER_DEGREE * math.cos(math.radians(lat)))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def _near(
    rng: random.Random, lat: float, lon: float, min_km: float, max_km: float
) -> tuple[float, float]:
    """A point at a random bearing, min_km..max_km away (uniform over the ring's area)."""
    bearing = rng.random() * 2 * math.pi
    return _at(lat, lon, math.sqrt(min_km**2 + rng.random() * (max_km**2 - min_km**2)), bearing)


# (label of a single site, labels when there are two, share with two, radius range in m)
_SITES: dict[str, tuple[str, tuple[str, str], float, tuple[int, int]]] = {
    "office": ("Kantor", ("Kantor Utama", "Gedung Pelayanan"), 0.2, (80, 200)),
    "kecamatan": ("Kantor Camat", ("Kantor Camat", "Aula Kecamatan"), 0.0, (60, 120)),
    "sekolah": ("Gedung Sekolah", ("Gedung Utama", "Gedung Kelas Jauh"), 0.08, (50, 120)),
    "puskesmas": ("Gedung Puskesmas", ("Gedung Utama", "Gedung Rawat Inap"), 0.1, (50, 100)),
    "upt": ("Kantor", ("Kantor", "Lokasi Kerja Lapangan"), 0.15, (60, 150)),
}


def _locations(rng: random.Random, site: str, lat: float, lon: float) -> tuple[DemoLocation, ...]:
    single, pair, two_share, (low, high) = _SITES[site]

    def radius() -> int:
        return 10 * rng.randint(low // 10, high // 10)

    if rng.random() >= two_share:
        return (DemoLocation(single, lat, lon, radius()),)
    second = _near(rng, lat, lon, 0.15, 1.5 if site == "sekolah" else 3.0)
    return (
        DemoLocation(pair[0], lat, lon, radius()),
        DemoLocation(pair[1], *second, radius()),
    )


def _plan_units(rng: random.Random, employees: int) -> list[_UnitPlan]:
    """All units, parents first: 30 SKPD, 11 kecamatan, puskesmas, UPT, then schools."""
    n_puskesmas, n_upt, n_schools = _sub_unit_counts(employees)
    plans: list[_UnitPlan] = []
    office_pool = staff.GENERIC_OFFICE
    for spec in SKPD:  # the kabupaten offices, around the capital
        locations = _locations(rng, "office", *_near(rng, CAPITAL_LAT, CAPITAL_LON, 0.2, 3.5))
        unit = DemoUnit(spec.code, spec.name, spec.kind, None, locations)
        pool = (*office_pool, *spec.specialists)
        target = rng.uniform(*spec.size)
        plans.append(_UnitPlan(unit, spec.head, spec.sections, pool, 0, target))
    # The capital's kecamatan in the middle, the ten others one per 36-degree sector around
    # it, 9-22 km out; their schools and puskesmas within a few km of their centre.
    centres = [(CAPITAL_LAT, CAPITAL_LON)]
    for index in range(1, len(KECAMATAN)):
        bearing = math.radians(36 * index + rng.uniform(-12, 12))
        centres.append(_at(CAPITAL_LAT, CAPITAL_LON, rng.uniform(9, 22), bearing))
    for number, (kec, centre) in enumerate(zip(KECAMATAN, centres, strict=True), start=1):
        locations = _locations(rng, "kecamatan", *centre)
        unit = DemoUnit(kec.code, f"Kecamatan {kec.name}", "kecamatan", None, locations)
        head, sections, pool = staff.KECAMATAN_HEAD, staff.KECAMATAN_SECTIONS, staff.KECAMATAN_POOL
        target = rng.uniform(*SIZE_KECAMATAN)
        plans.append(_UnitPlan(unit, head, sections, pool, number, target))
    for number, (kec, centre) in enumerate(zip(KECAMATAN, centres, strict=True), start=1):
        if number > n_puskesmas:
            break
        locations = _locations(rng, "puskesmas", *_near(rng, *centre, 0.2, 3.0))
        unit = DemoUnit(
            f"PKM-{kec.short}", f"Puskesmas {kec.name}", "puskesmas", "DINKES", locations
        )
        head, sections, pool = staff.PUSKESMAS_HEAD, staff.PUSKESMAS_SECTIONS, staff.PUSKESMAS_POOL
        target = rng.uniform(*SIZE_PUSKESMAS)
        plans.append(_UnitPlan(unit, head, sections, pool, number, target))
    for upt in UPT[:n_upt]:
        locations = _locations(rng, "upt", *_near(rng, CAPITAL_LAT, CAPITAL_LON, 0.5, 6.0))
        unit = DemoUnit(upt.code, upt.name, "upt", upt.parent_code, locations)
        if upt.code == "RSUD":
            head, sections, pool = staff.RSUD_HEAD, staff.RSUD_SECTIONS, staff.RSUD_POOL
        else:
            head, sections = staff.UPT_HEAD, staff.UPT_SECTIONS
            pool = (*office_pool, *upt.specialists)
        plans.append(_UnitPlan(unit, head, sections, pool, 0, rng.uniform(*upt.size)))
    plans.extend(_plan_schools(rng, n_schools, centres))
    return plans


def _plan_schools(
    rng: random.Random, n_schools: int, centres: list[tuple[float, float]]
) -> list[_UnitPlan]:
    """SD and SMP negeri, numbered per kecamatan, placed within 6 km of its centre."""
    n_smp = max(1, round(n_schools * SMP_SHARE))
    weights = [1.8, *(rng.uniform(0.6, 1.4) for _ in KECAMATAN[1:])]
    sd_counts = _apportion(n_schools - n_smp, weights)
    smp_counts = _apportion(n_smp, weights)
    plans: list[_UnitPlan] = []
    for number, kec in enumerate(KECAMATAN, start=1):
        lat, lon = centres[number - 1]
        for level, count, pool, size in (
            ("SD", sd_counts[number - 1], staff.SD_POOL, SIZE_SD),
            ("SMP", smp_counts[number - 1], staff.SMP_POOL, SIZE_SMP),
        ):
            for school in range(1, count + 1):
                site = _near(rng, lat, lon, 0.3, 6.0)
                schedule = "SEKOLAH-6HK" if rng.random() < SIX_DAY_SCHOOL_SHARE else "5HK"
                unit = DemoUnit(
                    f"{level}N-{kec.short}-{school:02d}",
                    f"{level} Negeri {school} {kec.name}",
                    "sekolah",
                    "DISDIKBUD",
                    _locations(rng, "sekolah", *site),
                    schedule,
                )
                plan = _UnitPlan(
                    unit, staff.SCHOOL_HEAD, (), pool, number, rng.uniform(*size), is_school=True
                )
                plans.append(plan)
    return plans


# --- headcounts -----------------------------------------------------------------------------


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder; ties to the earlier)."""
    if total <= 0 or not weights:
        return [0] * len(weights)
    scale = total / sum(weights)
    exact = [weight * scale for weight in weights]
    counts = [int(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _share_out(rng: random.Random, plans: list[_UnitPlan], employees: int) -> list[int]:
    """Headcount per unit: one each, then schools get ~40%, the rest by typical size."""
    spare = employees - len(plans)
    schools = [i for i, plan in enumerate(plans) if plan.is_school]
    others = [i for i, plan in enumerate(plans) if not plan.is_school]
    school_spare = min(spare, max(0, round(employees * SCHOOL_SHARE) - len(schools)))
    sizes = [1] * len(plans)
    for indexes, extra in ((schools, school_spare), (others, spare - school_spare)):
        # A little noise so that units of the same spec do not all end up the same size.
        weights = [plans[i].target * rng.uniform(0.9, 1.1) for i in indexes]
        for index, count in zip(indexes, _apportion(extra, weights), strict=True):
            sizes[index] += count
    return sizes


# --- people ---------------------------------------------------------------------------------

_TYPE_CUM_WEIGHTS = {
    cadre: tuple(accumulate(weights)) for cadre, weights in staff.CADRE_TYPE_WEIGHTS.items()
}
# Birth years by seniority and type (heads are older; non-ASN younger).
_BIRTH_YEARS = {
    "head": (1967, 1980),
    "structural": (1967, 1988),
    "PNS": (1967, 2001),
    "PPPK": (1967, 2001),
    "PPPK_PW": (1970, 2003),
    "NON_ASN": (1975, 2004),
}


def _staff(rng: random.Random, plans: list[_UnitPlan], sizes: list[int]) -> list[DemoEmployee]:
    pins = list(range(1, sum(sizes) + 1))
    rng.shuffle(pins)
    ids = IdentityFactory(NIK_REGION)
    people: list[DemoEmployee] = []
    pool_cache: dict[int, tuple[list[staff.Post], list[float]]] = {}
    for plan, size in zip(plans, sizes, strict=True):
        key = id(plan.pool)
        if key not in pool_cache:
            pool_cache[key] = ([p for p, _ in plan.pool], list(accumulate(w for _, w in plan.pool)))
        posts, cum = pool_cache[key]
        n_sections = min(len(plan.sections), (size - 1) // 4)
        chosen = [plan.head, *plan.sections[:n_sections]]
        chosen += rng.choices(posts, cum_weights=cum, k=size - len(chosen))
        for index, post in enumerate(chosen):
            people.append(
                _person(rng, ids, plan, post, is_head=index == 0, pin=str(pins[len(people)]))
            )
    return people


def _person(
    rng: random.Random,
    ids: IdentityFactory,
    plan: _UnitPlan,
    post: staff.Post,
    *,
    is_head: bool,
    pin: str,
) -> DemoEmployee:
    gender = "P" if rng.random() < post.female_share else "L"
    structural = is_head or post.cadre == "structural"  # heads and structural posts: PNS
    if structural:
        employee_type = "PNS"
    else:
        cum = _TYPE_CUM_WEIGHTS[post.cadre]
        employee_type = rng.choices(staff.EMPLOYEE_TYPES, cum_weights=cum)[0]
    years = _BIRTH_YEARS["head" if is_head else "structural" if structural else employee_type]
    birth = random_birth_date(rng, *years)
    nip = pppk_number = nik = None
    if employee_type == "PNS":
        nip = ids.nip(rng, birth, gender)
    elif employee_type == "PPPK":
        pppk_number = ids.pppk_number(rng, birth, gender, rng.randint(2021, 2024))
    elif employee_type == "PPPK_PW":
        pppk_number = ids.pppk_number(rng, birth, gender, 2025)  # first appointed in 2025
    if employee_type == "NON_ASN" or rng.random() < NIK_SHARE:
        kecamatan = plan.kecamatan or _home_kecamatan(rng)
        nik = ids.nik(rng, birth, gender, kecamatan)
    pools = post.title_pool.split("|")
    title_pool = pools[0] if len(pools) == 1 else rng.choice(pools)
    name = titled_name(
        rng, gender=gender, title_pool=title_pool, birth_year=birth.year, senior=structural
    )
    return DemoEmployee(
        nip=nip,
        pppk_number=pppk_number,
        nik=nik,
        name=name,
        gender=gender,
        employee_type=employee_type,
        position=post.title,
        is_teacher=post.is_teacher,
        unit_code=plan.unit.code,
        pin=pin,
        schedule_code="SHIFT" if post.shift else plan.unit.schedule_code,
        is_head=is_head,
        birth_date=birth,
    )


def _home_kecamatan(rng: random.Random) -> int:
    """Where an office worker lives: a third in the capital, the rest anywhere."""
    if rng.random() < 1 / 3:
        return 1
    return rng.randint(1, len(KECAMATAN))
