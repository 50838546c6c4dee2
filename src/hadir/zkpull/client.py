"""Socket client for ZK machines (port 4370, TCP or UDP): users, attendance log, clock.

Tolerant of what real machines do: live-event packets of any size between replies (they
are acknowledged and skipped), stale replies after a retry (skipped by reply number),
short replies, several DATA packets per chunk, chunks answered without PREPARE_DATA.
The attendance log is never cleared unless ``clear_attendance()`` is called.
"""

from __future__ import annotations

import logging
import struct
import time
from collections.abc import Sequence
from datetime import datetime
from types import TracebackType

from hadir.protocols.zk import (
    DEFAULT_PORT,
    FCT_USER,
    AttendanceLog,
    Cmd,
    DeviceSizes,
    DeviceUser,
    Packet,
    ZkDecodeError,
    command_name,
    decode_attendance,
    decode_payload,
    decode_sizes,
    decode_time,
    decode_user_table,
    encode_payload,
    encode_time,
    make_comm_key,
    next_reply_number,
)
from hadir.protocols.zk.records import EMPTY_LOG
from hadir.protocols.zk.transfer import (
    DataCollector,
    decode_buffer_ready,
    decode_prepare_data,
    encode_prepare_buffer,
    encode_read_buffer,
    plan_chunks,
)
from hadir.zkpull import errors
from hadir.zkpull.errors import ZkError, ZkTimeoutError
from hadir.zkpull.transport import Transport, TransportName, open_transport

log = logging.getLogger(__name__)

_EXIT_TIMEOUT = 2.0


