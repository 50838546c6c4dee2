"""TPP base history: the amount in force by month, the bulk lookup, the service's refusals."""

from __future__ import annotations

import math
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hadir.accounts.models import Role
from hadir.audit.models import AuditEvent
from hadir.edge import EdgeError
from hadir.people.models import TppBase
from hadir.people.tpp import (
    TPP_BASE_MAX,
    parse_tpp_amount,
    tpp_base_for,
    tpp_base_set,
    tpp_bases_for,
)


@pytest.fixture
def person(two_units, make_employee):
    """Rp 4.000.000 from March 2026, Rp 4.250.000 from July 2026 (promotion)."""
    employee = make_employee(two_units["DINKES"], pin="501", name="Ani")
    tpp_base_set(employee=employee, valid_from=date(2026, 3, 1), amount=4_000_000)
    tpp_base_set(employee=employee, valid_from=date(2026, 7, 15), amount="Rp 4.250.000")
    return employee


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (date(2026, 2, 1), None),  # before the first entry, no fallback
        (date(2026, 2, 28), None),
        (date(2026, 3, 1), 4_000_000),  # first day of the first month
        (date(2026, 3, 31), 4_000_000),
        (date(2026, 6, 30), 4_000_000),  # last day before the change
        (date(2026, 7, 1), 4_250_000),  # valid_from was the 15th: stored as the month
        (date(2027, 1, 1), 4_250_000),
    ],
)
def test_base_in_force_at_month_boundaries(person, month, expected):
    assert tpp_base_for(person, month) == expected
    assert tpp_bases_for([person], month) == {person.pk: expected}


def test_without_history_the_old_single_base_applies(two_units, make_employee):
    old = make_employee(two_units["DINKES"], pin="502", tpp_base=3_000_000)
    assert tpp_base_for(old, date(2020, 1, 1)) == 3_000_000
    tpp_base_set(employee=old, valid_from=date(2026, 5, 1), amount=3_500_000)
    assert tpp_base_for(old, date(2026, 4, 1)) == 3_000_000  # before the history starts
    assert tpp_base_for(old, date(2026, 5, 1)) == 3_500_000


def test_bulk_lookup_is_one_query_for_any_number_of_people(two_units, make_employee):
    people = [make_employee(two_units["DISDIK"], pin=str(600 + n)) for n in range(30)]
    for n, employee in enumerate(people[:20]):
        tpp_base_set(employee=employee, valid_from=date(2026, 1, 1), amount=1_000_000 + n)
        tpp_base_set(employee=employee, valid_from=date(2026, 6, 1), amount=2_000_000 + n)
    with CaptureQueriesContext(connection) as queries:
        bases = tpp_bases_for(people, date(2026, 5, 1))
    assert len(queries) == 1
    assert [bases[e.pk] for e in people] == [1_000_000 + n for n in range(20)] + [None] * 10
    from hadir.people.models import Employee

    with CaptureQueriesContext(connection) as queries:
        by_query = tpp_bases_for(
            Employee.objects.filter(unit=two_units["DISDIK"]), date(2026, 6, 1)
        )
    assert len(queries) == 2  # the people's fallback bases, then the history
    assert by_query[people[3].pk] == 2_000_003


def test_setting_the_same_month_again_replaces_it_and_is_audited(person, make_user):
    bkd = make_user("bkd", Role.BKD_ADMIN)
    tpp_base_set(employee=person, valid_from=date(2026, 7, 1), amount=4_300_000, actor=bkd)
    assert TppBase.objects.filter(employee=person).count() == 2
    entry = TppBase.objects.get(employee=person, valid_from=date(2026, 7, 1))
    assert (entry.amount, entry.created_by) == (4_300_000, bkd)
    event = AuditEvent.objects.filter(action="tpp_base.set").latest("seq")
    assert event.data == {"month": "2026-07", "before": 4_250_000, "after": 4_300_000, "note": ""}
    assert event.actor == bkd
    assert AuditEvent.objects.filter(action="tpp_base.set").count() == 3


@pytest.mark.parametrize("role", [Role.HEAD, Role.OPERATOR, Role.LEADERSHIP, Role.DISKOMINFO_ADMIN])
def test_only_bkd_writes(person, make_user, two_units, role):
    unit = two_units["DINKES"] if role in (Role.HEAD, Role.OPERATOR) else None
    user = make_user("someone", role, unit)
    with translation.override("id"), pytest.raises(EdgeError) as refusal:
        tpp_base_set(employee=person, valid_from=date(2026, 8, 1), amount=1, actor=user)
    assert str(refusal.value) == "Hanya administrator BKD yang boleh mengisi TPP dasar."
    assert not TppBase.objects.filter(valid_from=date(2026, 8, 1)).exists()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (4_250_000, 4_250_000),
        (4_250_000.0, 4_250_000),  # an Excel number cell
        ("4250000", 4_250_000),
        ("4.250.000", 4_250_000),
        ("4,250,000", 4_250_000),
        ("Rp 4.250.000", 4_250_000),
        ("rp4.250.000", 4_250_000),
        (" 4 250 000 ", 4_250_000),
        ("4250000.00", 4_250_000),
        (str(TPP_BASE_MAX), TPP_BASE_MAX),
    ],
)
def test_amounts_people_write(raw, expected):
    assert parse_tpp_amount(raw) == expected


@pytest.mark.parametrize(
    ("raw", "start"),
    [
        (-5, "TPP dasar '-5' harus lebih dari 0 rupiah"),
        ("-4.250.000", "TPP dasar '-4.250.000' harus lebih dari 0 rupiah"),
        (0, "TPP dasar '0' harus lebih dari 0 rupiah"),
        (math.nan, "TPP dasar 'nan' bukan jumlah rupiah"),
        (math.inf, "TPP dasar 'inf' bukan jumlah rupiah"),
        ("NaN", "TPP dasar 'NaN' bukan jumlah rupiah"),
        ("empat juta", "TPP dasar 'empat juta' bukan jumlah rupiah"),
        ("", "TPP dasar '' bukan jumlah rupiah"),
        (None, "TPP dasar 'None' bukan jumlah rupiah"),
        (True, "TPP dasar 'True' bukan jumlah rupiah"),
        ("4250000,5", "TPP dasar '4250000,5' berisi pecahan rupiah"),
        (4_250_000.5, "TPP dasar '4250000.5' berisi pecahan rupiah"),
        (TPP_BASE_MAX + 1, "TPP dasar '1000000001' lebih dari Rp 1.000.000.000 sebulan"),
        ("9" * 400, "TPP dasar '" + "9" * 37 + "...' bukan jumlah rupiah"),
        (10**30, "TPP dasar '" + str(10**30) + "' lebih dari Rp 1.000.000.000 sebulan"),
    ],
)
def test_hostile_amounts_are_refused_in_indonesian(raw, start, person):
    with translation.override("id"), pytest.raises(EdgeError) as refusal:
        tpp_base_set(employee=person, valid_from=date(2026, 9, 1), amount=raw)
    assert str(refusal.value).startswith(start), str(refusal.value)
    assert not TppBase.objects.filter(valid_from=date(2026, 9, 1)).exists()


def test_a_huge_note_is_refused(person):
    with translation.override("id"), pytest.raises(EdgeError, match="paling banyak 200"):
        tpp_base_set(employee=person, valid_from=date(2026, 9, 1), amount=1, note="x" * 201)
