"""Pulling attendance from ZK machines over port 4370 (TCP/UDP), and a simulated machine.

The pure codec is ``hadir.protocols.zk``; this package adds sockets. See
docs/protocols-zk.md.
"""

from hadir.zkpull.client import ZkClient
from hadir.zkpull.errors import (
    ZkAuthError,
    ZkConnectionError,
    ZkError,
    ZkProtocolError,
    ZkTimeoutError,
)
from hadir.zkpull.pull import PullResult, pull_device

__all__ = [
    "PullResult",
    "ZkAuthError",
    "ZkClient",
    "ZkConnectionError",
    "ZkError",
    "ZkProtocolError",
    "ZkTimeoutError",
    "pull_device",
]
