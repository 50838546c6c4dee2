"""The behaviour of a simulated ZK machine, independent of sockets.

``ZkDevice.handle`` takes one request payload and returns the payloads a machine would send
back (plus whether to hang up). The servers in ``simulator.py`` move them over TCP/UDP.
"""

from __future__ import annotations

import struct
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hadir.protocols.zk import (
    FCT_USER,
    UDP_DATA_PACKET_SIZE,
    Cmd,
    DeviceSizes,
    Packet,
    ZkDecodeError,
    comm_key_matches,
    decode_payload,
    decode_time,
    encode_attendance_body,
    encode_attendance_record,
    encode_payload,
    encode_sizes,
    encode_time,
    encode_user_table,
)
from hadir.protocols.zk.transfer import (
    decode_prepare_buffer,
    decode_read_buffer,
    encode_buffer_ready,
    encode_prepare_data,
)
from hadir.zkpull.simdata import (
    SimRecord,
    SimulatorConfig,
    generate_records,
    generate_users,
    make_rng,
)

_EF_ATTLOG = 1
_EVENT_SIZES = (12, 32, 36, 52, 4, 0, 100)  # real ones, and odd ones a client must skip
_FIRMWARE = b"Ver 6.60 Sim 2024\x00"


@dataclass
class SimSession:
    """Per-connection state (TCP connection, or UDP client address)."""

    session_id: int = 0
    authenticated: bool = False
    buffer: bytes | None = None
    buffer_is_attendance: bool = False
    attendance_bytes_sent: int = 0
    packets_sent: int = 0
    silent: bool = False  # UDP fault: the machine stopped answering


@dataclass
class Answer:
    """What the machine sends back to one request."""

    payloads: list[bytes] = field(default_factory=list)
    close: bool = False  # hang up after sending
    reset: bool = False  # hang up abruptly (TCP RST), as a machine losing power


