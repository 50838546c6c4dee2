"""Build the ``hadir.exports`` documents of a unit from stored day results.

The documents are Indonesian whatever the reader's language (they go to BKD and payroll);
every figure comes from the stored results and the rules' recap, nothing is counted here
that the recap does not already count.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal

from django.db.models import QuerySet
from django.utils import timezone

from hadir.accounts.models import Role, User
from hadir.attendance.inputs import calendar_for
from hadir.attendance.models import DayRecord
from hadir.attendance.month_recaps import PersonMonth, units_month_recaps
from hadir.attendance.selectors import EmployeeMonth, employees_discipline, unit_month_grid
from hadir.audit.chain import AUDIT, LEDGER, short_form
from hadir.exports import (
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
from hadir.exports.labels import MONTH_NAMES
from hadir.exports.text import date_in_words
from hadir.org.models import Unit
from hadir.org.selectors import region_get, region_timezone
from hadir.people.models import Employee
from hadir.reporting.models import PeriodSubmission, SubmissionState
from hadir.reporting.roles import unit_role_holders
from hadir.rules import DayCode, Sanction
from hadir.rules.labels import label

HEAD_LABEL = "Kepala Unit"
OPERATOR_LABEL = "Operator"
UNSIGNED_NAME = "...................................."
VERIFIED_NOTE = "Diverifikasi BKD pada {when}."
NOT_VERIFIED_NOTE = "Belum diverifikasi BKD: angka dapat berubah."
CHAIN_NOTE = (
    "Sidik rantai saat verifikasi: {audit} dan {ledger}. Perubahan data sesudahnya dapat "
    "diperiksa dengan: hadir audit verify --at {audit} --at {ledger}"
)
ALL_UNITS = "Semua unit kerja"
BKD_HEAD_LABEL = "Kepala BKD"
UNITS_NOT_VERIFIED_NOTE = "Belum diverifikasi BKD ({count} unit): {codes}."
ALL_VERIFIED_NOTE = "Semua unit sudah diverifikasi BKD."
EMPLOYEE_TYPE_LABELS = {"PNS": "PNS", "PPPK": "PPPK", "PPPK_PW": "PPPK Paruh Waktu"}
TWO_PLACES = Decimal("0.01")
MISSING_BASE_WARNING = (
    'Perhatian: TPP dasar {count} pegawai belum diisi; baris mereka tertulis "belum diisi" '
    "dan tidak dijumlahkan. BKD mengisinya di halaman TPP pegawai atau kolom tpp_dasar impor."
)


def month_label(month: date) -> str:
    """date(2026, 3, 1) -> "Maret 2026"."""
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def day_label(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _header(unit: Unit, period_label: str, now: datetime | None) -> DocumentHeader:
    local = (now or timezone.now()).astimezone(region_timezone())
    region = region_get()
    return DocumentHeader(
        region_name=region.name if region else "",
        unit_name=unit.name,
        unit_code=unit.code,
        period_label=period_label,
        generated_at=local,
        generated_label=f"{local:%d-%m-%Y %H:%M} {local.tzname()}",
    )


def _signatory(role_label: str, user: User | None, place_date: str | None = None) -> Signatory:
    employee: Employee | None = getattr(user, "employee", None) if user else None
    if employee is not None:
        return Signatory(role_label, employee.name, employee.nip or None, place_date)
    name = (user.get_full_name() or user.get_username()) if user else UNSIGNED_NAME
    return Signatory(role_label, name, None, place_date)


def signatories(
    unit: Unit, header: DocumentHeader, operator: User | None = None
) -> tuple[Signatory, ...]:
    """The operator (who submitted, else the unit's operator) on the left, the head of unit
    on the right with the date, as on Indonesian letters."""
    heads = unit_role_holders(unit, Role.HEAD)
    if operator is None:
        operators = unit_role_holders(unit, Role.OPERATOR)
        operator = operators[0] if operators else None
    place_date = day_label(header.generated_at.date())
    return (
        _signatory(OPERATOR_LABEL, operator),
        _signatory(HEAD_LABEL, heads[0] if heads else None, place_date),
    )


def _status_note(unit: Unit, month: date) -> tuple[PeriodSubmission | None, str]:
    submission = (
        PeriodSubmission.objects.select_related("submitted_by__employee")
        .filter(unit=unit, month=month)
        .first()
    )
    if submission and submission.state == SubmissionState.VERIFIED and submission.verified_at:
        when = submission.verified_at.astimezone(region_timezone())
        return submission, VERIFIED_NOTE.format(when=day_label(when.date()))
    return submission, NOT_VERIFIED_NOTE


def chain_links(submission: PeriodSubmission) -> dict[str, str]:
    """The chain heads recorded at verification, as documents print them (empty if none)."""
    if submission.audit_seq is None or submission.ledger_seq is None:
        return {}
    return {
        AUDIT: short_form(AUDIT, submission.audit_seq, submission.audit_digest),
        LEDGER: short_form(LEDGER, submission.ledger_seq, submission.ledger_digest),
    }


def _notes(submission: PeriodSubmission | None, note: str) -> tuple[str, ...]:
    """The status note, and for a verified month the chain heads recorded at verification."""
    if submission is None or submission.state != SubmissionState.VERIFIED:
        return (note,)
    links = chain_links(submission)
    return (note, CHAIN_NOTE.format(**links)) if links else (note,)


def _total_codes(totals: list[dict[str, int]]) -> tuple[str, ...]:
    seen = {code for row in totals for code in row} | {DayCode.H.value, DayCode.TK.value}
    return tuple(code.value for code in DayCode if code.value in seen)


def month_recap_document(
    unit: Unit, month: date, *, now: datetime | None = None
) -> MonthRecapDocument:
    grid = unit_month_grid(unit, month)
    header = _header(unit, month_label(grid.month), now)
    calendar = calendar_for(grid.days[0], grid.days[-1])
    submission, note = _status_note(unit, grid.month)
    rows = tuple(
        RecapRow(
            nip_or_number=row.employee.id_number,
            name=row.employee.name,
            position=row.employee.position,
            day_codes=tuple(
                row.records[d].codes.replace(" ", "+") if d in row.records else ""
                for d in grid.days
            ),
            totals=row.totals,
            late_minutes=row.recap.late_minutes if row.recap else 0,
            early_minutes=row.recap.early_minutes if row.recap else 0,
            working_days=row.recap.working_days if row.recap else 0,
            tpp_deduction_percent=row.tpp_deduction_percent,
            tpp_deduction_amount=row.recap.deduction_amount if row.recap else None,
        )
        for row in grid.rows
    )
    return MonthRecapDocument(
        header=header,
        days=tuple(grid.days),
        day_is_off=tuple(not calendar.is_working_day(d, unit_code=unit.code) for d in grid.days),
        total_codes=_total_codes([dict(r.totals) for r in rows]),
        rows=rows,
        signatories=signatories(unit, header, submission.submitted_by if submission else None),
        notes=_notes(submission, note),
    )


def tpp_row(row: EmployeeMonth | PersonMonth, unit_name: str) -> TppRow:
    """One person's TPP line: the base in force that month, the recap's deduction (rounded
    half up to the rupiah by the rules) and the amount to pay, base minus deduction. No base:
    every rupiah figure stays empty ("belum diisi"), never 0."""
    base = row.tpp_base
    deduction = paid = None
    if base is not None:
        amount = row.recap.deduction_amount if row.recap else None
        deduction = amount if amount is not None else 0
        paid = base - deduction
    return TppRow(
        nip_or_number=row.employee.id_number,
        name=row.employee.name,
        unit_name=unit_name,
        tpp_base=base,
        deduction_percent=row.tpp_deduction_percent,
        deduction_amount=deduction,
        reasons="\n".join(row.recap.reasons_text) if row.recap else "",
        position=row.employee.position,
        paid_amount=paid,
    )


def _tpp_rows(units: list[Unit], month: date) -> tuple[TppRow, ...]:
    return tuple(
        tpp_row(person, unit.name)
        for unit, people in units_month_recaps(units, month)
        for person in people
    )


def missing_base_warnings(rows: tuple[TppRow, ...]) -> tuple[str, ...]:
    """The warning printed above a TPP list when some bases are not filled in."""
    missing = sum(1 for row in rows if row.tpp_base is None)
    return (MISSING_BASE_WARNING.format(count=missing),) if missing else ()


def tpp_deduction_document(
    unit: Unit, month: date, *, now: datetime | None = None
) -> TppDeductionDocument:
    month = month.replace(day=1)
    header = _header(unit, month_label(month), now)
    submission, note = _status_note(unit, month)
    rows = _tpp_rows([unit], month)
    return TppDeductionDocument(
        header=header,
        rows=rows,
        signatories=signatories(unit, header, submission.submitted_by if submission else None),
        notes=_notes(submission, note),
        warnings=missing_base_warnings(rows),
    )


def region_tpp_deduction_document(
    units: QuerySet[Unit], month: date, *, now: datetime | None = None
) -> TppDeductionDocument:
    """The payroll list of every unit in ``units`` (by code) for BKD, signed by the head of
    BKD; a note names the units whose month BKD has not verified yet."""
    month = month.replace(day=1)
    local = (now or timezone.now()).astimezone(region_timezone())
    region = region_get()
    header = DocumentHeader(
        region_name=region.name if region else "",
        unit_name=ALL_UNITS,
        unit_code="",
        period_label=month_label(month),
        generated_at=local,
        generated_label=f"{local:%d-%m-%Y %H:%M} {local.tzname()}",
    )
    unit_list = list(units.filter(is_active=True).order_by("code"))
    verified = set(
        PeriodSubmission.objects.filter(
            month=month, unit__in=unit_list, state=SubmissionState.VERIFIED
        ).values_list("unit_id", flat=True)
    )
    rows = _tpp_rows(unit_list, month)
    waiting = [unit.code for unit in unit_list if unit.pk not in verified]
    note = (
        UNITS_NOT_VERIFIED_NOTE.format(count=len(waiting), codes=", ".join(waiting))
        if waiting
        else ALL_VERIFIED_NOTE
    )
    signature = Signatory(BKD_HEAD_LABEL, UNSIGNED_NAME, None, day_label(local.date()))
    return TppDeductionDocument(
        header=header,
        rows=rows,
        signatories=(signature,),
        notes=(note,),
        warnings=missing_base_warnings(rows),
        per_unit_totals=True,
    )


def discipline_document(
    unit: Unit, year: int, *, now: datetime | None = None
) -> DisciplineDocument:
    """The unit's current people, their unexcused absence from 1 January up to yesterday
    (or the whole year once it is over)."""
    header = _header(unit, str(year), now)
    today = header.generated_at.date()
    until = min(date(year, 12, 31), date.fromordinal(today.toordinal() - 1))
    employees = list(Employee.objects.filter(unit=unit, is_active=True).order_by("name"))
    statuses = employees_discipline(employees, year, until)
    rows = []
    for employee in employees:
        status = statuses[employee.pk]
        rows.append(
            DisciplineRow(
                nip_or_number=employee.id_number,
                name=employee.name,
                unit_name=unit.name,
                employee_type=EMPLOYEE_TYPE_LABELS.get(
                    employee.employee_type, employee.employee_type
                ),
                tk_days=status.tk_days,
                late_early_minutes=status.late_early_minutes,
                equivalent_days=status.unexcused_days.quantize(TWO_PLACES, ROUND_DOWN),
                sanction_label="" if status.sanction is Sanction.NONE else label(status.sanction),
                consecutive_absence_flag=status.consecutive_absence,
            )
        )
    return DisciplineDocument(
        header=header, year=year, rows=tuple(rows), signatories=signatories(unit, header)
    )


def _clock(moment: datetime | None) -> str | None:
    return f"{moment.astimezone(region_timezone()):%H:%M}" if moment else None


def daily_list_document(unit: Unit, day: date, *, now: datetime | None = None) -> DailyListDocument:
    header = _header(unit, date_in_words(day), now)
    records = (
        DayRecord.objects.filter(unit=unit, day=day)
        .select_related("employee")
        .order_by("employee__name")
    )
    rows = tuple(
        DailyRow(
            nip_or_number=r.employee.id_number,
            name=r.employee.name,
            check_in=_clock(r.check_in),
            check_out=_clock(r.check_out),
            codes=r.codes.replace(" ", "+"),
            explanation=r.explanation,
        )
        for r in records
    )
    return DailyListDocument(
        header=header, day=day, rows=rows, signatories=signatories(unit, header)
    )
