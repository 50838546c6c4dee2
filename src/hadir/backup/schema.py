"""Schema versions: the latest applied migration per app, in an archive and in the code."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext_lazy as _

from hadir.backup.manifest import ArchiveRefused

NEWER_ARCHIVE = _(
    "The archive was made by a newer Hadir (migration {app}.{name} is unknown here). "
    "Upgrade Hadir first, then restore."
)


def latest_per_app(applied: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Migration names start with a zero-padded number, so the greatest name is the latest."""
    latest: dict[str, str] = {}
    for app, name in applied:
        if name > latest.get(app, ""):
            latest[app] = name
    return latest


def code_schema() -> dict[str, str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return latest_per_app(loader.disk_migrations)


def archive_is_older(schema: dict[str, str]) -> bool:
    """True when the code has migrations the archive lacks; refuses an archive whose
    migrations this code does not know (made by a newer Hadir)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    for app, name in sorted(schema.items()):
        if (app, name) not in known:
            raise ArchiveRefused(NEWER_ARCHIVE.format(app=app, name=name))
    return schema != code_schema()
