"""``hadir import-attlog FILE --device SN [--unit CODE] [--yes] [--history --reason TEXT]``: a
flashdisk file from the command line, with the same preview and the same ingestion as the web
page. ``--history`` (BKD's decision, run on the server) imports punches from before the
region's start of records, with the reason kept in the audit trail; the future is still
refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hadir.devices.models import Device, DeviceState
from hadir.devices.usb import usb_cancel, usb_confirm, usb_preview
from hadir.org.models import Unit

PROBLEM_LINES_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Import a USB flashdisk attendance file (<DeviceID>_attlog.dat) for machine SN. "
        "An SN not registered yet is registered, in use, for --unit."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the *_attlog.dat file")
        parser.add_argument("--device", required=True, help="serial number (SN) of the machine")
        parser.add_argument("--unit", help="unit code, for a machine not registered yet")
        parser.add_argument("--yes", action="store_true", help="Save without asking.")
        parser.add_argument(
            "--history",
            action="store_true",
            help="History before the start of records (BKD's decision); needs --reason.",
        )
        parser.add_argument("--reason", default="", help="why this history is imported")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        if options["history"] and not options["reason"].strip():
            raise CommandError(
                _("Write why this history is imported (for example: records of the old system).")
            )
        sn = options["device"].strip()
        device = Device.objects.filter(sn=sn).first()
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(_("Unknown unit code: %(code)s") % {"code": options["unit"]})
        if device is None and unit is None:
            raise CommandError(
                _("The machine %(sn)s is not registered: give its unit with --unit CODE.")
                % {"sn": sn}
            )
        if device is not None and device.state == DeviceState.PENDING and unit is not None:
            device = None  # registering it for --unit approves it
        try:
            with path.open("rb") as stream:
                usb_import = usb_preview(
                    filename=path.name,
                    content=stream,
                    actor=None,
                    device=device,
                    sn=sn,
                    unit=unit,
                    history_reason=options["reason"] if options["history"] else None,
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self._print_preview(usb_import.counts, usb_import.problems)
        if not options["yes"]:
            answer = input(_("Save these punches? [y/N] ")).strip().lower()
            if answer not in {"y", "ya", "yes"}:
                usb_cancel(usb_import=usb_import, actor=None)
                self.stdout.write(_("Cancelled; nothing was written."))
                return
        try:
            usb_import = usb_confirm(usb_import=usb_import, actor=None)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Saved: %(new)d new punches, %(duplicate)d already stored, "
                    "%(quarantined)d kept in quarantine."
                )
                % usb_import.result
            )
        )

    def _print_preview(self, counts: dict[str, int], problems: list[dict[str, Any]]) -> None:
        self.stdout.write(
            _(
                "Preview: %(lines)d lines: %(new)d new (%(unknown_pin)d of an unknown PIN), "
                "%(duplicate)d already stored, %(invalid)d refused, %(out_of_window)d outside "
                "the allowed period."
            )
            % counts
        )
        for problem in problems[:PROBLEM_LINES_SHOWN]:
            self.stdout.write(
                _("  line %(line)d: %(message)s")
                % {"line": problem["line"], "message": problem["message"]}
            )
