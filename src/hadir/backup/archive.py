"""The archive itself: a gzip'd tar of ``database/…``, ``files/…`` and ``manifest.json``.

Reading never trusts it: members are written under a work folder only (no absolute paths,
no ``..``, no links), every byte is hashed on the way, and the result is compared with the
manifest before the caller touches the database or the data directory.
"""

from __future__ import annotations

import hashlib
import io
import tarfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext_lazy as _

from hadir.backup.manifest import (
    MANIFEST_NAME,
    ArchiveRefused,
    HashingReader,
    Manifest,
    file_chunks,
)

FILES = "files"
TAMPERED = _(
    "The archive does not match its manifest ({count} member(s)): {names}. Nothing was restored."
)
UNSAFE = _("The archive holds a member that may not be restored: {name!r}.")
UNREADABLE = _("The archive cannot be read (not a Hadir backup, or damaged): {error}.")


def data_files(data_dir: Path, skip: Iterable[Path]) -> Iterator[tuple[str, Path]]:
    """Every regular file under the data directory except ``skip`` (folders or files),
    named ``files/<relative path>``; symbolic links are not followed."""
    skipped = {p.resolve() for p in skip}
    for path in sorted(data_dir.rglob("*")):
        if any(path == s or s in path.parents for s in skipped):
            continue
        if path.is_file() and not path.is_symlink():
            yield f"{FILES}/{path.relative_to(data_dir).as_posix()}", path


def _add(tar: tarfile.TarFile, name: str, path: Path, manifest: Manifest) -> None:
    info = tarfile.TarInfo(name)
    with path.open("rb") as stream:
        info.size = path.stat().st_size  # read once: a growing file is cut at this size
        info.mode = 0o600
        reader = HashingReader(stream, info.size)
        tar.addfile(info, reader)
    manifest.add(name, reader.sha.hexdigest(), info.size)


def write_archive(
    target: Path, database: tuple[str, Path], files: Iterable[tuple[str, Path]], manifest: Manifest
) -> None:
    with tarfile.open(target, "w:gz", compresslevel=1) as tar:
        _add(tar, database[0], database[1], manifest)
        for name, path in files:
            _add(tar, name, path, manifest)
        body = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size, info.mode = len(body), 0o600
        tar.addfile(info, io.BytesIO(body))


def _safe(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ArchiveRefused(UNSAFE.format(name=name))
    return path


def extract_verified(archive: Path, work_dir: Path) -> Manifest:
    """Unpack into ``work_dir`` and check every digest; raise ``ArchiveRefused`` otherwise."""
    seen: dict[str, tuple[str, int]] = {}
    manifest_raw: bytes | None = None
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                if not member.isfile():
                    raise ArchiveRefused(UNSAFE.format(name=member.name))
                relative = _safe(member.name)
                source = tar.extractfile(member)
                assert source is not None  # noqa: S101 - a regular file always has content
                if member.name == MANIFEST_NAME:
                    manifest_raw = source.read(10 * 1024 * 1024)
                    continue
                seen[member.name] = _copy_hashed(source, work_dir / relative)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise ArchiveRefused(UNREADABLE.format(error=type(exc).__name__)) from exc
    if manifest_raw is None:
        raise ArchiveRefused(_("The archive has no manifest.json: not a Hadir backup."))
    manifest = Manifest.from_json(manifest_raw)
    wrong = sorted(
        name
        for name in set(seen) | set(manifest.members)
        if name not in seen
        or name not in manifest.members
        or manifest.members[name].get("sha256") != seen[name][0]
        or manifest.members[name].get("size") != seen[name][1]
    )
    if wrong:
        shown = ", ".join(wrong[:5]) + (" …" if len(wrong) > 5 else "")
        raise ArchiveRefused(TAMPERED.format(count=len(wrong), names=shown))
    manifest.database_member()
    return manifest


def _copy_hashed(source: io.BufferedReader | object, destination: Path) -> tuple[str, int]:
    destination.parent.mkdir(parents=True, exist_ok=True)
    sha, size = hashlib.sha256(), 0
    with destination.open("wb") as out:
        for chunk in file_chunks(source):  # type: ignore[arg-type]
            sha.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return sha.hexdigest(), size