class ZkDevice:
    """Users, attendance log, clock and the command handlers of one simulated machine."""

    def __init__(self, config: SimulatorConfig) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._rng = make_rng(config.seed)
        user_size = config.effective_user_record_size
        if config.users is not None:
            self.users = list(config.users)
        else:
            self.users = generate_users(config.n_users, self._rng, user_record_size=user_size)
        if config.records is not None:
            self.records = list(config.records)
        else:
            self.records = generate_records(self.users, config.n_records, self._rng)
        self._users_body = encode_user_table(self.users, user_size)
        self._attendance_body = self._encode_attendance()
        self._clock_offset = config.clock_offset
        self._clock_epoch = time.monotonic()
        self.enabled = True
        self.commands: list[int] = []  # every command received, in order
        self._handlers: dict[int, Callable[[SimSession, Packet], Answer]] = {
            Cmd.DISABLE_DEVICE: self._on_disable,
            Cmd.ENABLE_DEVICE: self._on_enable,
            Cmd.GET_FREE_SIZES: self._on_sizes,
            Cmd.GET_TIME: self._on_get_time,
            Cmd.SET_TIME: self._on_set_time,
            Cmd.REFRESH_DATA: self._ok,
            Cmd.REG_EVENT: self._ok,
            Cmd.CLEAR_ATTLOG: self._on_clear_attendance,
            Cmd.OPTIONS_RRQ: self._on_option,
            Cmd.GET_VERSION: self._on_version,
            Cmd.PREPARE_BUFFER: self._on_prepare_buffer,
            Cmd.FREE_DATA: self._on_free_data,
        }

    # -- state -------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The machine's clock: real local time + offset + accumulated drift (naive)."""
        elapsed = time.monotonic() - self._clock_epoch
        real = datetime.now(self.config.device_tz).replace(tzinfo=None)
        drift = timedelta(seconds=elapsed * self.config.clock_drift)
        return (real + self._clock_offset + drift).replace(microsecond=0)

    def set_clock(self, value: datetime) -> None:
        """Set the machine's clock, as SET_TIME does (drift starts again from zero)."""
        real = datetime.now(self.config.device_tz).replace(tzinfo=None)
        with self._lock:
            self._clock_offset = value - real
            self._clock_epoch = time.monotonic()

    def append_records(self, records: Sequence[SimRecord]) -> None:
        """New punches on the machine (people clocking in while the simulator runs)."""
        with self._lock:
            self.records.extend(records)
            self._attendance_body = self._encode_attendance()

    @property
    def record_count(self) -> int:
        """What GET_FREE_SIZES reports (0 in SpeedFace mode)."""
        return 0 if self.config.speedface else len(self.records)

    def _encode_attendance(self) -> bytes:
        if self.config.speedface:
            return encode_attendance_body(())
        size = self.config.record_size
        return encode_attendance_body(
            encode_attendance_record(
                size,
                uid=r.uid,
                user_id=r.user_id,
                timestamp=r.timestamp,
                status=r.status,
                punch=r.punch,
                workcode=r.workcode,
            )
            for r in self.records
        )

    def new_session(self) -> SimSession:
        return SimSession()

    # -- dispatch ------------------------------------------------------------------------------

    def handle(self, session: SimSession, payload: bytes, transport: str) -> Answer:
        """Answer one request payload."""
        try:
            request = decode_payload(payload)
        except ZkDecodeError:
            return Answer()
        with self._lock:
            self.commands.append(request.command)
        if request.command == Cmd.CONNECT:
            session.silent = False
        if session.silent:
            return Answer()
        answer = self._dispatch(session, request, transport)
        if self.config.event_every:
            answer.payloads = self._interleave_events(session, answer.payloads)
        return answer

    def _interleave_events(self, session: SimSession, payloads: list[bytes]) -> list[bytes]:
        """A live event before every n-th packet sent, also between DATA packets."""
        mixed = []
        for payload in payloads:
            session.packets_sent += 1
            if session.packets_sent % self.config.event_every == 0:
                mixed.append(self._live_event())
            mixed.append(payload)
        return mixed

    def _dispatch(self, session: SimSession, request: Packet, transport: str) -> Answer:
        command = request.command
        if command == Cmd.ACK_OK:  # a client acknowledging a live event
            return Answer()
        if not request.checksum_ok:
            return self._reply(session, request, Cmd.ACK_ERROR)
        if command == Cmd.CONNECT:
            return self._on_connect(session, request)
        if command == Cmd.AUTH:
            return self._on_auth(session, request)
        if command == Cmd.EXIT:
            answer = self._reply(session, request, Cmd.ACK_OK)
            answer.close = True
            return answer
        if self.config.comm_key and not session.authenticated:
            return self._reply(session, request, Cmd.ACK_UNAUTH)
        if command == Cmd.READ_BUFFER:
            return self._on_read_buffer(session, request, transport)
        handler = self._handlers.get(command)
        if handler is None:
            return self._reply(session, request, Cmd.ACK_UNKNOWN)
        return handler(session, request)

    def _reply(
        self, session: SimSession, request: Packet, command: int, data: bytes = b""
    ) -> Answer:
        payload = encode_payload(command, session.session_id, request.reply_number, data)
        return Answer([payload])

    def _ok(self, session: SimSession, request: Packet) -> Answer:
        return self._reply(session, request, Cmd.ACK_OK)

    def _live_event(self) -> bytes:
        with self._lock:
            size = self._rng.choice(_EVENT_SIZES)
            data = self._rng.randbytes(size)
        return encode_payload(Cmd.REG_EVENT, _EF_ATTLOG, 0, data)

    # -- handlers ------------------------------------------------------------------------------

    def _on_connect(self, session: SimSession, request: Packet) -> Answer:
        with self._lock:
            session.session_id = self._rng.randint(1, 0xFFFE)
        session.authenticated = not self.config.comm_key
        reply = Cmd.ACK_OK if session.authenticated else Cmd.ACK_UNAUTH
        return self._reply(session, request, reply)

    def _on_auth(self, session: SimSession, request: Packet) -> Answer:
        accepted = not self.config.comm_key or comm_key_matches(
            request.data, self.config.comm_key, session.session_id
        )
        session.authenticated = accepted
        return self._reply(session, request, Cmd.ACK_OK if accepted else Cmd.ACK_UNAUTH)

    def _on_disable(self, session: SimSession, request: Packet) -> Answer:
        self.enabled = False
        return self._ok(session, request)

    def _on_enable(self, session: SimSession, request: Packet) -> Answer:
        self.enabled = True
        return self._ok(session, request)

    def _on_sizes(self, session: SimSession, request: Packet) -> Answer:
        records = self.record_count
        sizes = DeviceSizes(
            users=len(self.users),
            fingerprints=len(self.users),
            records=records,
            fingerprint_capacity=3000,
            user_capacity=max(3000, len(self.users)),
            record_capacity=max(100_000, records),
        )
        data = encode_sizes(sizes, self.config.sizes_reply_length)
        return self._reply(session, request, Cmd.ACK_OK, data)

    def _on_get_time(self, session: SimSession, request: Packet) -> Answer:
        return self._reply(session, request, Cmd.ACK_OK, struct.pack("<I", encode_time(self.now())))

    def _on_set_time(self, session: SimSession, request: Packet) -> Answer:
        try:
            self.set_clock(decode_time(struct.unpack_from("<I", request.data)[0]))
        except (ZkDecodeError, struct.error):
            return self._reply(session, request, Cmd.ACK_ERROR)
        return self._ok(session, request)

    def _on_clear_attendance(self, session: SimSession, request: Packet) -> Answer:
        with self._lock:
            self.records = []
            self._attendance_body = self._encode_attendance()
        return self._ok(session, request)

    def _on_option(self, session: SimSession, request: Packet) -> Answer:
        name = request.data.split(b"\x00", 1)[0]
        if name != b"~SerialNumber":
            return self._reply(session, request, Cmd.ACK_ERROR)
        value = name + b"=" + self.config.serial_number.encode("ascii") + b"\x00"
        return self._reply(session, request, Cmd.ACK_OK, value)

    def _on_version(self, session: SimSession, request: Packet) -> Answer:
        return self._reply(session, request, Cmd.ACK_OK, _FIRMWARE)

    def _on_prepare_buffer(self, session: SimSession, request: Packet) -> Answer:
        try:
            command, fct, _ext = decode_prepare_buffer(request.data)
        except ZkDecodeError:
            return self._reply(session, request, Cmd.ACK_ERROR)
        if command == Cmd.ATTLOG_RRQ:
            body, is_attendance = self._attendance_body, True
        elif command == Cmd.USERTEMP_RRQ and fct == FCT_USER:
            body, is_attendance = self._users_body, False
        else:
            return self._reply(session, request, Cmd.ACK_ERROR)
        if len(body) <= self.config.inline_limit:
            return self._reply(session, request, Cmd.DATA, body)
        session.buffer = body
        session.buffer_is_attendance = is_attendance
        return self._reply(session, request, Cmd.ACK_OK, encode_buffer_ready(len(body)))

    def _on_read_buffer(self, session: SimSession, request: Packet, transport: str) -> Answer:
        try:
            start, length = decode_read_buffer(request.data)
        except ZkDecodeError:
            return self._reply(session, request, Cmd.ACK_ERROR)
        buffer = session.buffer
        if buffer is None or start < 0 or length <= 0 or start + length > len(buffer):
            return self._reply(session, request, Cmd.ACK_ERROR)
        chunk = buffer[start : start + length]
        if self.config.read_buffer_direct:
            return self._reply(session, request, Cmd.DATA, chunk)
        if transport == "udp":
            packet_size = UDP_DATA_PACKET_SIZE
        else:
            packet_size = self.config.tcp_data_packet or len(chunk)
        reply = request.reply_number
        payloads = [
            encode_payload(
                Cmd.PREPARE_DATA,
                session.session_id,
                reply,
                encode_prepare_data(length, packet_size),
            )
        ]
        offsets = range(0, len(chunk), packet_size)
        # Machines number their DATA packets in the session field; the closing ACK_OK
        # carries the last number (as in captured traffic).
        for sequence, offset in enumerate(offsets):
            data = chunk[offset : offset + packet_size]
            payloads.append(encode_payload(Cmd.DATA, sequence, reply, data))
        payloads.append(encode_payload(Cmd.ACK_OK, len(offsets) - 1, reply))
        answer = Answer(payloads)
        if session.buffer_is_attendance:
            self._apply_drop_fault(session, answer, length, packet_size)
        return answer

    def _apply_drop_fault(
        self, session: SimSession, answer: Answer, length: int, packet_size: int
    ) -> None:
        limit = self.config.drop_after_bytes
        already = session.attendance_bytes_sent
        session.attendance_bytes_sent += length
        if limit is None or already + length <= limit:
            return
        packets_allowed = max(limit - already, 0) // packet_size
        del answer.payloads[1 + packets_allowed :]
        answer.close = answer.reset = True
        session.silent = True

    def _on_free_data(self, session: SimSession, request: Packet) -> Answer:
        session.buffer = None
        session.buffer_is_attendance = False
        return self._ok(session, request)
