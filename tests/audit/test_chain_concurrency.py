"""Two writers appending at once keep one chain: the head row serialises them."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from hadir.audit.models import AuditEvent
from hadir.audit.services import audit_record
from hadir.org.services import region_configure
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


@IN_MEMORY
@pytest.mark.django_db(transaction=True)
def test_two_threads_at_once_keep_one_chain():
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
    batch_seq = list(LedgerBatch.objects.order_by("seq").values_list("seq", flat=True))
    assert batch_seq == list(range(1, 2 * ROUNDS + 1))
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert f"{2 * ROUNDS} batch absensi ({10 * ROUNDS} absensi): rantai utuh" in out.getvalue()


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


def _hadir(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "HADIR_DATA_DIR": str(data_dir), "HADIR_ALLOW_INSECURE_KEY": "1"}
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


def test_two_processes_on_one_sqlite_file_keep_one_chain(tmp_path):
    assert _finish(_hadir(tmp_path, "migrate", "--verbosity", "0"))[0] == 0
    setup = (
        "from hadir.org.services import region_configure; "
        "region_configure(name='K', timezone='Asia/Jakarta')"
    )
    assert _finish(_hadir(tmp_path, "shell", "-c", setup))[0] == 0
    writers = [
        _hadir(tmp_path, "shell", "-c", WRITER.format(rounds=PROCESS_ROUNDS, name=name))
        for name in ("A", "B")
    ]
    assert [_finish(w)[0] for w in writers] == [0, 0]
    code, output = _finish(_hadir(tmp_path, "audit", "verify"))
    assert code == 0, output
    rounds = 2 * PROCESS_ROUNDS
    assert f"{rounds} batch absensi ({5 * rounds} absensi): rantai utuh" in output
