"""Every form that posts, found on the pages each role opens, sent back and then sent with
one field at a time replaced by a hostile value (or left out): never a 5xx, never Django's
English error page, nor on the page a post redirects to.

Data: the edge tests' small region and one of each thing that waits for a decision
(``busy_region``: held punches, a parked day, a machine alert, a pending machine, files in
preview, a dispensation, a day off, machine users, a locked account, an event), so that the
forms deciding on them show.

Discovery: the GET crawler's routes (``_patterns``, ``_fill``), every page a role opens with
200 and HTML; each ``<form method="post">`` is read with ``html.parser`` as a browser sends it
untouched (checked boxes and radios only, the selected or else the first option, the first
named submit button, a tiny bogus file for a file input; a submit button with its own
``formaction`` makes a form of its own). A form is its action path and its field names: a role
crawls it once, however many pages show it. Each form is posted untouched and "typed in"
(empty fields given what a person types: a date, a time, a number, words, the first real
option, the test password), then with one field of the typed-in form replaced, so that a
hostile value gets past the other fields' checks into the service behind.

Each post runs in a savepoint that is rolled back, with the cache emptied and the cookies put
back after it, so a post that succeeds (a machine retired, a password changed, a login refused
too often) does not change what the next one meets; redirects are followed inside the
savepoint, so a hostile value that is saved must also show.

Bounded: a form's trials are every field with every hostile value or, past
``MAX_POSTS_PER_FORM``, an even spread of them (each field its share, the values turning from
field to field: with 15 values, a form of two fields sends them all, one of three fields two
thirds of its pairs, one of 30 fields one value per field). A form several roles see (the
password form, the request form) is one form: its roles share its trials (the n-th of k roles
sends every k-th, as the GET crawler's THIRD_OF); a form one role sees gets them all. Who sees
which form is found once per process, by the first test, which opens every role's pages
(about 10 s). About 1,430 posts: some 60 s of CPU on SQLite for the file; each xdist worker
finds who sees what again. Every trial of every field for every role (no cap, no sharing)
found nothing more when this was written (about 6 minutes)."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client
from django.test.client import RedirectCycleError
from django.utils import timezone

from hadir.attendance.parking import parked_day_record
from hadir.devices.alerts import device_alert_raise
from hadir.devices.models import DeviceUser
from hadir.devices.receiver import seen_cache
from hadir.devices.services import device_register_pending
from hadir.devices.usb import usb_preview
from hadir.events.models import Event
from hadir.imports.services import import_preview
from hadir.punches.models import PunchHold
from hadir.punches.services import IncomingPunch, punches_ingest
from hadir.requests.window import dispensation_grant
from hadir.schedules.services import calendar_entry_set

from ..conftest import PASSWORD
from .conftest import ROLES
from .test_crawler import _fill, _patterns

CRAWLED = (*ROLES, "anonymous")
MISSING = None  # the field left out of the post altogether
HOSTILE_VALUES: list[str | None] = [
    "²",
    str(10**20),
    "-1",
    "NaN",
    "1e309",
    "9999-99-99",
    "2026-02-30",
    "\x00",
    "x" * 5000,
    "ꦲꦗꦶ 🙂 \u202e",
    "",
    "0",
    "[]",
    '{"a":' * 2000,
    MISSING,
]
MAX_POSTS_PER_FORM = 30
ENGLISH_ERROR_PAGES = (
    "Bad Request (400)",
    "Server Error (500)",
    "Forbidden (403)",
    "403 Forbidden",
    "CSRF verification failed",
    "Not Found",
)
SKIP_ACTIONS = ("logout", "/i18n/")
# Pages the GET routes miss (``_fill`` gives ``<code>`` a unit's code; this one wants a
# schedule's).
EXTRA_PAGES = ("schedules/5HK/",)
# Forms the crawl must find (ids left out: they differ where sequences are not rolled back),
# so that a change of page or data that hides them shows here rather than passing silently.
MUST_FIND = {
    "employee": {"/requests/new/", "/accounts/password/"},
    "operator": {"/accounts/locked/unlock/", "/devices/SIM-EDGE-1/rename/", "/employees/new/"},
    "bkd_admin": {
        "/punches/held/",
        "/attendance/parked/retry/",
        "/policy/",
        "/schedules/5HK/",
        "/devices/usb/#/decide/",
        "/imports/#/decide/",
        "/events/#/attendance/",
    },
    "diskominfo_admin": {"/devices/SIM-EDGE-1/trust/resolve/", "/devices/PEND-EDGE-1/approve/"},
    "anonymous": {"/login/"},
}
BOGUS_FILE = b"bogus,file\n\x00\xff\n"
Key = tuple[str, tuple[str, ...]]
Trial = tuple[str, str | None]
Answer = HttpResponseBase


@dataclass
class Form:
    page: str
    action: str
    multipart: bool
    values: dict[str, list[str]] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)  # every named control, in page order
    filled: dict[str, list[str]] = field(default_factory=dict)  # what a person types in
    files: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def key(self) -> Key:
        """The same form whoever sees it (ids in the path are numbers that may differ)."""
        path = re.sub(r"/\d+(?=/)", "/#", urlsplit(self.action).path)
        return path, tuple(sorted(self.names))

    def name(self, control: str) -> None:
        if control not in self.names:
            self.names.append(control)

    def add(self, control: str, value: str) -> None:
        self.name(control)
        self.values.setdefault(control, []).append(value)

    def fill(self, control: str, value: str) -> None:
        self.name(control)
        self.filled.setdefault(control, [value])

    def typed(self) -> dict[str, list[str]]:
        """The form as a person fills it in: what the page offers, the empty fields typed in."""
        return {**self.values, **self.filled}


def _plausible(kind: str, a: dict[str, str]) -> str | None:
    """What a person types into an empty field of this kind; None for a hidden one."""
    today = timezone.localdate()
    if kind == "hidden":
        return None
    if a.get("min") and kind in ("number", "range", "date", "month", "time"):
        return a["min"]
    typed = {
        "date": today.isoformat(),
        "month": f"{today:%Y-%m}",
        "time": "08:00",
        "datetime-local": f"{today.isoformat()}T08:00",
        "number": "1",
        "range": "1",
        "email": "uji@example.org",
        "tel": "081234567890",
        "url": "https://example.org/",
        "password": PASSWORD,
    }
    if kind in typed:
        return typed[kind]
    return "1" if a.get("inputmode") in ("numeric", "decimal") else "Uji coba"


@dataclass
class _Select:
    name: str
    multiple: bool
    options: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    text: list[str] | None = None  # the words of an option that has no value


class _FormParser(HTMLParser):
    """The post forms of a page, filled as a browser fills them untouched. A submit button
    with its own ``formaction`` makes a form of its own (the request decision's buttons)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.elsewhere: list[tuple[str, str, str]] = []  # (formaction, name, value)
        self.default_submit = False
        self.select: _Select | None = None
        self.textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.handle_endtag("form")
            if a.get("method", "get").lower() == "post":
                action = urljoin(self.page, a.get("action") or self.page)
                multipart = "multipart" in a.get("enctype", "").lower()
                self.form = Form(page=self.page, action=action, multipart=multipart)
            return
        form = self.form
        if form is None:
            return
        if tag == "option" and self.select is not None:
            self._option_end()
            value = a.get("value")
            self.select.text = [] if value is None else None
            self.select.options.append(value or "")
            if "selected" in a and "disabled" not in a:
                self.select.selected.append(str(len(self.select.options) - 1))
            return
        name = a.get("name", "")
        if "disabled" in a:
            return
        kind = a.get("type", "text" if tag == "input" else "submit").lower()
        if kind == "submit" and tag in ("input", "button"):
            if "formaction" in a:
                target = urljoin(self.page, a["formaction"] or form.action)
                self.elsewhere.append((target, name, a.get("value", "")))
            else:
                self.default_submit = True
                if name:
                    form.name(name)
                    form.buttons.append((name, a.get("value", "")))
            return
        if not name:
            return
        if tag == "input":
            if kind in ("checkbox", "radio"):
                form.name(name)
                if "checked" in a:
                    form.add(name, a.get("value", "on"))
                elif kind == "radio" or "required" in a:
                    form.fill(name, a.get("value", "on"))
            elif kind == "file":
                form.name(name)
                form.files.append(name)
            elif kind not in ("image", "reset", "button"):
                form.add(name, a.get("value", ""))
                typed = _plausible(kind, a)
                if not a.get("value") and typed is not None:
                    form.fill(name, typed)
        elif tag == "select":
            self.select = _Select(name, "multiple" in a)
        elif tag == "textarea":
            self.textarea = (name, [])

    def handle_data(self, data: str) -> None:
        if self.select is not None and self.select.text is not None:
            self.select.text.append(data)
        if self.textarea is not None:
            self.textarea[1].append(data)

    def _option_end(self) -> None:
        if self.select is not None and self.select.text is not None:
            self.select.options[-1] = "".join(self.select.text).strip()
            self.select.text = None

    def handle_endtag(self, tag: str) -> None:
        form = self.form
        if form is None:
            return
        if tag == "option":
            self._option_end()
        elif tag == "select" and self.select is not None:
            self._option_end()
            select, self.select = self.select, None
            form.name(select.name)
            chosen = [select.options[int(i)] for i in select.selected]
            for value in chosen if select.multiple else chosen[-1:] or select.options[:1]:
                form.add(select.name, value)
            if not any(form.values.get(select.name, [])):
                for option in filter(None, select.options[:]):
                    form.fill(select.name, option)
                    break
        elif tag == "textarea" and self.textarea is not None:
            text = "".join(self.textarea[1])
            form.add(self.textarea[0], text[1:] if text.startswith("\n") else text)
            if not text.strip():
                form.fill(self.textarea[0], "Uji coba oleh perayap formulir")
            self.textarea = None
        elif tag == "form":
            if self.default_submit or not self.elsewhere:
                self.forms.append(form)
            for target, name, value in self.elsewhere:
                other = copy.deepcopy(form)
                other.action, other.buttons = target, [(name, value)] if name else []
                if name:
                    other.name(name)
                self.forms.append(other)
            self.form, self.elsewhere, self.default_submit = None, [], False

    def close(self) -> None:
        super().close()
        self.handle_endtag("form")


@pytest.fixture
def busy_region(small_region):
    """The small region with one of each thing that waits for a decision, so that the forms
    deciding on them show: a held punch (of another unit's sender, of an unbound address), a
    parked day, a machine alert and a pending machine, a flashdisk file and an employee file
    in preview, a dispensation, a regional day off, the users a machine reported, a locked
    account and an event."""
    region, now, today = small_region, timezone.now(), timezone.localdate()
    dinkes, worker, device = region["units"]["DINKES"], region["worker"], region["device"]
    users = region["users"]
    earlier = timezone.localtime(now).replace(tzinfo=None) - timedelta(hours=2)
    for hold, days in ((PunchHold.OUTSIDE_SCOPE, 1), (PunchHold.UNTRUSTED_SOURCE, 2)):
        punch = IncomingPunch(pin=worker.pin, local_time=earlier - timedelta(days=days))
        punches_ingest(source="usb", source_ref=hold, punches=[punch], device=device, hold=hold)
    parked_day_record(employee_id=worker.pk, day=today - timedelta(days=3), exc=ValueError("x"))
    device_alert_raise(device=device, kind="untrusted_source", address="127.0.0.2", now=now)
    device_register_pending(sn="PEND-EDGE-1", unit=dinkes, via="push")
    flashdisk = usb_preview(
        filename="1_attlog.dat",
        content=f"  {worker.pin}\t{earlier:%Y-%m-%d %H:%M:%S}\t1\t0\t1\t0\n".encode(),
        actor=users["operator"],
        device=device,
    )
    batch = import_preview(
        kind="employees",
        filename="pegawai.csv",
        content=b"nip,nama,unit_kode,jenis,jabatan,pin,jadwal\n"
        b"199001012015011001,Ani,DINKES,PNS,Staf,777,5HK\n",
        actor=users["bkd_admin"],
        allowed_unit_ids=None,
    )
    dispensation_grant(
        actor=users["bkd_admin"],
        reason="Banjir",
        days_from=today - timedelta(days=40),
        valid_until=today + timedelta(days=5),
        unit=dinkes,
    )
    calendar_entry_set(day=today + timedelta(days=10), kind="day_off", name="Libur daerah")
    DeviceUser.objects.create(device=device, pin=worker.pin, name=worker.name)
    DeviceUser.objects.create(device=device, pin="555", name="Orang lain")
    AccessAttempt.objects.create(
        username="pegawai",
        ip_address="127.0.0.1",
        user_agent="browser",
        failures_since_start=9,
        attempt_time=now,
        get_data="",
        post_data="",
        path_info="/login/",
    )
    client = Client()
    client.force_login(users["bkd_admin"])
    event = {"name": "Apel", "kind": "apel", "recurrence": "once", "day": today.isoformat()}
    event |= {"starts": "07:30", "ends": "08:00", "all_units": "on"}
    answer = client.post("/events/new/", {**event, "valid_from": today.isoformat()})
    assert answer.status_code == 302, answer.content.decode()[:500]
    event = Event.objects.latest("pk")
    # Their pages by their own ids (``_fill`` gives every ``<pk>`` the request's: the same
    # only where every table's ids start again at 1).
    pages = [f"/devices/usb/{flashdisk.pk}/", f"/imports/{batch.pk}/", f"/events/{event.pk}/"]
    return {**region, "pages": [*pages, f"/events/{event.pk}/attendance/"]}


def _client(role: str, region: dict) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(region["users"][role])
    return client


def _forms(client: Client, region: dict) -> tuple[list[Form], int]:
    """The post forms of the pages this client opens, each once; and how many pages."""
    found: dict[Key, Form] = {}
    pages = 0
    routes = [*_patterns(), *EXTRA_PAGES]
    urls = [_fill(route, region) for route in routes if not route.startswith("api/")]
    for url in dict.fromkeys([*urls, *region.get("pages", [])]):
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        parser = _FormParser(url)
        parser.feed(response.content.decode(errors="replace"))
        parser.close()
        for form in parser.forms:
            target = urlsplit(form.action)
            if target.netloc not in ("", "testserver"):
                continue
            if any(skip in target.path for skip in SKIP_ACTIONS):
                continue
            found.setdefault(form.key(), form)
    return list(found.values()), pages


_SEEN_BY: dict[Key, list[str]] = {}


def _seen_by(region: dict, role: str) -> tuple[dict[Key, list[str]], list[Form] | None]:
    """Every form and the roles that see it, in ``CRAWLED`` order, found once per process;
    and, when found now, this role's forms (the same database: no need to look again)."""
    if _SEEN_BY:
        return _SEEN_BY, None
    own = None
    for other in CRAWLED:
        forms, _pages = _forms(_client(other, region), region)
        own = forms if other == role else own
        for form in forms:
            _SEEN_BY.setdefault(form.key(), []).append(other)
    return _SEEN_BY, own


def _trials(role: str, form: Form, seen_by: dict[Key, list[str]]) -> list[Trial]:
    """This role's (field, hostile value) posts for a form. The form's trials are every field
    with every value or, past ``MAX_POSTS_PER_FORM``, an even spread of them (each field its
    share, the values turning from field to field); the roles that see the form share them."""
    names = [name for name in form.names if name != "csrfmiddlewaretoken"]
    count = len(HOSTILE_VALUES)
    trials = [
        (name, HOSTILE_VALUES[(i + turn) % count])
        for turn, name in enumerate(names)
        for i in range(count)
    ]
    if len(trials) > MAX_POSTS_PER_FORM:
        step = len(trials) / MAX_POSTS_PER_FORM
        trials = [trials[int(i * step)] for i in range(MAX_POSTS_PER_FORM)]
    roles = seen_by.get(form.key(), [])
    if role not in roles:
        return trials
    return trials[roles.index(role) :: len(roles)]


def _shown(value: str | None) -> str:
    if value is MISSING:
        return "<left out>"
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:24]}…({len(value)} chars)"


