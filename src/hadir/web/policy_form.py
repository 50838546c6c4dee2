"""The policy file as a form: one field per key of the newest ``[[version]]``, generated from
the keys the validator knows (VERSION_KEYS) and the values the file holds.

A key is shown with the type of its value (number, yes/no, choice, list of band edges as rows,
table as sub-fields or rows). A key added to VERSION_KEYS and to the default policy file
appears here by itself; a line in KEY_TEXTS gives it its group, label and explanation.
The form writes the same TOML the validator reads; validation stays ``load_policy_file``.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hadir.rules import bundled_policy_text
from hadir.rules.codes import EVENT_CODES, DayCode
from hadir.rules.policy import DayCounting, DeductionBase, Policy
from hadir.rules.policy_file import PolicyFileError
from hadir.rules.policy_keys import VERSION_KEYS

PREFIX = "f:"
EXTRA_ROWS = 2
CHOICES: dict[str, list[str]] = {
    "deduction_applies_to": [member.value for member in DeductionBase],
    "request_window.counting": [member.value for member in DayCounting],
}
OFF_WHEN_BLANK = {"tk_days_for_full_deduction"}  # a number, or false when left empty
TABLE_AS_ROWS = {"deduction_pct"}  # a table whose keys are chosen by the user (code = %)
TABLE_OF_LISTS = {"approval_chains"}  # name = [item, ...], one row each
# Missed events have their own key (event_missed_pct), so their codes are not offered here.
ROW_CODES = [code.value for code in DayCode if code not in EVENT_CODES]

GROUPS: dict[str, Promise] = {
    "version": _("Version"),
    "hours": _("Punch windows and working time"),
    "bands": _("TL/PSW bands and their deductions"),
    "tk": _("Absence without notice (TK)"),
    "caps": _("Caps and the TPP split"),
    "events": _("Apel and events"),
    "discipline": _("Discipline counts"),
    "requests": _("Requests and deadlines"),
    "other": _("Other keys"),
}

# key: (group, label, one sentence: what it means, its unit, its legal basis if any)
KEY_TEXTS: dict[str, tuple[str, Promise, Promise]] = {
    "effective_from": (
        "version",
        _("In force from (month)"),
        _("The month from which this version applies, written YYYY-MM, e.g. 2026-01."),
    ),
    "source": (
        "version",
        _("Legal basis"),
        _("The regulation (Perbup/Perwal) these values come from; shown on every recap."),
    ),
    "punch_windows": (
        "hours",
        _("Punch windows (minutes)"),
        _(
            "How many minutes before the start of work a punch counts as arriving, and how "
            "many minutes after the end of work it still counts as leaving."
        ),
    ),
    "use_device_status": (
        "hours",
        _("Use the machine's in/out button"),
        _(
            "Yes: a punch the machine marked 'out' never counts as arriving and one marked "
            "'in' never as leaving; many machines record this badly, hence usually no."
        ),
    ),
    "fwa_requires_punch": (
        "hours",
        _("Flexible work needs a punch"),
        _(
            "Yes: a day of approved flexible work (FWA/WFH) counts only when punched "
            "(PermenPANRB 4/2025)."
        ),
    ),
    "late_band_edges": (
        "bands",
        _("Late arrival (TL) bands, upper edge in minutes"),
        _(
            "Each row is the last minute of a band: 30, 60, 90 means 1-30 TL1, 31-60 TL2, "
            "61-90 TL3, 91 and more TL4."
        ),
    ),
    "early_band_edges": (
        "bands",
        _("Early leave (PSW) bands, upper edge in minutes"),
        _("Each row is the last minute of a band, as for late arrival (PSW1 to PSW4)."),
    ),
    "deduction_pct": (
        "bands",
        _("Deduction per occurrence (%)"),
        _(
            "Percent of the deduction base each code costs per occurrence (TK: per day), as "
            "in the region's Perbup/Perwal; one row per code."
        ),
    ),
    "missing_punch_counts_as_top_band": (
        "bands",
        _("A missing punch costs as the top band"),
        _(
            "Yes: no punch-in (TAM) costs as the top TL band and no punch-out (TAP) as the "
            "top PSW band (KemenkoInfra Permen 10/2025 art. 22)."
        ),
    ),
    "tk_days_for_full_deduction": (
        "tk",
        _("TK days for a full deduction"),
        _(
            "With this many TK days in a month the whole TPP is deducted; leave empty to switch "
            "it off."
        ),
    ),
    "monthly_cap_pct": (
        "caps",
        _("Monthly cap (%)"),
        _("The most the deductions of one month can add up to, in percent of the base."),
    ),
    "tpp_split": (
        "caps",
        _("TPP split (%)"),
        _("The performance and discipline parts of the TPP, in percent; together 100."),
    ),
    "deduction_applies_to": (
        "caps",
        _("Deductions are taken of"),
        _("discipline: of the discipline part of the TPP; whole: of the whole TPP."),
    ),
    "event_missed_pct": (
        "events",
        _("Deduction per missed event (%)"),
        _(
            "Percent of the deduction base one missed event costs, per kind: apel (TA), "
            "upacara (TUP), senam (TSN), other (TKG); e.g. 2 in Kab. Tulang Bawang, 4 in Kab. "
            "TTU; 0 means not deducted."
        ),
    ),
    "discipline_minutes_per_day": (
        "discipline",
        _("Minutes counted as one day of absence"),
        _(
            "Late and early minutes add up to days of absence at this rate; 450 = 7.5 hours "
            "(PP 94/2021)."
        ),
    ),
    "request_window": (
        "requests",
        _("Request window"),
        _(
            "How many days after a date a request for it may be filed, counted as calendar or "
            "working days."
        ),
    ),
    "izin_per_month_max": (
        "requests",
        _("Izin requests per month, at most"),
        _(
            "How many izin requests one person may have in a calendar month (Kab. TTU: 4); "
            "0 means no cap."
        ),
    ),
    "approval_chains": (
        "requests",
        _("Approval steps after the head of unit"),
        _(
            "Per request kind (e.g. cuti), the steps after the head of unit: skpd_head, bkd, "
            "in that order; an empty step list makes the head's approval final, a kind not "
            "listed keeps the default levels."
        ),
    ),
    "submission_deadline_days": (
        "requests",
        _("Recap submission deadline (days)"),
        _("Days after the month ends by which a unit submits its recap to BKD."),
    ),
}
SUB_LABELS: dict[str, Promise] = {
    "opens_before_start_minutes": _("opens before start (minutes)"),
    "closes_after_end_minutes": _("closes after end (minutes)"),
    "performance_pct": _("performance part (%)"),
    "discipline_pct": _("discipline part (%)"),
    "days": _("days"),
    "counting": _("counted as"),
    "apel": _("apel (%)"),
    "upacara": _("upacara (%)"),
    "senam": _("senam (%)"),
    "other": _("other event (%)"),
}


@dataclass
class Field:
    key: str
    kind: str  # flag, number, text, choice, optional_number, list, table, rows
    value: Any
    group: str
    label: str | Promise
    help: str | Promise
    choices: list[str] = field(default_factory=list)
    subfields: list[Field] = field(default_factory=list)
    rows: list[Any] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return PREFIX + self.key

    @property
    def input_value(self) -> str:
        return _shown(self.value)


def latest_values(text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The document without its versions, and every key in force in the newest version
    (earlier versions merged in; a key the file never states comes from the default file)."""
    document = tomllib.loads(text, parse_float=Decimal)
    versions = document.pop("version", [])
    merged: dict[str, Any] = {}
    for block in tomllib.loads(bundled_policy_text("default"), parse_float=Decimal)["version"]:
        merged.update(block)
    merged.pop("source", None)
    for block in versions:
        merged.update(block)
    if versions:
        merged["effective_from"] = versions[-1]["effective_from"]
    for key, default in _policy_defaults().items():
        merged.setdefault(key, default)
    return document, {key: merged[key] for key in VERSION_KEYS if key in merged}


