"""The punch ledger's hash chains: every ``punches_ingest`` call that stores punches is one
``LedgerBatch``, a link of one of the ledger's K chains, its *shard* (``hadir.audit.chain``):
the shard of its source (``ledger_shard``: the machine serial, the file, the phone), so one
source's batches stay in one chain, in order, and uploads from sources on different shards
take different head rows and never wait on one another.

A punch row is updated legitimately later (``counted``, ``hold``, ``employee`` when a PIN is
claimed), so only its immutable raw fields are hashed, ``PUNCH_HASHED_FIELDS``. A batch's
``content_digest`` is SHA-256 over one compact ASCII JSON array holding, for each of its
punches in key order (byte order: the same in Python, SQLite and PostgreSQL with
``COLLATE "C"``), the array of those fields in that (alphabetical) order, ``punched_at`` as
UTC ISO text (``utc_text``). Its ``digest`` links ``seq``, source, source_ref, count,
content_digest and created_at (and ``shard`` when not 0, binding the batch to its chain:
shard 0 hashes what the single chain hashed before shards) to the batch before in its shard
(``hadir.audit.chain.link_digest``).

Cost on the hot path, per call: the batch row (INSERT before the punches, UPDATE to seal it)
and the shard's chain head (UPDATE to take it, UPDATE to move it); the punches are hashed from the
values handed to the database, in one JSON encoding. When the database kept fewer rows than
it was handed (on PostgreSQL a concurrent ingest may store the same key first), the batch's
content is read back from the database instead.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Collate
from django.utils import timezone

from hadir.audit.chain import chain_advance, chain_seal, ledger_chain, link_digest, utc_text
from hadir.bulk import insert_rows
from hadir.punches.models import Punch

PUNCH_HASHED_FIELDS = (
    "device_id",
    "key",
    "local_time",
    "pin",
    "punched_at",
    "raw",
    "source",
    "source_ref",
    "status",
    "verify",
    "workcode",
)
INTEGER_FIELDS = frozenset({"device_id", "status", "verify"})
BATCH_HASHED_FIELDS = ("seq", "source", "source_ref", "count", "content_digest", "created_at")
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode


@dataclass(frozen=True, slots=True)
class OpenBatch:
    id: int
    shard: int
    source: str
    source_ref: str
    created_at: datetime


class ContentDigest:
    """SHA-256 over a batch's punches, fed one punch at a time in key order; the bytes are
    those of ``json`` encoding the list of all of them at once (``add_many``)."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256(b"[")
        self.count = 0

    def add(self, line: list[Any]) -> None:
        self._hash.update((b"," if self.count else b"") + _encode(line).encode("ascii"))
        self.count += 1

    def add_many(self, lines: list[list[Any]]) -> None:
        """Several punches at once: one JSON encoding, its items comma-separated."""
        if lines:
            items = _encode(lines).encode("ascii")[1:-1]
            self._hash.update((b"," if self.count else b"") + items)
            self.count += len(lines)

    def hexdigest(self) -> str:
        final = self._hash.copy()
        final.update(b"]")
        return final.hexdigest()


def punch_line(punch: dict[str, Any]) -> list[Any]:
    """A stored punch (``.values()`` of PUNCH_HASHED_FIELDS) as it is hashed."""
    return [
        utc_text(punch[name]) if name == "punched_at" else punch[name]
        for name in PUNCH_HASHED_FIELDS
    ]


def key_order() -> Collate:
    """Order by key byte by byte (PostgreSQL's default collation would not)."""
    return Collate("key", "C" if connection.vendor == "postgresql" else "BINARY")


def batch_punches(batch_ids: Iterable[int]) -> QuerySet[Punch, dict[str, Any]]:
    """The stored punches of some batches, batch by batch in key order (``batch_id`` comes
    along to tell them apart)."""
    punches: QuerySet[Punch, dict[str, Any]] = (
        Punch.objects.filter(batch_id__in=list(batch_ids))
        .order_by("batch_id", key_order())
        .values("batch_id", *PUNCH_HASHED_FIELDS)
    )
    return punches


def batch_content(batch: dict[str, Any], prev_digest: str) -> str:
    content = {name: batch[name] for name in BATCH_HASHED_FIELDS}
    if batch.get("shard"):
        content["shard"] = batch["shard"]
    return link_digest(prev_digest, content)


def ledger_shard(source: str, source_ref: str) -> int:
    """The shard of a source: the same for every upload of one machine serial, file name or
    phone (SHA-256 of source and ref, modulo ``HADIR_LEDGER_SHARDS``), whichever process
    stores it."""
    shards = settings.HADIR_LEDGER_SHARDS
    if shards <= 1:
        return 0
    digest = hashlib.sha256(f"{source}\n{source_ref}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % shards


def _handed_content_digest(fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> ContentDigest:
    """The content digest of rows as handed to the database, converted to what it gives
    back (integers stay integers, the punch time as UTC text), in one JSON encoding."""
    pick = itemgetter(*[fields.index(name) for name in PUNCH_HASHED_FIELDS])
    at = PUNCH_HASHED_FIELDS.index("punched_at")
    integers = [i for i, name in enumerate(PUNCH_HASHED_FIELDS) if name in INTEGER_FIELDS]
    lines = []
    # Code point order, which is UTF-8 byte order.
    for row in sorted(rows, key=itemgetter(fields.index("key"))):
        line = list(pick(row))
        line[at] = line[at].astimezone(UTC).isoformat()
        for i in integers:
            if line[i] is not None and type(line[i]) is not int:
                line[i] = int(line[i])
        lines.append(line)
    content = ContentDigest()
    content.add_many(lines)
    return content


def _stored_content_digest(batch: OpenBatch) -> ContentDigest:
    content = ContentDigest()
    for punch in batch_punches([batch.id]).iterator(chunk_size=2000):
        content.add(punch_line(punch))
    return content


def _execute(sql: str, params: Sequence[Any]) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if "RETURNING" in sql else None


def ledger_batch_open(*, source: str, source_ref: str) -> OpenBatch:
    created_at = timezone.now()
    shard = ledger_shard(source, source_ref)
    (batch_id,) = _execute(
        "INSERT INTO punches_ledgerbatch (shard, source, source_ref, count, content_digest, "
        "prev_digest, digest, created_at) VALUES (%s, %s, %s, 0, '', '', '', %s) RETURNING id",
        [shard, source, source_ref, connection.ops.adapt_datetimefield_value(created_at)],
    )
    return OpenBatch(int(batch_id), shard, source, source_ref, created_at)


def ledger_batch_seal(
    *, batch: OpenBatch, fields: Sequence[str], rows: Sequence[Sequence[Any]], stored: int
) -> None:
    """Join the batch to its shard's chain (inside the storing transaction); ``stored`` is
    how many of ``rows`` the database kept."""
    if stored == len(rows):
        content = _handed_content_digest(fields, rows)
    else:
        content = _stored_content_digest(batch)
    chain = ledger_chain(batch.shard)
    seq, prev_digest = chain_advance(chain)
    sealed = {
        "shard": batch.shard,
        "seq": seq,
        "source": batch.source,
        "source_ref": batch.source_ref,
        "count": content.count,
        "content_digest": content.hexdigest(),
        "created_at": batch.created_at,
    }
    digest = batch_content(sealed, prev_digest)
    _execute(
        "UPDATE punches_ledgerbatch SET seq = %s, count = %s, content_digest = %s, "
        "prev_digest = %s, digest = %s WHERE id = %s",
        [seq, content.count, sealed["content_digest"], prev_digest, digest, batch.id],
    )
    chain_seal(chain, digest)


def ledger_store(
    *, source: str, source_ref: str, fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert new punch rows (``fields`` order, ``hadir.bulk.insert_rows``) as one ledger
    batch; duplicates of stored keys are skipped by the database. Nothing when no rows."""
    if not rows:
        return
    batch = ledger_batch_open(source=source, source_ref=source_ref)
    tagged = ((*row, batch.id) for row in rows)
    stored = insert_rows(Punch, (*fields, "batch_id"), tagged, ignore_conflicts=True)
    ledger_batch_seal(batch=batch, fields=fields, rows=rows, stored=stored)
