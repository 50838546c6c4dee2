"""Life in the demo (issue 14 item 7): the cast, the clock, and the order of what happens.

After the punches are in and the days computed, the demo files requests of every kind and
takes them through every state (``life_requests``), plans the rest of the month of a shift
unit (``life_roster``) and walks unit months along the reporting chain (``life_reporting``).
Everything goes through the real services with the demo's own accounts, so the audit trail,
the day marks and the recompute happen as in real life. TPP bases are set for everyone.

The clock: every moment is on a day that is over (at the latest one minute before the
demo's 'today' begins), except the reporting steps, which are taken on the first working
morning of the current month; nothing here judges a day that is not over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password

from hadir.accounts.models import Role, User
from hadir.accounts.services import role_grant, user_create
from hadir.attendance.recompute import recompute_all_dirty
from hadir.demo.generator import DemoKabupaten
from hadir.demo.life_reporting import walk_reporting_chain
from hadir.demo.life_requests import file_requests
from hadir.demo.life_roster import set_tpp_bases
from hadir.org.models import Unit
from hadir.org.selectors import region_timezone
from hadir.people.models import Employee
from hadir.schedules.services import policy_save

HEALTH_OFFICE = "DINKES"
LIFE_UNITS = 4  # units under the health office that get heads' accounts, requests and months
# Leave goes up to the head of the SKPD, then to BKD; duty outside to BKD after the head.
DEMO_CHAINS = 'approval_chains = { cuti = ["skpd_head", "bkd"], dinas_luar = ["bkd"] }'


@dataclass(frozen=True)
class DemoClock:
    """Moments of the demo in the region's time zone, never later than ``latest``."""

    today: date

    @property
    def latest(self) -> datetime:
        return datetime.combine(self.today, time(0, 0), region_timezone()) - timedelta(minutes=1)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return min(datetime.combine(day, time(hour, minute), region_timezone()), self.latest)


@dataclass(frozen=True)
class Cast:
    """The demo's accounts that act: the operator of the health office, BKD, the head of
    the SKPD, and the heads of the units where life happens (the walked unit first)."""

    operator: User
    bkd: User
    skpd_head: User
    units: list[Unit]
    heads: dict[int, User]  # unit pk -> its head's account
    users_by_employee: dict[int, User]


def demo_policy_save() -> None:
    """The shipped policy plus approval chains; saved before any day is computed, so no
    recompute is queued."""
    from importlib import resources

    text = resources.files("hadir.rules.policies").joinpath("default.toml").read_text("utf-8")
    marker = "[version.deduction_pct]"
    policy_save(text=text.replace(marker, f"{DEMO_CHAINS}\n\n{marker}"), note="Demo")


def _head_account(kab: DemoKabupaten, unit: Unit, password: str) -> User | None:
    """The head of ``unit``'s account (created when missing). ``password`` is already
    hashed: hashing it once for all the heads keeps the demo fast."""
    pins = [d.pin for d in kab.employees if d.unit_code == unit.code and d.is_head]
    head = Employee.objects.filter(unit=unit, pin__in=pins).order_by("pin").first()
    if head is None:
        return None
    user = User.objects.filter(employee=head).first()
    if user is None:
        user = user_create(
            username=f"kepala.{unit.code.lower()}",
            password=None,
            employee=head,
            full_name=head.name,
        )
        User.objects.filter(pk=user.pk).update(password=password)
        role_grant(user=user, role=Role.HEAD, unit=unit)
    return user


def _cast(kab: DemoKabupaten, walked: Unit, password: str) -> Cast | None:
    office = Unit.objects.filter(code=HEALTH_OFFICE).first()
    operator = User.objects.filter(role_grants__role=Role.OPERATOR).order_by("pk").first()
    bkd = User.objects.filter(role_grants__role=Role.BKD_ADMIN).order_by("pk").first()
    if office is None or operator is None or bkd is None:
        return None
    skpd_head = _head_account(kab, office, password)
    staffed = [
        unit
        for unit in Unit.objects.filter(parent=office).order_by("code")
        if unit.pk != walked.pk and Employee.objects.filter(unit=unit).count() >= 3
    ]
    heads: dict[int, User] = {}
    units: list[Unit] = []
    # The chains' SKPD step is the health office's head: life happens in its units only.
    mine = [walked] if walked.path.startswith(office.path) else []
    for unit in [*mine, *staffed]:
        head = _head_account(kab, unit, password)
        if head is not None:
            heads[unit.pk] = head
            units.append(unit)
        if len(units) == LIFE_UNITS:
            break
    if skpd_head is None or not units:
        return None
    users = {u.employee_id: u for u in User.objects.filter(employee__isnull=False) if u.employee_id}
    return Cast(operator, bkd, skpd_head, units, heads, users)


def demo_life(
    kab: DemoKabupaten,
    employees: list[Employee],
    *,
    today: date | None,
    walked: Unit,
    password: str,
) -> None:
    """TPP bases always; with punches (``today`` given): the requests and the reporting
    chain, then the recompute of every day they marked. (The shift unit's roster is planned
    by the loader before the days are computed: ``life_roster.plan_shift_roster``.)"""
    set_tpp_bases(kab, employees)
    if today is None:
        return
    cast = _cast(kab, walked, make_password(password))
    if cast is None:
        return
    clock = DemoClock(today)
    file_requests(cast, clock)
    recompute_all_dirty()
    walk_reporting_chain(cast, clock)
    recompute_all_dirty()