def _policy_defaults() -> dict[str, Any]:
    """A key neither the file nor ``default.toml`` states starts at the Policy field of the
    same name (a number, yes/no, or an empty table)."""
    defaults: dict[str, Any] = {}
    for item in dataclasses.fields(Policy):
        if item.name not in VERSION_KEYS:
            continue
        if item.default_factory is not dataclasses.MISSING:
            value: Any = item.default_factory()
        else:
            value = item.default
        if isinstance(value, Mapping):
            defaults[item.name] = dict(value)
        elif isinstance(value, bool | int | Decimal):
            defaults[item.name] = value
    return defaults


def build_fields(values: Mapping[str, Any]) -> list[Field]:
    return [_field(key, values.get(key, "")) for key in VERSION_KEYS]


def _field(key: str, value: Any) -> Field:
    group, label, help_text = KEY_TEXTS.get(key, ("other", key, ""))
    made = Field(key, _kind(key, value), value, group, label, help_text)
    if made.kind == "choice":
        made.choices = CHOICES[key]
    elif made.kind == "list":
        made.rows = [*value, *[""] * EXTRA_ROWS]
    elif made.kind == "rows":
        made.rows = [*value.items(), *[("", "")] * EXTRA_ROWS]
        made.choices = ROW_CODES
    elif made.kind == "list_rows":
        shown = [(name, ", ".join(str(item) for item in items)) for name, items in value.items()]
        made.rows = [*shown, *[("", "")] * EXTRA_ROWS]
    elif made.kind == "table":
        made.subfields = [_subfield(key, sub, item) for sub, item in value.items()]
    return made


