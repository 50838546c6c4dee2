"""Every page of every role on a 360x740 phone: no sideways scroll of the page itself, no
link offered that ends on a refusal, no form button that posts where the role may not write.

The list of pages comes from ``tests/security/routes.py``: every ``page()`` route whose
``read`` names the role, its path filled with the role's own objects of the route matrix's
world (``tests/security/world.py``), so a page added there is visited here too. A declared
page that does not answer 200 is a failure, never a skip. A table may scroll inside its own
wrapper; the document itself must not be wider than the screen.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse
from playwright.sync_api import expect
from tests.browser.test_requests import PASSWORD
from tests.security.matrix import Cell, url_and_method
from tests.security.routes import ROUTES
from tests.security.world import MONTH_OPEN, World, build_world

from hadir.devices.services import device_register
from hadir.people.services import employee_create

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
ROLES = ("emp", "head", "op", "bkd", "kominfo", "lead")
# The widest elements of an overflowing page, to say what to fix.
WIDEST = (
    "[...document.querySelectorAll('body *')]"
    ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
    ".slice(-4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')"
    " + ' ' + (e.textContent || '').trim().slice(0, 30))"
)
# Every link offered: the menu and the page's own links (a fragment of the page excluded).
OFFERED = (
    "[...document.querySelectorAll('#main-nav a[href], main a[href]')]"
    ".map(a => a.href.split('#')[0])"
)

# Where each button of a form that writes posts to (its form's action unless it names its
# own; the page itself when neither does).
POSTS = (
    "[...document.querySelectorAll('main form')].filter(f => f.method === 'post')"
    ".flatMap(f => [...f.querySelectorAll('button:not([type=button]), input[type=submit]')]"
    ".map(b => b.hasAttribute('formaction') ? b.formAction : f.action))"
)


def may_write(role: str, url: str) -> bool:
    """Whether ``routes.py`` lets ``role`` write to ``url`` (the variant when the path names
    an action, any variant of the route otherwise)."""
    match = resolve(urlsplit(url).path)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)
    action = match.kwargs.get("action", "")
    for route in ROUTES:
        if route.route_name != name or (action and route.variant != action):
            continue
        if route.write == "*" or role in route.write.split():
            return True
    return False


@pytest.fixture
def world(transactional_db: object) -> World:
    """The route matrix's world, plus what makes pages wide in real life: a long name with
    titles and a machine with a long serial number and name."""
    built = build_world()
    unit = built.objects["unit_a"]
    employee_create(
        unit=unit, start=date(2025, 1, 1), nip="198703142010012003", pin="4242",
        name="Dr. Raden Ajeng Siti Nurhaliza Kusumawardhani Prawirodirdjo, S.Kep., M.Kes.",
        employee_type="PNS",
    )  # fmt: skip
    device_register(
        sn="CKJF20486012345678901234", name="Mesin presensi lobi utama gedung B lantai 2",
        unit=unit, actor=built.users["kominfo"],
    )  # fmt: skip
    return built


def readable_pages(world: World, role: str) -> list[tuple[str, str]]:
    """(route name, URL) of every page ``role`` may read, naming the role's own objects."""
    pages = []
    for route in ROUTES:
        if route.kind == "page" and role in route.read.split():
            url, _ = url_and_method(world, Cell(route, role, "own", "GET"))
            pages.append((route.name, url))
    return pages


def logged_in(browser: Any, base: str, world: World, role: str) -> Any:
    context = browser.new_context(locale="id-ID", viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/login/")
    page.fill("#id_username", world.users[role].username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/")
    return page


def visit(page: Any, url: str) -> tuple[int, str]:
    """(status, content type) of ``url``; a file (an export) downloads instead of opening."""
    try:
        response = page.goto(url)
    except Exception as error:  # Playwright refuses to "open" a download
        if "Download is starting" not in str(error):
            raise
        response = page.context.request.get(url)
        return response.status, response.headers.get("content-type", "")
    assert response is not None, url
    return response.status, response.headers.get("content-type", "")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone(live_server, browser, world, role):
    base = live_server.url
    page = logged_in(browser, base, world, role)
    problems: list[str] = []
    offered: dict[str, str] = {}
    visited = files = buttons = 0
    for name, path in readable_pages(world, role):
        status, kind = visit(page, f"{base}{path}")
        if status != 200:
            problems.append(f"{name} {path}: answered {status}, not 200")
            continue
        if not kind.startswith("text/html"):
            files += 1
            continue
        visited += 1
        width = page.evaluate("document.documentElement.scrollWidth")
        screen = page.evaluate("window.innerWidth")
        if width > screen:
            problems.append(f"{name} {path}: {width} px wide > {screen} ({page.evaluate(WIDEST)})")
        for href in page.evaluate(OFFERED):
            offered.setdefault(href, f"{name} {path}")
        for action in page.evaluate(POSTS):
            buttons += 1
            if not may_write(role, action):
                problems.append(f"{name} {path}: a form posts to {action}, not {role}'s to write")
    for href, where in sorted(offered.items()):
        if not href.startswith(base):
            continue
        response = page.context.request.get(href, max_redirects=0)
        if response.status != 200:
            problems.append(f"{where} offers {href}: answered {response.status}")
    page.context.close()
    print(
        f"{role}: {visited} pages at 360 px, {files} files, {len(offered)} links and"
        f" {buttons} form buttons offered"
    )
    assert visited > 0
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("role", "route", "family"),
    [("emp", "employee-attendance", "employee"), ("head", "unit-attendance", "unit")],
)
def test_a_day_explains_itself_on_tap(live_server, browser, world, role, route, family):
    """On the employee's calendar and the unit's grid, tapping a day's code at 360 px shows
    that day's explanation (no hover needed), and the close button hides it again."""
    base = live_server.url
    page = logged_in(browser, base, world, role)
    path = reverse(route, kwargs=world.paths[family]["own"])
    page.goto(f"{base}{path}?month={MONTH_OPEN}")
    panel = page.locator("[data-testid=day-explanation]")
    expect(panel).to_be_hidden()
    # A working day of January: past its window, so its fix is a dispensation from BKD.
    day = page.locator("[data-testid=day-why][data-fix-url]").first
    day.tap()
    expect(panel).to_be_visible()
    expected = day.get_attribute("data-explain")
    assert expected, "the day carries its explanation"
    expect(panel).to_contain_text(expected)
    expect(panel).to_contain_text("Januari 2026")
    fix = panel.locator("[data-testid=day-explanation-fix]")
    expect(fix).to_be_visible()
    expect(fix).to_have_attribute("href", day.get_attribute("data-fix-url") or "-")
    expect(fix).to_have_text("Minta dispensasi kepada BKD")
    box = panel.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    panel.get_by_role("button", name="Tutup").tap()
    expect(panel).to_be_hidden()
    page.context.close()
