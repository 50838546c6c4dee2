"""Distances and speeds: pure, no database."""

from __future__ import annotations

import math

import pytest

from hadir.mobile.geo import haversine_m, travel_speed_kmh


@pytest.mark.parametrize(
    ("a", "b", "metres"),
    [
        ((0.0, 0.0), (0.0, 0.0), 0.0),
        ((0.0, 0.0), (1.0, 0.0), 111_195.0),  # one degree of latitude
        ((0.0, 0.0), (0.0, 1.0), 111_195.0),  # one degree of longitude at the equator
        ((-6.914744, 107.609810), (-6.914744, 107.611166), 149.8),  # ~150 m east in Bandung
        ((-6.2, 106.816666), (-6.914744, 107.609810), 118_000.0),  # Jakarta to Bandung
    ],
)
def test_haversine(a, b, metres):
    assert haversine_m(*a, *b) == pytest.approx(metres, rel=0.01, abs=0.5)


@pytest.mark.parametrize(
    ("distance", "seconds", "uncertainty", "speed"),
    [
        (1000.0, 3600.0, 0.0, 1.0),
        (100_000.0, 1800.0, 0.0, 200.0),
        (50.0, 0.0, 60.0, 0.0),  # within both accuracies: not moving
        (500.0, 0.0, 0.0, math.inf),
        (1100.0, 60.0, 100.0, 60.0),
    ],
)
def test_travel_speed(distance, seconds, uncertainty, speed):
    assert travel_speed_kmh(distance, seconds, uncertainty) == pytest.approx(speed)
