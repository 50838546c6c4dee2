"""Simulated attendance machines for tests, demos and load benchmarks (no Django needed).

- :class:`PushDevice` / :class:`DeviceConfig`: a PUSH (ADMS/iclock) machine over real HTTP.
- :func:`generate_punches`: deterministic punches from a seed.
- :func:`hadir.devices_sim.cli.main`: the ``simulate-push`` command line.
"""

from hadir.devices_sim.punches import GeneratedPunch, generate_punches
from hadir.devices_sim.push_device import DeviceConfig, DeviceError, DeviceStats, PushDevice
from hadir.devices_sim.store import DeviceLog, LogRecord

__all__ = [
    "DeviceConfig",
    "DeviceError",
    "DeviceLog",
    "DeviceStats",
    "GeneratedPunch",
    "LogRecord",
    "PushDevice",
    "generate_punches",
]
