"""Month tallies (``hadir.attendance.tallies``): counted with the days by the one store path,
equal to a count of the stored days after every kind of change, read back into the same
recap the days give, checked and rebuilt by ``hadir tallies``, filled in by the migration."""

from __future__ import annotations

import os
import threading
import time
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from hypothesis import given, settings
from hypothesis import strategies as st

from hadir.attendance.models import DayRecord, MonthTally
from hadir.attendance.recompute import recompute_all_dirty, recompute_dirty
from hadir.attendance.selectors import StoredDay
from hadir.attendance.services import recompute_month
from hadir.attendance.tallies import decode, encode, tallies_check, tallies_fill, tallies_rebuild
from hadir.people.models import EmployeeAssignment
from hadir.people.services import employee_transfer
from hadir.rules import (
    DEFAULT_POLICY,
    KAB_TTU_POLICY,
    PERMENTAN_68_2012_POLICY,
    DayCode,
    LeaveType,
    build_month_recap,
    recap_from_tally,
    tally_days,
)

MONTH = date(2026, 3, 1)
BEFORE = [("attendance", "0007_h15_partial_settles_at_index")]


# Days as stored: any codes (one or two), leave, minutes, in progress or over, punched or not.
def _day(day, codes, working, late, early, leave, progress, punched) -> StoredDay:
    return StoredDay.from_columns(
        date(2026, 3, day), " ".join(codes), working, late, early, leave,
        in_progress=progress, punched=punched,
    )  # fmt: skip


stored_day = st.builds(
    _day,
    st.integers(1, 31),
    st.lists(st.sampled_from([str(c) for c in DayCode]), min_size=1, max_size=2, unique=True),
    st.booleans(),
    st.integers(0, 600),
    st.integers(0, 600),
    st.sampled_from(["", *(str(t) for t in LeaveType)]),
    st.booleans(),
    st.booleans(),
)
month_days = st.lists(stored_day, max_size=31, unique_by=lambda d: d.day)


@settings(max_examples=300, deadline=None)
@given(
    days=month_days,
    policy=st.sampled_from([DEFAULT_POLICY, KAB_TTU_POLICY, PERMENTAN_68_2012_POLICY]),
    base=st.none() | st.integers(0, 50_000_000),
)
def test_a_stored_tally_gives_the_recap_of_its_days(days, policy, base):
    tally = tally_days(2026, 3, days)
    stored = decode(encode(tally), MONTH)
    assert stored == tally
    assert all(type(code) is DayCode for code in stored.code_counts)
    assert all(type(kind) is LeaveType for kind in stored.leave_days)
    assert all(type(code) is DayCode for _, code in stored.charged)
    assert not {code for _, code in stored.charged} & {DayCode.H, DayCode.L}
    read = recap_from_tally(2026, 3, stored, policy=policy, tpp_base=base)
    from_days = build_month_recap(2026, 3, days, policy=policy, tpp_base=base)
    assert read == from_days
    assert read.reasons_text == from_days.reasons_text  # reasons read the policy too


@pytest.fixture
def month(two_units, make_employee, punch):
    """Three people of two units with a few late, early and missing days, computed."""
    budi = make_employee(two_units["DINKES"], pin="101", tpp_base=4_000_000)
    make_employee(two_units["DINKES"], pin="102")
    make_employee(two_units["DISDIK"], pin="103")
    punch("101", "2026-03-02 08:12:00", "2026-03-02 16:01:00", "2026-03-03 07:01:00")
    punch("102", "2026-03-02 07:10:00", "2026-03-02 15:30:00")
    punch("103", "2026-03-04 07:20:00", "2026-03-04 16:20:00")
    recompute_month("2026-03")
    recompute_all_dirty()
    return {"units": two_units, "budi": budi}


def tallies_of(employee) -> dict:
    rows = MonthTally.objects.filter(employee=employee, month=MONTH)
    return {unit_id: decode(text, MONTH) for unit_id, text in rows.values_list("unit_id", "tally")}


def test_a_computed_month_has_one_tally_per_person_and_unit(month):
    assert tallies_check() == []
    assert MonthTally.objects.count() == 3
    (tally,) = tallies_of(month["budi"]).values()
    assert tally.days == 31 and tally.code_counts[DayCode.TL2] == 1


def test_a_new_punch_counts_its_month_again(month, punch):
    before = tallies_of(month["budi"])
    punch("101", "2026-03-05 07:00:00", "2026-03-05 16:00:00")
    recompute_all_dirty()
    assert tallies_check() == []
    (after,) = tallies_of(month["budi"]).values()
    (old,) = before.values()
    assert after.present_days == old.present_days + 1


def test_a_transfer_splits_the_month_between_the_units(month):
    units = month["units"]
    employee_transfer(employee=month["budi"], unit=units["PKM-A"], effective=date(2026, 3, 16))
    recompute_month("2026-03")
    recompute_all_dirty()
    assert tallies_check() == []
    split = tallies_of(month["budi"])
    assert {units["DINKES"].pk: 15, units["PKM-A"].pk: 16} == {
        unit: tally.days for unit, tally in split.items()
    }


def test_days_no_longer_computed_leave_the_tally_too(month):
    EmployeeAssignment.objects.filter(employee=month["budi"]).update(valid_to=date(2026, 3, 20))
    recompute_month("2026-03")
    assert DayRecord.objects.filter(employee=month["budi"], day__gt=date(2026, 3, 20)).count() == 0
    assert tallies_check() == []
    (tally,) = tallies_of(month["budi"]).values()
    assert tally.days == 20


