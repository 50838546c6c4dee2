"""``manage.py agent ...``: the unit agent (``hadir.agent``), which needs no database.

``hadir agent`` reaches the agent before Django starts (``hadir.cli``); this command is for
the same call made through Django's own ``manage.py``/``call_command``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the LAN agent: run | once | status --config agent.toml (no database needed)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("agent_args", nargs="*")
        parser.add_argument("--config", default="agent.toml")
        parser.add_argument("--offline", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from hadir.agent.cli import main

        argv = [*options["agent_args"], "--config", options["config"]]
        if options["offline"]:
            argv.append("--offline")
        code = main(argv)
        if code:
            raise CommandError(f"agent exited with {code}", returncode=code)
