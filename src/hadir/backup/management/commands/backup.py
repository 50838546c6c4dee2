"""``hadir backup [--output-dir DIR] [--passphrase-file FILE] [--keep N]``: one archive of
the database, every stored file and a manifest, while Hadir keeps running."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hadir.backup.crypto import read_passphrase
from hadir.backup.manifest import ArchiveRefused
from hadir.backup.postgres import ToolFailed
from hadir.backup.services import backup_create, backups_prune


class Command(BaseCommand):
    help = "Write a backup archive (database, files, manifest) into HADIR_BACKUP_DIR."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output-dir", type=Path, help="default: HADIR_BACKUP_DIR")
        parser.add_argument(
            "--passphrase-file",
            type=Path,
            help="encrypt with the passphrase in this file (default: "
            "HADIR_BACKUP_PASSPHRASE_FILE if set)",
        )
        parser.add_argument(
            "--keep", type=int, help="then delete all but the newest N archives in the folder"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = options["output_dir"] or Path(settings.HADIR_BACKUP_DIR)
        secret = options["passphrase_file"] or settings.HADIR_BACKUP_PASSPHRASE_FILE
        started = time.monotonic()
        try:
            passphrase = read_passphrase(Path(secret)) if secret else None
            made = backup_create(folder=folder, passphrase=passphrase)
        except (ArchiveRefused, ToolFailed, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Backup written: {path} ({size:.1f} MB, {seconds:.1f} s{encrypted}).").format(
                path=made,
                size=made.stat().st_size / 1e6,
                seconds=time.monotonic() - started,
                encrypted=_(", encrypted") if passphrase else "",
            )
        )
        if options["keep"] is not None:
            removed = backups_prune(folder=folder, keep=max(options["keep"], 1))
            if removed:
                self.stdout.write(_("{count} old archive(s) deleted.").format(count=len(removed)))
