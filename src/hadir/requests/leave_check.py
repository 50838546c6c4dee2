"""The leave rules (``hadir.rules.leave_rules``) applied to a request being filed: the
person's data and open leave are read here, the pure rules decide, and a refusal becomes a
ValidationError that names the rule, its legal basis and what to do (code = the rule)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.attendance.inputs import policy_set
from hadir.people.models import Employee, EmployeeType
from hadir.requests.models import Request, RequestKind
from hadir.rules.leave_rules import (
    Leave,
    LeaveAsk,
    LeaveRefusal,
    LeaveRule,
    StaffType,
    TakenLeave,
    izin_cap_check,
    leave_refusal,
)
from hadir.words import day_long

MESSAGES: dict[LeaveRule, str] = {
    LeaveRule.NOT_FOR_PPPK: gettext_noop(
        "A PPPK has annual, sick, maternity and joint leave only. Ask for one of those, or "
        "for izin."
    ),
    LeaveRule.START_UNKNOWN: gettext_noop(
        "This leave needs %(years)d years of service, and the start of service (TMT) of "
        "this employee is not recorded. Ask the operator or BKD to record it (column tmt of "
        "the employee import)."
    ),
    LeaveRule.ANNUAL_SERVICE: gettext_noop(
        "Annual leave is given after %(years)d year of continuous service: with a TMT of "
        "%(start)s, from %(from)s. Ask for leave from that date, or for another type of leave."
    ),
    LeaveRule.ANNUAL_IN_LONG_LEAVE_YEAR: gettext_noop(
        "There is no annual leave in a year in which long leave is taken (%(year)s). Choose "
        "dates in another year, or ask for another type of leave."
    ),
    LeaveRule.LONG_SERVICE: gettext_noop(
        "Long leave is given after %(years)d years of continuous service: with a TMT of "
        "%(start)s, from %(from)s. Ask for annual leave instead, or for dates from then."
    ),
    LeaveRule.LONG_AGAIN_TOO_SOON: gettext_noop(
        "The last long leave ended on %(ended)s; the next one can start from %(from)s."
    ),
    LeaveRule.LONG_LENGTH: gettext_noop(
        "Long leave lasts at most %(months)d months: the last day can be %(until)s at the "
        "latest. Shorten the request."
    ),
    LeaveRule.SICK_LETTER: gettext_noop(
        "Sick leave needs a doctor's letter: attach it (a scan or photo). Above %(limit)d "
        "days the letter must come from a government doctor."
    ),
    LeaveRule.SICK_LENGTH: gettext_noop(
        "Sick leave lasts at most %(months)d months in one request: the last day can be "
        "%(until)s at the latest. A longer illness needs the certificate of the Tim Penguji "
        "Kesehatan: ask BKD."
    ),
    LeaveRule.MATERNITY_CHILD: gettext_noop(
        "Maternity leave is for the first to the %(last_child)dth birth while an ASN. Write "
        "which birth this is; from the fourth birth a PNS asks for long leave (cuti besar)."
    ),
    LeaveRule.MATERNITY_LENGTH: gettext_noop(
        "Maternity leave lasts at most %(months)d months: the last day can be %(until)s at "
        "the latest. Shorten the request."
    ),
    LeaveRule.IMPORTANT_LENGTH: gettext_noop(
        "Leave for important reasons lasts at most %(months)d month: the last day can be "
        "%(until)s at the latest. Shorten the request, or ask for annual leave for the rest."
    ),
    LeaveRule.UNPAID_SERVICE: gettext_noop(
        "Unpaid leave (CLTN) is given after %(years)d years of continuous service: with a "
        "TMT of %(start)s, from %(from)s."
    ),
    LeaveRule.UNPAID_LENGTH: gettext_noop(
        "Unpaid leave (CLTN) lasts at most %(months)d months: the last day can be %(until)s "
        "at the latest. Shorten the request."
    ),
    LeaveRule.IZIN_MONTHLY_CAP: gettext_noop(
        "The region allows at most %(cap)d izin requests in a month, and this employee "
        "already has them in %(month)s. Ask for leave (cuti) instead, or cancel an izin."
    ),
}
BASIS_SUFFIX = gettext_noop("Legal basis: %(basis)s.")


def staff_type(employee: Employee) -> StaffType:
    if employee.employee_type == EmployeeType.PNS:
        return StaffType.PNS
    if employee.employee_type in (EmployeeType.PPPK, EmployeeType.PPPK_PW):
        return StaffType.PPPK
    return StaffType.OTHER


def refusal_text(refusal: LeaveRefusal) -> str:
    """The refusal in words: what the rule says, what to do, and its legal basis."""
    params: dict[str, object] = {}
    for key, value in refusal.params.items():
        if key == "month" and isinstance(value, date):
            params[key] = date_format(value, "F Y")
        elif isinstance(value, date):
            params[key] = day_long(value)
        else:
            params[key] = value
    text = _(MESSAGES[refusal.rule]) % params
    return f"{text} {_(BASIS_SUFFIX) % {'basis': refusal.basis}}"


def _refuse(refusal: LeaveRefusal) -> None:
    raise ValidationError(refusal_text(refusal), code=refusal.rule.value)


def leave_history(employee: Employee) -> tuple[TakenLeave, ...]:
    rows = Request.objects.open().filter(employee=employee, kind=RequestKind.CUTI)
    return tuple(
        TakenLeave(Leave(row.leave_type), row.first_day, row.last_day)
        for row in rows.only("leave_type", "first_day", "last_day")
        if row.leave_type in Leave._value2member_map_
    )


def leave_rules_check(
    *,
    employee: Employee,
    leave_type: str,
    first: date,
    last: date,
    child_order: int | None = None,
    has_letter: bool = False,
) -> None:
    """Refuse (ValidationError naming the rule) a leave the rules do not allow."""
    refusal = leave_refusal(
        LeaveAsk(
            staff=staff_type(employee),
            leave=Leave(leave_type),
            first=first,
            last=last,
            service_start=employee.service_start_or_nip,
            child_order=child_order,
            has_letter=has_letter,
            history=leave_history(employee),
        )
    )
    if refusal is not None:
        _refuse(refusal)


def izin_cap_check_for(employee: Employee, first: date) -> None:
    """Refuse an izin beyond the policy's monthly cap (``izin_per_month_max``)."""
    try:
        cap = policy_set().for_day(first).izin_per_month_max
    except LookupError:
        return
    earlier = Request.objects.open().filter(
        employee=employee,
        kind=RequestKind.IZIN,
        first_day__year=first.year,
        first_day__month=first.month,
    )
    refusal = izin_cap_check(
        cap=cap, first=first, earlier_izin_days=earlier.values_list("first_day", flat=True)
    )
    if refusal is not None:
        _refuse(refusal)
