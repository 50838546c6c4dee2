"""``hadir restore ARCHIVE [--passphrase-file FILE] [--force]``: put a backup back into an
empty data directory and database; every digest is checked before anything is touched.

``--force`` deletes what the target holds (the database's tables and the stored files) and
restores over it: for a drill on a spare server, or after a failed restore.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hadir.backup.crypto import read_passphrase
from hadir.backup.manifest import ArchiveRefused
from hadir.backup.postgres import ToolFailed
from hadir.backup.services import backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive into an empty data directory and database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--passphrase-file", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="delete the database's tables and the stored files first (DESTRUCTIVE)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        if not archive.is_file():
            raise CommandError(_("No archive at {path}.").format(path=archive))
        started = time.monotonic()
        try:
            secret = options["passphrase_file"]
            result = backup_restore(
                archive=archive,
                passphrase=read_passphrase(secret) if secret else None,
                force=options["force"],
            )
        except (ArchiveRefused, ToolFailed, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Restored {path}: database and {files} file(s){migrated} in {seconds:.1f} s.").format(
                path=archive.name,
                files=result.files,
                migrated=_(", migrated to this version") if result.migrated else "",
                seconds=time.monotonic() - started,
            )
        )
        self.stdout.write(result.audit_report)
