"""PostgreSQL through ``pg_dump --format=custom`` and ``pg_restore``, found on the PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from hadir.backup.manifest import ArchiveRefused

MISSING_TOOL = _(
    "{tool} was not found on the PATH. Install the PostgreSQL client tools (Debian: apt "
    "install postgresql-client), of the same version as the server or newer."
)


class ToolFailed(Exception):
    pass


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ArchiveRefused(MISSING_TOOL.format(tool=name))
    return found


def _connection_args(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", str(db["NAME"]), "--no-password"]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # never on the command line (ps shows it)
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        # pg_dump's messages name tables and objects, never row contents.
        raise ToolFailed(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def pg_dump(db: dict[str, Any], destination: Path) -> None:
    args, env = _connection_args(db)
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    _run([*command, *args, "--file", str(destination)], env)


def pg_restore(db: dict[str, Any], dump: Path) -> None:
    args, env = _connection_args(db)
    command = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
    _run([*command, *args, str(dump)], env)


def pg_check_tools() -> None:
    _tool("pg_dump")
    _tool("pg_restore")
