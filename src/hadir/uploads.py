"""What imports of uploaded files have in common: the file kept by its content hash, and
the record of who sent it, what the preview counted and what applying it did."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.db import models


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
