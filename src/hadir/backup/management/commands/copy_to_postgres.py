"""``hadir copy-to-postgres postgres://USER@HOST/NAME``: copy this Hadir's SQLite database
into an empty PostgreSQL database (docs/operations.md, "From SQLite to PostgreSQL")."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from hadir.backup.copy import CopiedTable, copy_to_postgres
from hadir.backup.manifest import ArchiveRefused


class Command(BaseCommand):
    help = "Copy the SQLite database into an empty PostgreSQL database (then verify counts)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("url", help="postgres://USER[:PASSWORD]@HOST[:PORT]/NAME")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()

        def progress(copied: CopiedTable) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"  {copied.table}: {copied.rows}")

        try:
            done = copy_to_postgres(url=options["url"], progress=progress)
        except ArchiveRefused as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(
                _("PostgreSQL refused the copy ({error}); nothing was committed.").format(
                    error=str(exc).splitlines()[0][:300]
                )
            ) from exc
        self.stdout.write(
            _(
                "Copied {tables} tables, {rows} rows, in {seconds:.1f} s; every count matches. "
                "Set DATABASE_URL to the new database and run hadir audit verify."
            ).format(
                tables=len(done),
                rows=sum(c.rows for c in done),
                seconds=time.monotonic() - started,
            )
        )
