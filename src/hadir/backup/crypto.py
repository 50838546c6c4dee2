"""Optional encryption of an archive: AES-256-GCM in 1 MiB chunks, key from a passphrase.

Layout: ``MAGIC``, a 16-byte scrypt salt, an 8-byte nonce prefix, then chunks, each a flag
byte (1 = last), a 4-byte length and the sealed bytes. The nonce is the prefix plus the
chunk's number, and the number and the flag are authenticated with it, so a chunk that is
changed, reordered, dropped or cut off is refused. The passphrase is read from a file (or
``HADIR_BACKUP_PASSPHRASE_FILE``), never taken from the command line, which ``ps`` shows.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.utils.translation import gettext_lazy as _

from hadir.backup.manifest import CHUNK, ArchiveRefused

MAGIC = b"HADIR-BACKUP-AESGCM-1\n"
SALT_BYTES = 16
PREFIX_BYTES = 8
WRONG_KEY = _(
    "The archive cannot be decrypted: wrong passphrase, or the file was changed or cut off."
)
EMPTY_PASSPHRASE = _("The passphrase file {path} is empty.")


def read_passphrase(path: Path) -> bytes:
    secret = path.read_bytes().strip()
    if not secret:
        raise ArchiveRefused(EMPTY_PASSPHRASE.format(path=path))
    return secret


def _key(passphrase: bytes, salt: bytes) -> AESGCM:
    # 2**15 costs ~0.1 s and 32 MiB once per archive; guessing passphrases costs the same.
    return AESGCM(Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase))


def _aad(number: int, last: bool) -> bytes:
    return MAGIC + struct.pack(">Q?", number, last)


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(len(MAGIC)) == MAGIC


def encrypt_file(plain: Path, sealed: IO[bytes], passphrase: bytes) -> None:
    salt, prefix = os.urandom(SALT_BYTES), os.urandom(PREFIX_BYTES)
    aead = _key(passphrase, salt)
    sealed.write(MAGIC + salt + prefix)
    size = plain.stat().st_size
    with plain.open("rb") as source:
        number, done = 0, 0
        while True:
            chunk = source.read(CHUNK)
            done += len(chunk)
            last = done >= size
            nonce = prefix + struct.pack(">I", number)
            box = aead.encrypt(nonce, chunk, _aad(number, last))
            sealed.write(struct.pack(">?I", last, len(box)) + box)
            if last:
                return
            number += 1


def decrypt_file(sealed: Path, plain: IO[bytes], passphrase: bytes) -> None:
    with sealed.open("rb") as source:
        if source.read(len(MAGIC)) != MAGIC:
            raise ArchiveRefused(_("This archive is not encrypted by Hadir."))
        salt, prefix = source.read(SALT_BYTES), source.read(PREFIX_BYTES)
        aead = _key(passphrase, salt)
        number = 0
        while True:
            head = source.read(5)
            if len(head) != 5:
                raise ArchiveRefused(WRONG_KEY)
            last, length = struct.unpack(">?I", head)
            box = source.read(length)
            nonce = prefix + struct.pack(">I", number)
            try:
                plain.write(aead.decrypt(nonce, box, _aad(number, last)))
            except InvalidTag as exc:
                raise ArchiveRefused(WRONG_KEY) from exc
            if last:
                if source.read(1):
                    raise ArchiveRefused(WRONG_KEY)
                return
            number += 1
