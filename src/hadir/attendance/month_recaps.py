"""Many units' month recaps in a few queries: the region's TPP list and the payroll file.

``unit_month_grid`` reads one unit's month as full ``DayRecord`` rows for the grid page
(times, explanations). A list of every unit needs only each person's recap and TPP base:
here units are read a chunk at a time, three queries a chunk (people, their bases, the
month tallies the worker stored with the days: ``hadir.attendance.tallies``), whatever the
number of people; the policy and the bases are applied to the tallies as they are read.
Each unit's rows are those ``unit_month_grid`` gives for it, in its order: everyone who
belonged to the unit during the month (a day result there, or the unit as their unit now),
with a recap of the days spent there (a test holds the two reads to each other).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from hadir.attendance.inputs import policy_set
from hadir.attendance.models import MonthTally
from hadir.attendance.tallies import tally_recap, units_tallies
from hadir.org.models import Unit
from hadir.people.models import Employee
from hadir.people.tpp import tpp_bases_for
from hadir.rules import MonthRecap

UNITS_PER_CHUNK = 25  # about 1,300 people of a kabupaten: bounded memory, a few queries each


@dataclass(frozen=True, slots=True)
class PersonMonth:
    """One person's month in one unit, as a list of the unit's people shows it."""

    employee: Employee
    recap: MonthRecap | None  # None: no day result in this unit this month
    tpp_base: int | None  # rupiah in force this month; None when not filled in

    @property
    def tpp_deduction_percent(self) -> Decimal:
        return self.recap.deduction_pct if self.recap else Decimal(0)


def units_month_recaps(
    units: Sequence[Unit], month: date
) -> Iterator[tuple[Unit, list[PersonMonth]]]:
    """Each of ``units``, in the order given, with its people's month (see the module)."""
    for start in range(0, len(units), UNITS_PER_CHUNK):
        yield from _chunk(units[start : start + UNITS_PER_CHUNK], month)


def _chunk(units: Sequence[Unit], month: date) -> Iterator[tuple[Unit, list[PersonMonth]]]:
    first = month.replace(day=1)
    unit_ids = [unit.pk for unit in units]
    in_units = MonthTally.objects.filter(month=first, unit_id__in=unit_ids)
    people = list(
        Employee.objects.filter(
            Q(unit_id__in=unit_ids) | Q(id__in=in_units.values("employee_id"))
        ).order_by("name", "id")  # namesakes in a stable order, as the grid
    )
    bases = tpp_bases_for(people, first)
    stored = units_tallies(unit_ids, first)
    members: dict[int, list[Employee]] = defaultdict(list)  # in name order
    units_of: dict[int, set[int]] = defaultdict(set)
    for unit_id, employee_id in stored:
        units_of[employee_id].add(unit_id)
    for person in people:
        for unit_id in units_of.get(person.id, set()) | {person.unit_id}:
            members[unit_id].append(person)
    policy = policy_set().for_month(month.year, month.month)
    for unit in units:
        yield (
            unit,
            [
                PersonMonth(
                    employee=person,
                    recap=tally_recap(
                        first, stored.get((unit.pk, person.id)), policy, bases[person.id]
                    ),
                    tpp_base=bases[person.id],
                )
                for person in members.get(unit.pk, [])
            ],
        )
