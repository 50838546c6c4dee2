"""``hadir audit verify [--at CHAIN:SEQ:DIGEST ...]``: check the audit and ledger chains.

Exit status 0, one summary line and the head of every non-empty ledger shard (in the
``--at`` form) when every chain holds; otherwise the first break of each chain (the audit
trail, each ledger shard), named by chain, ``seq`` and id, and exit status 1. ``--at``
takes what a month's document prints (``audit:1234:3f2a9b0c1d2e3f40``, ``ledger.3:12:...``)
and checks that this link is still on the chain.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hadir.audit.chain import AUDIT, short_form
from hadir.audit.verify import recorded_ledger_links, verify_audit, verify_ledger

ANCHOR = re.compile(r"^(audit|ledger(?:\.[1-9][0-9]*)?):#?(\d+):([0-9a-fA-F]{8,64})$")
BAD_ANCHOR = (
    "Tidak dapat membaca --at {value!r}. Salin persis dari dokumen, misalnya "
    "audit:1234:3f2a9b0c1d2e3f40 atau ledger:567:ab12cd34ef56ab78."
)


def parse_anchors(values: list[str]) -> dict[str, dict[int, str]]:
    anchors: dict[str, dict[int, str]] = {AUDIT: {}}
    for value in values:
        match = ANCHOR.match(value.strip())
        if match is None:
            raise CommandError(BAD_ANCHOR.format(value=value))
        chain, seq, prefix = match.groups()
        anchors.setdefault(chain, {})[int(seq)] = prefix.lower()
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
        audit = verify_audit(anchors.pop(AUDIT))
        checked = len(audit.anchors) + sum(len(a) for a in anchors.values())
        for chain, links in recorded_ledger_links().items():
            anchors[chain] = {**links, **anchors.get(chain, {})}
        ledger = verify_ledger(anchors)
        breaks = ([audit.first_break] if audit.first_break else []) + ledger.first_breaks
        if breaks:
            raise CommandError("Rantai tidak utuh.\n" + "\n".join(breaks), returncode=1)
        self.stdout.write(
            f"{audit.rows} kejadian audit, {ledger.rows} batch absensi ({ledger.punches} "
            f"absensi) dalam {len(ledger.shards)} rantai buku absensi: rantai utuh."
            + (f" {checked} sidik dari dokumen cocok." if checked else "")
        )
        for walk in ledger.shards:
            if walk.rows:
                self.stdout.write(
                    f"  {short_form(walk.chain, walk.last_seq, walk.last_digest)}: "
                    f"{walk.rows} batch, {walk.punches} absensi"
                )
