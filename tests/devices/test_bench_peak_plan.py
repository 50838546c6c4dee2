"""The morning-peak benchmark's machines (``make bench-scale``): each punches its own share of
the staff unless told to punch anyone, and can ping (the idle-poll floor)."""

from __future__ import annotations

import pytest

from hadir.devices.bench_peak import machine_staff
from hadir.devices.models import Device

PINS = [str(1001 + n) for n in range(10)]


@pytest.mark.parametrize(
    ("machine", "share", "expected"),
    [
        (0, 3, ["1001", "1002", "1003"]),
        (1, 3, ["1004", "1005", "1006"]),
        (3, 3, ["1010"]),  # the last share is what is left
        (4, 3, ["1003", "1004", "1005"]),  # more machines than shares: wraps around
        (7, 0, PINS),  # 0: anyone
        (0, 10, PINS),
        (0, 50, PINS),
    ],
)
def test_each_machine_punches_its_own_share(machine: int, share: int, expected: list[str]) -> None:
    assert list(machine_staff(PINS, machine, share)) == expected


def test_shares_of_consecutive_machines_do_not_overlap() -> None:
    shares = [set(machine_staff(PINS, n, 2)) for n in range(5)]
    assert set().union(*shares) == set(PINS)
    assert sum(len(s) for s in shares) == len(PINS)


@pytest.mark.django_db
def test_a_simulated_machine_pings(make_machine, two_units) -> None:
    machine = make_machine("PING-1")
    machine.handshake()
    Device.objects.filter(sn="PING-1").update(unit=two_units["DINKES"], state="active")
    machine.ping()  # raises if the server does not answer 200
