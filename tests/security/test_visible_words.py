"""What people read on every page: no raw code of a choice (``NON_ASN``, ``punch_correction``),
no ISO date (``2026-03-10``), whatever the role.

Every HTML page of the route matrix is rendered as every role allowed to read it, in the
matrix's world (every kind of object exists: requests in each state, machines, imports,
held punches, captures...). Only the visible text counts: tags, attributes (form values,
links), scripts, styles and text areas are left out.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from datetime import date
from functools import cache
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone, translation

from hadir.devices.commands import commands_enrol_employee
from hadir.mobile.services import CaptureIn, capture_receive
from hadir.people.services import employee_create
from tests.security.matrix import Cell, call, cells, client_for, expected
from tests.security.world import World, jpeg

pytestmark = pytest.mark.django_db

# An ISO date, unless it is shown as the format to type in a file, "2026-12-01
# (tahun-bulan-tanggal)" (the import page's column guide).
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b(?! \(tahun-bulan-tanggal\))")
UPPER_SNAKE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
HIDDEN_TAGS = frozenset({"script", "style", "textarea", "template", "code", "pre"})


class _VisibleText(HTMLParser):
    """The text a person sees: no tags, attributes, scripts, styles, text areas, nor what a
    "detail teknis" disclosure (``<details class="technical">``) keeps folded."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        technical = tag == "details" and "technical" in (dict(attrs).get("class") or "").split()
        opens = tag not in {"br", "img", "input", "meta", "link", "hr"}
        if (tag in HIDDEN_TAGS or technical or self._hidden) and opens:
            self._hidden.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@cache
def raw_codes() -> frozenset[str]:
    """The stored values of every choice of Hadir's models that differ from what people
    should read: codes with an underscore (``punch_correction``, ``PPPK_PW``) whose label is
    another text."""
    codes = set()
    with translation.override("id"):
        for model in apps.get_models():
            if not model.__module__.startswith("hadir."):
                continue
            for field in model._meta.get_fields():
                for value, label in getattr(field, "flatchoices", None) or ():
                    if isinstance(value, str) and "_" in value and str(label) != value:
                        codes.add(value)
    return frozenset(codes)


def _html_pages() -> list[Cell]:
    return [
        cell
        for cell in cells("GET")
        if cell.route.kind == "page" and cell.variant == "own" and expected(cell).outcome == "ok"
    ]


def test_the_codes_to_look_for_include_the_known_ones() -> None:
    """The scanner looks for what it should: the codes named in issue 13 are among them."""
    assert {"NON_ASN", "PPPK_PW", "punch_correction", "manual_attendance"} <= raw_codes()


@pytest.mark.parametrize(
    ("html", "seen"),
    [
        ("<p>Status: NON_ASN</p>", "NON_ASN"),
        ("<td>punch_correction</td>", "punch_correction"),
        ("<p>Tanggal 2026-03-10</p>", "2026-03-10"),
        ("<p>2026-03-10 (tahun)</p>", "2026-03-10"),
    ],
)
def test_the_scanner_finds_a_raw_value(html: str, seen: str) -> None:
    assert _problems(visible_text(html)) == [seen]


@pytest.mark.parametrize(
    "html",
    [
        '<input type="date" value="2026-03-10"><a href="?month=2026-03-10">Maret</a>',
        '<option value="PPPK_PW">PPPK Paruh Waktu</option>',
        '<details class="technical"><summary>Detail teknis</summary>DATA_QUERY 2026-03-10'
        "</details>",
        "<textarea>2026-03-10</textarea><script>x = 'NON_ASN'</script>",
        "<dd>Tanggal berlaku, ditulis 2026-12-01 (tahun-bulan-tanggal)</dd>",
    ],
)
def test_the_scanner_ignores_what_is_not_read(html: str) -> None:
    assert _problems(visible_text(html)) == []


def _problems(text: str) -> list[str]:
    found = ISO_DATE.findall(text) + UPPER_SNAKE.findall(text)
    words = set(re.findall(r"\b\w+\b", text))
    found += sorted(code for code in raw_codes() if code in words and code not in found)
    return found


def _assert_readable(html: str, where: str) -> None:
    text = visible_text(html)
    problems = _problems(text)
    context = [text[max(0, text.find(p) - 60) : text.find(p) + 60] for p in problems]
    assert not problems, f"{where}: {problems} in {context}"


@pytest.fixture(scope="module")
def more(world: World, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """What the matrix's world lacks for this test: employees of every type, a phone
    check-in far from the office (a request to check), a command queued on a machine. Kept
    in the module's transaction (rolled back with the world)."""
    with django_db_blocker.unblock():
        unit = world.objects["unit_a"]
        for n, (kind, number) in enumerate(
            [
                ("PPPK_PW", {"pppk_number": "199001012023212001"}),
                ("NON_ASN", {"nik": "1505016609860001"}),
            ]
        ):
            employee_create(
                unit=unit, start=date(2025, 1, 1), name=f"Pegawai Tambahan {n}", employee_type=kind,
                pin=str(3000 + n), **number,
            )  # fmt: skip
        now = timezone.now()
        far = capture_receive(
            user=world.users["emp"],
            data=CaptureIn(
                client_id=uuid.uuid4(), direction="in", captured_at=now, sent_at=now,
                lat=-7.257472, lon=112.752088, accuracy=10.0, mocked=False,
                photo=io.BytesIO(jpeg("far")),
            ),
            now=now,
        ).capture  # fmt: skip
        commands_enrol_employee(employee=world.objects["emp_a"], actor=world.users["op"])
        yield {"phone_request": far.request}


@pytest.mark.parametrize("cell", _html_pages(), ids=str)
def test_a_page_shows_no_raw_code_nor_iso_date(world: World, more: Any, cell: Cell) -> None:
    response = call(world, cell)
    assert response.status_code == 200
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    _assert_readable(response.content.decode(), f"{cell.route.name} as {cell.role}")


@pytest.mark.parametrize("role", ["head", "op", "bkd", "kominfo", "emp"])
def test_the_phone_request_reads_well(world: World, more: Any, role: str) -> None:
    request = more["phone_request"]
    page = client_for(world, role, "page").get(f"/requests/{request.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    _assert_readable(html, f"phone request as {role}")
    assert "Absen lewat ponsel, perlu diperiksa" in html
    assert "Pegawai 1 absen masuk lewat ponsel pukul" in html
    assert " km dari Kantor (di luar radius 100 m); " in html
    assert "; selfie terlampir." in html


@pytest.mark.parametrize(("role", "shown"), [("op", False), ("kominfo", True)])
def test_machine_commands_are_technical_detail_for_diskominfo_only(
    world: World, more: Any, role: str, shown: bool
) -> None:
    page = client_for(world, role, "page").get("/devices/MESIN-A/")
    html = page.content.decode()
    assert ("DATA UPDATE USERINFO" in html) is shown
    assert "DATA UPDATE USERINFO" not in visible_text(html)


@pytest.mark.parametrize("page", ["list", "detail"])
@pytest.mark.parametrize("role", ["head", "op", "bkd"])
def test_a_request_names_who_filed_it_not_their_username(
    world: World, role: str, page: str
) -> None:
    """The employee's account is "pegawai"; the pages say "Pegawai 1", the person."""
    request = world.objects["request_pending"]["own"]
    url = "/requests/" if page == "list" else f"/requests/{request.pk}/"
    text = visible_text(client_for(world, role, "page").get(url).content.decode())
    assert "· Pegawai 1" in text
    assert "· pegawai" not in text
