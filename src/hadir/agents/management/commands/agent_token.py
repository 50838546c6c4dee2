"""Agent tokens from the command line.

``hadir agent-token create --unit CODE --name NAME`` (prints the token once),
``hadir agent-token list``, ``hadir agent-token revoke PREFIX``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hadir.agents.models import AgentToken
from hadir.agents.services import agent_token_create, agent_token_revoke
from hadir.org.models import Unit


class Command(BaseCommand):
    help = "Create, list and revoke LAN agent tokens (only a digest is stored)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create an agent token and print it once.")
        create.add_argument("--unit", required=True, help="unit code")
        create.add_argument("--name", required=True, help="agent name, e.g. the PC's name")
        sub.add_parser("list", help="List agents (never their secrets).")
        revoke = sub.add_parser("revoke", help="Revoke an agent token by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Unit tidak ditemukan: {options['unit']}")
            try:
                issued = agent_token_create(unit=unit, name=options["name"])
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(issued.plaintext)
            self.stderr.write("Simpan token ini sekarang: token tidak dapat ditampilkan lagi.")
        elif action == "list":
            for agent in AgentToken.objects.select_related("unit").order_by("created_at"):
                state = "dicabut" if agent.revoked_at else "aktif"
                self.stdout.write(
                    f"{agent.prefix}\t{agent.unit.code}\t{agent.name}\t{state}\t"
                    f"{agent.last_seen_at or '-'}"
                )
        else:
            found = AgentToken.objects.filter(prefix=options["prefix"]).first()
            if found is None:
                raise CommandError(f"Token agen tidak ditemukan: {options['prefix']}")
            agent_token_revoke(agent=found)
            self.stdout.write(f"Token agen {found.prefix} ({found.name}) dicabut.")