def _subfield(key: str, sub: str, value: Any) -> Field:
    path = f"{key}.{sub}"
    made = Field(path, _kind(path, value), value, "", SUB_LABELS.get(sub, sub), "")
    made.choices = CHOICES.get(path, [])
    return made


def _kind(key: str, value: Any) -> str:
    if key in CHOICES:
        return "choice"
    if key in OFF_WHEN_BLANK:
        return "optional_number"
    if key in TABLE_AS_ROWS:
        return "rows"
    if key in TABLE_OF_LISTS:
        return "list_rows"
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, int | Decimal):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "table"
    return "text"


def fields_by_group(fields: list[Field]) -> list[tuple[Promise, list[Field]]]:
    return [
        (title, [f for f in fields if f.group == group])
        for group, title in GROUPS.items()
        if any(f.group == group for f in fields)
    ]


def read_post(post: Mapping[str, str], fields: list[Field]) -> dict[str, Any]:
    """The newest version's values as typed into the form (``post`` is request.POST)."""
    values: dict[str, Any] = {}
    for f in fields:
        name = f.name
        if f.kind == "flag":
            values[f.key] = post.get(name) == "true"
        elif f.kind == "optional_number":
            raw = post.get(name, "").strip()
            values[f.key] = _typed(raw) if raw else False
        elif f.kind == "list":
            values[f.key] = [_typed(v) for v in _rows(post, name) if v.strip()]
        elif f.kind == "rows":
            codes, pcts = _rows(post, name + ":code"), _rows(post, name + ":pct")
            values[f.key] = {
                code.strip(): _typed(pct)
                for code, pct in zip(codes, pcts, strict=False)
                if code.strip() and pct.strip()  # a row without a percent is removed
            }
        elif f.kind == "list_rows":
            names, items = _rows(post, name + ":name"), _rows(post, name + ":items")
            values[f.key] = {
                row_name.strip(): [item for item in re.split(r"[,\s]+", row_items) if item]
                for row_name, row_items in zip(names, items, strict=False)
                if row_name.strip()
            }
        elif f.kind == "table":
            values[f.key] = {
                sub.key.split(".", 1)[1]: _typed(post.get(sub.name, ""))
                if sub.kind == "number"
                else post.get(sub.name, "")
                for sub in f.subfields
            }
        elif f.kind == "number":
            values[f.key] = _typed(post.get(name, ""))
        elif post.get(name, "").strip() or f.key == "effective_from":
            values[f.key] = post.get(name, "")  # an empty text key is left out of the file
    return values


def _rows(post: Mapping[str, str], name: str) -> list[str]:
    getlist = getattr(post, "getlist", None)
    return list(getlist(name)) if getlist else [post[name]] if name in post else []


def _typed(raw: str) -> Any:
    """A number as TOML would read it (int, or Decimal), else the text as typed: the
    validator then says what it expected."""
    text = str(raw).strip().replace(",", ".")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return raw
    return number if number.is_finite() else raw


def policy_text(document: Mapping[str, Any], versions: list[dict[str, Any]]) -> str:
    """A policy file holding ``document``'s top keys and ``versions``."""
    lines = [f"{key} = {_toml(value)}" for key, value in document.items()]
    for block in versions:
        lines += ["", "[[version]]", *(f"{key} = {_toml(value)}" for key, value in block.items())]
    return "\n".join(lines) + "\n"


def text_with_latest(text: str, values: dict[str, Any]) -> str:
    """``text`` with its newest version replaced by ``values`` (written in full)."""
    document = tomllib.loads(text, parse_float=Decimal)
    versions = document.pop("version", [])
    return policy_text(document, [*versions[:-1], values])


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else json.dumps(str(value))
    if isinstance(value, date):
        return json.dumps(f"{value:%Y-%m}")
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    return json.dumps(str(value), ensure_ascii=False)


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def _shown(value: Any) -> str:
    if isinstance(value, date):
        return f"{value:%Y-%m}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def attach_errors(fields: list[Field], errors: tuple[PolicyFileError, ...]) -> list[str]:
    """Put each error next to the field it names; return the ones that name no field."""
    by_key = {f.key: f for f in fields}
    general: list[str] = []
    for error in errors:
        named = re.findall(r"'([a-z_]+)", f"{error.location} {error.message}")
        target = next((by_key[key] for key in named if key in by_key), None)
        if target is None:
            general.append(str(error))
        else:
            target.errors.append(error.message)
    return general
