"""The API against its own OpenAPI schema (Schemathesis): every operation, with each role's
token (and an agent token for the agent API, and no token at all), answers no 5xx, only
status codes it declares, and bodies and content types that match the declared schemas.

Generation is bounded (a few examples per operation and role, valid and deliberately invalid
ones, derandomized so a failure
reproduces) to keep the whole run around a minute on SQLite; it runs on PostgreSQL as well.
Each operation is also run with path parameters that exist (a real unit, employee, request,
file, capture), so the answers with data in them are checked too, not only 404s.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hadir.accounts.models import Role
from hadir.accounts.tokens import api_token_create
from hadir.agents.services import agent_token_create
from hadir.api.urls import api
from hadir.devices.models import Device
from hadir.requests.services import Upload, request_submit
from tests.mobile.helpers import capture_without_position

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]
FUZZ_EXAMPLES = 5  # per operation and role, everything generated
REAL_EXAMPLES = 3  # per operation and role, with path parameters that exist
NEGATIVE_EXAMPLES = 3  # per operation and role, data that breaks the schema on purpose
# Invalid input must be refused (4xx, declared), never crash.
NEGATIVE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
USER_ROLES = ["bkd_admin", "operator", "head", "employee", "leadership", "diskominfo"]


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """Django's real WSGI application; like Django's test client, requests must not close
    the connection that holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def world(two_units, make_employee, make_user) -> dict[str, Any]:
    """A unit with people in every role, a machine, a request with a PDF, a capture."""
    dinkes = two_units["DINKES"]
    budi = make_employee(dinkes, name="Budi")
    users = {
        "employee": make_user("budi", employee=budi),
        "operator": make_user("op", Role.OPERATOR, dinkes),
        "head": make_user("kepala", Role.HEAD, dinkes),
        "bkd_admin": make_user("bkd", Role.BKD_ADMIN),
        "leadership": make_user("pimpinan", Role.LEADERSHIP),
        "diskominfo": make_user("kominfo", Role.DISKOMINFO_ADMIN),
    }
    Device.objects.create(sn="SIM-API", unit=dinkes, state="active", name="Mesin 1")
    item = request_submit(
        actor=users["employee"],
        kind="sakit",
        employee=budi,
        first_day=timezone.localdate(),
        files=[Upload(stream=io.BytesIO(PDF), name="surat.pdf")],
    )
    now = timezone.now()
    capture = capture_without_position(user=users["employee"], now=now)
    tokens = {
        role: api_token_create(user=user, name="schemathesis").plaintext
        for role, user in users.items()
    }
    tokens["agent"] = agent_token_create(unit=dinkes, name="PC-TU").plaintext
    real = {
        "code": "DINKES",
        "number": budi.nip,
        "sn": "SIM-API",
        "pk": item.pk,
        "file_id": item.evidence.get().pk,
        "client_id": str(capture.client_id),
        "month": timezone.localdate().strftime("%Y-%m"),
    }
    return {"tokens": tokens, "real": real}


def _operations(schema: Any, *, agent: bool) -> list[Any]:
    found = [result.ok() for result in schema.get_all_operations()]
    return [op for op in found if op.path.startswith("/api/v1/agent/") == agent]


def _run(
    operation: Any,
    headers: dict[str, str],
    path_parameters: dict[str, Any] | None,
    *,
    negative: bool = False,
) -> None:
    examples = REAL_EXAMPLES if path_parameters else FUZZ_EXAMPLES
    checks = CHECKS
    mode = GenerationMode.POSITIVE
    if negative:
        examples, checks, mode = NEGATIVE_EXAMPLES, NEGATIVE_CHECKS, GenerationMode.NEGATIVE
    strategy = operation.as_strategy(mode, path_parameters=path_parameters or None)

    @hypothesis_settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks)

    check()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*USER_ROLES, "agent", "anonymous"])
def test_every_operation_keeps_to_the_schema(role, world, wsgi_app):
    raw = api.get_openapi_schema()
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = wsgi_app
    token = world["tokens"].get(role)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    # Agents call the agent API; people call the rest; nobody-at-all calls everything.
    operations = (
        _operations(schema, agent=role == "agent")
        if role != "anonymous"
        else [r.ok() for r in schema.get_all_operations()]
    )
    assert len(operations) >= 3
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        _run(operation, headers, None)
        _run(operation, headers, None, negative=True)
        if names:
            _run(operation, headers, {n: world["real"][n] for n in names})
