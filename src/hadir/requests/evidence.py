"""Evidence files: checked by their content (never by the name), stored once per content
under ``HADIR_DATA_DIR/evidence/<sha256[:2]>/<sha256>``, served only through a view that
checks who asks, and deleted after the retention period (the row stays as a tombstone).

Accepted: JPEG, PNG, WebP images; PDF; MP4, MOV, 3GP, WebM/MKV video (the face video a phone
records when the network is down). Everything else is refused, e.g. a program renamed .jpg.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.audit.services import audit_record
from hadir.jobs.services import job_enqueue
from hadir.org.selectors import region_timezone
from hadir.requests.models import Evidence, Request, RequestEvidence

CHUNK = 1024 * 1024
HEAD_BYTES = 64
PURGE_BATCH = 200

FILE_EMPTY = gettext_noop("The file %(name)s is empty.")
FILE_TOO_LARGE = gettext_noop(
    "The file %(name)s is larger than the limit of %(limit)s. Record a shorter video, or scan "
    "at a lower resolution."
)
FILE_IS_PROGRAM = gettext_noop(
    "The file %(name)s is a program, not a photo, PDF or video, whatever its name says. It "
    "was refused."
)
FILE_UNKNOWN = gettext_noop(
    "The file %(name)s is not a photo (JPEG, PNG, WebP), a PDF or a video (MP4, MOV, 3GP, "
    "WebM): its content was not recognised. It was refused."
)

PROGRAM_SIGNATURES = (
    b"MZ",  # Windows program
    b"\x7fELF",  # Linux program
    b"\xcf\xfa\xed\xfe",  # macOS program
    b"\xca\xfe\xba\xbe",  # macOS universal program, Java class
    b"#!",  # script
)
# ISO media brands that are pictures or sound, not video (HEIC photos, M4A audio).
NOT_VIDEO_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"M4A "}
QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide"}  # old QuickTime files start without ftyp


def sniff_content_type(head: bytes) -> str | None:
    """The content type of a file from its first bytes, or None when not accepted."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in NOT_VIDEO_BRANDS:
            return None
        if brand.startswith(b"3g"):
            return "video/3gpp"
        if brand == b"qt  ":
            return "video/quicktime"
        return "video/mp4"
    if head[4:8] in QUICKTIME_ATOMS:
        return "video/quicktime"
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: WebM or Matroska
        return "video/webm" if b"webm" in head else "video/x-matroska"
    return None


def is_program(head: bytes) -> bool:
    return head.startswith(PROGRAM_SIGNATURES)


class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


def evidence_dir() -> Path:
    return Path(settings.DATA_DIR) / "evidence"


def evidence_path(sha256: str) -> Path:
    return evidence_dir() / sha256[:2] / sha256


def _refuse(message: str, name: str, **values: Any) -> ValidationError:
    return ValidationError(_(message) % {"name": name, **values}, code="evidence")


def _copy_checked(stream: Readable, name: str, target: Any) -> tuple[str, int, str]:
    """Copy ``stream`` into ``target`` while hashing and checking; (sha256, size, type)."""
    limit = int(settings.HADIR_EVIDENCE_MAX_BYTES)
    digest = hashlib.sha256()
    head = stream.read(HEAD_BYTES)
    if not head:
        raise _refuse(FILE_EMPTY, name)
    if is_program(head):
        raise _refuse(FILE_IS_PROGRAM, name)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise _refuse(FILE_UNKNOWN, name)
    size = 0
    chunk = head
    while chunk:
        size += len(chunk)
        if size > limit:
            raise _refuse(FILE_TOO_LARGE, name, limit=filesizeformat(limit))
        digest.update(chunk)
        target.write(chunk)
        chunk = stream.read(CHUNK)
    return digest.hexdigest(), size, content_type


def _purge_after(now: datetime) -> date:
    today = now.astimezone(region_timezone()).date()
    return today + timedelta(days=int(settings.HADIR_EVIDENCE_RETENTION_DAYS))


