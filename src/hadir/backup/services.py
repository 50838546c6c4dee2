"""``backup_create`` and ``backup_restore``: the two things the commands and the worker call.

The archive holds personal data (names, NIPs, punches, selfies, evidence): it is written
with mode 0600, may be encrypted, and nothing here logs more than file names and counts.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.utils.translation import gettext_lazy as _

from hadir.backup import targets
from hadir.backup.archive import FILES, extract_verified, write_archive
from hadir.backup.crypto import decrypt_file, encrypt_file, is_encrypted
from hadir.backup.manifest import ArchiveRefused, Manifest
from hadir.backup.postgres import pg_check_tools, pg_dump, pg_restore
from hadir.backup.schema import archive_is_older
from hadir.backup.sqlite import sqlite_load, sqlite_snapshot

ARCHIVE_PREFIX = "hadir-backup-"
NOT_EMPTY = _(
    "The target is not empty ({what}). Restore only into an empty data directory and "
    "database, or add --force to replace what is there (it is deleted)."
)
OTHER_ENGINE = _(
    "The archive holds a {archive} database but Hadir is configured for {here}. Restore into "
    "{archive}, then use hadir copy-to-postgres to move SQLite into PostgreSQL."
)
NEEDS_PASSPHRASE = _("The archive is encrypted: give its passphrase with --passphrase-file.")


@dataclass(frozen=True)
class RestoreResult:
    files: int
    migrated: bool
    audit_report: str


def _version() -> str:
    try:
        return metadata.version("hadir")
    except metadata.PackageNotFoundError:
        return "unknown"


def _private_file(path: Path) -> int:
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)


def archive_name(moment: datetime, encrypted: bool) -> str:
    stamp = moment.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{ARCHIVE_PREFIX}{stamp}.tar.gz" + (".enc" if encrypted else "")


def backup_create(*, folder: Path, passphrase: bytes | None = None) -> Path:
    """Write one archive into ``folder`` (created, mode 0700) and return its path."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / archive_name(datetime.now(UTC), passphrase is not None)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".work-") as work:
        work_dir = Path(work)
        if targets.engine() == targets.SQLITE:
            dump = work_dir / "hadir.sqlite3"
            schema = sqlite_snapshot(targets.sqlite_path(), dump)
        else:
            pg_check_tools()
            dump = work_dir / "hadir.pgdump"
            schema = targets.applied_schema()
            pg_dump(targets.database_settings(), dump)
        manifest = Manifest(
            engine=targets.engine(),
            created_at=datetime.now(UTC).isoformat(),
            hadir_version=_version(),
            schema=schema,
        )
        plain = work_dir / "archive.tar.gz"
        os.close(_private_file(plain))
        write_archive(plain, (f"database/{dump.name}", dump), targets.stored_files(), manifest)
        partial = target.with_name(f".{target.name}.part")
        with os.fdopen(_private_file(partial), "wb") as out:
            if passphrase is None:
                with plain.open("rb") as source:
                    while chunk := source.read(1024 * 1024):
                        out.write(chunk)
            else:
                encrypt_file(plain, out, passphrase)
        partial.replace(target)
    return target


def _target_problems() -> list[str]:
    problems = []
    if not targets.database_is_empty():
        problems.append(str(_("the database has tables")))
    if next(iter(targets.stored_files()), None) is not None:
        problems.append(str(_("files in {folder}").format(folder=targets.data_dir())))
    return problems


def backup_restore(*, archive: Path, passphrase: bytes | None, force: bool) -> RestoreResult:
    """Check everything first (digests, engine, schema, an empty target), then load the
    database and the files, migrate when the archive is older, verify the audit chains."""
    work_dir = Path(tempfile.mkdtemp(dir=targets.data_dir(), prefix=targets.RESTORE_WORK_PREFIX))
    try:
        tar = archive
        if is_encrypted(archive):
            if passphrase is None:
                raise ArchiveRefused(NEEDS_PASSPHRASE)
            tar = work_dir / "archive.tar.gz"
            with tar.open("wb") as out:
                decrypt_file(archive, out, passphrase)
        unpacked = work_dir / "unpacked"
        manifest = extract_verified(tar, unpacked)
        if tar != archive:
            tar.unlink()  # the decrypted copy is not needed once unpacked
        if manifest.engine != targets.engine():
            raise ArchiveRefused(
                OTHER_ENGINE.format(archive=manifest.engine, here=targets.engine())
            )
        older = archive_is_older(manifest.schema)
        problems = _target_problems()
        if problems and not force:
            raise ArchiveRefused(NOT_EMPTY.format(what="; ".join(problems)))
        if problems:
            targets.database_clear()
            targets.files_clear()
        dump = unpacked / manifest.database_member()
        connections.close_all()
        if targets.engine() == targets.SQLITE:
            sqlite_load(dump, targets.sqlite_path())
        else:
            pg_restore(targets.database_settings(), dump)
        files = _move_files(unpacked / FILES, targets.data_dir())
        call_command("migrate", interactive=False, verbosity=0)
        return RestoreResult(files=files, migrated=older, audit_report=_audit_verify())
    finally:
        _remove_tree(work_dir)


def _move_files(source: Path, data_dir: Path) -> int:
    moved = 0
    if not source.exists():
        return moved
    for path in sorted(source.rglob("*")):
        if path.is_file():
            destination = data_dir / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            path.replace(destination)
            moved += 1
    return moved


def _audit_verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)  # CommandError (exit 1) on a break
    return out.getvalue().strip()


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def backups_in(folder: Path) -> list[Path]:
    """The archives in ``folder``, oldest first (their names sort by time)."""
    return sorted(p for p in folder.glob(f"{ARCHIVE_PREFIX}*") if not p.name.endswith(".part"))


def backups_prune(*, folder: Path, keep: int) -> list[Path]:
    removed = backups_in(folder)[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def seconds_since_last_backup(folder: Path) -> float | None:
    found = backups_in(folder)
    return time.time() - found[-1].stat().st_mtime if found else None


def backup_folder() -> Path:
    return Path(settings.HADIR_BACKUP_DIR)
