"""Distances and speeds on the Earth's surface (pure: plain floats in, floats out)."""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_M = 6_371_000.0


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two points given in degrees."""
    phi1, phi2 = radians(lat1), radians(lat2)
    dphi, dlambda = radians(lat2 - lat1), radians(lon2 - lon1)
    h = sin(dphi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * asin(min(1.0, sqrt(h)))


def travel_speed_kmh(distance_m: float, seconds: float, uncertainty_m: float = 0.0) -> float:
    """The speed needed to cover ``distance_m`` in ``seconds``, giving the benefit of the
    doubt: the two positions' accuracies (``uncertainty_m``) are subtracted first. Moving at
    all in no time at all is infinitely fast."""
    distance = max(0.0, distance_m - uncertainty_m)
    if distance == 0.0:
        return 0.0
    if seconds <= 0:
        return float("inf")
    return distance / 1000 / (seconds / 3600)