@transaction.atomic
def evidence_store(
    *, stream: Readable, filename: str, actor: Any, now: datetime | None = None
) -> Evidence:
    """Check and store one uploaded file; the same content stored before is recognised and
    kept once (its retention is extended). Raises ValidationError in words when refused."""
    now = now or timezone.now()
    name = Path(filename or "berkas").name[:200]
    folder = evidence_dir() / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as target:
            sha256, size, content_type = _copy_checked(stream, name, target)
        keep_until = _purge_after(now)
        # get_or_create settles two uploads of the same new content arriving together.
        evidence, created = Evidence.objects.get_or_create(
            sha256=sha256,
            defaults={
                "size": size,
                "content_type": content_type,
                "uploaded_by": actor,
                "uploaded_at": now,
                "purge_after": keep_until,
            },
        )
        final = evidence_path(sha256)
        if created or evidence.purged_at is not None or not final.exists():
            final.parent.mkdir(parents=True, exist_ok=True)
            temp.replace(final)
        if not created:
            evidence.purged_at = None
            evidence.purge_after = max(evidence.purge_after, keep_until)
            evidence.save(update_fields=["purged_at", "purge_after"])
    finally:
        temp.unlink(missing_ok=True)
    return evidence


def evidence_attach(
    *, request: Request, evidence: Evidence, filename: str, actor: Any, now: datetime
) -> RequestEvidence:
    """Link a stored file to a request (once per request, however often it is uploaded)."""
    link, created = RequestEvidence.objects.get_or_create(
        request=request,
        evidence=evidence,
        defaults={
            "filename": Path(filename or "berkas").name[:200],
            "uploaded_by": actor,
            "uploaded_at": now,
        },
    )
    if created and evidence.is_video:
        # The face video of the flashdisk fallback: matched by the worker (hadir.faces).
        job_enqueue(
            kind="faces.check_video",
            payload={"request": request.pk, "evidence": evidence.pk, "by": link.uploaded_by_id},
        )
    if created:
        audit_record(
            actor=actor,
            action="request.evidence",
            target=request,
            data={
                "sha256": evidence.sha256,
                "size": evidence.size,
                "type": evidence.content_type,
                "filename": link.filename,
            },
        )
    return link


def evidence_file(evidence: Evidence) -> Path | None:
    """The stored file, or None once purged."""
    path = evidence_path(evidence.sha256)
    if evidence.purged_at is not None or not path.exists():
        return None
    return path


# Shown in the page when asked; everything else (PDFs above all: a PDF viewer runs scripts
# and links) is only ever downloaded.
INLINE_TYPE_PREFIXES = ("image/", "video/")
# Nothing inside a served file may run or load anything, whatever a browser makes of it.
FILE_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"


def evidence_response(
    path: Path, *, content_type: str, filename: str, download: bool = False
) -> FileResponse:
    """A stored evidence file or selfie as an HTTP answer: photos and videos inline (unless
    ``download``), every other type (PDF) as an attachment; never sniffed, never cached."""
    inline = not download and content_type.startswith(INLINE_TYPE_PREFIXES)
    response = FileResponse(
        path.open("rb"), content_type=content_type, as_attachment=not inline, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = FILE_CSP
    return response


def evidence_purge_expired(*, today: date | None = None) -> int:
    """Delete files kept past their retention date; their rows stay (hash, size, dates)."""
    today = today or timezone.now().astimezone(region_timezone()).date()
    due = list(Evidence.objects.filter(purged_at__isnull=True, purge_after__lt=today)[:PURGE_BATCH])
    if not due:
        return 0
    now = timezone.now()
    for evidence in due:
        evidence_path(evidence.sha256).unlink(missing_ok=True)
    Evidence.objects.filter(pk__in=[e.pk for e in due]).update(purged_at=now)
    audit_record(
        actor=None,
        action="evidence.purge",
        data={"sha256": [e.sha256 for e in due], "before": today.isoformat()},
    )
    return len(due)
