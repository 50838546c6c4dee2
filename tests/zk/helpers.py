"""Shared by the ZK tests: the captured vectors, a reference checksum, expected punches."""

from __future__ import annotations

import json
import struct
from functools import cache
from pathlib import Path
from typing import Any

from hadir.protocols.zk import Punch
from hadir.protocols.zk.users import user_ids_by_uid
from hadir.zkpull.simdevice import ZkDevice

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "zk"


@cache
def vectors() -> dict[str, Any]:
    return json.loads((FIXTURES / "pyzk_test_vectors.json").read_text(encoding="utf-8"))


def packets(role: str) -> list[tuple[str, int, dict[str, Any]]]:
    """(test name, index, packet) for every packet of a role, across all captured tests.

    Each packet dict gets ``udp``: whether its test talks UDP (bytes are a bare payload).
    """
    return [
        (test["test"], index, {**packet, "udp": test["force_udp"]})
        for test in vectors()["tests"]
        for index, packet in enumerate(test["packets"])
        if packet["role"] == role
    ]


def replies(test_name: str) -> list[bytes]:
    """The device replies of one captured test, in order (one recv() each)."""
    (test,) = [t for t in vectors()["tests"] if t["test"] == test_name]
    return [
        bytes.fromhex(p["hex"]) for p in test["packets"] if p["role"] == "device_reply_injected"
    ]


def reference_checksum(data: bytes) -> int:
    """The checksum rule spelled out word by word (the codec uses a faster equivalent)."""
    if len(data) % 2:
        data += b"\x00"
    total = 0
    for (word,) in struct.iter_unpack("<H", data):
        total += word
        while total > 0xFFFF:
            total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def punch_tuple(punch: Punch) -> tuple[object, ...]:
    return (punch.user_id, punch.timestamp, punch.status, punch.punch, punch.workcode, punch.uid)


def expected_punches(device: ZkDevice) -> list[tuple[object, ...]]:
    """What a correct client must read back from a simulated machine, in log order."""
    size = device.config.record_size
    owners = user_ids_by_uid(device.users)
    expected = []
    for r in device.records:
        if size == 8:
            expected.append((owners[r.uid], r.timestamp, r.status, r.punch, 0, r.uid))
        elif size == 16:
            expected.append((str(int(r.user_id)), r.timestamp, r.status, r.punch, r.workcode, None))
        else:
            expected.append((r.user_id, r.timestamp, r.status, r.punch, 0, r.uid))
    return expected
