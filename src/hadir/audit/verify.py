"""Walk the audit and ledger hash chains and name the first link that does not hold.

Streaming: rows are read by ``seq`` in pages (keyset, never OFFSET), punches of a page of
batches in one ordered query, hashed as they come; memory stays flat whatever the size.
A walk checks, row by row in ``seq`` order: no ``seq`` is missing (a row was deleted), the
row's ``prev_digest`` is the digest of the row before (else it was inserted or moved out of
order), its digest matches its content (else it was edited), for a batch that its punches
still hash to ``content_digest``; then that the chain's head agrees with the last row (rows
deleted at the end), that no batch is outside the chain and no punch outside a batch.

The ledger is K chains (shards, ``hadir.audit.chain``): each is walked on its own, every
shard that has a head row or a batch whatever ``HADIR_LEDGER_SHARDS`` says now, and a break
in one is reported under its name (``ledger.3``) without stopping the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from hadir.audit.chain import (
    AUDIT,
    AUDIT_HASHED_FIELDS,
    GENESIS,
    LEDGER,
    audit_content,
    chain_head,
    chain_heads,
    ledger_chain,
    ledger_shard_of,
    link_digest,
)
from hadir.audit.models import AuditEvent

AUDIT_PAGE = 2000
BATCH_PAGE = 200


@dataclass
class ChainWalk:
    """What a walk found: rows seen, the last link, the first break, anchors checked."""

    chain: str
    rows: int = 0
    punches: int = 0
    last_seq: int = 0
    last_digest: str = GENESIS
    first_break: str | None = None
    anchors: dict[int, str] = field(default_factory=dict)  # seq -> printed digest prefix
    anchor_digests: dict[int, str] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return self.first_break is None

    def fail(self, message: str) -> None:
        if self.first_break is None:
            self.first_break = message


@dataclass
class LedgerWalk:
    """The walks of every ledger shard, and what is wrong with the ledger as a whole."""

    shards: list[ChainWalk] = field(default_factory=list)
    breaks: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(walk.rows for walk in self.shards)

    @property
    def punches(self) -> int:
        return sum(walk.punches for walk in self.shards)

    @property
    def first_breaks(self) -> list[str]:
        return [w.first_break for w in self.shards if w.first_break] + self.breaks

    @property
    def intact(self) -> bool:
        return not self.first_breaks


def _label(chain: str) -> str:
    if chain == AUDIT:
        return "audit"
    return "buku absensi" if chain == LEDGER else f"buku absensi {chain}"


def _link(walk: ChainWalk, row: dict[str, Any], digest: str, last_id: int | None) -> bool:
    """Check one row against the one before; records the first break. True if it holds."""
    seq, row_id = row["seq"], row["id"]
    where = f"rantai {_label(walk.chain)}, #{seq} (id {row_id})"
    expected = walk.last_seq + 1
    if seq > expected:
        gone = f"#{expected}" if seq == expected + 1 else f"#{expected} s.d. #{seq - 1}"
        walk.fail(f"{where}: baris {gone} hilang (dihapus).")
    elif row["prev_digest"] != walk.last_digest:
        walk.fail(
            f"{where}: tidak tersambung ke #{walk.last_seq}; baris disisipkan atau diurutkan "
            "ulang, atau baris sebelumnya diubah beserta sidiknya."
        )
    elif last_id is not None and row_id < last_id:
        walk.fail(f"{where}: tercatat sebelum #{walk.last_seq} (id {last_id}); urutan ditukar.")
    elif digest != row["digest"]:
        walk.fail(f"{where}: isinya diubah setelah dicatat (sidik tidak cocok).")
    walk.rows += 1
    walk.last_seq, walk.last_digest = seq, row["digest"]
    if seq in walk.anchors:
        walk.anchor_digests[seq] = row["digest"]
    return walk.intact


def _finish(walk: ChainWalk) -> ChainWalk:
    head_seq, head_digest = chain_head(walk.chain)
    if walk.intact and head_seq > walk.last_seq:
        gone = f"#{walk.last_seq + 1}" + (
            f" s.d. #{head_seq}" if head_seq > walk.last_seq + 1 else ""
        )
        walk.fail(f"rantai {_label(walk.chain)}: baris {gone} di ujung rantai hilang (dihapus).")
    elif walk.intact and (head_seq, head_digest) != (walk.last_seq, walk.last_digest):
        walk.fail(
            f"rantai {_label(walk.chain)}: ujung rantai (#{head_seq}) tidak cocok dengan baris "
            f"terakhir #{walk.last_seq}; baris terakhir atau ujungnya diubah."
        )
    for seq, prefix in walk.anchors.items():
        digest = walk.anchor_digests.get(seq)
        if seq == 0 and GENESIS.startswith(prefix.lower()):
            continue  # the head of a chain that was empty then: anything since is after it
        if digest is None:
            walk.fail(f"rantai {_label(walk.chain)}: #{seq} tidak ada di rantai.")
        elif not digest.startswith(prefix.lower()):
            walk.fail(
                f"rantai {_label(walk.chain)}: #{seq} kini bersidik {digest[:16]}, bukan "
                f"{prefix}; rantai ditulis ulang sejak dicetak."
            )
    return walk


def _audit_pages() -> Iterator[list[dict[str, Any]]]:
    last = 0
    fields = ("id", "prev_digest", "digest", *AUDIT_HASHED_FIELDS)
    while True:
        page = list(
            AuditEvent.objects.filter(seq__gt=last).order_by("seq").values(*fields)[:AUDIT_PAGE]
        )
        if not page:
            return
        yield page
        last = page[-1]["seq"]


def verify_audit(anchors: dict[int, str] | None = None) -> ChainWalk:
    walk = ChainWalk(AUDIT, anchors=dict(anchors or {}))
    last_id: int | None = None
    for page in _audit_pages():
        for row in page:
            if not _link(walk, row, link_digest(row["prev_digest"], audit_content(row)), last_id):
                return _finish(walk)
            last_id = row["id"]
    return _finish(walk)


VERIFIED_ACTION = "reporting.verified"


def recorded_ledger_links() -> dict[str, dict[int, str]]:
    """The head of every ledger shard as BKD's verifications recorded it in the audit trail
    (``ledger_shards`` of each ``reporting.verified`` event), by chain: checked like links
    printed on paper, so a document's audit link also pins every shard (docs/reporting.md)."""
    links: dict[str, dict[int, str]] = {}
    events = AuditEvent.objects.filter(action=VERIFIED_ACTION).order_by("seq")
    for data in events.values_list("data", flat=True):
        recorded = data.get("ledger_shards") if isinstance(data, dict) else None
        for link in (recorded or {}).values():
            parts = str(link).split(":")
            # A link edited into something else ("²" too) is left out: the audit walk names it.
            if len(parts) == 3 and parts[1].isascii() and parts[1].isdigit():
                links.setdefault(parts[0], {})[int(parts[1])] = parts[2].lower()
    return links


