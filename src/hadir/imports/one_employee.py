"""One new employee from a form, through the same checks and writes as the employee import.

The form's values become one import row: ``preview_employees`` judges it (NIP by type, unit in
the actor's scope, PIN free region-wide, schedule code, effective date) and
``apply_employees`` writes it, so the form and a file can never disagree about what is valid.
Only a new employee is accepted here: a number that already exists is refused (changes go
through the employee's page or an import).

Who may add: BKD (any unit) and unit operators (their units and sub-units), as for an
employee import. Heads of unit read and approve; they do not add people.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.accounts.models import Role, User
from hadir.accounts.scope import operated_unit_ids, scope_for
from hadir.accounts.services import user_create
from hadir.audit.services import audit_record
from hadir.imports.employees import KEY_FIELD, apply_employees, preview_employees
from hadir.imports.outcome import RowStatus
from hadir.imports.readers import RawRow
from hadir.people.models import Employee, EmployeeType

NOT_ALLOWED = gettext_noop(
    "Only BKD or an operator of the unit may add an employee. Ask the operator of the unit."
)
ALREADY_EXISTS = gettext_noop(
    "Number %(number)s already belongs to %(name)s. Open that employee instead of adding "
    "them again."
)
# Letters and digits that cannot be mistaken for one another when read aloud or copied.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet, not a secret
PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class EmployeeAdded:
    """The saved employee and, when a login was made, its starting password (shown once)."""

    employee: Employee
    username: str = ""
    password: str = ""


def employee_add_units(actor: Any) -> set[int] | None:
    """The units ``actor`` may add employees to: None for every unit (BKD); raises
    PermissionDenied for anyone who may add none."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_(NOT_ALLOWED))
    scope = scope_for(actor)
    if actor.is_superuser or scope.has_role(Role.BKD_ADMIN):
        return None
    operated = operated_unit_ids(actor)
    if not operated or not scope.has_role(Role.OPERATOR):
        raise PermissionDenied(_(NOT_ALLOWED))
    return set(operated)


def _existing(number: str) -> Employee | None:
    if not number:
        return None
    for field in set(KEY_FIELD.values()):
        found = Employee.objects.filter(**{field: number}).first()
        if found is not None:
            return found
    return None


def _starting_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(PASSWORD_LENGTH))


def _login_for(employee: Employee, actor: Any) -> tuple[str, str]:
    """A login named after the employee's number, with a random starting password; none
    when that name is already taken (the person had an account before)."""
    username = employee.id_number
    if User.objects.filter(username=username).exists():
        return "", ""
    password = _starting_password()
    user_create(
        username=username,
        password=password,
        employee=employee,
        full_name=employee.name,
        actor=actor,
    )
    return username, password


@transaction.atomic
def employee_add(*, actor: Any, values: dict[str, str], make_login: bool = True) -> EmployeeAdded:
    """Add one new employee from the form's ``values`` (the import's column names: ``nip``,
    ``nama``, ``unit_kode``, ``jenis``, ``jabatan``, ``pin``, ``jadwal``, ``berlaku``).

    Raises ValidationError with the import's own messages, PermissionDenied when the actor
    may add nobody; a unit outside the actor's units is refused by the import's check."""
    allowed = employee_add_units(actor)
    row = RawRow(line=1, values={key: str(value or "").strip() for key, value in values.items()})
    outcome = preview_employees([row], allowed)[0]
    if outcome.status == RowStatus.INVALID:
        raise ValidationError(outcome.errors)
    if outcome.status != RowStatus.NEW:
        existing = _existing(outcome.key)
        raise ValidationError(
            _(ALREADY_EXISTS)
            % {"number": outcome.key, "name": existing.name if existing else outcome.key}
        )
    apply_employees([outcome], actor)
    if outcome.errors:  # the database refused it after all (row_savepoint says why)
        raise ValidationError(outcome.errors)
    kind = EmployeeType(outcome.values["jenis"])
    employee = Employee.objects.select_related("unit", "schedule").get(
        **{KEY_FIELD[kind]: outcome.key}
    )
    audit_record(
        actor=actor,
        action="employee.add_form",
        target=employee,
        data={"unit": employee.unit.code, "login": make_login},
    )
    username, password = _login_for(employee, actor) if make_login else ("", "")
    return EmployeeAdded(employee, username, password)