def _post(client: Client, form: Form, data: dict[str, list[str]], varied: str = "") -> Answer:
    """Post ``data`` as the form is encoded, in a savepoint rolled back; the last answer after
    the redirects followed."""
    target = urlsplit(form.action)
    path = target.path + (f"?{target.query}" if target.query else "")
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            try:
                if form.multipart:
                    body: dict = dict(data)
                    for name in form.files:
                        if name != varied:
                            body[name] = SimpleUploadedFile("bogus.csv", BOGUS_FILE, "text/csv")
                    response = client.post(path, body, follow=True)
                else:
                    encoded = urlencode(data, doseq=True)
                    kind = "application/x-www-form-urlencoded"
                    response = client.post(path, encoded, content_type=kind, follow=True)
            except RedirectCycleError as error:
                response = error.last_response
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
        cache.clear()
        seen_cache.clear()
    return response


def _check(response: Answer, where: str, problems: list[str]) -> None:
    chain = getattr(response, "redirect_chain", [])
    via = f" (after {' → '.join(f'{code} {url[:60]}' for url, code in chain)})" if chain else ""
    if response.status_code >= 500:
        problems.append(f"{response.status_code} {where}{via}")
        return
    if response.streaming or "text/html" not in response.get("Content-Type", ""):
        return
    body = response.content.decode(errors="replace")
    english = [text for text in ENGLISH_ERROR_PAGES if text in body]
    if english:
        problems.append(f"{response.status_code} English page {english}: {where}{via}")