def ledger_shards() -> list[int]:
    """The shards to walk: those of the setting, and any with a head row or a batch."""
    from hadir.punches.models import LedgerBatch

    shards = set(range(settings.HADIR_LEDGER_SHARDS))
    shards.update(s for name in chain_heads() if (s := ledger_shard_of(name)) is not None)
    shards.update(LedgerBatch.objects.values_list("shard", flat=True).distinct())
    return sorted(shards)


def verify_shard(shard: int, anchors: dict[int, str] | None = None) -> ChainWalk:
    from hadir.punches.ledger import ContentDigest, batch_content, batch_punches, punch_line
    from hadir.punches.models import LedgerBatch

    chain = ledger_chain(shard)
    walk = ChainWalk(chain, anchors=dict(anchors or {}))
    last = 0
    while walk.intact:
        batches = LedgerBatch.objects.filter(shard=shard, seq__gt=last).order_by("seq")
        page: list[dict[str, Any]] = [dict(b) for b in batches.values()[:BATCH_PAGE]]
        if not page:
            break
        contents = {batch["id"]: ContentDigest() for batch in page}
        for punch in batch_punches(contents).iterator(chunk_size=2000):
            contents[punch["batch_id"]].add(punch_line(punch))
        for batch in page:
            content = contents[batch["id"]]
            walk.punches += content.count
            if not _link(walk, batch, batch_content(batch, batch["prev_digest"]), None):
                break
            if (content.count, content.hexdigest()) != (batch["count"], batch["content_digest"]):
                what = (
                    f"memuat {content.count} absensi, tercatat {batch['count']} "
                    "(absensi dihapus atau ditambahkan)"
                    if content.count != batch["count"]
                    else "salah satu absensinya diubah setelah disimpan"
                )
                walk.fail(f"rantai {_label(chain)}, #{batch['seq']} (id {batch['id']}): {what}.")
                break
        last = page[-1]["seq"]
    return _finish(walk)


def verify_ledger(anchors: dict[str, dict[int, str]] | None = None) -> LedgerWalk:
    """Walk every shard (``anchors`` by chain name: "ledger", "ledger.3"), then check that
    no batch is outside a chain and no punch outside a batch."""
    from hadir.punches.models import LedgerBatch, Punch

    anchors = anchors or {}
    shards = ledger_shards()
    ledger = LedgerWalk([verify_shard(shard, anchors.get(ledger_chain(shard))) for shard in shards])
    for chain in sorted(set(anchors) - {ledger_chain(shard) for shard in shards}):
        for seq in sorted(anchors[chain]):
            ledger.breaks.append(f"rantai {_label(chain)}: #{seq} tidak ada di rantai.")
    outside = LedgerBatch.objects.filter(seq__isnull=True).order_by("id").first()
    if outside is not None:
        ledger.breaks.append(f"rantai buku absensi: batch id {outside.pk} berada di luar rantai.")
    loose = Punch.objects.filter(batch__isnull=True).order_by("id").values_list("id", flat=True)
    if (punch_id := loose.first()) is not None:
        ledger.breaks.append(
            f"rantai buku absensi: absensi id {punch_id} tersimpan di luar batch mana pun."
        )
    if ledger.intact and (total := Punch.objects.count()) != ledger.punches:
        ledger.breaks.append(
            f"rantai buku absensi: {total} absensi tersimpan, {ledger.punches} di dalam rantai; "
            "ada absensi yang menunjuk batch yang tidak ada."
        )
    return ledger
