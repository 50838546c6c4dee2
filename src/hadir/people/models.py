"""Employees (PNS, PPPK, non-ASN) and their dated unit history."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EmployeeType(models.TextChoices):
    PNS = "PNS", "PNS"
    PPPK = "PPPK", "PPPK"
    PPPK_PW = "PPPK_PW", _("PPPK part-time")
    NON_ASN = "NON_ASN", _("Non-ASN")


class Employee(models.Model):
    """A person whose attendance is recorded.

    The identifying number depends on the type: PNS have a NIP, PPPK a PPPK number, non-ASN
    staff are known by their NIK. ``unit`` is the current unit; ``assignments`` keep the past
    so attendance before a transfer stays with the old unit.
    """

    nip = models.CharField("NIP", max_length=18, unique=True, null=True, blank=True)
    pppk_number = models.CharField(
        _("PPPK number"), max_length=18, unique=True, null=True, blank=True
    )
    nik = models.CharField("NIK", max_length=16, unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    gender = models.CharField(
        _("gender"), max_length=1, choices=[("L", _("male")), ("P", _("female"))], blank=True
    )
    employee_type = models.CharField(_("type"), max_length=10, choices=EmployeeType.choices)
    position = models.CharField(_("position"), max_length=200, blank=True)
    is_teacher = models.BooleanField(_("teacher"), default=False)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="employees", verbose_name=_("unit")
    )
    pin = models.CharField(
        _("device PIN"), max_length=24, unique=True, null=True, blank=True, db_index=True
    )
    schedule = models.ForeignKey(
        "schedules.WorkSchedule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("schedule"),
    )
    tpp_base = models.PositiveIntegerField(
        _("TPP base (Rp)"),
        null=True,
        blank=True,
        help_text=_("Monthly TPP before deductions; the recap shows the amount when set."),
    )
    # TMT CPNS (PNS) or TMT PPPK: the leave rules count years of service from it. When
    # empty, a PNS's service starts in the month written in their NIP (digits 9-14).
    service_start = models.DateField(
        _("start of service (TMT)"),
        null=True,
        blank=True,
        help_text=_("TMT CPNS for a PNS, TMT PPPK for a PPPK; the leave rules count from it."),
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nip__isnull=False)
                | Q(pppk_number__isnull=False)
                | Q(nik__isnull=False),
                name="employee_has_an_identifier",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.id_number})"

    @property
    def id_number(self) -> str:
        """The number people know this employee by: NIP, else PPPK number, else NIK."""
        return self.nip or self.pppk_number or self.nik or ""

    @property
    def service_start_or_nip(self) -> date | None:
        """The recorded TMT, else the CPNS month written in a PNS's NIP."""
        if self.service_start is not None:
            return self.service_start
        return nip_service_start(self.nip or "")


def nip_service_start(nip: str) -> date | None:
    """The first day of the CPNS month in an 18-digit NIP (``yyyymmdd yyyymm g nnn``,
    Perka BKN 22/2007), or None when the digits are not a month."""
    if len(nip) != 18 or not (nip.isascii() and nip.isdigit()):
        return None
    year, month = int(nip[8:12]), int(nip[12:14])
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


class EmployeeAssignment(models.Model):
    """One period in one unit. ``valid_to`` is the last day, or null while it lasts."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="assignments")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["employee", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(valid_to__isnull=True),
                name="one_open_assignment_per_employee",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="assignment_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}@{self.unit_id} {self.valid_from}..{self.valid_to or ''}"


class EmployeePin(models.Model):
    """A PIN that means this employee on the machines of one unit (and its sub-units) or on
    one machine only: regions whose machines were enrolled unit by unit (PIN 1..N on each)
    keep their fingers. ``Employee.pin`` stays the region-wide PIN; a scoped PIN wins over it
    on the machines of its scope (``people.pins.scoped_pin_owners``)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="scoped_pins")
    pin = models.CharField(_("device PIN"), max_length=24)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="scoped_pins"
    )
    device = models.ForeignKey(
        "devices.Device",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scoped_pins",
    )
    valid_from = models.DateField(default=date.today)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pin"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True, device__isnull=False)
                | Q(unit__isnull=False, device__isnull=True),
                name="scoped_pin_has_one_scope",
            ),
            models.UniqueConstraint(fields=["unit", "pin"], name="one_owner_per_unit_pin"),
            models.UniqueConstraint(fields=["device", "pin"], name="one_owner_per_device_pin"),
        ]
        indexes = [models.Index(fields=["pin"])]

    def __str__(self) -> str:
        scope = f"unit {self.unit_id}" if self.unit_id else f"device {self.device_id}"
        return f"{self.pin}@{scope} -> {self.employee_id}"


class TppBase(models.Model):
    """An employee's monthly TPP base (rupiah, before deductions) from ``valid_from`` (the
    first day of a month) until the next entry: the base changes with position and class.
    Read it with ``people.tpp.tpp_base_for`` or, for many people at once, ``tpp_bases_for``.
    """

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="tpp_bases")
    valid_from = models.DateField(_("valid from (month)"))
    amount = models.PositiveBigIntegerField(_("TPP base (Rp)"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employee_id", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "valid_from"], name="one_tpp_base_per_employee_month"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tpp_base_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.valid_from:%Y-%m} Rp {self.amount}"
