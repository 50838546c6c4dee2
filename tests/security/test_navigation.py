"""Nobody is offered a way they cannot take: every link of the menu, for every role, opens
a page (200), never a refusal or a 404 (the browser walk of every page, at 360 px, checks
every link of every page: tests/browser/test_every_page_phone.py)."""

from __future__ import annotations

import re

import pytest

from tests.security.world import ROLES, World

pytestmark = pytest.mark.django_db
MENU = re.compile(r'<nav id="main-nav" class="nav">(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"#]+)"')


def menu_links(html: str) -> list[str]:
    found = MENU.search(html)
    assert found, "the page has the main menu"
    return HREF.findall(found.group(1))


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anon"])
def test_every_menu_link_opens_a_page(world: World, role: str) -> None:
    client = world.clients[(role, "page")]
    links = menu_links(client.get("/").content.decode())
    assert "/" in links and len(links) > 2, links
    refused = {link: client.get(link).status_code for link in links}
    refused = {link: status for link, status in refused.items() if status != 200}
    assert not refused, f"{role} is offered {refused}"


NOT_FILERS = ("lead", "kominfo")  # leadership and Diskominfo file no requests


@pytest.mark.parametrize(("role", "offered"), [(r, r not in NOT_FILERS) for r in ROLES[1:]])
def test_the_new_request_button_only_for_those_who_file(
    world: World, role: str, offered: bool
) -> None:
    html = world.clients[(role, "page")].get("/requests/").content.decode()
    assert ('data-testid="new-request"' in html) is offered
