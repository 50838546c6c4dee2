"""Face embeddings are biometric data (UU PDP 27/2022, specific personal data): sealed at
rest with AES-256-GCM, under a key derived from Django's SECRET_KEY for this one purpose
(HKDF-SHA256). The employee's id is the associated data, so a sealed embedding copied onto
another employee's row does not open.

Changing the key: the old one goes into ``SECRET_KEY_FALLBACKS`` (``HADIR_SECRET_KEY_FALLBACKS``);
embeddings sealed with it still open, and ``hadir faces reseal`` seals them again under the
current key, after which the old key can be dropped. An embedding no key opens is skipped and
logged without personal data: the unit enrols the reference again from the kept photo
(docs/faces.md).
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


def _derive(secret: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"hadir-faces", info=b"face embeddings v1"
    ).derive(secret.encode())


def _key() -> bytes:
    return _derive(settings.SECRET_KEY)


def _keys() -> list[bytes]:
    """The current key first, then the keys of ``SECRET_KEY_FALLBACKS``."""
    return [_key(), *(_derive(old) for old in settings.SECRET_KEY_FALLBACKS)]


def _aad(employee_id: int) -> bytes:
    return VERSION + str(employee_id).encode()


def seal(vector: Sequence[float], *, employee_id: int) -> bytes:
    plain = struct.pack(f"<{len(vector)}f", *vector)
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(_key()).encrypt(nonce, plain, _aad(employee_id))


def _open(sealed: bytes, employee_id: int) -> tuple[tuple[float, ...], bool]:
    """The vector, and whether the current key opened it (not a fallback)."""
    sealed = bytes(sealed)
    if not sealed.startswith(VERSION) or len(sealed) < 1 + NONCE_BYTES + 16:
        raise SealBroken("not a sealed embedding")
    nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    for index, key in enumerate(_keys()):
        try:
            plain = AESGCM(key).decrypt(nonce, body, _aad(employee_id))
        except InvalidTag:
            continue
        return struct.unpack(f"<{len(plain) // 4}f", plain), index == 0
    raise SealBroken("the sealed embedding does not open")


def unseal(sealed: bytes, *, employee_id: int) -> tuple[float, ...]:
    return _open(sealed, employee_id)[0]


def resealed(sealed: bytes, *, employee_id: int) -> bytes | None:
    """The embedding sealed again under the current key if an older key opened it; None if
    it is already under the current key. Raises ``SealBroken`` if no key opens it."""
    vector, current = _open(sealed, employee_id)
    return None if current else seal(vector, employee_id=employee_id)
