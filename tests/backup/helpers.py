"""Real ``hadir`` processes over their own data folders and databases, for backup tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from tests.operations.processes import server_env

PG_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = PG_URL.startswith("postgres")


def env_for(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {**server_env(data_dir), "DJANGO_SETTINGS_MODULE": "hadir.settings"}
    env["HADIR_BACKUP_DIR"] = str(data_dir.parent / f"{data_dir.name}-backups")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def hadir(
    args: list[str], data_dir: Path, database_url: str | None = None, *, check: bool = True
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "hadir", *args],
        env=env_for(data_dir, database_url),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"hadir {args[0]} failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    return done


def _server_url(name: str) -> str:
    base, _slash, _old = PG_URL.partition("?")[0].rpartition("/")
    return f"{base}/{name}"


@contextmanager
def fresh_postgres(label: str) -> Iterator[str]:
    """An empty database on the PostgreSQL server of DATABASE_URL, dropped afterwards."""
    name = f"hadir_backup_{label}_{uuid.uuid4().hex[:8]}"
    admin = _server_url("postgres")
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _server_url(name)
    finally:
        drop_postgres(name)


def drop_postgres(name_or_url: str, recreate: bool = False) -> None:
    name = name_or_url.rpartition("/")[2]
    with psycopg.connect(_server_url("postgres"), autocommit=True) as db:
        db.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if recreate:
            db.execute(f'CREATE DATABASE "{name}"')


def api_get(port: int, token: str, path: str) -> Any:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1{path}", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=60) as reply:  # noqa: S310 - loopback
        return json.loads(reply.read())


def every_recap(port: int, token: str, month: str) -> dict[str, Any]:
    """The recap API's answer for every unit the token sees (BKD: all of them)."""
    codes = sorted(unit["code"] for unit in api_get(port, token, "/units"))
    return {code: api_get(port, token, f"/units/{code}/recap/{month}") for code in codes}


def table_counts(data_dir: Path, database_url: str | None = None) -> dict[str, int]:
    script = (
        "import django, json; django.setup()\n"
        "from django.apps import apps\n"
        "print(json.dumps({m._meta.db_table: m._base_manager.count() "
        "for m in apps.get_models(include_auto_created=True)}))"
    )
    done = hadir(["shell", "-c", script], data_dir, database_url)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))
