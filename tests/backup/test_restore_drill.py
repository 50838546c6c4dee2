"""The restore drill of issue 16: the demo, a backup taken while ``hadir serve`` runs (its
worker beating and another connection writing), the site wiped, the archive restored, and
the recap API answering identically for every unit; then the same on PostgreSQL. And the
SQLite demo copied into PostgreSQL answers the same recaps."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest

from tests.backup.helpers import (
    ON_POSTGRES,
    drop_postgres,
    env_for,
    every_recap,
    fresh_postgres,
    hadir,
)
from tests.operations.processes import free_port, serving, wait_for

pytestmark = pytest.mark.slow
EMPLOYEES = "300"  # the smallest demo the generator builds (one person per unit and more)


def last_month() -> str:
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    return (date(today.year, today.month, 1) - timedelta(days=1)).strftime("%Y-%m")


def build_demo(data_dir: Path, url: str | None) -> str:
    """The demo kabupaten and a BKD token (BKD sees every unit)."""
    hadir(["demo", "--no-serve", "--employees", EMPLOYEES], data_dir, url)
    (data_dir / "evidence" / "5e").mkdir(parents=True)
    (data_dir / "evidence" / "5e" / "5e77.jpg").write_bytes(b"\xff\xd8 selfie " * 100)
    token = hadir(["token", "create", "bkd", "--name", "drill"], data_dir, url)
    return token.stdout.strip().splitlines()[0]


@contextmanager
def writing(execute: Callable[[str], None]) -> Iterator[list[int]]:
    """Another connection writing all along (its own scratch table), as the machines do."""
    stop, written = threading.Event(), [0]

    def loop() -> None:
        execute("CREATE TABLE IF NOT EXISTS drill_scratch (n integer)")
        while not stop.is_set():
            execute(f"INSERT INTO drill_scratch VALUES ({written[0]})")  # noqa: S608
            written[0] += 1

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield written
    finally:
        stop.set()
        thread.join(timeout=30)


def sqlite_writer(data_dir: Path) -> Callable[[str], None]:
    db = sqlite3.connect(data_dir / "hadir.sqlite3", timeout=60, check_same_thread=False)
    db.isolation_level = None
    return lambda sql: db.execute(sql) and None


def postgres_writer(url: str) -> Callable[[str], None]:
    db = psycopg.connect(url, autocommit=True)
    return lambda sql: db.execute(sql) and None  # type: ignore[arg-type]


def recaps_while_serving(data_dir: Path, url: str | None, token: str) -> dict[str, Any]:
    extra = {"DATABASE_URL": url} if url else {}
    with serving(data_dir, free_port(), **extra) as _server:
        port = int(_server.args[_server.args.index("--port") + 1])
        return every_recap(port, token, last_month())


def backup_while_serving(data_dir: Path, url: str | None, writer: Callable[[str], None]) -> Path:
    extra = {"DATABASE_URL": url} if url else {}
    with serving(data_dir, free_port(), **extra), writing(writer) as written:
        wait_for(lambda: written[0] > 20, what="the other connection to write")
        hadir(["backup"], data_dir, url)
        assert written[0] > 20
    backups = Path(env_for(data_dir)["HADIR_BACKUP_DIR"])
    (archive,) = backups.glob("hadir-backup-*")
    return archive


def assert_same_recaps(before: dict[str, Any], after: dict[str, Any]) -> None:
    assert len(before) >= 50  # every unit of the demo
    assert any(recap["employees"] for recap in before.values())
    assert after == before


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite pass")
def test_restore_drill_sqlite(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    token = build_demo(site, None)
    before = recaps_while_serving(site, None, token)
    archive = backup_while_serving(site, None, sqlite_writer(site))

    shutil.rmtree(site)  # the disk died
    site.mkdir()
    hadir(["restore", str(archive)], site)

    assert (site / "evidence" / "5e" / "5e77.jpg").exists()
    assert_same_recaps(before, recaps_while_serving(site, None, token))


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL (DATABASE_URL)")
def test_restore_drill_postgres(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    with fresh_postgres("drill") as url:
        token = build_demo(site, url)
        before = recaps_while_serving(site, url, token)
        archive = backup_while_serving(site, url, postgres_writer(url))

        drop_postgres(url, recreate=True)  # the database server died
        shutil.rmtree(site)
        site.mkdir()
        hadir(["restore", str(archive)], site, url)

        assert_same_recaps(before, recaps_while_serving(site, url, token))


@pytest.mark.skipif(not ON_POSTGRES, reason="needs a PostgreSQL server (DATABASE_URL)")
def test_sqlite_demo_copied_to_postgres_answers_the_same(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    token = build_demo(site, None)
    before = recaps_while_serving(site, None, token)
    with fresh_postgres("copy") as url:
        copied = hadir(["copy-to-postgres", url], site)
        assert "rows" in copied.stdout or "baris" in copied.stdout
        hadir(["audit", "verify"], site, url)  # exit 1 if a hash chain broke
        assert_same_recaps(before, recaps_while_serving(site, url, token))
