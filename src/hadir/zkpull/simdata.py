"""What a simulated machine holds, and a deterministic generator for it (``Random(seed)``).

Shared by the tests, the benchmark and demos: the same seed always gives the same users
and the same attendance log.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

from hadir.protocols.zk import DeviceUser

#: Indonesia has no daylight saving time: a fixed offset is exact.
WIB = timezone(timedelta(hours=7), "WIB")

_FIRST_NAMES = (
    "Siti", "Budi", "Agus", "Dewi", "Rina", "Eko", "Yusuf", "Ratna", "Wayan", "Made",
    "Putu", "Nur", "Andi", "Rudi", "Sri", "Hendra", "Fitri", "Joko", "Ayu", "Bambang",
)  # fmt: skip
_LAST_NAMES = (
    "Santoso", "Rahayu", "Wijaya", "Saputra", "Lestari", "Hidayat", "Pratama", "Kusuma",
    "Siregar", "Nasution", "Harahap", "Setiawan", "Gunawan", "Purba", "Tanjung",
)  # fmt: skip
_STATUSES = (0, 1, 0, 1, 0, 1, 4, 5)  # check-in/out mostly, some overtime in/out
_VERIFY_TYPES = (1, 1, 1, 15, 4)  # fingerprint mostly, some face, some card

DEFAULT_LOG_START = datetime(2024, 1, 2, 6, 30)  # noqa: DTZ001 - machine-local, naive by design


@dataclass(frozen=True, slots=True)
class SimRecord:
    """One punch as the machine stores it (every format keeps a subset of these fields)."""

    uid: int
    user_id: str
    timestamp: datetime
    status: int
    punch: int
    workcode: int = 0


@dataclass(frozen=True, slots=True)
class SimulatorConfig:
    """How a simulated machine behaves. Faults are off unless set.

    ``users``/``records`` replace the generated ones. ``clock_offset``: machine clock minus
    real local time; ``clock_drift``: seconds the machine clock gains per real second.
    ``speedface``: report 0 records and hand out an empty log, as SpeedFace-class firmware
    does over pull. ``inline_limit``: data sets up to this many bytes are answered inline.
    ``tcp_data_packet``: split each TCP chunk into DATA packets of this size (None: one
    packet per chunk; real machines use 1008). ``read_buffer_direct``: answer READ_BUFFER
    with one DATA packet, no PREPARE_DATA/ACK_OK. ``event_every``: send a live event of a
    varying size before every n-th reply. ``drop_after_bytes``: once this many attendance
    bytes were sent, close the TCP connection (UDP: fall silent) mid-transfer.
    """

    comm_key: int = 0
    record_size: int = 40
    user_record_size: int | None = None  # default: 72 with 40-byte records, else 28
    n_users: int = 20
    n_records: int = 1000
    seed: int = 42
    users: Sequence[DeviceUser] | None = None
    records: Sequence[SimRecord] | None = None
    clock_offset: timedelta = timedelta(0)
    clock_drift: float = 0.0
    device_tz: tzinfo = WIB
    speedface: bool = False
    inline_limit: int = 1016
    tcp_data_packet: int | None = None
    read_buffer_direct: bool = False
    sizes_reply_length: int = 92
    reply_delay: float = 0.0
    event_every: int = 0
    drop_after_bytes: int | None = None
    serial_number: str = "SIM0000001"

    @property
    def effective_user_record_size(self) -> int:
        if self.user_record_size is not None:
            return self.user_record_size
        return 72 if self.record_size == 40 else 28


def make_rng(seed: int) -> random.Random:
    """The generator every simulated data set comes from (test data, not security)."""
    return random.Random(seed)  # noqa: S311


def generate_users(count: int, rng: random.Random, *, user_record_size: int) -> list[DeviceUser]:
    """``count`` users with uids 1..count and distinct numeric user ids (PINs)."""
    pins = rng.sample(range(1, 100_000), count)
    users = []
    for uid, pin in enumerate(pins, start=1):
        first = rng.choice(_FIRST_NAMES)
        # 28-byte records hold 8 bytes of name: real machines show the first name only.
        name = first if user_record_size == 28 else f"{first} {rng.choice(_LAST_NAMES)}"
        privilege = 14 if uid == 1 else 0
        users.append(DeviceUser(uid, str(pin), name, privilege, 0, "1"))
    return users


def generate_records(
    users: Sequence[DeviceUser],
    count: int,
    rng: random.Random,
    *,
    start: datetime = DEFAULT_LOG_START,
) -> list[SimRecord]:
    """``count`` punches in time order, seconds to minutes apart, by random users."""
    records = []
    moment = start
    for _ in range(count):
        moment += timedelta(seconds=rng.randint(1, 300))
        user = rng.choice(users)
        records.append(
            SimRecord(
                uid=user.uid,
                user_id=user.user_id,
                timestamp=moment,
                status=rng.choice(_STATUSES),
                punch=rng.choice(_VERIFY_TYPES),
                workcode=rng.choice((0, 0, 0, 1, 2)),
            )
        )
    return records
