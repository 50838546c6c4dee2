"""``hadir demo``: build the deterministic demo kabupaten, print the logins, and serve."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hadir.demo.generator import generate_kabupaten
from hadir.demo.loader import DEMO_PASSWORD, load_demo
from hadir.org.models import Region, Unit
from hadir.org.selectors import region_timezone
from hadir.punches.models import Punch


class Command(BaseCommand):
    help = "Build the demo kabupaten (deterministic), print the logins, then serve it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Build and exit.")
        parser.add_argument("--employees", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--reset", action="store_true", help="Empty a database that already holds data."
        )
        parser.add_argument(
            "--today",
            help="Pretend today is YYYY-MM-DD (punches cover the month before and this month "
            "up to yesterday). Default: the real date.",
        )
        parser.add_argument(
            "--no-punches", action="store_true", help="Only the organisation and people."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if Unit.objects.exists():
            region = Region.objects.first()
            if not options["reset"]:
                raise CommandError(
                    "Basis data sudah berisi data. Jalankan dengan --reset untuk mengosongkannya "
                    "dan membangun ulang demo (hanya untuk basis data demo!)."
                )
            if region is not None and not region.name.startswith("Kabupaten Sukamaju"):
                raise CommandError(
                    f"Basis data ini milik {region.name}, bukan demo: tidak dikosongkan."
                )
            call_command("flush", interactive=False, verbosity=0)
            call_command("migrate", interactive=False, verbosity=0)
        started = time.monotonic()
        kab = generate_kabupaten(seed=options["seed"], employees=options["employees"])
        today = None
        if not options["no_punches"]:
            today = (
                date.fromisoformat(options["today"])
                if options["today"]
                else timezone.now().astimezone(region_timezone()).date()
            )
        logins = load_demo(kab, today=today, seed=options["seed"])
        self.stdout.write(
            f"Demo {kab.region_name}: {len(kab.units)} unit, {len(kab.employees)} pegawai, "
            f"{Punch.objects.count()} absen dari mesin ({time.monotonic() - started:.1f} s)."
        )
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(
            f"\nBuka {url} dan masuk dengan salah satu akun (kata sandi: {DEMO_PASSWORD}):"
        )
        for login in logins:
            self.stdout.write(f"  {login.role:<18} {login.login:<22} {login.description}")
        if options["no_serve"]:
            return
        call_command("serve", host=options["host"], port=options["port"])
