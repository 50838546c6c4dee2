"""Template tags of the forms: whether to offer "add an employee" to this user."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import PermissionDenied

from hadir.imports.one_employee import employee_add_units

register = template.Library()


@register.simple_tag
def may_add_employee(user: Any, unit: Any = None) -> bool:
    """Whether ``user`` may add an employee (to ``unit`` when given): the service's own rule."""
    try:
        allowed = employee_add_units(user)
    except PermissionDenied:
        return False
    return allowed is None or unit is None or unit.pk in allowed
