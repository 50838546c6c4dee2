"""The punch ledger's hash chain: every ``punches_ingest`` call that stores punches is one
``LedgerBatch``, a link of the "ledger" chain (``hadir.audit.chain``).

A punch row is updated legitimately later (``counted``, ``hold``, ``employee`` when a PIN is
claimed), so only its immutable raw fields are hashed: ``PUNCH_HASHED_FIELDS``. A batch's
``content_digest`` is SHA-256 over the canonical line of each of its punches, in key order
(byte order of the key, the same in Python, SQLite and PostgreSQL with ``COLLATE "C"``); its
``digest`` links ``seq``, source, source_ref, count, content_digest and created_at to the
batch before.

Cost on the hot path: the batch row (one INSERT before the punches, one UPDATE to seal it),
the head (one UPDATE to take it, one to move it), and one COUNT to make sure every row
handed to the database landed (on PostgreSQL a concurrent ingest may store the same key
first; then the batch's content is read back from the database instead).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Collate
from django.utils import timezone

from hadir.audit.chain import LEDGER, canonical, chain_advance, chain_seal, link_digest
from hadir.bulk import insert_rows
from hadir.punches.models import LedgerBatch, Punch

PUNCH_HASHED_FIELDS = (
    "key",
    "source",
    "source_ref",
    "device_id",
    "pin",
    "punched_at",
    "local_time",
    "status",
    "verify",
    "workcode",
    "raw",
)
BATCH_HASHED_FIELDS = ("seq", "source", "source_ref", "count", "content_digest", "created_at")


@dataclass(frozen=True, slots=True)
class OpenBatch:
    id: int
    source: str
    source_ref: str
    created_at: datetime


class ContentDigest:
    """SHA-256 over a batch's punches, fed one punch at a time in key order."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.count = 0

    def add(self, punch: dict[str, Any]) -> None:
        self._hash.update(canonical(punch) + b"\n")
        self.count += 1

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def key_order() -> Collate:
    """Order by key byte by byte (PostgreSQL's default collation would not)."""
    return Collate("key", "C" if connection.vendor == "postgresql" else "BINARY")


def batch_punches(batch_ids: Iterable[int]) -> QuerySet[Punch, dict[str, Any]]:
    """The stored punches of some batches, as the chain hashes them, batch by batch in key
    order (``batch_id`` comes along to tell them apart)."""
    punches: QuerySet[Punch, dict[str, Any]] = (
        Punch.objects.filter(batch_id__in=list(batch_ids))
        .order_by("batch_id", key_order())
        .values("batch_id", *PUNCH_HASHED_FIELDS)
    )
    return punches


def batch_content(batch: dict[str, Any], prev_digest: str) -> str:
    return link_digest(prev_digest, {name: batch[name] for name in BATCH_HASHED_FIELDS})


def _landed(batch: OpenBatch) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM punches_punch WHERE batch_id = %s", [batch.id])
        return int(cursor.fetchone()[0])


def _handed_content(
    fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> Iterator[dict[str, Any]]:
    index = [fields.index(name) for name in PUNCH_HASHED_FIELDS]
    key = fields.index("key")
    for row in sorted(rows, key=lambda r: r[key]):  # code point order = UTF-8 byte order
        yield {name: row[i] for name, i in zip(PUNCH_HASHED_FIELDS, index, strict=True)}


def _stored_content(batch: OpenBatch) -> Iterator[dict[str, Any]]:
    for punch in batch_punches([batch.id]).iterator(chunk_size=2000):
        punch.pop("batch_id")
        yield punch


def ledger_batch_seal(
    *, batch: OpenBatch, fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Join the batch to the ledger chain (inside the storing transaction)."""
    handed_all = _landed(batch) == len(rows)
    content = ContentDigest()
    for punch in _handed_content(fields, rows) if handed_all else _stored_content(batch):
        content.add(punch)
    seq, prev_digest = chain_advance(LEDGER)
    sealed = {
        "seq": seq,
        "source": batch.source,
        "source_ref": batch.source_ref,
        "count": content.count,
        "content_digest": content.hexdigest(),
        "created_at": batch.created_at,
    }
    digest = batch_content(sealed, prev_digest)
    LedgerBatch.objects.filter(pk=batch.id).update(
        seq=seq,
        count=content.count,
        content_digest=sealed["content_digest"],
        prev_digest=prev_digest,
        digest=digest,
    )
    chain_seal(LEDGER, digest)


def ledger_store(
    *, source: str, source_ref: str, fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert new punch rows (``fields`` order, ``hadir.bulk.insert_rows``) as one ledger
    batch; duplicates of stored keys are skipped by the database. Nothing when no rows."""
    if not rows:
        return
    created = LedgerBatch.objects.create(
        source=source, source_ref=source_ref, created_at=timezone.now()
    )
    batch = OpenBatch(created.pk, source, source_ref, created.created_at)
    tagged = ((*row, batch.id) for row in rows)
    insert_rows(Punch, (*fields, "batch_id"), tagged, ignore_conflicts=True)
    ledger_batch_seal(batch=batch, fields=fields, rows=rows)
