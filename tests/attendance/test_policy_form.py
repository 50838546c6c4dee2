"""The policy as a form: round trip of every key, errors in Indonesian next to the field,
the preview of last month's recap, and saving an unchanged policy doing nothing."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.attendance.models import DayRecord
from hadir.attendance.policy_preview import preview_on_month, previous_month
from hadir.audit.models import AuditEvent
from hadir.jobs.models import Job
from hadir.rules import bundled_policy_text, load_policy_file
from hadir.rules.policy_file import BUNDLED_POLICY_FILES
from hadir.rules.policy_keys import VERSION_KEYS
from hadir.schedules.models import PolicyDocument
from hadir.web import policy_form

DEFAULT = bundled_policy_text("default")
MONTH = date(2026, 3, 1)
CODES = ["TL1", "TL2", "TL3", "TL4", "PSW1", "PSW2", "PSW3", "PSW4", "TK"]
DEFAULT_RATES = dict(
    zip(CODES, ["0.5", "1", "1.25", "1.5", "0.5", "1", "1.25", "1.5", "3"], strict=True)
)


def rates(**changed: str) -> list[str]:
    """The deduction rows' percents as the form shows them (two blank rows at the end),
    with ``changed`` typed over them."""
    return [changed.get(code, DEFAULT_RATES[code]) for code in CODES] + ["", ""]


def posted(fields: list[policy_form.Field], **changes: str | list[str]) -> QueryDict:
    """What a browser sends for ``fields`` as shown, with ``changes`` typed over them."""
    post = QueryDict(mutable=True)
    for f in fields:
        if f.kind == "list":
            post.setlist(f.name, [str(v) for v in f.rows])
        elif f.kind == "rows":
            post.setlist(f.name + ":code", [str(code) for code, _ in f.rows])
            post.setlist(f.name + ":pct", [str(pct) for _, pct in f.rows])
        elif f.kind == "list_rows":
            post.setlist(f.name + ":name", [str(name) for name, _ in f.rows])
            post.setlist(f.name + ":items", [str(items) for _, items in f.rows])
        elif f.kind == "table":
            for sub in f.subfields:
                post[sub.name] = sub.input_value
        elif f.kind == "optional_number":
            post[f.name] = "" if f.value is False else f.input_value
        else:
            post[f.name] = f.input_value
    for name, value in changes.items():
        if isinstance(value, list):
            post.setlist(name, value)
        else:
            post[name] = value
    return post


def form_text(text: str, **changes: str | list[str]) -> str:
    _, values = policy_form.latest_values(text)
    fields = policy_form.build_fields(values)
    return policy_form.text_with_latest(
        text, policy_form.read_post(posted(fields, **changes), fields)
    )


@pytest.mark.parametrize("name", BUNDLED_POLICY_FILES)
def test_form_round_trip_keeps_every_rule(name):
    text = bundled_policy_text(name)
    again = form_text(text)
    assert load_policy_file(again).policy_set == load_policy_file(text).policy_set


@pytest.mark.parametrize("key", list(VERSION_KEYS))
def test_every_key_has_a_field_with_an_explanation(key):
    _, values = policy_form.latest_values(DEFAULT)
    field = {f.key: f for f in policy_form.build_fields(values)}[key]
    assert field.group != "other" and str(field.help)


# key typed in the form -> what the newest version must then hold
EDITS = [
    ({"f:effective_from": "2026-01"}, lambda p: str(p.effective_from) == "2026-01"),
    ({"f:source": "Perbup Uji 1/2026"}, lambda p: p.source == "Perbup Uji 1/2026"),
    ({"f:late_band_edges": ["15", "45", "80", ""]}, lambda p: p.late_band_edges == (15, 45, 80)),
    ({"f:early_band_edges": ["20", "40", "", "60"]}, lambda p: p.early_band_edges == (20, 40, 60)),
    (
        {
            "f:missing_punch_counts_as_top_band": "false",
            "f:deduction_pct:code": [*CODES, "TAM", "TAP"],
            "f:deduction_pct:pct": [*rates()[:-2], "2", "2"],
        },
        lambda p: not p.missing_punch_counts_as_top_band and p.deduction_pct["TAM"] == 2,
    ),
    ({"f:monthly_cap_pct": "50"}, lambda p: p.monthly_cap_pct == 50),
    ({"f:tk_days_for_full_deduction": "7"}, lambda p: p.tk_days_for_full_deduction == 7),
    (
        {"f:tpp_split.performance_pct": "70", "f:tpp_split.discipline_pct": "30"},
        lambda p: p.tpp_discipline_pct == 30,
    ),
    ({"f:deduction_applies_to": "whole"}, lambda p: p.deduction_applies_to == "whole"),
    (
        {"f:punch_windows.opens_before_start_minutes": "90"},
        lambda p: p.punch_windows.opens_before_start_minutes == 90,
    ),
    ({"f:use_device_status": "true"}, lambda p: p.use_device_status),
    ({"f:fwa_requires_punch": "false"}, lambda p: not p.fwa_requires_punch),
    (
        {"f:request_window.days": "5", "f:request_window.counting": "working"},
        lambda p: (p.request_window.days, p.request_window.counting) == (5, "working"),
    ),
    ({"f:izin_per_month_max": "4"}, lambda p: p.izin_per_month_max == 4),
    (
        {
            "f:approval_chains:name": ["cuti", "izin", ""],
            "f:approval_chains:items": ["skpd_head, bkd", "", ""],
        },
        lambda p: dict(p.approval_chains) == {"cuti": ("skpd_head", "bkd"), "izin": ()},
    ),
    ({"f:discipline_minutes_per_day": "420"}, lambda p: p.discipline_minutes_per_day == 420),
    ({"f:submission_deadline_days": "10"}, lambda p: p.submission_deadline_days == 10),
    (
        {"f:event_missed_pct.apel": "2", "f:event_missed_pct.senam": "0,5"},
        lambda p: (p.event_missed_pct["apel"], p.event_missed_pct["senam"]) == (2, Decimal("0.5")),
    ),
    (
        {"f:deduction_pct:pct": rates(TL1="0,75")},
        lambda p: p.deduction_pct["TL1"] == Decimal("0.75"),
    ),
]


def test_the_edits_cover_every_key():
    covered = {name.split(":", 2)[1].split(".")[0].split(":")[0] for e, _ in EDITS for name in e}
    assert covered == set(VERSION_KEYS)


@pytest.mark.parametrize(("typed", "holds"), EDITS, ids=[next(iter(e)) for e, _ in EDITS])
def test_each_key_typed_in_the_form_reaches_the_policy(typed, holds):
    result = load_policy_file(form_text(DEFAULT, **typed))
    assert result.ok, result.errors
    assert holds(result.policy_set.versions[-1])


@pytest.mark.parametrize(
    ("typed", "key", "says"),
    [
        ({"f:monthly_cap_pct": "150"}, "monthly_cap_pct", "paling banyak 100"),
        ({"f:late_band_edges": ["60", "30", ""]}, "late_band_edges", "naik"),
        ({"f:monthly_cap_pct": "banyak"}, "monthly_cap_pct", "harus angka"),
        ({"f:tpp_split.performance_pct": "70"}, "tpp_split", "berjumlah 100"),
        ({"f:effective_from": "Maret"}, "effective_from", "TTTT-BB"),
        ({"f:izin_per_month_max": "-1"}, "izin_per_month_max", "tidak boleh negatif"),
        ({"f:event_missed_pct.apel": "150"}, "event_missed_pct", "0 sampai 100"),
        (
            {"f:approval_chains:name": ["cuti"], "f:approval_chains:items": ["bkd, skpd_head"]},
            "approval_chains",
            "urut",
        ),
        (
            {"f:deduction_pct:pct": rates(TL1="")},
            "deduction_pct",
            "belum diisi untuk TL1",
        ),
    ],
)
def test_errors_are_in_indonesian_next_to_their_field(typed, key, says):
    result = load_policy_file(form_text(DEFAULT, **typed))
    _, values = policy_form.latest_values(DEFAULT)
    fields = policy_form.build_fields(values)
    general = policy_form.attach_errors(fields, result.errors)
    assert general == []
    assert says in " ".join({f.key: f for f in fields}[key].errors)


# --- the page -------------------------------------------------------------------------------


@pytest.fixture
def bkd(two_units, make_user):
    client = Client()
    client.force_login(make_user("bkd", Role.BKD_ADMIN))
    return client


def page_fields() -> list[policy_form.Field]:
    return policy_form.build_fields(policy_form.latest_values(DEFAULT)[1])


def test_saving_an_unchanged_policy_writes_and_queues_nothing(bkd):
    for data in (
        {"mode": "raw", "text": DEFAULT, "note": "sama"},
        {"mode": "raw", "text": DEFAULT.replace("# ", "## "), "note": "komentar saja"},
        {**dict(posted(page_fields()).lists()), "mode": "form", "note": "formulir"},
    ):
        response = bkd.post("/policy/", data, follow=True)
        assert "Tidak ada yang berubah" in response.content.decode()
    assert PolicyDocument.objects.count() == 0
    assert Job.objects.count() == 0
    assert not AuditEvent.objects.filter(action="policy.save").exists()


def test_form_errors_show_next_to_the_field_and_nothing_is_saved(bkd):
    data = dict(posted(page_fields(), **{"f:monthly_cap_pct": "150"}).lists())
    page = bkd.post("/policy/", {**data, "mode": "form", "step": "preview"}).content.decode()
    assert 'data-testid="field-errors"' in page and "paling banyak 100" in page
    assert 'value="150"' in page  # what was typed stays in the field
    assert PolicyDocument.objects.count() == 0


def stored_day(employee, day: date, codes: str, late: int = 0) -> DayRecord:
    return DayRecord.objects.create(
        employee=employee,
        unit=employee.unit,
        day=day,
        codes=codes,
        working_day=True,
        late_minutes=late,
        computed_at=timezone.now(),
    )


@pytest.fixture
def month_of_three(two_units, make_employee):
    """Ani was 20 minutes late, Budi 45, Citra never; same month, TPP base 5 000 000."""

    def people(month: date):
        ani, budi, citra = (
            make_employee(two_units["DINKES"], name=name, tpp_base=5_000_000)
            for name in ("Ani", "Budi", "Citra")
        )
        stored_day(ani, month + timedelta(days=1), "TL1", late=20)
        stored_day(budi, month + timedelta(days=1), "TL2", late=45)
        stored_day(citra, month + timedelta(days=1), "H")
        return ani, budi, citra

    return people


@pytest.mark.parametrize(
    ("typed", "ani_new_pct"),
    [
        ({"f:late_band_edges": ["15", "60", "90"]}, Decimal("0.4")),  # 20 minutes now TL2
        (
            {"f:deduction_pct:pct": rates(TL1="1")},
            Decimal("0.4"),
        ),  # TL1 costs 1 % instead of 0.5 %
    ],
    ids=["band-edge", "band-rate"],
)
def test_preview_lists_exactly_the_people_whose_deduction_changes(
    month_of_three, typed, ani_new_pct
):
    ani, _budi, _citra = month_of_three(MONTH)
    new = load_policy_file(form_text(DEFAULT, **typed)).policy_set
    preview = preview_on_month(new, MONTH)
    assert preview.people == 3
    assert [c.person for c in preview.changes] == [ani]
    change = preview.changes[0]
    assert (change.old.deduction_pct, change.new.deduction_pct) == (Decimal("0.2"), ani_new_pct)
    assert (change.old.deduction_amount, change.new.deduction_amount) == (10_000, 20_000)
    assert preview.total_amount_difference == 10_000
    assert DayRecord.objects.get(employee=ani).codes == "TL1"  # nothing was written


def test_page_preview_then_save_through_the_raw_file(bkd, month_of_three):
    ani, budi, _ = month_of_three(previous_month(timezone.localdate()))
    changed = DEFAULT.replace("late_band_edges = [30, 60, 90]", "late_band_edges = [15, 60, 90]")
    page = bkd.post("/policy/", {"mode": "raw", "step": "preview", "text": changed})
    html = page.content.decode()
    assert f'data-nip="{ani.nip}"' in html and f'data-nip="{budi.nip}"' not in html
    assert PolicyDocument.objects.count() == 0 and Job.objects.count() == 0
    saved = bkd.post("/policy/", {"mode": "raw", "step": "save", "text": changed, "note": "TL1"})
    assert saved.status_code == 302
    assert PolicyDocument.objects.get().note == "TL1"
    assert AuditEvent.objects.filter(action="policy.save").count() == 1
    assert Job.objects.exists()


def test_a_changed_policy_needs_a_note(bkd):
    changed = DEFAULT.replace("monthly_cap_pct = 100", "monthly_cap_pct = 50")
    page = bkd.post("/policy/", {"mode": "raw", "step": "save", "text": changed, "note": " "})
    assert "Tulis apa yang berubah" in page.content.decode()
    assert 'data-testid="policy-save-form"' in page.content.decode()
    assert PolicyDocument.objects.count() == 0


def test_only_bkd_saves(two_units, make_user):
    from django.core.exceptions import PermissionDenied

    from hadir.schedules.services import policy_save

    boss = make_user("bupati", Role.LEADERSHIP)
    changed = DEFAULT.replace("monthly_cap_pct = 100", "monthly_cap_pct = 50")
    with pytest.raises(PermissionDenied):
        policy_save(text=changed, actor=boss)
    reader = Client()
    reader.force_login(boss)
    assert (
        reader.post("/policy/", {"mode": "raw", "step": "preview", "text": changed}).status_code
        == 403
    )


def test_preview_is_fast_for_a_kabupaten(make_unit, region):
    """About 3 000 staff with 22 stored days each; the preview reads and recaps all of them."""
    from hadir.people.models import Employee

    unit = make_unit("BESAR")
    staff = Employee.objects.bulk_create(
        Employee(
            name=f"P{n}", nip=f"1990{n:014d}", unit=unit, employee_type="PNS", tpp_base=4_000_000
        )
        for n in range(3000)
    )
    now = timezone.now()
    DayRecord.objects.bulk_create(
        DayRecord(
            employee=e,
            unit=unit,
            day=MONTH + timedelta(days=d),
            codes="TL1" if d % 5 == 0 else "H",
            late_minutes=20 if d % 5 == 0 else 0,
            working_day=True,
            computed_at=now,
        )
        for e in staff
        for d in range(22)
    )
    new = load_policy_file(
        form_text(DEFAULT, **{"f:late_band_edges": ["15", "60", "90"]})
    ).policy_set
    started = time.perf_counter()
    preview = preview_on_month(new, MONTH)
    elapsed = time.perf_counter() - started
    print(f"preview of {preview.people} people x 22 days: {elapsed:.2f} s")
    assert len(preview.changes) == 3000
    assert elapsed < 20
