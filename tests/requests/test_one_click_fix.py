"""From a day's problem to its fix: the new-request form prefilled from a link (and every bad
value of the link refused in words), the fix link of a day before and after its window,
asking BKD for a dispensation and BKD answering the ask."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from hadir.attendance.services import recompute_month
from hadir.audit.models import AuditEvent
from hadir.requests.dispensation_asks import dispensation_ask_create
from hadir.requests.fix import FixLinks, fix_kind
from hadir.requests.models import DispensationAsk
from hadir.requests.permissions import request_access
from hadir.requests.prefill import request_prefill
from hadir.requests.window import dispensation_grant
from tests.requests.helpers import at, logged_in

MONDAY = date(2026, 3, 2)  # the default window: requests accepted until Thursday 5 March
LAST_OPEN = at("2026-03-05 23:59")
FIRST_CLOSED = at("2026-03-06 00:00")

EMPLOYEE_REFUSED = "Pegawai yang disebut di tautan bukan pegawai yang dapat Anda ajukan"
DATE_REFUSED = "Tanggal di tautan bukan tanggal seperti 2026-12-04"
KIND_REFUSED = "Jenis permohonan di tautan tidak tersedia di formulir ini"


@pytest.mark.parametrize(
    ("codes", "kind"),
    [
        (["TAM"], "punch_correction"),
        (["TAP"], "punch_correction"),
        (["TL2", "TAP"], "punch_correction"),
        (["TK"], "izin"),
        (["H"], None),
        (["TL1"], None),
        (["L"], None),
        (["S"], None),
        ([], None),
    ],
)
def test_the_kind_that_fixes_a_day(codes, kind):
    assert fix_kind(codes) == kind


def _employee_value(people, value: str) -> str:
    return {"budi": str(people["budi"].pk), "other": "other"}.get(value, value)


@pytest.mark.parametrize(
    ("employee", "day", "kind", "prefilled", "notices"),
    [
        ("budi", "2026-03-02", "punch_correction", ("budi", MONDAY, "punch_correction"), []),
        ("budi", "", "", ("budi", None, None), []),
        ("", "2026-03-02", "izin", (None, MONDAY, "izin"), []),
        ("other", "2026-03-02", "izin", (None, MONDAY, "izin"), [EMPLOYEE_REFUSED]),
        ("abc", "2026-03-02", "izin", (None, MONDAY, "izin"), [EMPLOYEE_REFUSED]),
        ("-4", "", "", (None, None, None), [EMPLOYEE_REFUSED]),
        ("9" * 40, "", "", (None, None, None), [EMPLOYEE_REFUSED]),
        ("999999", "", "", (None, None, None), [EMPLOYEE_REFUSED]),
        ("budi", "2026-02-30", "izin", ("budi", None, "izin"), [DATE_REFUSED]),
        ("budi", "02/03/2026", "", ("budi", None, None), [DATE_REFUSED]),
        ("budi", "0001-01-01", "", ("budi", None, None), [DATE_REFUSED]),
        ("budi", "", "manual_attendance", ("budi", None, None), [KIND_REFUSED]),
        ("budi", "", "<script>", ("budi", None, None), [KIND_REFUSED]),
        (
            "x\x00",
            "y" * 5000,
            "z" * 5000,
            (None, None, None),
            [EMPLOYEE_REFUSED, DATE_REFUSED, KIND_REFUSED],
        ),
    ],
)
def test_prefill_keeps_good_values_and_names_each_bad_one(
    people, employee, day, kind, prefilled, notices
):
    employee = people["sari"].pk if employee == "other" else _employee_value(people, employee)
    if employee == people["sari"].pk:  # Sari moved away: an operator of DINKES cannot file
        people["sari"].unit = people["other_operator"].role_grants.get().unit
        people["sari"].save(update_fields=["unit"])
    with translation.override("id"):
        prefill = request_prefill(
            request_access(people["operator"]), {"employee": employee, "date": day, "kind": kind}
        )
    who, first_day, chosen = prefilled
    assert prefill.employee == (people[who] if who else None)
    assert (prefill.day, prefill.kind) == (first_day, chosen)
    assert len(prefill.notices) == len(notices)
    for notice, expected in zip(prefill.notices, notices, strict=True):
        assert notice.startswith(expected)


def test_an_employee_is_prefilled_only_as_themselves(people):
    access = request_access(people["budi_user"])
    assert request_prefill(access, {"employee": people["budi"].pk}).employee == people["budi"]
    assert request_prefill(access, {"employee": people["sari"].pk}).employee is None


def _employee_options(page: str) -> list[str]:
    select = re.search(r'<select name="employee"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="(\d+)"', select.group(1))


def test_the_form_from_a_day_offers_only_that_person(people, make_employee):
    for n in range(30):
        make_employee(people["unit"], name=f"Orang {n}")
    client = logged_in(people["operator"])
    page = client.get(
        f"/requests/new/?employee={people['budi'].pk}&date=2026-03-02&kind=punch_correction"
    ).content.decode()
    assert _employee_options(page) == [str(people["budi"].pk)]
    assert re.search(r'<option value="punch_correction" selected>', page)
    assert 'value="2026-03-02"' in page
    plain = client.get("/requests/new/").content.decode()
    assert len(_employee_options(plain)) == 32


@pytest.mark.parametrize(
    "query",
    [
        "employee=abc&date=2026-13-45&kind=zzz",
        "employee=%00&date=%00&kind=%00",
        "employee=1e9999&date=99999-01-01",
        "employee=" + "9" * 200,
    ],
)
def test_hostile_links_answer_the_form_with_a_notice(people, query):
    page = logged_in(people["operator"]).get(f"/requests/new/?{query}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "msg-warning" in text and 'data-testid="request-form"' in text
    assert len(_employee_options(text)) == 2  # nobody chosen for the operator: the full list


def test_an_operator_never_prefills_someone_of_another_unit(people, make_employee, two_units):
    stranger = make_employee(two_units["DISDIK"], name="Orang Lain")
    page = logged_in(people["operator"]).get(f"/requests/new/?employee={stranger.pk}")
    text = page.content.decode()
    assert page.status_code == 200 and "Orang Lain" not in text
    assert EMPLOYEE_REFUSED in text


def test_bkd_gets_the_number_prefilled(people):
    page = logged_in(people["bkd"]).get(f"/requests/new/?employee={people['budi'].pk}")
    assert f'value="{people["budi"].id_number}"' in page.content.decode()


@pytest.mark.parametrize(
    ("now", "dispensed", "closed"),
    [
        (at("2026-03-02 10:00"), False, False),
        (LAST_OPEN, False, False),
        (FIRST_CLOSED, False, True),
        (FIRST_CLOSED, True, False),
        (at("2026-04-20 09:00"), True, False),
    ],
)
def test_a_day_links_to_a_request_until_its_window_closes(people, now, dispensed, closed):
    if dispensed:
        dispensation_grant(
            actor=people["bkd"],
            employee=people["budi"],
            days_from=date(2026, 3, 1),
            valid_until=now.date() + timedelta(days=1),
            reason="Tugas di pulau",
            now=now,
        )
    links = FixLinks(unit=people["unit"], days=[MONDAY], now=now)
    fix = links.for_day(people["budi"].pk, MONDAY, ["TAM"])
    assert fix is not None and fix.closed is closed and fix.deadline == date(2026, 3, 5)
    if closed:
        assert (
            fix.url == f"/requests/dispensations/ask/?date=2026-03-02&employee={people['budi'].pk}"
        )
    else:
        assert fix.url == (
            f"/requests/new/?employee={people['budi'].pk}&date=2026-03-02&kind=punch_correction"
        )
    assert links.for_day(people["budi"].pk, MONDAY, ["H"]) is None
    assert links.for_day(people["budi"].pk, now.date() + timedelta(days=1), ["TK"]) is None


def test_bkd_is_sent_to_grant_rather_than_ask(people):
    links = FixLinks(unit=people["unit"], days=[MONDAY], now=FIRST_CLOSED, grants=True)
    fix = links.for_day(people["budi"].pk, MONDAY, ["TK"])
    assert fix is not None and fix.url.startswith("/requests/dispensations/?employee=")


def test_the_grid_links_each_problem_day_only_for_those_who_can_file(people, make_user):
    recompute_month("2026-03")  # no punches: working days are TK; the month is long closed
    grid = "/units/DINKES/attendance/?month=2026-03"
    page = logged_in(people["operator"]).get(grid).content.decode()
    assert 'data-fix="dispensation"' in page
    assert f"/requests/dispensations/ask/?date=2026-03-02&amp;employee={people['budi'].pk}" in page
    from hadir.accounts.models import Role

    lead = make_user("pimpinan", Role.LEADERSHIP)
    assert 'data-testid="day-fix"' not in logged_in(lead).get(grid).content.decode()
    own = logged_in(people["budi_user"]).get("/me/attendance/?month=2026-03").content.decode()
    assert 'data-testid="day-fix"' in own and "Minta dispensasi kepada BKD" in own


def refused(call) -> str:
    with translation.override("id"), pytest.raises(ValidationError) as error:
        call()
    return " ".join(error.value.messages)


def ask(people, actor="operator", **values):
    data = {"unit": people["unit"], "employee": people["budi"], "days_from": MONDAY}
    data |= {"reason": "Bertugas di pulau, baru kembali", "now": FIRST_CLOSED, **values}
    return dispensation_ask_create(actor=people[actor], **data)


def test_asking_bkd_after_the_window_then_bkd_grants(people):
    created = ask(people)
    assert AuditEvent.objects.filter(action="dispensation.ask").count() == 1
    page = logged_in(people["bkd"]).get("/requests/dispensations/").content.decode()
    assert 'data-testid="dispensation-asks"' in page and "Budi" in page
    form = logged_in(people["bkd"]).get(f"/requests/dispensations/?ask={created.pk}")
    assert f'value="{people["budi"].id_number}"' in form.content.decode()
    dispensation = dispensation_grant(
        actor=people["bkd"],
        employee=people["budi"],
        days_from=MONDAY,
        valid_until=timezone.now().date() + timedelta(days=3),
        reason=created.reason,
        ask=created,
    )
    created.refresh_from_db()
    assert created.answered_by_grant == dispensation and created.answered_at is not None


@pytest.mark.parametrize(
    ("values", "actor", "message"),
    [
        ({"now": LAST_OPEN}, "operator", "masih diterima sampai 5 Maret 2026"),
        ({"reason": "  "}, "operator", "Tuliskan mengapa hari itu tidak dapat dijelaskan"),
        ({"days_from": date(2030, 1, 1)}, "operator", "hari itu belum tiba"),
    ],
)
def test_an_ask_that_is_not_needed_is_refused_in_words(people, values, actor, message):
    assert message in refused(lambda: ask(people, actor, **values))
    assert not DispensationAsk.objects.exists()


def test_an_ask_already_covered_is_refused(people):
    dispensation_grant(
        actor=people["bkd"], unit=people["unit"], days_from=MONDAY,
        valid_until=date(2026, 3, 20), reason="Listrik padam", now=FIRST_CLOSED,
    )  # fmt: skip
    assert "sudah mencakup 2 Maret 2026" in refused(lambda: ask(people))


@pytest.mark.parametrize("actor", ["other_operator", "other_head", "bkd"])
def test_only_people_of_the_unit_may_ask(people, actor):
    with pytest.raises(PermissionDenied):
        ask(people, actor)


def test_the_ask_page_shows_the_person_and_sends(people):
    client = logged_in(people["operator"])
    url = f"/requests/dispensations/ask/?employee={people['budi'].pk}&date=2026-03-02"
    page = client.get(url).content.decode()
    assert 'data-testid="ask-for"' in page and "Budi" in page and 'value="2026-03-02"' in page
    sent = client.post(
        url,
        {"employee": people["budi"].pk, "days_from": "2026-03-02", "reason": "Tugas di pulau"},
    )
    assert sent.status_code == 302
    assert DispensationAsk.objects.get().employee == people["budi"]
    outsider = logged_in(people["other_operator"]).post(
        url, {"employee": people["budi"].pk, "days_from": "2026-03-02", "reason": "x"}
    )
    assert outsider.status_code == 200 and DispensationAsk.objects.count() == 1


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("", "Buka halaman ini dari sebuah hari di rekap bulan"),
        ("unit=DISDIK&date=2026-03-02", "Unit yang disebut di tautan bukan unit Anda."),
        ("employee=abc&date=2026-99-99", EMPLOYEE_REFUSED),
        ("unit=%00" + "x" * 300, "Buka halaman ini dari sebuah hari di rekap bulan"),
    ],
)
def test_the_ask_page_without_a_good_target_says_where_to_start(people, query, notice):
    page = logged_in(people["operator"]).get(f"/requests/dispensations/ask/?{query}")
    assert page.status_code == 200 and notice in page.content.decode()
    posted = logged_in(people["operator"]).post(
        f"/requests/dispensations/ask/?{query}", {"days_from": "2026-03-02", "reason": "x"}
    )
    assert posted.status_code == 200 and 'class="errorlist' in posted.content.decode()
    assert not DispensationAsk.objects.exists()


def test_a_unit_wide_ask_from_the_report(people):
    client = logged_in(people["head"])
    url = "/requests/dispensations/ask/?unit=DINKES&date=2026-03-04"
    assert "semua pegawai unit" in client.get(url).content.decode()
    client.post(url, {"unit": "DINKES", "days_from": "2026-03-04", "reason": "Listrik padam"})
    created = DispensationAsk.objects.get()
    assert created.unit == people["unit"] and created.employee is None


def test_a_prefilled_day_past_its_window_says_to_ask_bkd_first(people):
    client = logged_in(people["operator"])
    page = client.get(f"/requests/new/?employee={people['budi'].pk}&date=2026-03-02&kind=izin")
    text = page.content.decode()
    assert "Permohonan untuk 2 Maret 2026 hanya diterima sampai 5 Maret 2026" in text
    dispensation_grant(
        actor=people["bkd"], employee=people["budi"], days_from=MONDAY,
        valid_until=timezone.now().date() + timedelta(days=2), reason="Tugas di pulau",
    )  # fmt: skip
    again = client.get(f"/requests/new/?employee={people['budi'].pk}&date=2026-03-02&kind=izin")
    assert "hanya diterima sampai" not in again.content.decode()
