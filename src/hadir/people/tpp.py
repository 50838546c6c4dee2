"""Each employee's TPP base in rupiah, by month: the amount in force, reading it in bulk, and
the one service that writes it.

The base valid for a month is the latest ``TppBase`` whose ``valid_from`` (a first day of a
month) is on or before that month. An employee with no entry yet falls back to the single
``Employee.tpp_base`` kept from before the history existed (migration 0002); with neither,
the base is unknown (``None``): documents print "belum diisi", never 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from hadir.accounts.models import Role, RoleGrant
from hadir.audit.services import audit_record
from hadir.edge import EdgeError
from hadir.edge.errors import shown
from hadir.people.models import Employee, TppBase

TPP_BASE_MAX = 1_000_000_000  # rupiah a month; above this a typo is likelier than a salary
NOTE_MAX = 200

TPP_NOT_A_NUMBER = gettext_noop(
    "TPP base %(value)s is not an amount in rupiah. Write whole rupiah, e.g. 4250000 or 4.250.000."
)
TPP_NOT_WHOLE = gettext_noop(
    "TPP base %(value)s has a fraction of a rupiah. Write whole rupiah, e.g. 4250000."
)
TPP_NOT_POSITIVE = gettext_noop("TPP base %(value)s must be more than 0 rupiah.")
TPP_TOO_LARGE = gettext_noop(
    "TPP base %(value)s is more than Rp %(max)s a month. Check the number of digits."
)
TPP_NOTE_TOO_LONG = gettext_noop("The note is %(length)d characters; at most %(max)d.")
TPP_ONLY_BKD = gettext_noop("Only a BKD administrator may set a TPP base.")

# "Rp 4.250.000", "4.250.000", "4,250,000", "4250000", "4250000.0" (Excel), " 4 250 000 "
_GROUPED = re.compile(r"\d{1,3}([.,]\d{3})+", re.ASCII)
_PLAIN = re.compile(r"\d+([.,]0+)?", re.ASCII)
_PREFIX = re.compile(r"^rp\.?\s*", re.IGNORECASE)


def parse_tpp_amount(value: object) -> int:
    """A TPP base from a form, a file cell or the CLI: whole rupiah, 1..``TPP_BASE_MAX``.
    Thousands may be grouped with dots (Indonesian) or commas; "Rp" may lead. Anything
    else (text, NaN, infinity, fractions, negatives, booleans) is refused with the reason."""
    if isinstance(value, bool) or value is None:
        raise EdgeError(TPP_NOT_A_NUMBER, value=shown(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise EdgeError(TPP_NOT_A_NUMBER, value=shown(value))
        if not value.is_integer():
            raise EdgeError(TPP_NOT_WHOLE, value=shown(value))
        return _ranged(int(value), value)
    if isinstance(value, int):
        return _ranged(value, value)
    text = _PREFIX.sub("", "".join(str(value).split()))
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if _GROUPED.fullmatch(digits) and len(digits) <= 20:
        number = int(re.sub(r"[.,]", "", digits))
    elif _PLAIN.fullmatch(digits) and len(digits) <= 20:
        number = int(re.split(r"[.,]", digits)[0])
    elif re.fullmatch(r"\d+[.,]\d+", digits, re.ASCII):
        raise EdgeError(TPP_NOT_WHOLE, value=shown(value))
    else:
        raise EdgeError(TPP_NOT_A_NUMBER, value=shown(value))
    return _ranged(-number if negative else number, value)


def _ranged(number: int, raw: object) -> int:
    if number <= 0:
        raise EdgeError(TPP_NOT_POSITIVE, value=shown(raw))
    if number > TPP_BASE_MAX:
        raise EdgeError(TPP_TOO_LARGE, value=shown(raw), max=f"{TPP_BASE_MAX:,}".replace(",", "."))
    return number


def may_set_tpp_base(actor: Any | None) -> bool:
    """BKD writes TPP bases (and the system: demo, CLI); heads and operators only read."""
    if actor is None:
        return True
    if getattr(actor, "is_superuser", False):
        return True
    return RoleGrant.objects.filter(user=actor, role=Role.BKD_ADMIN).exists()


@transaction.atomic
def tpp_base_set(
    *,
    employee: Employee,
    valid_from: date,
    amount: object,
    actor: Any | None = None,
    note: str = "",
) -> TppBase:
    """Set ``employee``'s TPP base from the month of ``valid_from`` on (until a later entry).
    Setting the same month again replaces that month's amount. Audited with the old and new
    amount; refused (``EdgeError``, Indonesian reason) for anyone but BKD and for bad amounts.
    """
    if not may_set_tpp_base(actor):
        raise EdgeError(TPP_ONLY_BKD)
    rupiah = parse_tpp_amount(amount)
    note = " ".join(str(note or "").split())
    if len(note) > NOTE_MAX:
        raise EdgeError(TPP_NOTE_TOO_LONG, length=len(note), max=NOTE_MAX)
    month = valid_from.replace(day=1)
    before = tpp_base_for(employee, month)
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry, _created = TppBase.objects.update_or_create(
        employee=employee,
        valid_from=month,
        defaults={"amount": rupiah, "note": note, "created_by": user},
    )
    audit_record(
        actor=actor,
        action="tpp_base.set",
        target=employee,
        data={"month": f"{month:%Y-%m}", "before": before, "after": rupiah, "note": note},
    )
    return entry


def tpp_base_for(employee: Employee, month: date) -> int | None:
    """The TPP base (rupiah) in force for ``employee`` in ``month``, or None if unknown."""
    amount = (
        TppBase.objects.filter(employee=employee, valid_from__lte=month.replace(day=1))
        .order_by("-valid_from")
        .values_list("amount", flat=True)
        .first()
    )
    return amount if amount is not None else employee.tpp_base


def tpp_bases_for(
    employees: QuerySet[Employee] | Collection[Employee], month: date
) -> dict[int, int | None]:
    """The TPP base in force in ``month`` for each of ``employees`` (employee id -> rupiah or
    None), in one query for the history however many people: a queryset is used as a
    sub-query, so a whole region's 10,000 staff cost one round trip, not one each."""
    first = month.replace(day=1)
    if isinstance(employees, QuerySet):
        fallback = dict(employees.values_list("id", "tpp_base"))
        wanted: Any = employees.values("id")
    else:
        fallback = {e.pk: e.tpp_base for e in employees}
        wanted = list(fallback)
    rows = (
        TppBase.objects.filter(employee_id__in=wanted, valid_from__lte=first)
        .order_by("employee_id", "-valid_from")
        .values_list("employee_id", "amount")
    )
    found: dict[int, int] = {}
    for employee_id, amount in rows.iterator(chunk_size=5000):
        found.setdefault(employee_id, amount)
    return {pk: found.get(pk, base) for pk, base in fallback.items()}


def tpp_histories(employee_ids: Collection[int]) -> dict[int, list[tuple[date, int]]]:
    """Every dated base of these employees, newest first, in one query (for imports, which
    compare each row's base with the one in force in the row's own month)."""
    found: dict[int, list[tuple[date, int]]] = {}
    rows = (
        TppBase.objects.filter(employee_id__in=list(employee_ids))
        .order_by("employee_id", "-valid_from")
        .values_list("employee_id", "valid_from", "amount")
    )
    for employee_id, valid_from, amount in rows:
        found.setdefault(employee_id, []).append((valid_from, amount))
    return found


def base_in_history(
    history: list[tuple[date, int]], fallback: int | None, month: date
) -> int | None:
    """The base in force in ``month`` from a history of ``tpp_histories`` (newest first)."""
    first = month.replace(day=1)
    return next((amount for start, amount in history if start <= first), fallback)


def tpp_history(employee: Employee) -> list[TppBase]:
    """Every dated base of ``employee``, newest first, with who set it."""
    return list(
        TppBase.objects.filter(employee=employee)
        .select_related("created_by")
        .order_by("-valid_from")
    )
