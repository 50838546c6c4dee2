"""Every GET page and API read, found from the URL configuration, visited by every role with
malformed and out-of-range query parameters (and path values): never a 5xx, never Django's
English error page (HTML answers; the API's JSON error format is another piece of work).
Bounded: one request per page and bad value, every parameter a page may read carrying that
value; the whole crawl is about 40 s of CPU on SQLite (two workers: about 20 s idle)."""

from __future__ import annotations

import re
import uuid
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hadir.accounts.tokens import api_token_create

from .conftest import ROLES

# Each entry is one request: every parameter a page may read gets the same bad value.
BAD_VALUES = [
    "1970-01",
    "9999-12",
    "2026-13",
    "abc",
    "0",
    "-1",
    str(10**23),
    "NaN",
    "Infinity",
    "1e309",
    "2026-02-30",
    "x" * 5000,
    "ꦲꦗꦶ 🙂 \u202e",
    "%00",
    "2026-03-02T25:61:00+99:00",
]
PARAMETERS = (
    "month",
    "year",
    "date",
    "day",
    "offset",
    "limit",
    "page",
    "state",
    "q",
    "show",
    "unit",
    "download",
    "lat",
    "lon",
    "accuracy",
)
# The region-wide reader and the own-data reader get every bad value on every page they open;
# the other roles (which open the same pages with other data) share the list in thirds, so
# together they still send each value, and the whole crawl stays well under a minute.
FULL_SWEEP_ROLES = ("employee", "bkd_admin")
THIRD_OF = {"head": 0, "operator": 1, "diskominfo_admin": 2, "leadership": 0}
# Bad values for the path itself (``<str:...>`` and ninja's ``{name}``).
BAD_PATH_VALUES = ["1970-01", "9999-12", str(10**23), "NaN", "%00", "x" * 300, "ꦲꦗꦶ"]
ENGLISH_ERROR_PAGES = ("Bad Request (400)", "Server Error (500)", "Not Found", "403 Forbidden")
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\{(?P<ninja>\w+)\}")
SKIP = ("logout/", "i18n/", "api/v1/docs", "api/v1/openapi.json")


def _patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    found: list[str] = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$").replace("/?", "/")
        if isinstance(entry, URLResolver):
            found += _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            found.append(route)
    return sorted({r for r in found if not r.startswith(SKIP)})


def _fill(route: str, region: dict, bad: str | None = None) -> str:
    leave = region["request"]
    good = {
        "code": "DINKES",
        "number": region["worker"].nip,
        "sn": region["device"].sn,
        "pk": str(leave.pk),
        "link_pk": "1",
        "file_id": "1",
        "client_id": str(uuid.uuid4()),
        "month": "2026-03",
        "day": "2026-03-02",
        "kind": "recap",
        "fmt": "xlsx",
        "action": "submit",
    }

    def value(match: re.Match[str]) -> str:
        name = match.group("name") or match.group("ninja")
        if bad is not None and match.group("conv") != "int":
            return quote(bad, safe="")
        return good.get(name, "1")

    return "/" + PARAM.sub(value, route)


def _client(role: str, region: dict) -> tuple[Client, Client]:
    """The role's browser (session) and its API client (bearer token)."""
    if role == "anonymous":
        return Client(raise_request_exception=False), Client(raise_request_exception=False)
    user = region["users"][role]
    browser = Client(raise_request_exception=False)
    browser.force_login(user)
    token = api_token_create(user=user, name="crawler").plaintext
    api = Client(raise_request_exception=False, headers={"Authorization": f"Bearer {token}"})
    return browser, api


def _check(client: Client, url: str, problems: list[str]) -> int:
    response = client.get(url)
    # /health/ answers 503 on purpose when no worker beats (there is none in this test); it
    # must still answer JSON, never a server error page.
    if url.startswith("/health/") and response.status_code == 503:
        assert response.json()["status"] == "unhealthy", url
        return response.status_code
    if response.status_code >= 500:
        problems.append(f"{response.status_code} {url[:160]}")
        return response.status_code
    if "text/html" in response.get("Content-Type", ""):
        body = response.content.decode(errors="replace")
        english = [text for text in ENGLISH_ERROR_PAGES if text in body]
        if english:
            problems.append(f"English error page {english} at {url[:160]}")
    return response.status_code


def _values_for(role: str) -> list[str]:
    if role in THIRD_OF:
        return BAD_VALUES[THIRD_OF[role] :: 3]
    return BAD_VALUES


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_no_page_answers_a_bad_parameter_with_a_server_error(role, small_region):
    browser, api = _client(role, small_region)
    problems: list[str] = []
    routes = _patterns()
    assert len(routes) > 40, routes  # the discovery found the pages
    for route in routes:
        client = api if route.startswith("api/") else browser
        opened = _check(client, _fill(route, small_region), problems) == 200
        # A page this role cannot open (login, 403, 404, 405) never reads its parameters:
        # one bad request shows that; the pages it opens get every bad value.
        for bad in _values_for(role) if opened else BAD_VALUES[-2:]:
            query = "&".join(f"{name}={quote(bad, safe='%')}" for name in PARAMETERS)
            _check(client, f"{_fill(route, small_region)}?{query}", problems)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ["employee", "bkd_admin"])
def test_no_page_answers_a_bad_path_value_with_a_server_error(role, small_region):
    browser, api = _client(role, small_region)
    problems: list[str] = []
    for route in _patterns():
        if not PARAM.search(route):
            continue
        client = api if route.startswith("api/") else browser
        for bad in BAD_PATH_VALUES:
            _check(client, _fill(route, small_region, bad), problems)
    assert not problems, "\n".join(problems)
