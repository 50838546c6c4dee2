"""``hadir simulate-push``: simulated PUSH machines against a server (docs/protocols-push.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hadir.devices_sim.cli import build_parser, main


class Command(BaseCommand):
    help = "Simulate ZKTeco-style PUSH (ADMS/iclock) machines against a Hadir server."

    def run_from_argv(self, argv: list[str]) -> None:
        # The simulator has its own argument parser; hand it everything after the name.
        raise SystemExit(main(argv[2:]))

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        return build_parser()

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError("run it as `hadir simulate-push ...` (its options are its own)")
