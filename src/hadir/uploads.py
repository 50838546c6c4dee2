"""What imports of uploaded files have in common: the file kept by its content hash, the
record of who sent it, what the preview counted and what applying it did, and the limits
every uploaded table obeys (``HADIR_UPLOAD_*``, docs/configuration.md)."""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

CHUNK = 1024 * 1024

FILE_TOO_LARGE = gettext_noop(
    "The file is larger than the limit of %(limit)s. Split it into smaller files and upload "
    "them one by one."
)
ZIP_TOO_MANY_PARTS = gettext_noop(
    "The Excel file holds %(count)d parts; the limit is %(limit)d. Copy only the sheet with "
    "the data into a new workbook, save it and upload again."
)
ZIP_TOO_LARGE_UNPACKED = gettext_noop(
    "The Excel file unpacks to more than the limit of %(limit)s. Split it into smaller files "
    "or save it as CSV, then upload again."
)
ZIP_RATIO_TOO_HIGH = gettext_noop(
    "The Excel file is packed suspiciously tightly (one part unpacks to %(ratio)d times its "
    "size; the limit is %(limit)d) and was refused for safety. Open it in Excel, save it again "
    "as .xlsx or as CSV, then upload again."
)
ZIP_DECLARES_ENTITIES = gettext_noop(
    "The Excel file holds an XML document type declaration (DOCTYPE) and was refused for "
    "safety. Excel's own parts never hold one; a picture pasted as SVG may. Copy the data "
    "into a new workbook without pictures, or save it as CSV, then upload again."
)
# A part this small is never a threat, whatever its ratio (an empty sheet packs 1000:1).
RATIO_CHECK_MIN_BYTES = 1024 * 1024
# The Open Packaging Conventions forbid DTDs in a package's XML; a DTD is how an XML file
# expands entities (a few KB becoming gigabytes) or points at files on the server. Every
# encoding the XML parsers detect by themselves too (UTF-16 and UTF-32 either way, EBCDIC).
DOCTYPE_SPELLINGS = tuple(
    "<!DOCTYPE".encode(encoding)
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp037")
)


class UploadRefused(ValueError):
    """An upload over one of the limits; the message names the limit and what to do."""


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """How big an uploaded table may be before it is refused, read or not (docs/configuration.md).

    Each limit keeps the memory used by one upload small and fixed, whatever the file claims
    about itself (an XLSX sheet's declared size is never trusted).
    """

    rows: int
    columns: int
    cell_chars: int
    unpacked_bytes: int
    compression_ratio: int
    zip_entries: int

    @classmethod
    def from_settings(cls) -> UploadLimits:
        return cls(
            rows=int(settings.HADIR_UPLOAD_MAX_ROWS),
            columns=int(settings.HADIR_UPLOAD_MAX_COLUMNS),
            cell_chars=int(settings.HADIR_UPLOAD_MAX_CELL_CHARS),
            unpacked_bytes=int(settings.HADIR_UPLOAD_MAX_UNPACKED_BYTES),
            compression_ratio=int(settings.HADIR_UPLOAD_MAX_COMPRESSION_RATIO),
            zip_entries=int(settings.HADIR_UPLOAD_MAX_ZIP_ENTRIES),
        )


def zip_check(archive: zipfile.ZipFile, limits: UploadLimits) -> None:
    """Refuse a decompression bomb from the zip's directory alone, before anything is unpacked,
    then any part that declares a DOCTYPE (entity expansion, external entities).

    The sizes in the directory may lie, but Python's zipfile never returns more bytes than an
    entry declares (a longer entry fails its checksum), so checking them bounds what is read.
    """
    entries = archive.infolist()
    if len(entries) > limits.zip_entries:
        raise UploadRefused(
            _(ZIP_TOO_MANY_PARTS) % {"count": len(entries), "limit": limits.zip_entries}
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        if total > limits.unpacked_bytes:
            raise UploadRefused(
                _(ZIP_TOO_LARGE_UNPACKED) % {"limit": filesizeformat(limits.unpacked_bytes)}
            )
        if entry.file_size >= RATIO_CHECK_MIN_BYTES:
            ratio = entry.file_size // max(entry.compress_size, 1)
            if ratio > limits.compression_ratio:
                raise UploadRefused(
                    _(ZIP_RATIO_TOO_HIGH) % {"ratio": ratio, "limit": limits.compression_ratio}
                )
    for entry in entries:  # sizes are bounded now: each part is read once, a chunk at a time
        if _declares_doctype(archive, entry):
            raise UploadRefused(_(ZIP_DECLARES_ENTITIES))


def _declares_doctype(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether the part holds a DOCTYPE anywhere (every part is looked at, whatever its name:
    the package's relations decide which ones are parsed as XML)."""
    keep = max(len(spelling) for spelling in DOCTYPE_SPELLINGS) - 1
    tail = b""
    with archive.open(entry) as part:
        while chunk := part.read(CHUNK):
            window = tail + chunk
            if any(spelling in window for spelling in DOCTYPE_SPELLINGS):
                return True
            tail = window[-keep:]
    return False


def upload_store(content: bytes, *, folder: str, suffix: str) -> tuple[Path, str]:
    """Keep ``content`` under ``DATA_DIR/<folder>/<sha256><suffix>`` (once, however often it is
    sent) and return the path and the digest."""
    digest = hashlib.sha256(content).hexdigest()
    directory = Path(settings.DATA_DIR) / folder
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{digest}{suffix}"
    if not path.exists():
        path.write_bytes(content)
    return path, digest


def upload_store_stream(
    stream: IO[bytes], *, folder: str, suffix: str, max_bytes: int
) -> tuple[Path, str, int]:
    """Copy ``stream`` chunk by chunk into ``DATA_DIR/<folder>/<sha256><suffix>`` (path, digest,
    size). Raises UploadRefused past ``max_bytes``; the partial copy is removed."""
    directory = Path(settings.DATA_DIR) / folder
    directory.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    handle, temp_name = tempfile.mkstemp(dir=directory, suffix=".part")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as target:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise UploadRefused(_(FILE_TOO_LARGE) % {"limit": filesizeformat(max_bytes)})
                digest.update(chunk)
                target.write(chunk)
        path = directory / f"{digest.hexdigest()}{suffix}"
        if not path.exists():
            temp.replace(path)
    finally:
        temp.unlink(missing_ok=True)
    return path, digest.hexdigest(), size


class StoredUpload(models.Model):
    filename = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64, db_index=True)
    size_bytes = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True


# Files that are not text whatever their name says.
BINARY_SIGNATURES = (
    b"MZ",  # Windows program
    b"\x7fELF",  # Linux program
    b"\xcf\xfa\xed\xfe",  # macOS program
    b"#!",  # script
    b"PK\x03\x04",  # zip, xlsx, docx
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",  # jpeg
    b"Rar!",
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",
)


def looks_binary(head: bytes) -> bool:
    """Not text: a known signature, or NUL bytes in the first line. A text file whose later
    lines a flashdisk damaged (NUL bytes, a NUL-padded tail) is still text: its readers
    refuse those lines or rows one by one, with their reason, and read the others."""
    end = head.find(b"\n", 0, 4096)
    first_line = head[:4096] if end < 0 else head[:end]
    return head.startswith(BINARY_SIGNATURES) or b"\x00" in first_line
