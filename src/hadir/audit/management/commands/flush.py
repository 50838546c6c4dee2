"""Django's ``flush``, able to empty the append-only tables on SQLite.

SQLite's flush deletes row by row, which the append-only triggers refuse; the triggers are
dropped and put back inside the flush's own transaction (PostgreSQL's TRUNCATE fires no row
trigger, so nothing changes there). Used by ``hadir demo --reset`` and by transactional tests.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from hadir.audit.guards import guards_lifted


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        alias = options.get("database") or DEFAULT_DB_ALIAS
        connection = connections[alias]
        if connection.vendor != "sqlite":
            super().handle(**options)
            return
        with transaction.atomic(using=alias), guards_lifted(connection):
            super().handle(**options)
