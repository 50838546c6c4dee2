"""The regional government and its tree of work units."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeZoneName(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB (UTC+7)"
    WITA = "Asia/Makassar", "WITA (UTC+8)"
    WIT = "Asia/Jayapura", "WIT (UTC+9)"


class Region(models.Model):
    """The kabupaten/kota running this Hadir installation (one row)."""

    name = models.CharField(_("name"), max_length=200)
    timezone = models.CharField(
        _("time zone"), max_length=40, choices=TimeZoneName.choices, default=TimeZoneName.WIB
    )
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    # Punches dated before this day are quarantined unless BKD imports them as history (with
    # a reason). Empty: two years before today (see ``org.selectors.region_records_start``).
    records_start = models.DateField(_("start of records"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("region")

    def __str__(self) -> str:
        return self.name

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class UnitKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Secretariat")
    DINAS = "dinas", _("Agency (dinas)")
    BADAN = "badan", _("Board (badan)")
    KECAMATAN = "kecamatan", _("Sub-district (kecamatan)")
    SEKOLAH = "sekolah", _("School")
    PUSKESMAS = "puskesmas", _("Community health centre (puskesmas)")
    UPT = "upt", _("Technical unit (UPT)")


class Unit(models.Model):
    """A work unit (OPD/SKPD, kecamatan, school, puskesmas, UPT) in the region's tree.

    ``path`` holds the ids from the root down (``/3/17/``) so a subtree is one indexed
    prefix query; services in ``org.services`` keep it in step with ``parent``.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(max_length=400, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class UnitLocation(models.Model):
    """A site of a unit: the centre and radius used to check phone check-ins."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="locations")
    label = models.CharField(_("label"), max_length=100, blank=True)
    lat = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    lon = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    radius_m = models.PositiveIntegerField(
        _("radius (m)"), validators=[MinValueValidator(10), MaxValueValidator(5000)]
    )

    class Meta:
        ordering = ["unit", "id"]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.label}".strip()
