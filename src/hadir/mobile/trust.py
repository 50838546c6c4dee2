"""The trust checks of one capture, as a policy object: where it was taken, how precisely,
by which clock, with which photo, and how fast the person would have travelled.

Each failed check is one reason, in words, why the capture needs the head of unit's approval
instead of becoming a punch at once. Thresholds come from the settings
(``HADIR_APP_MAX_ACCURACY_M``, ``HADIR_APP_MAX_CLOCK_SKEW_SECONDS``, ``HADIR_APP_MAX_SPEED_KMH``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir import words
from hadir.mobile.geo import haversine_m, travel_speed_kmh
from hadir.mobile.models import Capture, Outcome
from hadir.org.models import Unit, UnitLocation
from hadir.people.models import Employee
from hadir.people.selectors import employee_unit_id_on

OUTSIDE = gettext_noop("you are %(distance)s from %(place)s, outside its radius of %(radius)s")
NO_SITE = gettext_noop("%(unit)s has no location set for phone attendance")
NO_POSITION = gettext_noop("the phone gave no location")
POOR_ACCURACY = gettext_noop(
    "the location is not precise enough (within %(accuracy)s m; at most %(limit)s m is accepted)"
)
MOCKED = gettext_noop("the phone reports a mocked (fake) location")
CLOCK_SKEW = gettext_noop("the phone's clock differs from the server's by %(minutes)s minutes")
DUPLICATE_PHOTO = gettext_noop("the same photo was already used for another check-in")
IMPOSSIBLE_TRAVEL = gettext_noop(
    "the distance from your capture at %(time)s cannot be covered in the time between them "
    "(%(speed)s km/h)"
)
IMPOSSIBLE_TRAVEL_SEEN = gettext_noop(
    "the distance from the capture at %(time)s cannot be covered in the time between them "
    "(%(speed)s km/h)"
)


@dataclass
class Nearest:
    location: UnitLocation | None = None
    distance_m: float | None = None


@dataclass
class TrustReport:
    """What the checks found; ``reasons`` is empty when the capture can become a punch.

    ``reasons`` speak to the employee ("you are 618 km from..."); ``seen`` says the same to
    the approver, except the distance, which the request's sentence gives."""

    nearest: Nearest = field(default_factory=Nearest)
    clock_skew_seconds: int | None = None
    clock_skewed: bool = False
    duplicate_photo: bool = False
    impossible_travel: bool = False
    travel_speed_kmh: float | None = None
    reasons: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)

    def fail(self, for_employee: str, for_approver: str | None = None) -> None:
        """One failed check, in the employee's words and (when they differ) the approver's."""
        self.reasons.append(for_employee)
        self.seen.append(for_employee if for_approver is None else for_approver)


def unit_on(employee: Employee, day: date) -> Unit:
    unit_id = employee_unit_id_on(employee, day) or employee.unit_id
    return Unit.objects.get(pk=unit_id)


def nearest_location(unit: Unit, lat: float, lon: float) -> Nearest:
    best = Nearest()
    for location in UnitLocation.objects.filter(unit=unit):
        distance = haversine_m(lat, lon, float(location.lat), float(location.lon))
        if best.distance_m is None or distance < best.distance_m:
            best = Nearest(location, distance)
    return best


def _neighbours(employee: Employee, captured_at: datetime) -> list[Capture]:
    """The employee's located captures just before and just after this one."""
    located = Capture.objects.filter(employee=employee, lat__isnull=False).exclude(
        outcome=Outcome.REFUSED
    )
    before = located.filter(captured_at__lte=captured_at).order_by("-captured_at").first()
    after = located.filter(captured_at__gt=captured_at).order_by("captured_at").first()
    return [c for c in (before, after) if c is not None]


def _travel(
    report: TrustReport,
    employee: Employee,
    captured_at: datetime,
    lat: float,
    lon: float,
    accuracy: float,
) -> None:
    limit = float(settings.HADIR_APP_MAX_SPEED_KMH)
    for other in _neighbours(employee, captured_at):
        distance = haversine_m(lat, lon, other.lat or 0.0, other.lon or 0.0)
        seconds = abs((captured_at - other.captured_at).total_seconds())
        speed = travel_speed_kmh(distance, seconds, accuracy + (other.accuracy_m or 0.0))
        if speed > limit:
            report.impossible_travel = True
            report.travel_speed_kmh = speed
            local = other.captured_at.astimezone(captured_at.tzinfo)
            shown = "∞" if speed == float("inf") else words.number(speed)
            values = {"time": f"{local:%H:%M}", "speed": shown}
            report.fail(_(IMPOSSIBLE_TRAVEL) % values, _(IMPOSSIBLE_TRAVEL_SEEN) % values)
            return


def trust_check(
    *,
    employee: Employee,
    unit: Unit,
    captured_at: datetime,
    sent_at: datetime | None,
    lat: float | None,
    lon: float | None,
    accuracy: float | None,
    mocked: bool | None,
    photo_sha256: str,
    now: datetime,
) -> TrustReport:
    """Run every check on one capture (in the active language)."""
    report = TrustReport()
    phone_clock = sent_at or captured_at
    report.clock_skew_seconds = round((now - phone_clock).total_seconds())
    if abs(report.clock_skew_seconds) > int(settings.HADIR_APP_MAX_CLOCK_SKEW_SECONDS):
        report.clock_skewed = True
        minutes = round(abs(report.clock_skew_seconds) / 60)
        report.fail(_(CLOCK_SKEW) % {"minutes": minutes})
    if lat is None or lon is None:
        report.fail(_(NO_POSITION))
    else:
        report.nearest = nearest_location(unit, lat, lon)
        location, distance = report.nearest.location, report.nearest.distance_m
        if location is None or distance is None:
            report.fail(_(NO_SITE) % {"unit": unit.name})
        elif distance > location.radius_m:
            values = {
                "distance": words.distance(distance),
                "place": location.label or unit.name,
                "radius": words.distance(location.radius_m),
            }
            report.reasons.append(_(OUTSIDE) % values)  # the approver reads it in the sentence
        limit = float(settings.HADIR_APP_MAX_ACCURACY_M)
        if accuracy is None or not math.isfinite(accuracy) or accuracy > limit:
            shown = "?" if accuracy is None else f"{accuracy:.0f}"
            report.fail(_(POOR_ACCURACY) % {"accuracy": shown, "limit": f"{limit:.0f}"})
        _travel(report, employee, captured_at, lat, lon, accuracy or 0.0)
    if mocked:
        report.fail(_(MOCKED))
    if photo_sha256 and Capture.objects.filter(photo_sha256=photo_sha256).exists():
        report.duplicate_photo = True
        report.fail(_(DUPLICATE_PHOTO))
    return report
