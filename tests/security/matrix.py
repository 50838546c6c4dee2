"""The machinery of the route matrix: which routes exist, which cells to call, how to call
one, what it should answer, and a snapshot of the database to prove a refused write wrote
nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.routes import ROUTES, Route
from tests.security.world import ROLES, UNIT_BOUND, World
from tests.security.writes import BODIES, Body

API_NAMESPACE = "api-v1"
# Stamps that authentication itself writes (a login, a token or an agent seen), whatever
# the call then does; the snapshot leaves them out.
VOLATILE_FIELDS = frozenset(
    {"accounts.User.last_login", "accounts.ApiToken.last_used_at", "agents.AgentToken.last_seen_at"}
)


# --- what exists ---------------------------------------------------------------------------


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, list[str]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            params = list(getattr(pattern.pattern, "converters", {}) or {})
            if not params:
                params = list(re.compile(str(pattern.pattern)).groupindex)
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern), params


@cache
def url_params() -> dict[str, list[str]]:
    """Every named Django URL (``namespace:name``) and its path parameters."""
    return {name: params for name, _, params in _walk(get_resolver().url_patterns)}


@cache
def api_operations() -> dict[str, tuple[str, str]]:
    """Every API operation id -> (HTTP method, path template), from the OpenAPI schema."""
    from hadir.api.urls import api

    operations = {}
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            operations[operation["operationId"]] = (method.upper(), path)
    return operations


def api_url_names() -> set[str]:
    """Django URL names of the API's own operations (declared by operation id instead)."""
    paths = {re.sub(r"\{(\w+)\}", r"<\1>", p) for _, p in api_operations().values()}
    return {
        name
        for name, route, _ in _walk(get_resolver().url_patterns)
        if name.startswith(f"{API_NAMESPACE}:") and "/" + route in paths
    }


def existing_routes() -> set[str]:
    return (set(url_params()) - api_url_names()) | set(api_operations())


def declared_routes() -> set[str]:
    return {route.route_name for route in ROUTES}


# --- the cells -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    route: Route
    role: str
    variant: str
    method: str  # GET or WRITE (the route's write method)

    def __str__(self) -> str:
        return f"{self.route.name}|{self.method}|{self.role}|{self.variant}"


def _roles(spec: str) -> set[str]:
    return set(ROLES) if spec == "*" else set(spec.split())


def cells(only: str) -> list[Cell]:
    """The cells of every declared route for ``only`` ("GET" or "WRITE")."""
    found = []
    for route in ROUTES:
        if route.kind in ("device", "agent"):
            continue
        variants = ("own", "other") if route.scope else ("own",)
        methods = [m for m, spec in (("GET", route.read), ("WRITE", route.write)) if spec]
        for method in (m for m in methods if m == only):
            for role in ROLES:
                for variant in variants:
                    found.append(Cell(route, role, variant, method))
    return found


@dataclass(frozen=True)
class Expected:
    outcome: str  # ok, refused, outsider, login
    statuses: tuple[int, ...]


def expected(cell: Cell) -> Expected:
    route, role = cell.route, cell.role
    spec = route.read if cell.method == "GET" else route.write
    allowed = role in _roles(spec)
    if route.kind == "public":
        return Expected("ok", (200, 302))
    if route.kind == "monitor":
        return Expected("refused", (404,))
    if role == "anon":
        return Expected("login", (401,) if route.kind == "api" else (302,))
    outsider = cell.variant == "other" and role in UNIT_BOUND and role in route.outsiders.split()
    if outsider and (route.scope == "path" or (route.scope == "body" and allowed)):
        return Expected("outsider", (route.outsider_status,))
    if role in route.hidden.split() and not allowed:
        return Expected("outsider", (404,))
    if allowed:
        return Expected("ok", (200,) if cell.method == "GET" else ())
    refused = route.refused if isinstance(route.refused, tuple) else (route.refused,)
    return Expected("refused", refused)


# --- calling one cell -------------------------------------------------------------------------


def _new_client(world: World, role: str, kind: str) -> Client:
    if role == "anon":
        return Client()
    if kind == "api":
        return Client(headers={"Authorization": f"Bearer {world.tokens[role]}"})
    client = Client()
    client.force_login(world.users[role])
    return client


def log_in_everyone(world: World) -> None:
    """One client per role and kind, logged in with the world (their sessions live in the
    module's transaction, so every cell reuses them instead of logging in again)."""
    for role in ROLES:
        for kind in ("page", "api"):
            world.clients[(role, kind)] = _new_client(world, role, kind)


def client_for(world: World, role: str, kind: str) -> Client:
    if kind in ("public", "monitor"):  # logout and the language switch change the client itself
        return _new_client(world, role, "page")
    return world.clients[(role, kind)]


def url_and_method(world: World, cell: Cell) -> tuple[str, str]:
    route = cell.route
    values = dict(world.paths[route.path][cell.variant]) if route.path else {}
    values.update(route.args)
    if route.variant and route.kind != "api":
        values["action"] = route.variant
    if route.kind == "api":
        method, template = api_operations()[route.route_name]
        url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)
    else:
        params = url_params()[route.route_name]
        url = reverse(route.route_name, kwargs={k: values[k] for k in params} or None)
        method = "POST"
    if cell.method == "GET":
        method = "GET"
    return (f"{url}?{route.query}" if route.query else url), method


def body_for(world: World, cell: Cell) -> Body:
    build = BODIES.get(cell.route.name)
    return build(world, cell.variant, cell.role) if build else Body()


def location(response: Any) -> str:
    return str(response.headers.get("Location", ""))


def call(world: World, cell: Cell) -> Any:
    url, method = url_and_method(world, cell)
    client = client_for(world, cell.role, cell.route.kind)
    if method == "GET":
        return client.get(url)
    body = body_for(world, cell)
    if body.json:
        return client.generic(method, url, data=_json(body.data), content_type="application/json")
    if method == "POST":
        return client.post(url, data=body.data)
    return client.generic(method, url, data=_json(body.data), content_type="application/json")


def _json(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data)


# --- the database before and after -----------------------------------------------------------


@cache
def _snapshot_queries() -> list[tuple[str, str]]:
    """One plain SELECT per Hadir table: raw rows compare as well and cost far less than
    model instances (the matrix takes two snapshots per write cell)."""
    queries = []
    for model in apps.get_models():
        if not model.__module__.startswith("hadir."):
            continue
        meta = model._meta
        columns = ", ".join(
            connection.ops.quote_name(f.column)
            for f in meta.concrete_fields
            if f"{meta.label}.{f.name}" not in VOLATILE_FIELDS
        )
        order = connection.ops.quote_name(meta.pk.column)
        table = connection.ops.quote_name(meta.db_table)
        queries.append((meta.label, f"SELECT {columns} FROM {table} ORDER BY {order}"))  # noqa: S608
    return queries


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every Hadir table (volatile login/token stamps left out)."""
    with connection.cursor() as cursor:
        rows = {}
        for label, sql in _snapshot_queries():
            cursor.execute(sql)
            rows[label] = cursor.fetchall()
    return rows


def changed_tables(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])
