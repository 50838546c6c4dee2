"""The append-only audit trail: who changed what, when.

Rows are only ever inserted: the model refuses save-over and delete, and database triggers
refuse UPDATE and DELETE on SQLite and PostgreSQL (migrations 0002 and 0003). Every event
is a link of a hash chain (``seq``, ``prev_digest``, ``digest``; see ``hadir.audit.chain``),
so a row edited or deleted behind the triggers' back is found by ``hadir audit verify``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit trail is append-only")

    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("audit trail is append-only")


class AuditEvent(models.Model):
    # Set before the insert (not auto_now_add) because it is part of the hashed content.
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, null=True, db_constraint=False
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=60, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    seq = models.PositiveBigIntegerField(unique=True)
    prev_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit trail is append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type,unused-ignore]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit trail is append-only")


class ChainHead(models.Model):
    """The last link of one hash chain ("audit", "ledger"): appenders UPDATE this row first,
    which serialises them (``hadir.audit.chain.chain_advance``)."""

    name = models.CharField(max_length=20, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    digest = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.name}:{self.seq}"
