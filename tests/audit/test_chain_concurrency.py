"""Two writers appending at once keep gapless chains: a chain's head row serialises the
writers of that chain; uploads to different ledger shards take different head rows and
do not wait on one another (PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from hadir.audit.models import AuditEvent
from hadir.audit.services import audit_record
from hadir.org.services import region_configure
from hadir.punches.ledger import ledger_shard
from hadir.punches.models import LedgerBatch
from hadir.punches.services import IncomingPunch, punches_ingest

ROUNDS = 15
PROCESS_ROUNDS = 80  # long enough for the two processes to overlap


def _writer(name: str, start: threading.Barrier, errors: list[BaseException]) -> None:
    try:
        start.wait(timeout=30)
        for n in range(ROUNDS):
            audit_record(actor=None, action=f"test.{name}", data={"n": n})
            at = datetime(2026, 3, 2, 7) + timedelta(minutes=n)
            punches_ingest(
                source="push",
                source_ref=name,
                punches=[IncomingPunch(pin=f"{name}{k}", local_time=at) for k in range(5)],
            )
    except BaseException as error:  # reported by the test, not lost in the thread
        errors.append(error)
    finally:
        connection.close()


IN_MEMORY = pytest.mark.skipif(
    "connection.vendor == 'sqlite'",
    reason="the in-memory SQLite test database locks whole tables without waiting; SQLite is "
    "covered by two real processes on a database file below",
)


def _gapless_per_shard() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for shard, seq in LedgerBatch.objects.order_by("shard", "seq").values_list("shard", "seq"):
        found.setdefault(shard, []).append(seq)
    assert all(seqs == list(range(1, len(seqs) + 1)) for seqs in found.values()), found
    return found


@IN_MEMORY
@pytest.mark.parametrize("shards", [1, 16])
@pytest.mark.django_db(transaction=True)
def test_two_threads_at_once_keep_gapless_chains(settings, shards):
    settings.HADIR_LEDGER_SHARDS = shards
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    start = threading.Barrier(2)
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_writer, args=(n, start, errors)) for n in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    events = list(AuditEvent.objects.filter(action__startswith="test.").order_by("seq"))
    assert len(events) == 2 * ROUNDS
    all_seq = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert all_seq == list(range(1, len(all_seq) + 1))
    per_shard = _gapless_per_shard()
    assert sorted(per_shard) == sorted({ledger_shard("push", name) for name in ("A", "B")})
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert f"{2 * ROUNDS} batch absensi ({10 * ROUNDS} absensi) dalam" in out.getvalue()
    assert "rantai utuh" in out.getvalue()


def _refs(same_shard: bool) -> tuple[str, str]:
    """Two machine serials on the same shard, or on two different ones."""
    first = ledger_shard("push", "SN-0")
    second = next(
        f"SN-{n}"
        for n in range(1, 1000)
        if (ledger_shard("push", f"SN-{n}") == first) == same_shard
    )
    return "SN-0", second


def _upload(ref: str) -> None:
    punches_ingest(
        source="push",
        source_ref=ref,
        punches=[IncomingPunch(pin="7", local_time=datetime(2026, 3, 2, 7))],
    )


def _in_thread(work: Callable[[], None], errors: list[BaseException]) -> threading.Thread:
    def run() -> None:
        try:
            work()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _waiting_on_a_lock(pid: int) -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


@IN_MEMORY
@pytest.mark.parametrize("same_shard", [False, True], ids=["two shards", "one shard"])
@pytest.mark.django_db(transaction=True)
def test_an_open_upload_holds_up_only_the_uploads_of_its_shard(settings, same_shard):
    """Upload 1 stays open (its transaction took its shard's head); upload 2 completes
    while it is open when on another shard, and waits on a lock until it commits when on
    the same shard. Both are stored and chained in the end."""
    settings.HADIR_LEDGER_SHARDS = 16
    region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
    first_ref, second_ref = _refs(same_shard)
    holding, release = threading.Event(), threading.Event()
    second_pid: list[int] = []
    errors: list[BaseException] = []

    def hold_open() -> None:
        with transaction.atomic():
            _upload(first_ref)
            holding.set()
            release.wait(timeout=60)

    def second_upload() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            second_pid.append(cursor.fetchone()[0])
        _upload(second_ref)

    first = _in_thread(hold_open, errors)
    assert holding.wait(timeout=30)
    second = _in_thread(second_upload, errors)
    if same_shard:
        deadline = time.monotonic() + 30
        while not (second_pid and _waiting_on_a_lock(second_pid[0])):
            assert time.monotonic() < deadline, "the same-shard upload never waited"
            time.sleep(0.05)
        assert second.is_alive()
    else:
        second.join(timeout=30)
        assert not second.is_alive(), "an upload to another shard waited on the open one"
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert errors == []
    per_shard = _gapless_per_shard()
    assert sum(len(seqs) for seqs in per_shard.values()) == 2
    assert len(per_shard) == (1 if same_shard else 2)
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "2 batch absensi (2 absensi)" in out.getvalue()


WRITER = """
from datetime import datetime, timedelta
from hadir.audit.services import audit_record
from hadir.punches.services import IncomingPunch, punches_ingest
name = "{name}"
for n in range({rounds}):
    audit_record(actor=None, action="test." + name, data={{"n": n}})
    at = datetime(2026, 3, 2, 7) + timedelta(minutes=n)
    punches_ingest(source="push", source_ref=name,
                   punches=[IncomingPunch(pin=name + str(k), local_time=at) for k in range(5)])
"""


def _hadir(data_dir: Path, *args: str, shards: int = 16) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "HADIR_DATA_DIR": str(data_dir),
        "HADIR_ALLOW_INSECURE_KEY": "1",
        "HADIR_LEDGER_SHARDS": str(shards),
    }
    env.pop("DATABASE_URL", None)
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "hadir", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out + err


@pytest.mark.parametrize("shards", [1, 16])
def test_two_processes_on_one_sqlite_file_keep_gapless_chains(tmp_path, shards):
    assert _finish(_hadir(tmp_path, "migrate", "--verbosity", "0"))[0] == 0
    setup = (
        "from hadir.org.services import region_configure; "
        "region_configure(name='K', timezone='Asia/Jakarta')"
    )
    assert _finish(_hadir(tmp_path, "shell", "-c", setup))[0] == 0
    writers = [
        _hadir(
            tmp_path, "shell", "-c", WRITER.format(rounds=PROCESS_ROUNDS, name=name), shards=shards
        )
        for name in ("A", "B")
    ]
    assert [_finish(w)[0] for w in writers] == [0, 0]
    code, output = _finish(_hadir(tmp_path, "audit", "verify", shards=shards))
    assert code == 0, output
    rounds = 2 * PROCESS_ROUNDS
    assert f"{rounds} batch absensi ({5 * rounds} absensi) dalam {shards} rantai" in output
    assert len(output.splitlines()) == 1 + (1 if shards == 1 else 2)
