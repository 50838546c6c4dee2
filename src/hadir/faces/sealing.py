"""Face embeddings are biometric data (UU PDP 27/2022, specific personal data): sealed at
rest with AES-256-GCM, under a key derived from Django's SECRET_KEY for this one purpose
(HKDF-SHA256). The employee's id is the associated data, so a sealed embedding copied onto
another employee's row does not open. A new SECRET_KEY makes old embeddings unreadable
(they are skipped and logged, without personal data): the unit enrols the reference again
from the kept photo (docs/faces.md).
"""

from __future__ import annotations

import os
import struct
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

NONCE_BYTES = 12
VERSION = b"\x01"


class SealBroken(ValueError):
    """The sealed embedding does not open: another key, another employee, or tampered."""


def _key() -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"hadir-faces", info=b"face embeddings v1"
    ).derive(settings.SECRET_KEY.encode())


def _aad(employee_id: int) -> bytes:
    return VERSION + str(employee_id).encode()


def seal(vector: Sequence[float], *, employee_id: int) -> bytes:
    plain = struct.pack(f"<{len(vector)}f", *vector)
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(_key()).encrypt(nonce, plain, _aad(employee_id))


def unseal(sealed: bytes, *, employee_id: int) -> tuple[float, ...]:
    sealed = bytes(sealed)
    if not sealed.startswith(VERSION) or len(sealed) < 1 + NONCE_BYTES + 16:
        raise SealBroken("not a sealed embedding")
    nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    try:
        plain = AESGCM(_key()).decrypt(nonce, body, _aad(employee_id))
    except InvalidTag as error:
        raise SealBroken("the sealed embedding does not open") from error
    return struct.unpack(f"<{len(plain) // 4}f", plain)
