"""Template tags of the forms: whether to offer "add an employee", the legend of day codes."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import PermissionDenied
from django.utils.translation import get_language

from hadir.imports.one_employee import employee_add_units
from hadir.rules.codes import DayCode
from hadir.rules.labels import Lang, label

register = template.Library()


@register.simple_tag
def may_add_employee(user: Any, unit: Any = None) -> bool:
    """Whether ``user`` may add an employee (to ``unit`` when given): the service's own rule."""
    try:
        allowed = employee_add_units(user)
    except PermissionDenied:
        return False
    return allowed is None or unit is None or unit.pk in allowed


@register.simple_tag
def day_code_legend() -> list[tuple[str, str]]:
    """Every day code with its meaning, from the rules engine's own code list and labels,
    in the page's language (Bahasa Indonesia unless the user chose English)."""
    lang: Lang = "en" if (get_language() or "id").startswith("en") else "id"
    return [(code.value, label(code, lang)) for code in DayCode]
