"""The punch ledger: every raw punch from every channel, stored once, never changed.

Day results are derived from these rows (see ``hadir.attendance``); nothing here is ever
edited to "fix" attendance: corrections are requests that the rules engine reads.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PunchSource(models.TextChoices):
    PUSH = "push", _("Machine (push)")
    AGENT = "agent", _("Machine (LAN agent)")
    USB = "usb", _("Flashdisk file")
    APP = "app", _("Phone")
    MANUAL = "manual", _("Manual sheet")


class PunchHold(models.TextChoices):
    """Why a stored punch waits instead of counting. A held punch is in the ledger (nothing is
    lost) with ``counted=False`` until someone allowed to decide releases it."""

    NONE = "", _("Not held")
    OUTSIDE_SCOPE = "outside_scope", _("Employee outside the sender's units")
    PERIOD_CLOSED = "period_closed", _("Month already submitted or locked")
    UNTRUSTED_SOURCE = "untrusted_source", _("Machine sent from an address it is not bound to")


class LedgerBatch(models.Model):
    """One ``punches_ingest`` call that stored punches: a link of the ledger hash chain.

    Opened (``seq`` empty) before its punches are inserted, sealed in the same transaction
    (``hadir.punches.ledger``): ``count`` and ``content_digest`` cover its punches' immutable
    fields in key order, ``digest`` links it to the batch before. Database triggers refuse
    any change once sealed, and any DELETE. ``shard`` names the chain it is a link of
    (``hadir.audit.chain.ledger_chain``); ``seq`` counts within that shard.
    """

    shard = models.PositiveSmallIntegerField(default=0)
    seq = models.PositiveBigIntegerField(null=True)
    source = models.CharField(max_length=10, choices=PunchSource.choices)
    source_ref = models.CharField(max_length=100, blank=True)
    count = models.PositiveIntegerField(default=0)
    content_digest = models.CharField(max_length=64, blank=True)
    prev_digest = models.CharField(max_length=64, blank=True)
    digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["shard", "seq"], name="punches_ledgerbatch_shard_seq")
        ]

    def __str__(self) -> str:
        return f"ledger {self.shard} #{self.seq} ({self.source} {self.source_ref}, {self.count})"


class Punch(models.Model):
    key = models.CharField(max_length=64, unique=True)
    source = models.CharField(max_length=10, choices=PunchSource.choices)
    source_ref = models.CharField(max_length=100, blank=True)
    device = models.ForeignKey(
        "devices.Device", on_delete=models.PROTECT, null=True, blank=True, related_name="punches"
    )
    pin = models.CharField(max_length=24, db_index=True)
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="punches"
    )
    punched_at = models.DateTimeField()
    # The device's own wall-clock time as it sent it ("2026-03-02 07:01:09"): the raw fact,
    # and what the rules engine reads (it works in local time; parsing text is cheap).
    local_time = models.CharField(max_length=19)
    local_date = models.DateField()
    status = models.SmallIntegerField(null=True, blank=True)
    verify = models.SmallIntegerField(null=True, blank=True)
    workcode = models.CharField(max_length=20, blank=True)
    raw = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    counted = models.BooleanField(default=True)
    # Set while the punch waits for a decision (see PunchHold); cleared on release.
    hold = models.CharField(max_length=20, choices=PunchHold.choices, blank=True, default="")
    # The ledger batch (hash chain link) that stored it, set in the same INSERT.
    batch = models.ForeignKey(
        LedgerBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="punches"
    )

    class Meta:
        indexes = [
            models.Index(fields=["employee", "local_date"]),
            models.Index(fields=["local_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.pin}@{self.punched_at:%Y-%m-%d %H:%M:%S} ({self.source})"


class QuarantinedLine(models.Model):
    """A line that could not be read as a punch, kept with the reason it was refused."""

    source = models.CharField(max_length=10, choices=PunchSource.choices)
    source_ref = models.CharField(max_length=100, blank=True)
    device = models.ForeignKey(
        "devices.Device", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    line_no = models.PositiveIntegerField(default=0)
    raw = models.TextField()
    reason = models.CharField(max_length=40)
    message = models.CharField(max_length=300)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source}:{self.line_no} {self.reason}"
