"""Archive encryption: a round trip over several chunks; any change, reordering or cut is
refused with the same message (it never says which part of the key was right)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from hadir.backup.crypto import MAGIC, WRONG_KEY, decrypt_file, encrypt_file, is_encrypted
from hadir.backup.manifest import CHUNK, ArchiveRefused

SECRET = b"kata sandi cadangan"


@pytest.fixture
def sealed(tmp_path: Path) -> tuple[bytes, Path]:
    plain = os.urandom(2 * CHUNK + 123)
    source, target = tmp_path / "plain", tmp_path / "sealed"
    source.write_bytes(plain)
    with target.open("wb") as out:
        encrypt_file(source, out, SECRET)
    return plain, target


def test_round_trip(sealed: tuple[bytes, Path]) -> None:
    plain, path = sealed
    assert is_encrypted(path)
    out = io.BytesIO()
    decrypt_file(path, out, SECRET)
    assert out.getvalue() == plain


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


CHANGES = {
    "wrong passphrase": lambda data: data,
    "a flipped byte": lambda data: _flip(data, len(data) // 2),
    "a flipped salt": lambda data: _flip(data, len(MAGIC)),
    "the last chunk cut off": lambda data: data[: len(data) - 200],
    "bytes appended": lambda data: data + b"extra",
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_any_change_is_refused(sealed: tuple[bytes, Path], change: object) -> None:
    _plain, path = sealed
    path.write_bytes(change(path.read_bytes()))  # type: ignore[operator]
    secret = b"tebakan" if change is CHANGES["wrong passphrase"] else SECRET
    with pytest.raises(ArchiveRefused) as refused:
        decrypt_file(path, io.BytesIO(), secret)
    assert str(refused.value) == str(WRONG_KEY)
