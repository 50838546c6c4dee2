"""API tokens from the command line.

``hadir token create USER [--name N]``, ``hadir token list [USER]``,
``hadir token revoke PREFIX``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hadir.accounts.models import ApiToken, User
from hadir.accounts.tokens import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create, list and revoke API tokens (only a digest is stored)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it once.")
        create.add_argument("username")
        create.add_argument("--name", default="cli")
        listing = sub.add_parser("list", help="List tokens (never their secrets).")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"Pengguna tidak ditemukan: {options['username']}")
            issued = api_token_create(user=user, name=options["name"])
            self.stdout.write(issued.plaintext)
            self.stderr.write("Simpan token ini sekarang: token tidak dapat ditampilkan lagi.")
        elif action == "list":
            tokens = ApiToken.objects.select_related("user").order_by("created_at")
            if options.get("username"):
                tokens = tokens.filter(user__username=options["username"])
            for token in tokens:
                state = "dicabut" if token.revoked_at else "aktif"
                self.stdout.write(
                    f"{token.prefix}\t{token.user.username}\t{token.name}\t{state}\t"
                    f"{token.last_used_at or '-'}"
                )
        else:
            found = ApiToken.objects.filter(prefix=options["prefix"]).first()
            if found is None:
                raise CommandError(f"Token tidak ditemukan: {options['prefix']}")
            api_token_revoke(token=found)
            self.stdout.write(f"Token {found.prefix} dicabut.")
