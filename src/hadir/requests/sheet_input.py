"""The manual sheet as the page sends it: one ``entries`` field holding the ticked rows as
JSON (``[{"employee": 12, "in": "07:30", "out": "16:05"}, ...]``).

One field instead of three per employee keeps the form under Django's
``DATA_UPLOAD_MAX_NUMBER_FIELDS`` for a unit of any size (docs/decisions.md); only the people
ticked on the sheet are sent. Pages without JavaScript still post ``pick-<id>``/``in-<id>``/
``out-<id>`` fields, read by ``forms.sheet_entries``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import time
from typing import Any

from django.utils.translation import gettext, gettext_noop

from hadir.people.models import Employee
from hadir.requests.forms import BAD_TIME
from hadir.requests.services import EntryIn

UNREADABLE = gettext_noop(
    "The sheet could not be read. Reload the page and send it again: what you typed is kept "
    "in this browser."
)
NOT_IN_UNIT = gettext_noop(
    "Someone ticked on the sheet is no longer an active employee of this unit. Reload the "
    "page, check the ticked people and send it again."
)


def sheet_entries_from_json(
    text: str, employees: Sequence[Employee]
) -> tuple[list[EntryIn], list[str]]:
    """The ticked rows of the sheet and what is wrong with them, in words."""
    try:
        items: Any = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
        return [], [gettext(UNREADABLE)]
    by_id = {e.pk: e for e in employees}
    if not isinstance(items, list) or len(items) > len(by_id):
        return [], [gettext(UNREADABLE)]
    entries: list[EntryIn] = []
    errors: list[str] = []
    seen: set[int] = set()
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("employee"), int):
            return [], [gettext(UNREADABLE)]
        employee = by_id.get(item["employee"])
        if employee is None:
            return [], [gettext(NOT_IN_UNIT)]
        if employee.pk in seen:
            continue
        seen.add(employee.pk)
        times: list[time | None] = []
        for side in ("in", "out"):
            value = item.get(side) or ""
            text_value = str(value).strip()[:20]
            try:
                times.append(time.fromisoformat(text_value) if text_value else None)
            except ValueError:
                errors.append(gettext(BAD_TIME) % {"name": employee.name, "value": text_value})
                times.append(None)
        entries.append(EntryIn(employee, times[0], times[1]))
    return entries, errors


def sheet_rows(employees: Sequence[Employee], entries: Sequence[EntryIn]) -> list[dict[str, Any]]:
    """One row per employee for the page, with what was sent ticked and filled in again."""
    sent = {e.employee.pk: e for e in entries}

    def shown(value: time | None) -> str:
        return value.strftime("%H:%M") if value else ""

    rows = []
    for employee in employees:
        entry = sent.get(employee.pk)
        rows.append(
            {
                "employee": employee,
                "picked": entry is not None,
                "check_in": shown(entry.check_in) if entry else "",
                "check_out": shown(entry.check_out) if entry else "",
            }
        )
    return rows