class ZkClient:
    """One session with one machine. Use as a context manager, or connect()/disconnect()."""

    def __init__(
        self,
        host: str,
        port: int = DEFAULT_PORT,
        *,
        transport: TransportName = "tcp",
        timeout: float = 10.0,
        comm_key: int = 0,
        chunk_retries: int = 2,
    ) -> None:
        if not 0 <= comm_key <= 0xFFFFFFFF:
            raise ValueError(f"comm key must be a number from 0 to 4294967295, not {comm_key}")
        self.host = host
        self.port = port
        self.transport_name: TransportName = transport
        self.timeout = timeout
        self.comm_key = comm_key
        self.chunk_retries = chunk_retries
        self.session_id = 0
        self.skipped_packets = 0  # live events, stale replies, runts
        self.checksum_mismatches = 0
        self._transport: Transport | None = None
        self._reply_number = 0

    # -- session ---------------------------------------------------------------------------

    def __enter__(self) -> ZkClient:
        self.connect()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.disconnect()

    def connect(self) -> None:
        """Open the socket, CONNECT, and AUTH with the comm key when the machine asks."""
        self._close_socket()
        try:
            self._transport = open_transport(
                self.transport_name, self.host, self.port, self.timeout
            )
        except ConnectionRefusedError as exc:
            raise errors.refused(self.host, self.port, str(exc)) from exc
        except OSError as exc:
            raise errors.unreachable(self.host, str(exc)) from exc
        self.session_id = 0
        self._reply_number = 0
        try:
            self._open_session()
        except ZkError:
            self._close_socket()
            raise

    def _open_session(self) -> None:
        try:
            reply = self._request(Cmd.CONNECT)
        except ZkTimeoutError as exc:
            raise errors.unreachable(self.host, f"no answer to CONNECT ({exc})") from exc
        self.session_id = reply.session_id
        if reply.command == Cmd.ACK_UNAUTH:
            reply = self._request(Cmd.AUTH, make_comm_key(self.comm_key, self.session_id))
            if reply.command != Cmd.ACK_OK:
                raise errors.auth_refused(self.host, f"AUTH answered {command_name(reply.command)}")
        elif reply.command != Cmd.ACK_OK:
            raise self._protocol_error(f"CONNECT answered {command_name(reply.command)}")

    def disconnect(self) -> None:
        """Send EXIT (best effort) and close the socket; never raises."""
        if self._transport is None:
            return
        try:
            reply_number = self._send(Cmd.EXIT)
            self._receive(reply_number, timeout=min(self.timeout, _EXIT_TIMEOUT))
        except ZkError as exc:
            log.debug("EXIT to %s not acknowledged: %s", self.host, exc)
        finally:
            self._close_socket()

    # -- commands ----------------------------------------------------------------------------

    def read_sizes(self) -> DeviceSizes:
        """Counters and capacities (users, records...)."""
        reply = self._request(Cmd.GET_FREE_SIZES)
        self._require_ok(reply, "baca kapasitas")
        return decode_sizes(reply.data)

    def read_users(self, sizes: DeviceSizes | None = None) -> list[DeviceUser]:
        """The user table."""
        sizes = sizes or self.read_sizes()
        if sizes.users == 0:
            return []
        body = self._read_data_set(Cmd.USERTEMP_RRQ, FCT_USER)
        try:
            return decode_user_table(body, sizes.users)
        except ZkDecodeError as exc:
            raise self._protocol_error(str(exc)) from exc

    def read_attendance(
        self, users: Sequence[DeviceUser] | None = None, sizes: DeviceSizes | None = None
    ) -> AttendanceLog:
        """The whole attendance log (the protocol has no "since" filter).

        ``users`` is needed to attribute 8-byte records; read here when not given and needed.
        A machine reporting 0 records is not read (SpeedFace-class firmware reports 0 over
        pull; their punches come by push).
        """
        sizes = sizes or self.read_sizes()
        if sizes.records == 0:
            return EMPTY_LOG
        body = self._read_data_set(Cmd.ATTLOG_RRQ)
        try:
            result = decode_attendance(body, sizes.records, users or ())
            if result.record_size == 8 and users is None:
                result = decode_attendance(body, sizes.records, self.read_users(sizes))
        except ZkDecodeError as exc:
            raise self._protocol_error(str(exc)) from exc
        return result

    def get_time(self) -> datetime:
        """The machine's clock (naive local time)."""
        reply = self._request(Cmd.GET_TIME)
        self._require_ok(reply, "baca jam")
        if len(reply.data) < 4:
            raise self._protocol_error(f"GET_TIME reply has {len(reply.data)} data bytes")
        try:
            return decode_time(struct.unpack_from("<I", reply.data)[0])
        except ZkDecodeError as exc:
            raise self._protocol_error(str(exc)) from exc

    def set_time(self, value: datetime) -> None:
        """Set the machine's clock to a naive local time."""
        reply = self._request(Cmd.SET_TIME, struct.pack("<I", encode_time(value)))
        self._require_ok(reply, "ubah jam")
        self._request(Cmd.REFRESH_DATA)

    def disable_device(self) -> None:
        """Lock the keypad and sensors (do this around long reads)."""
        self._require_ok(self._request(Cmd.DISABLE_DEVICE), "kunci mesin")

    def enable_device(self) -> None:
        """Return the machine to normal work."""
        self._require_ok(self._request(Cmd.ENABLE_DEVICE), "buka kunci mesin")

    def clear_attendance(self) -> None:
        """Erase the machine's attendance log. Only ever called on explicit request."""
        self._require_ok(self._request(Cmd.CLEAR_ATTLOG), "hapus log absensi")
        self._request(Cmd.REFRESH_DATA)

    def read_serial_number(self) -> str | None:
        """The serial number, or None when the machine does not say."""
        reply = self._request(Cmd.OPTIONS_RRQ, b"~SerialNumber\x00")
        if reply.command != Cmd.ACK_OK:
            return None
        value = reply.data.split(b"\x00", 1)[0].partition(b"=")[2]
        return value.decode("latin-1").strip() or None

    def read_firmware_version(self) -> str | None:
        """The firmware version string, or None when the machine does not say."""
        reply = self._request(Cmd.GET_VERSION)
        if reply.command != Cmd.ACK_OK:
            return None
        return reply.data.split(b"\x00", 1)[0].decode("latin-1").strip() or None

    # -- data sets -------------------------------------------------------------------------------

    def _read_data_set(self, command: int, fct: int = 0) -> bytes:
        reply_number = self._send(Cmd.PREPARE_BUFFER, encode_prepare_buffer(command, fct))
        first = self._receive(reply_number)
        try:
            if first.command == Cmd.DATA:
                return first.data
            if first.command == Cmd.PREPARE_DATA:
                return self._collect(first, reply_number)
            self._require_ok(first, "siapkan data")
            total = decode_buffer_ready(first.data)
        except ZkDecodeError as exc:
            raise self._protocol_error(str(exc)) from exc
        chunk_size = self._require_transport().chunk_size
        parts = [
            self._read_chunk(start, length) for start, length in plan_chunks(total, chunk_size)
        ]
        free = self._request(Cmd.FREE_DATA)
        if free.command != Cmd.ACK_OK:
            log.warning("%s: FREE_DATA answered %s", self.host, command_name(free.command))
        return b"".join(parts)

    def _read_chunk(self, start: int, length: int) -> bytes:
        for attempt in range(self.chunk_retries + 1):
            reply_number = self._send(Cmd.READ_BUFFER, encode_read_buffer(start, length))
            try:
                data = self._receive_chunk(reply_number)
                if len(data) != length:
                    raise ZkDecodeError(f"chunk at {start} has {len(data)} of {length} bytes")
                return data
            except (ZkDecodeError, ZkTimeoutError) as exc:
                if attempt == self.chunk_retries:
                    if isinstance(exc, ZkTimeoutError):
                        raise
                    raise self._protocol_error(str(exc)) from exc
                log.info("%s: retrying chunk at %d (%s)", self.host, start, exc)
        raise AssertionError("unreachable")  # pragma: no cover

    def _receive_chunk(self, reply_number: int) -> bytes:
        first = self._receive(reply_number)
        if first.command == Cmd.DATA:
            return first.data
        if first.command == Cmd.PREPARE_DATA:
            return self._collect(first, reply_number)
        raise ZkDecodeError(f"READ_BUFFER answered {command_name(first.command)}")

    def _collect(self, prepare: Packet, reply_number: int) -> bytes:
        collector = DataCollector(decode_prepare_data(prepare.data))
        while not collector.add(self._receive(reply_number)):
            pass
        return collector.result()

    # -- packets -------------------------------------------------------------------------------

    def _request(self, command: int, data: bytes = b"") -> Packet:
        return self._receive(self._send(command, data))

    def _send(self, command: int, data: bytes = b"") -> int:
        transport = self._require_transport()
        reply_number = self._reply_number
        payload = encode_payload(command, self.session_id, reply_number, data)
        try:
            transport.send(payload)
        except OSError as exc:
            raise errors.dropped(self.host, str(exc)) from exc
        self._reply_number = next_reply_number(reply_number)
        return reply_number

    def _receive(self, reply_number: int, timeout: float | None = None) -> Packet:
        """The next packet answering ``reply_number``; events and stale replies skipped."""
        transport = self._require_transport()
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        while True:
            try:
                payload = transport.receive(max(deadline - time.monotonic(), 0.001))
            except TimeoutError as exc:
                raise errors.no_reply(self.host, limit) from exc
            except ConnectionRefusedError as exc:
                raise errors.refused(self.host, self.port, str(exc)) from exc
            except OSError as exc:
                raise errors.dropped(self.host, str(exc)) from exc
            try:
                packet = decode_payload(payload)
            except ZkDecodeError:
                self.skipped_packets += 1
                continue
            if packet.command == Cmd.REG_EVENT:
                self._acknowledge_event(packet)
                continue
            if packet.reply_number != reply_number:
                self.skipped_packets += 1
                continue
            if not packet.checksum_ok:
                # Transport checksums already guard the bytes; a mismatch is a firmware quirk.
                self.checksum_mismatches += 1
            return packet

    def _acknowledge_event(self, event: Packet) -> None:
        self.skipped_packets += 1
        payload = encode_payload(Cmd.ACK_OK, self.session_id, event.reply_number)
        try:
            self._require_transport().send(payload)
        except OSError as exc:
            raise errors.dropped(self.host, str(exc)) from exc

    def _require_ok(self, reply: Packet, action: str) -> None:
        if reply.command == Cmd.ACK_OK:
            return
        if reply.command == Cmd.ACK_UNAUTH:
            raise errors.auth_refused(self.host, f"{action} answered ACK_UNAUTH")
        raise errors.command_refused(self.host, action, command_name(reply.command))

    def _require_transport(self) -> Transport:
        if self._transport is None:
            raise errors.dropped(self.host, "not connected")
        return self._transport

    def _close_socket(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def _protocol_error(self, detail: str) -> errors.ZkProtocolError:
        return errors.protocol_error(self.host, detail)
