"""Hash chains over the audit trail and the punch ledger.

Each chained row stores ``seq`` (1, 2, 3, ... without gaps), ``prev_digest`` (the digest of
the row before it, ``GENESIS`` for the first) and ``digest``::

    digest = SHA-256( prev_digest as ASCII + "\\n" + canonical(content) )

``canonical`` is JSON with sorted keys, no spaces, ASCII only, over the row's stored fields:
timestamps in UTC ISO 8601 (``utc_text``), dates as ``YYYY-MM-DD``, numbers
normalised (an integral number is written as an integer, so PostgreSQL's ``jsonb`` returning
``1e16`` as ``10000000000000000`` hashes the same), dict keys as text. It is computed from
what the database gives back on SQLite and PostgreSQL alike, so a row hashes the same when it
is written and when ``hadir audit verify`` reads it years later.

The punch ledger is K chains, its *shards* (``HADIR_LEDGER_SHARDS``): shard 0 is the chain
named "ledger" (every batch stored before shards existed), shard k the chain "ledger.k"
(``ledger_chain``). Each shard is a chain of its own with its own head row.

One row per chain in ``ChainHead`` holds the last ``seq`` and ``digest``. An append UPDATEs
it first (``chain_advance``): on PostgreSQL that row lock, on SQLite the write lock,
serialises appenders until the transaction commits, so two processes never fork the chain;
a rolled-back append rolls the head back too, so ``seq`` stays gapless.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection

GENESIS = "0" * 64
AUDIT = "audit"
LEDGER = "ledger"
SHORT = 16
LEDGER_SHARD_NAME = re.compile(r"^ledger(?:\.([1-9][0-9]*))?$")


class ChainHeadMissing(RuntimeError):
    pass


def utc_text(moment: datetime) -> str:
    """UTC ISO 8601 as Python writes it (``2026-03-01T23:58:48+00:00``; microseconds only
    when there are some): deterministic, which is what the chain needs."""
    return moment.astimezone(UTC).isoformat()


def _normal(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("chained timestamps must be timezone-aware")
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        exact = Decimal(repr(value)) if isinstance(value, float) else value
        if exact == exact.to_integral_value():
            return int(exact)
        return float(exact)
    if isinstance(value, Mapping):
        return {str(key): _normal(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(item) for item in value]
    raise TypeError(f"cannot chain a {type(value).__name__}")


def canonical(content: Mapping[str, Any]) -> bytes:
    """The bytes hashed for a row (see the module docstring)."""
    return json.dumps(
        _normal(content), sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("ascii")


def link_digest(prev_digest: str, content: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_digest.encode("ascii") + b"\n" + canonical(content)).hexdigest()


def ledger_chain(shard: int) -> str:
    """The chain name of a ledger shard: "ledger" for shard 0, "ledger.k" for shard k."""
    return LEDGER if shard == 0 else f"{LEDGER}.{shard}"


def ledger_shard_of(chain: str) -> int | None:
    """The shard a chain name stands for, None when it is not a ledger chain."""
    match = LEDGER_SHARD_NAME.match(chain)
    if match is None:
        return None
    return int(match.group(1) or 0)


def short_form(chain: str, seq: int, digest: str) -> str:
    """What documents print and ``hadir audit verify --at`` reads: ``audit:1234:3f2a...``."""
    return f"{chain}:{seq}:{digest[:SHORT]}"


def chain_advance(name: str) -> tuple[int, str]:
    """Take the chain's head for this transaction: returns the new row's ``seq`` and the
    previous digest. Call inside ``transaction.atomic``; finish with ``chain_seal``."""
    sql = "UPDATE audit_chainhead SET seq = seq + 1 WHERE name = %s RETURNING seq, digest"
    with connection.cursor() as cursor:
        cursor.execute(sql, [name])
        row = cursor.fetchone()
        if row is None:
            # A flushed database (tests, ``hadir demo --reset``) has no head rows yet.
            cursor.execute(
                "INSERT INTO audit_chainhead (name, seq, digest) VALUES (%s, 0, %s) "
                "ON CONFLICT DO NOTHING",
                [name, GENESIS],
            )
            cursor.execute(sql, [name])
            row = cursor.fetchone()
    if row is None:
        raise ChainHeadMissing(name)
    return int(row[0]), str(row[1])


def chain_seal(name: str, digest: str) -> None:
    """Record the new row's digest on the head (same transaction as ``chain_advance``)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_chainhead SET digest = %s WHERE name = %s", [digest, name])


def chain_heads() -> dict[str, tuple[int, str]]:
    """Every chain's last ``seq`` and digest as committed, by chain name."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, seq, digest FROM audit_chainhead")
        return {str(name): (int(seq), str(digest)) for name, seq, digest in cursor.fetchall()}


def ledger_links() -> dict[str, str]:
    """The head of every non-empty ledger shard in short form, by chain name."""
    return {
        name: short_form(name, seq, digest)
        for name, (seq, digest) in sorted(chain_heads().items())
        if seq and ledger_shard_of(name) is not None
    }


def chain_head(name: str) -> tuple[int, str]:
    """The chain's last ``seq`` and digest as committed (0 and ``GENESIS`` when empty)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, digest FROM audit_chainhead WHERE name = %s", [name])
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


AUDIT_HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "data",
)


def audit_content(values: Mapping[str, Any]) -> dict[str, Any]:
    """The hashed content of an audit event (``values`` has at least AUDIT_HASHED_FIELDS)."""
    return {name: values[name] for name in AUDIT_HASHED_FIELDS}
