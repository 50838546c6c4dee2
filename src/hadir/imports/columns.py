"""Every column of each import kind: whether the file must have it, what it means, and its
valid values read from the region's real data (units, schedules) and the model's choices.

One table serves the upload page, the downloadable templates and the README's promise that
every optional column is documented, so the three cannot drift apart from the readers
(``EMPLOYEE_COLUMNS``/``UNIT_COLUMNS`` are the headers the readers require)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hadir.imports.models import ImportKind
from hadir.org.models import Unit, UnitKind
from hadir.people.models import EmployeeType
from hadir.schedules.models import WorkSchedule

Values = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ColumnGuide:
    """One column: ``required`` means the file must have the column (its cells may still be
    empty where ``meaning`` says so); ``values`` are the accepted values with their meaning
    (empty: free text or a number as ``meaning`` says)."""

    name: str
    required: bool
    meaning: str | Promise
    values: Values = ()


def _unit_values(unit_ids: set[int] | None) -> Values:
    units = Unit.objects.order_by("code")
    if unit_ids is not None:
        units = units.filter(id__in=unit_ids)
    return tuple((code, name) for code, name in units.values_list("code", "name"))


def _schedule_values() -> Values:
    rows = WorkSchedule.objects.order_by("code").values_list("code", "name")
    return tuple((code, name) for code, name in rows)


def _choices(choices: Sequence[tuple[str, str | Promise]]) -> Values:
    return tuple((value, str(label)) for value, label in choices)


def employee_columns(unit_ids: set[int] | None) -> list[ColumnGuide]:
    yes_no: Values = (("ya", str(_("teacher"))), ("tidak", str(_("not a teacher"))))
    guides = [
        ColumnGuide(
            "nip",
            True,
            _(
                "The employee's number: the 18-digit NIP for PNS, the 18-digit PPPK number for "
                "PPPK, the 16-digit NIK for non-ASN staff. Format the column as Text in Excel."
            ),
        ),
        ColumnGuide("nama", True, _("Full name, as on the decree.")),
        ColumnGuide(
            "unit_kode",
            True,
            _("Code of the unit the person works in (one of the units you manage)."),
            _unit_values(unit_ids),
        ),
        ColumnGuide(
            "jenis",
            True,
            _("Status of the employee. Also accepted: PPPK paruh waktu, non-ASN."),
            _choices(EmployeeType.choices),
        ),
        ColumnGuide("jabatan", True, _("Position; may be empty.")),
        ColumnGuide(
            "pin",
            True,
            _(
                "PIN on the fingerprint machine: 1-24 letters or digits, one PIN for one person "
                "in the whole region; may be empty until the person is enrolled."
            ),
        ),
        ColumnGuide(
            "jadwal",
            True,
            _("Code of the person's own working schedule; empty: the unit's schedule."),
            _schedule_values(),
        ),
        ColumnGuide(
            "guru",
            False,
            _(
                "Optional. Whether the person is a teacher; without the column a position "
                "starting with guru or kepala sekolah counts as teacher."
            ),
            yes_no,
        ),
        ColumnGuide(
            "nik",
            False,
            _("Optional. The 16-digit NIK of a PNS or PPPK (non-ASN put it in nip)."),
        ),
        ColumnGuide(
            "tmt",
            False,
            _(
                "Optional. Start of service as 2015-03-01 (year-month-day): TMT CPNS for a PNS, "
                "TMT PPPK for a PPPK. The leave rules count years of service from it (annual "
                "leave after 1 year, long leave after 5); empty: a PNS's NIP gives the month."
            ),
        ),
        ColumnGuide(
            "tpp_dasar",
            False,
            _(
                "Optional, BKD only. The monthly TPP base before deductions in whole rupiah, as "
                "4250000 or 4.250.000, valid from the month of berlaku (empty: this month) "
                "until a later base. Empty: the base stays as it is."
            ),
        ),
        ColumnGuide(
            "berlaku",
            False,
            _(
                "Optional. The date the row takes effect, as 2026-12-01 (year-month-day): the "
                "first day in the unit for a new employee, the day of the move when unit_kode "
                "changes, the day a new jadwal starts. Empty: today."
            ),
        ),
    ]
    return guides


def unit_columns(unit_ids: set[int] | None = None) -> list[ColumnGuide]:
    guides = [
        ColumnGuide(
            "kode",
            True,
            _("The unit's code: capital letters, digits, '.', '-' or '_' (at most 40)."),
        ),
        ColumnGuide("nama", True, _("The unit's name.")),
        ColumnGuide("jenis", True, _("Kind of unit."), _choices(UnitKind.choices)),
        ColumnGuide(
            "induk_kode",
            True,
            _("Code of the parent unit (an existing unit or one in the file); may be empty."),
            _unit_values(None),
        ),
        ColumnGuide(
            "lat",
            True,
            _("Latitude of one location, such as -1.612345; may be empty with lon and radius_m."),
        ),
        ColumnGuide("lon", True, _("Longitude of that location, such as 103.612345.")),
        ColumnGuide(
            "radius_m",
            True,
            _("Radius in metres (10 to 5000) around the location for phone check-ins."),
        ),
        ColumnGuide(
            "lokasi",
            False,
            _("Optional. Name of the location (a unit with several sites has one row per site)."),
        ),
    ]
    return guides


COLUMN_GUIDES: dict[str, Callable[[set[int] | None], list[ColumnGuide]]] = {
    ImportKind.EMPLOYEES: employee_columns,
    ImportKind.UNITS: unit_columns,
}


def column_guides(kind: str, unit_ids: set[int] | None) -> list[ColumnGuide]:
    """The columns of ``kind`` with valid values for an actor limited to ``unit_ids``
    (None: the whole region)."""
    return COLUMN_GUIDES[kind](unit_ids)