@pytest.mark.parametrize(
    ("change", "state"),
    [
        (lambda budi: DayRecord.objects.filter(employee=budi).update(codes="TK"), "berbeda"),
        (lambda budi: MonthTally.objects.filter(employee=budi).delete(), "tidak ada"),
        (
            lambda budi: MonthTally.objects.create(
                employee=budi, unit=None, month=date(2026, 1, 1), tally="{}"
            ),
            "tanpa data harian",
        ),
    ],
)
def test_the_check_finds_a_tally_out_of_step_and_the_rebuild_mends_it(month, change, state):
    budi = month["budi"]
    change(budi)
    found = tallies_check()
    assert [(m.employee_id, m.month.month) for m in found] in (
        [(budi.pk, 3)],
        [(budi.pk, 1)],
    )
    printed = _run("tallies", "--check")
    assert isinstance(printed, CommandError)
    assert "hadir tallies --rebuild" in str(printed)
    assert _run("tallies", "--rebuild").startswith("3 rekap bulanan dihitung ulang")
    assert tallies_check() == []
    assert _run("tallies", "--check") == "Semua rekap bulanan sesuai dengan data harian.\n"


def test_the_check_lists_ids_and_states_never_names(month, capsys):
    MonthTally.objects.filter(employee=month["budi"]).update(tally=encode(tally_days(2026, 3, [])))
    with pytest.raises(CommandError, match="1 rekap bulanan tidak sesuai"):
        call_command("tallies", "--check")
    out = capsys.readouterr().out
    assert out == f"pegawai {month['budi'].pk}\tunit {month['budi'].unit_id}\t2026-03\tberbeda\n"
    assert month["budi"].name not in out


def test_the_command_asks_what_to_do(db):
    with pytest.raises(CommandError, match="--check"):
        call_command("tallies")


def _run(*args: str) -> str | CommandError:
    from io import StringIO

    out = StringIO()
    try:
        call_command(*args, stdout=out)
    except CommandError as error:
        return error
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_migrate_counts_the_months_stored_before_the_tallies(month):
    expected = {
        (row.employee_id, row.unit_id, row.month, row.tally) for row in MonthTally.objects.all()
    }
    MigrationExecutor(connection).migrate(BEFORE)  # the table goes; the days stay
    assert tallies_fill() == 0  # not the schema this code reads: nothing counted
    call_command("migrate", verbosity=0)  # as an upgrade, or a restore of an older archive
    found = {
        (row.employee_id, row.unit_id, row.month, row.tally) for row in MonthTally.objects.all()
    }
    assert found == expected and len(found) == 3
    assert tallies_fill() == 0  # tallies stored: never counted twice


def test_a_day_in_progress_is_counted_as_waiting(month):
    day = DayRecord.objects.get(employee=month["budi"], day=date(2026, 3, 31))
    settles = day.computed_at + timedelta(hours=1)
    DayRecord.objects.filter(pk=day.pk).update(settles_at=settles, codes="TK")
    from hadir.attendance.tallies import tallies_refresh

    tallies_refresh([(month["budi"].pk, day.day)])
    (tally,) = tallies_of(month["budi"]).values()
    assert (day.day, DayCode.TK) not in tally.charged


def _on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def POSTGRES_ONLY(test):
    return pytest.mark.postgres_only(
        pytest.mark.skipif(
            not _on_postgres(),
            reason="PostgreSQL only (DATABASE_URL): two transactions count one person's month "
            "at once; SQLite has one writer at a time",
        )(test)
    )


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_two_workers_counting_one_persons_month_wait_for_each_other(month, punch):
    _a_worker_waits_for(lambda: recompute_dirty(limit=10), month, punch)


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_a_worker_waits_for_a_rebuild_of_every_tally(month, punch):
    _a_worker_waits_for(tallies_rebuild, month, punch)


def _a_worker_waits_for(first_work, month, punch) -> None:
    """A first transaction counts (a worker its day: the marks are claimed per day, so two
    workers may store days of one person together; or a rebuild, every month); a worker
    storing days of the same person meanwhile waits for its commit, then counts both days."""
    budi = month["budi"]
    (before,) = tallies_of(budi).values()
    punch("101", "2026-03-05 07:00:00", "2026-03-05 16:00:00")
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first_worker() -> None:
        try:
            with transaction.atomic():
                first_work()  # day 5 stored and counted (or every month), not committed yet
                holding.set()
                release.wait(timeout=30)
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    def second_worker() -> None:
        try:
            recompute_dirty(limit=10)  # day 6
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=first_worker)
    first.start()
    try:
        assert holding.wait(timeout=30)
        punch("101", "2026-03-06 07:00:00", "2026-03-06 16:00:00")
        second = threading.Thread(target=second_worker)
        second.start()
        assert _waits_on_advisory_lock(), "the second count did not wait for the first"
    finally:
        release.set()
        first.join(timeout=30)
    second.join(timeout=30)
    assert not errors, errors
    assert tallies_check() == []
    (after,) = tallies_of(budi).values()
    assert after.present_days == before.present_days + 2


def _waits_on_advisory_lock() -> bool:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND wait_event = 'advisory' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


def test_the_region_list_benchmark_reads_the_tallies(month, capsys):
    """``make bench`` runs it on 10,000 staff; here on three, so it does not rot. Timings are
    never asserted: only that it reads what it says it reads."""
    from hadir.reporting.bench_region import main

    main(["2026-03", "--repeat", "1"])
    out = capsys.readouterr().out
    assert "3 staff, 2026-03" in out
    assert "the month's 3 tallies read by the bare driver" in out
    assert "the month's 93 day rows, which the tallies spare" in out
