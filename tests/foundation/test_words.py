"""How values are written for people (``hadir.words``): Indonesian dates, distances in km
with a decimal comma, people's names instead of usernames (the account's name first, as the
person chose it, then the employee record's)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from hadir import words
from hadir.accounts.services import user_create


@pytest.mark.parametrize(
    ("metres", "shown"),
    [
        (None, "?"),
        (0.4, "0 m"),
        (350.4, "350 m"),
        (999.4, "999 m"),
        (999.6, "1,0 km"),
        (1234.0, "1,2 km"),
        (9949.0, "9,9 km"),
        (9960.0, "10 km"),
        (618387.0, "618 km"),
        (1_234_567.0, "1.235 km"),
    ],
)
def test_distance(metres, shown):
    with translation.override("id"):
        assert words.distance(metres) == shown


@pytest.mark.parametrize(
    ("function", "value", "shown"),
    [
        (words.day_long, date(2026, 12, 4), "4 Desember 2026"),
        (words.day_short, date(2026, 12, 7), "Sen, 7 Des"),
        (words.local_moment, "2026-12-04 16:28:11", "4 Desember 2026 16:28:11"),
        (words.local_moment, "not a time", "not a time"),
        (words.employee_type, "NON_ASN", "Non-ASN"),
        (words.employee_type, "PPPK_PW", "PPPK paruh waktu"),
        (words.employee_type, "???", "???"),
        (words.number, 23741536.4, "23.741.536"),
    ],
)
def test_values_in_indonesian(function, value, shown):
    with translation.override("id"):
        assert function(value) == shown


@pytest.mark.parametrize(
    ("template", "shown"),
    [
        ("{{ day|date }}", "4 Desember 2026"),
        ("{{ moment|date }}", "4 Desember 2026"),
        ("{{ moment }}", "4 Desember 2026 07:12"),
        ("{{ 618387|distance }}", "618 km"),
    ],
)
def test_pages_write_dates_and_distances_in_indonesian(template, shown, settings):
    settings.USE_TZ = False
    values = {"day": date(2026, 12, 4), "moment": datetime(2026, 12, 4, 7, 12)}
    with translation.override("id"):
        assert Template(template).render(Context(values)) == shown


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("full_name", "employee_name", "shown"),
    [
        ("", "", "budi"),
        ("Budi Santoso", "", "Budi Santoso"),
        ("", "Budi Santoso, S.Kom.", "Budi Santoso, S.Kom."),
        ("Budi", "Budi Santoso, S.Kom.", "Budi"),
    ],
)
def test_a_person_is_named_by_their_name_not_their_username(
    full_name, employee_name, shown, make_employee, two_units
):
    employee = make_employee(two_units["DINKES"], name=employee_name) if employee_name else None
    user = user_create(username="budi", password="Rahasia#2026", employee=employee)
    user.first_name = full_name
    assert words.person(user) == shown
