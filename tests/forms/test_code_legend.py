"""Every grid has the legend of its codes, taken from the rules engine's code list."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from hadir.accounts.models import Role
from hadir.rules.codes import DayCode
from hadir.rules.labels import label


@pytest.fixture
def head_client(two_units: Any, make_user: Any) -> Client:
    client = Client()
    client.force_login(make_user("kepala", Role.HEAD, two_units["DINKES"]))
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/units/DINKES/attendance/?month=2026-03",
        "/employees/{nip}/attendance/?month=2026-03",
        "/units/DINKES/report/?month=2026-03",
        "/units/DINKES/today/",
    ],
)
def test_grid_pages_carry_the_legend_of_every_code(
    head_client: Client, two_units: Any, make_employee: Any, path: str
) -> None:
    employee = make_employee(two_units["DINKES"])
    with translation.override("id"):
        answer = head_client.get(path.format(nip=employee.nip), HTTP_ACCEPT_LANGUAGE="id")
    assert answer.status_code == 200
    page = answer.content.decode()
    assert page.count('data-testid="code-legend"') == 1
    for code in DayCode:
        assert f'code-{code.value}">{code.value}</span> {label(code, "id")}' in page
