"""The archive's table of contents: what it holds, each member's SHA-256, the schema.

``schema`` is the latest applied migration of every app (``{"attendance": "0012_..."}``),
read from the database that was copied, so a restore knows whether the archive is older
than the code (then it migrates) or newer (then it refuses).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

FORMAT = "hadir-backup/1"
MANIFEST_NAME = "manifest.json"
CHUNK = 1024 * 1024


class ArchiveRefused(Exception):
    """The archive (or the target) cannot be used; the message says why, for an operator."""


@dataclass
class Manifest:
    engine: str  # "sqlite" or "postgresql"
    created_at: str
    hadir_version: str
    schema: dict[str, str]
    members: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, name: str, digest: str, size: int) -> None:
        self.members[name] = {"sha256": digest, "size": size}

    def to_json(self) -> bytes:
        body = {
            "format": FORMAT,
            "engine": self.engine,
            "created_at": self.created_at,
            "hadir_version": self.hadir_version,
            "schema": self.schema,
            "members": self.members,
        }
        return json.dumps(body, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise ArchiveRefused(_("The archive's manifest.json is not valid JSON.")) from exc
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise ArchiveRefused(
                _("Not a Hadir backup archive (no {format} manifest).").format(format=FORMAT)
            )
        try:
            return cls(
                engine=str(body["engine"]),
                created_at=str(body["created_at"]),
                hadir_version=str(body["hadir_version"]),
                schema={str(k): str(v) for k, v in body["schema"].items()},
                members={str(k): dict(v) for k, v in body["members"].items()},
            )
        except (KeyError, AttributeError, TypeError, ValueError) as exc:
            raise ArchiveRefused(_("The archive's manifest.json is incomplete.")) from exc

    def database_member(self) -> str:
        names = [n for n in self.members if n.startswith("database/")]
        if len(names) != 1:
            raise ArchiveRefused(_("The archive does not hold exactly one database."))
        return names[0]


class HashingReader:
    """Reads at most ``size`` bytes of ``source`` and hashes exactly what was read, so a
    file that grows while it is archived is stored and digested consistently."""

    def __init__(self, source: IO[bytes], size: int) -> None:
        self.source, self.left = source, size
        self.sha = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.source.read(n)
        self.left -= len(data)
        self.sha.update(data)
        return data


def sha256_of(chunks: Iterable[bytes]) -> str:
    sha = hashlib.sha256()
    for chunk in chunks:
        sha.update(chunk)
    return sha.hexdigest()


def file_chunks(stream: IO[bytes]) -> Iterable[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk
