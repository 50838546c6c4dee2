"""Fingerprint machines (devices) of the region, what they tell us, and what we ask of them.

- :class:`Device`: a machine known by its serial number, its unit, state and health.
- :class:`DeviceCommand`: the queue of commands a machine picks up when it polls.
- :class:`DeviceUser`: the user list a machine reported (OPERLOG), without passwords or
  biometric templates.
- :class:`DeviceOperation`: the machine's own operation log (menu use, clock changes...).
- :class:`UsbImport`: a flashdisk ``*_attlog.dat`` file, its preview and what confirming did.
- :class:`DeviceAlert`: something Diskominfo should look at: a machine's SN used from an
  address it is not bound to, a refused registration, a limit reached (``docs/security.md``).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hadir.uploads import StoredUpload


class DeviceState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class Device(models.Model):
    """A machine known by its serial number (SN).

    A machine that contacts Hadir for the first time is registered as PENDING: its data is kept
    but not counted until an operator approves it and assigns its unit. A RETIRED machine's
    data is still stored (a punch is never refused); punches it recorded before it was retired
    count (``counted_until``), later ones do not.
    """

    sn = models.CharField(_("serial number"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="devices"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DeviceState.choices, default=DeviceState.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Health, as the machine reports it (handshake, INFO, realtime uploads).
    last_seen_at = models.DateTimeField(null=True, blank=True)
    push_version = models.CharField(max_length=20, blank=True)
    firmware = models.CharField(max_length=100, blank=True)
    ip_address = models.CharField(max_length=45, blank=True)
    user_count = models.PositiveIntegerField(null=True, blank=True)
    fingerprint_count = models.PositiveIntegerField(null=True, blank=True)
    face_count = models.PositiveIntegerField(null=True, blank=True)
    attlog_count = models.PositiveIntegerField(null=True, blank=True)
    info_at = models.DateTimeField(null=True, blank=True)
    clock_drift_seconds = models.IntegerField(null=True, blank=True)
    clock_checked_at = models.DateTimeField(null=True, blank=True)
    clock_fix_requested_at = models.DateTimeField(null=True, blank=True)
    # Fleet history.
    retired_at = models.DateTimeField(null=True, blank=True)
    counted_until = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced"
    )
    # Trust (docs/security.md). Addresses as the server sees them (REMOTE_ADDR, or the client
    # named by a trusted proxy), not the LAN address the machine reports in INFO.
    first_address = models.CharField(max_length=45, blank=True)
    remote_address = models.CharField(max_length=45, blank=True)
    # Addresses or CIDR ranges the machine may talk from; empty = not bound (not enforced).
    bound_networks = models.JSONField(default=list, blank=True)
    # Security PUSH registration: only digests are kept, never the registry code or token.
    registry_open_until = models.DateTimeField(null=True, blank=True)
    registry_code_digest = models.CharField(max_length=64, blank=True)
    push_session_id = models.CharField(max_length=64, blank=True)
    push_token_digest = models.CharField(max_length=64, blank=True)
    registered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sn"]
        indexes = [models.Index(fields=["first_address", "created_at"])]

    def __str__(self) -> str:
        return self.name or self.sn

    @property
    def counts_punches(self) -> bool:
        return self.state == DeviceState.ACTIVE

    def counts_punch_at(self, punched_at: datetime) -> bool:
        """Whether a punch recorded at ``punched_at`` (aware) counts for attendance.

        Active: yes. Pending: not yet (``punches_count_device`` on approval). Retired: only
        punches recorded while it was still the unit's machine (late uploads, a flashdisk
        taken from a broken machine), never what it records afterwards.
        """
        if self.state == DeviceState.ACTIVE:
            return True
        if self.state == DeviceState.RETIRED and self.counted_until is not None:
            return punched_at < self.counted_until
        return False


class CommandKind(models.TextChoices):
    UPDATE_USER = "update_user", _("Enrol or update an employee")
    DELETE_USER = "delete_user", _("Remove an employee")
    QUERY_ATTLOG = "query_attlog", _("Send punches again (backfill)")
    VERIFY_SUM = "verify_sum", _("Count punches (reconcile)")
    INFO = "info", _("Report status")
    CHECK = "check", _("Reload settings and clock")
    REBOOT = "reboot", _("Restart")


class CommandState(models.TextChoices):
    QUEUED = "queued", _("Waiting for the machine")
    SENT = "sent", _("Sent, waiting for the answer")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DeviceCommand(models.Model):
    """One command for one machine, picked up on its next ``getrequest`` poll.

    ``text`` is the command as sent (``DATA UPDATE USERINFO PIN=...``); ``params`` keeps what
    the answer is compared with (the range of a VERIFY SUM). A command sent but not answered
    within ``HADIR_DEVICE_COMMAND_TIMEOUT_MINUTES`` is sent again on a later poll, up to
    ``MAX_ATTEMPTS`` times, then marked failed.
    """

    MAX_ATTEMPTS = 5

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="commands")
    cmd_id = models.CharField(max_length=16)
    kind = models.CharField(max_length=20, choices=CommandKind.choices)
    text = models.TextField()
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        max_length=10, choices=CommandState.choices, default=CommandState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    return_code = models.IntegerField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["device", "cmd_id"], name="unique_cmd_id_per_device")
        ]
        indexes = [models.Index(fields=["device", "state"])]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.cmd_id} {self.kind} ({self.state})"


class DeviceUser(models.Model):
    """A user record a machine reported in OPERLOG. Keypad passwords and biometric templates
    are never stored: only how many templates of each kind the machine holds for the PIN."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="users")
    pin = models.CharField(max_length=24)
    name = models.CharField(max_length=100, blank=True)
    privilege = models.SmallIntegerField(null=True, blank=True)
    card = models.CharField(max_length=40, blank=True)
    templates = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["device", "pin"]
        constraints = [
            models.UniqueConstraint(fields=["device", "pin"], name="unique_user_per_device")
        ]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.pin}"

    @property
    def template_count(self) -> int:
        return sum(int(n) for n in self.templates.values())


class DeviceOperation(models.Model):
    """An entry of the machine's operation log (``OPLOG``), stored once (``key``)."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="operations")
    key = models.CharField(max_length=64, unique=True)
    op_code = models.IntegerField(null=True, blank=True)
    description = models.CharField(max_length=100)
    operator = models.CharField(max_length=24, blank=True)
    op_time = models.DateTimeField(null=True, blank=True)
    targets = models.JSONField(default=list, blank=True)
    needs_audit = models.BooleanField(default=False)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-op_time", "-id"]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.op_code}@{self.op_time}"


class UsbImportState(models.TextChoices):
    PREVIEWED = "previewed", _("Waiting for confirmation")
    APPLIED = "applied", _("Saved")
    CANCELLED = "cancelled", _("Cancelled")
    REFUSED = "refused", _("Refused")


class UsbImport(StoredUpload):
    """A flashdisk attendance file: stored as uploaded, previewed, then confirmed or cancelled.

    The machine is either a registered device (``device``) or a new serial number typed by
    the operator for their unit (``sn`` + ``unit``), registered only when the file is confirmed.
    """

    sn = models.CharField(max_length=64)
    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, null=True, blank=True, related_name="usb_imports"
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True)
    state = models.CharField(
        max_length=20, choices=UsbImportState.choices, default=UsbImportState.PREVIEWED
    )
    problems = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)  # why a refused file was not read

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sn} {self.filename} ({self.state})"


class AlertKind(models.TextChoices):
    UNTRUSTED_SOURCE = "untrusted_source", _("Used from an address it is not bound to")
    BAD_SESSION = "bad_session", _("Request without a valid session")
    REGISTRY_REFUSED = "registry_refused", _("Registration refused")
    BODY_TOO_LARGE = "body_too_large", _("Upload too large, refused")
    TOO_MANY_LINES = "too_many_lines", _("Too many lines in one upload, refused")
    QUARANTINE_LIMIT = "quarantine_limit", _("Too many refused lines in an hour")
    NEW_MACHINE_LIMIT = "new_machine_limit", _("Too many new machines from one address")


class DeviceAlert(models.Model):
    """One open alert per (machine, kind, address), counted rather than repeated, so a flood
    of forged requests is one row that says how many. ``device`` is empty for alerts about an
    address (too many new serial numbers from it). Resolved by Diskominfo (audited)."""

    device = models.ForeignKey(
        Device, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    address = models.CharField(max_length=45, blank=True)
    count = models.PositiveIntegerField(default=1)
    detail = models.CharField(max_length=200, blank=True)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["-last_at", "-id"]
        indexes = [models.Index(fields=["resolved_at", "device"])]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.kind}@{self.address} x{self.count}"
