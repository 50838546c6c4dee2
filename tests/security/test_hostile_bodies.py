"""Every write route of the route table, posted by a role allowed to write it with the body a
real user sends (``writes.BODIES``) and one field at a time replaced by a hostile value (or
left out): never a 5xx, never Django's English error page; the API answers its JSON error.

The form crawler (``tests/edge/test_form_crawler.py``) reaches the forms it finds on pages;
this reaches every declared write, also those whose form only shows in a state the crawler's
region lacks (a month to sign or reopen, a machine's users, a face to withdraw, a PIN to
remove, a schedule to end) and the API's JSON bodies, where a field may also get a number,
a list, an object or null instead of a string. Each post runs in a savepoint that is rolled
back, with the cache emptied after it, so it meets the world as the matrix built it.

Bounded: each route gets at most ``MAX_POSTS_PER_ROUTE`` trials, spread over its fields and
the hostile values as the form crawler spreads them: at most 1,250 posts, about 20 s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tests.edge.test_form_crawler import HOSTILE_VALUES
from tests.edge.test_form_crawler import MISSING as CRAWLER_MISSING
from tests.security.matrix import Cell, body_for, client_for, url_and_method
from tests.security.routes import ROUTES, Route
from tests.security.world import ROLES, World

pytestmark = pytest.mark.django_db

MISSING = object()  # the field left out (the crawler's marker for it is None, a JSON value here)
FORM_VALUES: list[Any] = [v for v in HOSTILE_VALUES if v is not CRAWLER_MISSING] + [MISSING]
# JSON bodies also get what a form cannot carry.
JSON_VALUES: list[Any] = [*FORM_VALUES, 10**30, -1, 0.5, None, True, [], {}, ["x"] * 3]
MAX_POSTS_PER_ROUTE = 16
ENGLISH_ERROR_PAGES = ("Bad Request (400)", "Server Error (500)", "Forbidden (403)", "Not Found")


def _first_allowed(route: Route) -> str | None:
    spec = route.write.split()
    return next((role for role in ROLES if role in spec), None)


def _routes() -> list[Route]:
    return [r for r in ROUTES if r.write and r.kind in ("page", "api") and _first_allowed(r)]


def _trials(fields: list[str], values: list[Any]) -> Iterator[tuple[str, Any]]:
    """Every (field, value) pair or, past the cap, an even spread: each field its share,
    the values turning from field to field."""
    pairs = [(f, v) for f in fields for v in values]
    if len(pairs) <= MAX_POSTS_PER_ROUTE:
        yield from pairs
        return
    per_field = max(MAX_POSTS_PER_ROUTE // max(len(fields), 1), 1)
    for index, name in enumerate(fields):
        for step in range(per_field):
            yield name, values[(index * per_field + step) % len(values)]


def _post(world: World, cell: Cell, data: dict[str, Any], as_json: bool) -> Any:
    url, method = url_and_method(world, cell)
    client = client_for(world, cell.role, cell.route.kind)
    if as_json:
        text = json.dumps(data) if '{"a":' * 2000 not in data.values() else _raw_json(data)
        return client.generic(method, url, data=text, content_type="application/json")
    return client.post(url, data=data)


def _raw_json(data: dict[str, Any]) -> str:
    """JSON with the deeply nested value spliced in as text (``json.dumps`` would recurse)."""
    marker = "__nested__"
    plain = {k: (marker if v == '{"a":' * 2000 else v) for k, v in data.items()}
    return json.dumps(plain).replace(f'"{marker}"', '{"a":' * 2000 + "1" + "}" * 2000)


def _check(response: Any, where: str, problems: list[str], api: bool) -> None:
    status = response.status_code
    if status >= 500:
        problems.append(f"{where}: {status}")
        return
    if api and status >= 400:
        try:
            answer = response.json()
        except ValueError:
            problems.append(f"{where}: {status} without a JSON body")
            return
        if not isinstance(answer, dict) or not answer.get("detail"):
            problems.append(f"{where}: {status} JSON without detail: {str(answer)[:120]}")
        return
    content_type = response.get("Content-Type", "")
    if "text/html" in content_type:
        text = response.content.decode(errors="replace")
        english = [p for p in ENGLISH_ERROR_PAGES if f"<title>{p}" in text or text.startswith(p)]
        if english:
            problems.append(f"{where}: Django's English page {english[0]!r}")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 24 else f"{text[:20]}...({len(text)})"


@pytest.mark.parametrize("route", _routes(), ids=lambda r: r.name)
def test_a_hostile_field_never_breaks_a_write(world: World, route: Route) -> None:
    role = _first_allowed(route)
    assert role is not None
    cell = Cell(route, role, "own", "WRITE")
    base = body_for(world, cell)
    # A route that posts nothing but files (or nothing) gets a field it does not expect.
    fields = [k for k in base.data if not isinstance(base.data[k], SimpleUploadedFile)]
    fields = fields or ["unexpected"]
    values = JSON_VALUES if base.json else FORM_VALUES
    problems: list[str] = []
    for name, value in _trials(fields, values):
        data = dict(body_for(world, cell).data)  # fresh files each time
        if value is MISSING:
            data.pop(name, None)
        else:
            data[name] = value
        with transaction.atomic():
            response = _post(world, cell, data, base.json)
            transaction.set_rollback(True)
        cache.clear()
        where = (
            f"{role} {route.name} {name}={_shown(value if value is not MISSING else '<left out>')}"
        )
        _check(response, where, problems, api=route.kind == "api")
    assert not problems, "\n".join(problems)
