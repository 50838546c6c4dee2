"""Import templates: every column with its real valid values, examples that import cleanly,
and the upload page documenting every column (required or optional)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from hadir.accounts.models import Role, User
from hadir.imports.columns import column_guides
from hadir.imports.employees import EMPLOYEE_COLUMNS
from hadir.imports.models import ImportKind
from hadir.imports.outcome import RowStatus
from hadir.imports.services import import_preview
from hadir.imports.units import UNIT_COLUMNS
from hadir.people.models import EmployeeType
from hadir.schedules.models import WorkSchedule

TODAY = date(2026, 12, 4)


@pytest.fixture
def operator(two_units: Any, make_user: Any) -> User:
    return make_user("op.dinkes", Role.OPERATOR, two_units["DINKES"])


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("kind", "headers"), [("employees", EMPLOYEE_COLUMNS), ("units", UNIT_COLUMNS)]
)
def test_required_columns_are_the_readers_headers(
    region: Any, kind: str, headers: tuple[str, ...]
) -> None:
    guides = column_guides(kind, None)
    assert tuple(g.name for g in guides if g.required) == headers
    assert all(str(g.meaning) for g in guides)


def _valid_values(workbook_bytes: bytes) -> dict[str, set[str]]:
    sheet = load_workbook(io.BytesIO(workbook_bytes)).worksheets[1]
    found: dict[str, set[str]] = {}
    for column, _req, _meaning, value, _means in sheet.iter_rows(min_row=2, values_only=True):
        found.setdefault(str(column), set())
        if value:
            found[str(column)].add(str(value))
    return found


def test_employee_template_lists_real_values_of_the_operators_scope(
    operator: User, two_units: Any
) -> None:
    answer = login(operator).get("/imports/template/employees.xlsx")
    assert answer.status_code == 200
    values = _valid_values(answer.content)
    assert values["unit_kode"] == {"DINKES", "PKM-A"}  # not DISDIK or SDN-1
    assert values["jadwal"] == set(WorkSchedule.objects.values_list("code", flat=True))
    assert values["jenis"] == set(EmployeeType.values)
    assert set(values) == {g.name for g in column_guides("employees", None)}
    assert {"berlaku", "guru", "nik"} <= set(values)


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [("employees", "xlsx"), ("employees", "csv"), ("units", "xlsx"), ("units", "csv")],
)
def test_template_uploads_back_cleanly(
    two_units: Any, make_user: Any, make_employee: Any, kind: str, fmt: str
) -> None:
    make_employee(two_units["PKM-A"], pin="12")
    bkd = make_user("bkd", Role.BKD_ADMIN)
    answer = login(bkd).get(f"/imports/template/{kind}.{fmt}")
    assert answer.status_code == 200
    with translation.override("id"):
        batch = import_preview(
            kind=kind,
            filename=f"templat.{fmt}",
            content=answer.content,
            actor=bkd,
            allowed_unit_ids=None,
        )
    statuses = [row["status"] for row in batch.rows]
    assert statuses and set(statuses) == {RowStatus.NEW}, batch.rows


def test_operator_gets_no_unit_template(operator: User) -> None:
    client = login(operator)
    assert client.get("/imports/template/units.xlsx").status_code == 403
    assert client.get("/imports/template/people.xlsx").status_code == 404
    assert client.get("/imports/template/employees.pdf").status_code == 404


def test_upload_page_documents_every_column_and_its_values(operator: User) -> None:
    page = login(operator).get("/imports/new/").content.decode()
    for guide in column_guides(ImportKind.EMPLOYEES, None):
        assert f"<code>{guide.name}</code>" in page
    for code in WorkSchedule.objects.values_list("code", flat=True):
        assert f"<code>{code}</code>" in page
    assert "<code>SDN-1</code>" not in page  # another SKPD's unit is not offered
    assert "/imports/template/employees.xlsx" in page
    assert "/imports/template/units.xlsx" not in page  # units are BKD's


@pytest.mark.parametrize("kind", [ImportKind.EMPLOYEES, ImportKind.UNITS])
def test_readme_documents_every_column(region: Any, kind: str) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for guide in column_guides(kind, None):
        assert f"`{guide.name}`" in readme, guide.name
