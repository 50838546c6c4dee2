"""Shared body of ``hadir import-units`` and ``hadir import-employees``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hadir.imports.models import ImportState
from hadir.imports.outcome import RowOutcome, RowStatus
from hadir.imports.readers import UnreadableFile
from hadir.imports.services import import_apply, import_preview

STATUS_LABELS = {
    RowStatus.NEW: "baru",
    RowStatus.CHANGED: "berubah",
    RowStatus.UNCHANGED: "sama",
    RowStatus.INVALID: "ditolak",
}


def print_preview(command: BaseCommand, outcomes: list[RowOutcome], counts: dict[str, int]) -> None:
    write = command.stdout.write
    write(
        _(
            "Preview: %(new)d new, %(changed)d changed, %(unchanged)d unchanged, "
            "%(invalid)d invalid."
        )
        % counts
    )
    for outcome in outcomes:
        if outcome.status == RowStatus.INVALID:
            write(
                _("  row %(line)d %(key)s REFUSED: %(errors)s")
                % {
                    "line": outcome.line,
                    "key": outcome.key or "-",
                    "errors": "; ".join(outcome.errors),
                }
            )
        elif outcome.status == RowStatus.CHANGED:
            diff = ", ".join(f"{k}: {old} -> {new}" for k, (old, new) in outcome.changes.items())
            write(
                _("  row %(line)d %(key)s changes: %(diff)s")
                % {"line": outcome.line, "key": outcome.key, "diff": diff}
            )
        elif outcome.status == RowStatus.NEW:
            write(_("  row %(line)d %(key)s new") % {"line": outcome.line, "key": outcome.key})


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="CSV or XLSX file")
        parser.add_argument("--yes", action="store_true", help="Apply without asking.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        try:
            with path.open("rb") as stream:
                batch = import_preview(
                    kind=self.kind,
                    filename=path.name,
                    content=stream,
                    actor=None,
                    allowed_unit_ids=None,
                )
        except UnreadableFile as exc:
            raise CommandError(str(exc)) from exc
        outcomes = [RowOutcome.from_json(r) for r in batch.rows]
        print_preview(self, outcomes, batch.counts)
        if not batch.counts["new"] and not batch.counts["changed"]:
            self.stdout.write(_("Nothing to change."))
            batch.state = ImportState.CANCELLED
            batch.save(update_fields=["state"])
            return
        if not options["yes"]:
            answer = input(_("Apply these changes? [y/N] ")).strip().lower()
            if answer not in {"y", "ya", "yes"}:
                batch.state = ImportState.CANCELLED
                batch.save(update_fields=["state"])
                self.stdout.write(_("Cancelled; nothing was written."))
                return
        batch.state = ImportState.QUEUED
        batch.save(update_fields=["state"])
        result = import_apply(batch=batch)
        self.stdout.write(
            self.style.SUCCESS(
                _("Done: %(created)d created, %(updated)d updated.")
                % {"created": result.get("created", 0), "updated": result.get("updated", 0)}
            )
        )