@pytest.mark.parametrize("role", CRAWLED)
def test_no_form_answers_a_hostile_value_with_a_server_error(role, busy_region):
    seen_by, forms = _seen_by(busy_region, role)
    client = _client(role, busy_region)
    if forms is None:
        forms, _pages = _forms(client, busy_region)
    found = {form.key()[0] for form in forms}
    assert MUST_FIND.get(role, set()) <= found, sorted(found)
    problems: list[str] = []
    posts = fields = 0
    for form in forms:
        where = f"{role} POST {form.action.removeprefix('http://testserver')[:90]}"
        first_button = {name: [value] for name, value in form.buttons[:1]}
        for name, value in form.buttons or [("", "")]:
            button = {name: [value]} if name else {}
            bases = [("untouched", form.values), ("typed in", form.typed())]
            for base, data in bases[:1] if bases[0][1] == bases[1][1] else bases:
                pressed = f" pressing {name}={value}" if name else ""
                answer = _post(client, form, {**data, **button})
                _check(answer, f"{where} {base}{pressed}", problems)
                posts += 1
        varied: set[str] = set()
        for name, value in _trials(role, form, seen_by):
            varied.add(name)
            data = {**form.typed(), **first_button}
            data.pop(name, None)
            if value is not MISSING:
                data[name] = [value]
            answer = _post(client, form, data, name)
            _check(answer, f"{where} field {name!r} = {_shown(value)}", problems)
            posts += 1
        fields += len(varied)
    print(f"{role}: {len(forms)} forms, {fields} fields varied, {posts} posts")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
