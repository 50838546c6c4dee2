"""``hadir audit verify [--at CHAIN:SEQ:DIGEST ...]``: check the audit and ledger chains.

Exit status 0 and one summary line when both chains hold; otherwise the first break of each
chain, named by ``seq`` and id, and exit status 1. ``--at`` takes what a month's document
prints (``audit:1234:3f2a9b0c1d2e3f40``) and checks that this link is still on the chain.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hadir.audit.chain import AUDIT, LEDGER
from hadir.audit.verify import verify_audit, verify_ledger

ANCHOR = re.compile(r"^(audit|ledger):#?(\d+):([0-9a-fA-F]{8,64})$")
BAD_ANCHOR = (
    "Tidak dapat membaca --at {value!r}. Salin persis dari dokumen, misalnya "
    "audit:1234:3f2a9b0c1d2e3f40 atau ledger:567:ab12cd34ef56ab78."
)


def parse_anchors(values: list[str]) -> dict[str, dict[int, str]]:
    anchors: dict[str, dict[int, str]] = {AUDIT: {}, LEDGER: {}}
    for value in values:
        match = ANCHOR.match(value.strip())
        if match is None:
            raise CommandError(BAD_ANCHOR.format(value=value))
        chain, seq, prefix = match.groups()
        anchors[chain][int(seq)] = prefix.lower()
    return anchors


class Command(BaseCommand):
    help = "Verify the audit trail and punch ledger hash chains (hadir audit verify)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Walk both chains; exit 1 at the first break.")
        verify.add_argument(
            "--at",
            action="append",
            default=[],
            metavar="CHAIN:SEQ:DIGEST",
            help="a link printed on a document, e.g. audit:1234:3f2a9b0c1d2e3f40",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchors = parse_anchors(options["at"])
        audit = verify_audit(anchors[AUDIT])
        ledger = verify_ledger(anchors[LEDGER])
        breaks = [walk.first_break for walk in (audit, ledger) if walk.first_break]
        if breaks:
            raise CommandError("Rantai tidak utuh.\n" + "\n".join(breaks), returncode=1)
        checked = sum(len(a) for a in anchors.values())
        self.stdout.write(
            f"{audit.rows} kejadian audit, {ledger.rows} batch absensi ({ledger.punches} "
            "absensi): rantai utuh." + (f" {checked} sidik dari dokumen cocok." if checked else "")
        )
