"""Bearer secrets shared by user API tokens and agent tokens.

A token reads ``<marker><prefix>_<secret>``: the prefix finds the row without a scan, the
256-bit secret is stored only as a SHA-256 digest (nothing to brute-force, checked in
microseconds) and compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NewSecret:
    prefix: str
    digest: str
    plaintext: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def bearer_new(marker: str) -> NewSecret:
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return NewSecret(prefix, _digest(secret), f"{marker}{prefix}_{secret}")


def bearer_split(plaintext: str, marker: str) -> tuple[str, str] | None:
    """(prefix, secret) of a token with this marker, or None."""
    if not plaintext.startswith(marker):
        return None
    prefix, _, secret = plaintext[len(marker) :].partition("_")
    return (prefix, secret) if prefix and secret else None


def bearer_matches(digest: str, secret: str) -> bool:
    return hmac.compare_digest(digest, _digest(secret))
