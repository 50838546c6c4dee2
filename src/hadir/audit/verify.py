"""Walk the audit and ledger hash chains and name the first link that does not hold.

Streaming: rows are read by ``seq`` in pages (keyset, never OFFSET), punches of a page of
batches in one ordered query, hashed as they come; memory stays flat whatever the size.
A walk checks, row by row in ``seq`` order: no ``seq`` is missing (a row was deleted), the
row's ``prev_digest`` is the digest of the row before (else it was inserted or moved out of
order), its digest matches its content (else it was edited), for a batch that its punches
still hash to ``content_digest``; then that the chain's head agrees with the last row (rows
deleted at the end), that no batch is outside the chain and no punch outside a batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from hadir.audit.chain import (
    AUDIT,
    AUDIT_HASHED_FIELDS,
    GENESIS,
    LEDGER,
    audit_content,
    chain_head,
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


def _label(chain: str) -> str:
    return "audit" if chain == AUDIT else "buku absensi"


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


def verify_ledger(anchors: dict[int, str] | None = None) -> ChainWalk:
    from hadir.punches.ledger import ContentDigest, batch_content, batch_punches, punch_line
    from hadir.punches.models import LedgerBatch, Punch

    walk = ChainWalk(LEDGER, anchors=dict(anchors or {}))
    last = 0
    while walk.intact:
        batches = LedgerBatch.objects.filter(seq__gt=last).order_by("seq")
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
                walk.fail(f"rantai buku absensi, #{batch['seq']} (id {batch['id']}): {what}.")
                break
        last = page[-1]["seq"]
    _finish(walk)
    outside = LedgerBatch.objects.filter(seq__isnull=True).order_by("id").first()
    if outside is not None:
        walk.fail(f"rantai buku absensi: batch id {outside.pk} berada di luar rantai.")
    loose = Punch.objects.filter(batch__isnull=True).order_by("id").values_list("id", flat=True)
    if (punch_id := loose.first()) is not None:
        walk.fail(f"rantai buku absensi: absensi id {punch_id} tersimpan di luar batch mana pun.")
    if walk.intact and (total := Punch.objects.count()) != walk.punches:
        walk.fail(
            f"rantai buku absensi: {total} absensi tersimpan, {walk.punches} di dalam rantai; "
            "ada absensi yang menunjuk batch yang tidak ada."
        )
    return walk
