"""Every SQLite connection the app opens runs with the settings its durability and speed
rest on (``hadir.settings``): write-ahead log, NORMAL sync, a 15 s wait for a lock, a
checkpoint every 10,000 pages (issue 15) and the log cut back to 64 MB after one. Checked
on a database file opened with the app's own connection settings (the test database lives
in memory, where SQLite keeps no write-ahead log)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

EXPECTED = {
    "journal_mode": "wal",
    "synchronous": 1,  # NORMAL
    "busy_timeout": 15_000,
    "wal_autocheckpoint": 10_000,
    "journal_size_limit": 64 * 1024 * 1024,
}

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own settings")


@pytest.fixture
def file_connection(tmp_path, django_db_blocker):
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": str(tmp_path / "app.sqlite3")})
    with django_db_blocker.unblock():  # a file of its own, not the test database
        wrapper.ensure_connection()
        yield wrapper
        wrapper.close()


@pytest.mark.parametrize(("pragma", "value"), EXPECTED.items(), ids=EXPECTED.keys())
def test_a_connection_runs_with_the_configured_pragma(file_connection, pragma, value):
    with file_connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {pragma}")
        assert cursor.fetchone()[0] == value
