"""API tokens from the command line.

``hadir token create USER [--name N] [--expires 30d|2027-01-31]``, ``hadir token list [USER]``,
``hadir token revoke PREFIX``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hadir.accounts.models import ApiToken, User
from hadir.accounts.tokens import api_token_create, api_token_revoke, token_expiry_parse


class Command(BaseCommand):
    help = "Create, list and revoke API tokens (only a digest is stored)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it once.")
        create.add_argument("username")
        create.add_argument("--name", default="cli")
        create.add_argument(
            "--expires",
            default="",
            help="30d, 12h, 8w, or a date (2027-01-31: valid through that day); default never.",
        )
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
            expires_at = None
            if options["expires"]:
                try:
                    expires_at = token_expiry_parse(options["expires"], timezone.now())
                except ValueError:
                    raise CommandError(
                        f"--expires tidak terbaca atau sudah lewat: {options['expires']}. "
                        "Tulis misalnya 30d, 12h, 8w atau tanggal 2027-01-31."
                    ) from None
            issued = api_token_create(user=user, name=options["name"], expires_at=expires_at)
            self.stdout.write(issued.plaintext)
            if expires_at is not None:
                self.stderr.write(f"Berlaku sampai {expires_at.isoformat(timespec='minutes')}.")
            self.stderr.write("Simpan token ini sekarang: token tidak dapat ditampilkan lagi.")
        elif action == "list":
            tokens = ApiToken.objects.select_related("user").order_by("created_at")
            if options.get("username"):
                tokens = tokens.filter(user__username=options["username"])
            for token in tokens:
                state = "dicabut" if token.revoked_at else "aktif"
                if not token.revoked_at and token.expires_at:
                    expired = token.expires_at <= timezone.now()
                    when = token.expires_at.isoformat(timespec="minutes")
                    state = f"kedaluwarsa {when}" if expired else f"aktif sampai {when}"
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
