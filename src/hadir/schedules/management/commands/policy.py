"""``hadir policy load FILE`` (validate and put in force), ``hadir policy show``,
``hadir policy check FILE`` (validate only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hadir.attendance.inputs import policy_set
from hadir.rules import load_policy_file
from hadir.schedules.models import PolicyDocument
from hadir.schedules.services import PolicyRejected, policy_save


class Command(BaseCommand):
    help = "Load, check or show the region's attendance policy file (docs/policy-file.md)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Validate FILE and put it in force.")
        load.add_argument("file")
        load.add_argument("--note", default="")
        check = sub.add_parser("check", help="Validate FILE only.")
        check.add_argument("file")
        sub.add_parser("show", help="Print the policy in force.")

    def _read(self, name: str) -> str:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        return path.read_text(encoding="utf-8")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "show":
            document = PolicyDocument.objects.first()
            if document is None:
                self.stdout.write("# Kebijakan bawaan Hadir (belum ada berkas yang dimuat).")
                self.stdout.write(
                    f"# Versi: {[str(v.effective_from) for v in policy_set().versions]}"
                )
            else:
                self.stdout.write(document.text)
            return
        text = self._read(options["file"])
        if action == "check":
            result = load_policy_file(text)
            if not result.ok:
                raise CommandError("\n".join(str(e) for e in result.errors))
            self.stdout.write("Berkas kebijakan benar.")
            return
        try:
            saved = policy_save(text=text, note=options["note"])
        except PolicyRejected as exc:
            raise CommandError(
                "Berkas kebijakan ditolak:\n" + "\n".join(f"- {e}" for e in exc.errors)
            ) from exc
        if saved is None:
            self.stdout.write(
                "Aturan dalam berkas sama dengan yang berlaku; tidak ada yang disimpan."
            )
            return
        self.stdout.write(self.style.SUCCESS("Kebijakan dimuat dan berlaku."))
