"""A PUSH (ADMS/iclock) attendance machine, simulated over real HTTP.

It behaves as the machines described in the shared protocol notes do:

- handshake ``GET /iclock/cdata?SN=..&options=all&pushver=..&language=73`` and obey the
  reply (``Delay``, ``ErrorDelay``, ``Realtime``; ``ATTLOGStamp=0`` means resend everything);
- keep every punch in a local log (SQLite, survives outages and restarts) and upload it in
  batches of 1-128 lines, as 7-field or 11-field firmware would;
- advance the upload cursor only when the server answers ``OK: n`` with ``n`` equal to the
  number of lines sent; a bare ``OK``, a wrong ``n``, an HTTP error or a dropped connection
  leave the cursor where it was and the same batch is sent again after ``ErrorDelay``;
- poll ``getrequest`` (the first poll after a handshake carries ``INFO=``), run the commands
  it understands, and post the results to ``devicecmd``;
- with ``pushver`` 3.x, register first (security PUSH, :mod:`.registration`) and send its
  session token as ``Cookie: token=...`` on every request.

Use it as a library (``with PushDevice(config) as device: device.punch("1001")``; many
devices in threads for load tests) or through :func:`hadir.devices_sim.cli.main`.
The device reads its own clock (it *is* a device) unless a ``clock`` is injected.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from zoneinfo import ZoneInfo

from hadir.devices_sim.device_commands import run_command
from hadir.devices_sim.punches import generate_punches
from hadir.devices_sim.registration import security_handshake
from hadir.devices_sim.store import DeviceLog, LogRecord
from hadir.devices_sim.transport import HttpReply, HttpTransport, TransportError
from hadir.protocols import DeviceInfo, HandshakeOptions
from hadir.protocols.attlog import render_push_attlog_line
from hadir.protocols.commands import IssuedCommand, parse_getrequest_reply
from hadir.protocols.handshake import parse_handshake
from hadir.protocols.push import REPLY_OK, parse_upload_reply, render_device_info, validate_sn
from hadir.protocols.registry import speaks_security_push

logger = logging.getLogger(__name__)

MAX_BATCH = 128


class DeviceError(Exception):
    """One exchange with the server failed; the device keeps its data and retries later."""


@dataclass(frozen=True, slots=True)
class DeviceConfig:
    sn: str
    server_url: str
    state_dir: Path
    field_count: int = 11
    batch_size: int = MAX_BATCH
    pushver: str = "2.4.1"
    language: str = "73"
    user_agent: str = "iClock Proxy/1.09"
    content_type: str | None = None
    firmware: str = "Ver 8.0.4.7-20230615"
    ip_address: str = "192.168.1.201"
    timezone: str = "Asia/Jakarta"
    error_delay: float | None = None
    poll_delay: float | None = None
    http_timeout: float = 10.0
    source_address: str | None = None

    def __post_init__(self) -> None:
        validate_sn(self.sn)
        if self.field_count not in (7, 11):
            raise ValueError("field_count is 7 (older firmware) or 11 (newer firmware)")
        if not 1 <= self.batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size is 1..{MAX_BATCH}")


@dataclass(slots=True)
class DeviceStats:
    handshakes: int = 0
    upload_posts: int = 0
    records_acknowledged: int = 0
    upload_failures: int = 0
    polls: int = 0
    commands_run: int = 0
    last_error: str = ""
    errors: int = 0
    last_upload_reply: str = ""


class PushDevice:
    def __init__(
        self,
        config: DeviceConfig,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.config = config
        self.log = DeviceLog(config.state_dir / f"{config.sn}.sqlite3")
        self.stats = DeviceStats()
        self.options: HandshakeOptions | None = None
        self.server_date: str | None = None
        self._clock = clock or self._local_now
        self._zone = ZoneInfo(config.timezone)
        self._transport = HttpTransport(
            config.server_url,
            user_agent=config.user_agent,
            timeout=config.http_timeout,
            source_address=config.source_address,
        )
        self.session_token: str | None = None  # security PUSH (see registration.py)
        self._lock = threading.RLock()
        self._send_info = True
        self._backfill: deque[list[LogRecord]] = deque()
        self._pending_results: list[str] = []

    # --- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> PushDevice:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.log.close()

    def _local_now(self) -> datetime:
        return datetime.now(self._zone).replace(tzinfo=None, microsecond=0)

    @property
    def error_delay(self) -> float:
        if self.config.error_delay is not None:
            return self.config.error_delay
        return float(self.options.error_delay if self.options else 30)

    @property
    def poll_delay(self) -> float:
        if self.config.poll_delay is not None:
            return self.config.poll_delay
        return float(self.options.delay if self.options else 10)

    @property
    def realtime(self) -> bool:
        return self.options.realtime if self.options else True

    # --- recording punches -----------------------------------------------------------------

    def punch(
        self,
        pin: str,
        *,
        at: datetime | None = None,
        status: int = 0,
        verify: int = 1,
        workcode: str = "0",
        upload: bool | None = None,
    ) -> LogRecord:
        """Record a punch; with ``Realtime=1`` (or ``upload=True``) try to send it at once.

        A failed realtime upload is not an error for the caller: the punch stays in the log.
        """
        when = (at or self._clock()).replace(microsecond=0)
        record = self.log.append(
            pin=pin, punched_at=when, status=status, verify=verify, workcode=workcode
        )
        should_upload = upload if upload is not None else self.realtime and self.options is not None
        if should_upload:
            try:
                self.upload_pending()
            except DeviceError as error:
                logger.info("%s: realtime upload failed, kept for later: %s", self.sn, error)
        return record

    def add_generated_punches(
        self, count: int, *, pins: Sequence[str], dates: Sequence[date], seed: int = 42
    ) -> list[LogRecord]:
        """Append ``count`` deterministic punches (see :func:`generate_punches`) to the log."""
        punches = generate_punches(count, pins=pins, dates=dates, seed=seed)
        return self.log.append_many(
            (item.pin, item.punched_at, item.status, item.verify, item.workcode) for item in punches
        )

    def queue_backfill(self, records: list[LogRecord]) -> None:
        """Upload these records again (``DATA QUERY ATTLOG``), in batches, before new ones."""
        size = self.config.batch_size
        self._backfill.extend(records[i : i + size] for i in range(0, len(records), size))

    def resend_history(self) -> None:
        """Behave like a device meeting a new server: everything is uploaded again."""
        self.log.reset_cursor()

    @property
    def sn(self) -> str:
        return self.config.sn

    # --- protocol exchanges ----------------------------------------------------------------

    def handshake(self) -> HandshakeOptions:
        if speaks_security_push(self.config.pushver):
            with self._lock:
                options = security_handshake(self)
                self.options = options
                self.stats.handshakes += 1
                self._send_info = True
                return options
        with self._lock:
            params = {
                "SN": self.sn,
                "options": "all",
                "pushver": self.config.pushver,
                "language": self.config.language,
            }
            reply = self._request("GET", "/iclock/cdata", params)
            try:
                sn, options = parse_handshake(reply.body)
            except ValueError as error:
                raise self._fail(f"handshake reply not understood: {reply.body[:80]!r}") from error
            if sn != self.sn:
                logger.warning("%s: handshake reply names SN %r", self.sn, sn)
            self.options = options
            self.server_date = reply.date
            self.stats.handshakes += 1
            self._send_info = True
            if options.attlog_stamp == 0:
                self.resend_history()
            return options

    def upload_pending(self) -> int:
        """Send backfill batches, then every record after the cursor. Returns records acked.

        Raises :class:`DeviceError` at the first batch the server does not acknowledge
        properly; what was acknowledged before stays acknowledged.
        """
        with self._lock:
            if self.options is None:
                self.handshake()
            acknowledged = 0
            while self._backfill:
                acknowledged += self._post_attlog(self._backfill[0])
                self._backfill.popleft()
            while batch := self.log.pending(self.config.batch_size):
                acknowledged += self._post_attlog(batch)
                self.log.advance_cursor(batch[-1].seq)
            return acknowledged

    def ping(self) -> None:
        """One ``ping`` (firmware sends them while busy uploading): the server only notes
        that the machine is alive."""
        with self._lock:
            self._request("GET", "/iclock/ping", {"SN": self.sn})

    def poll(self) -> list[IssuedCommand]:
        """One ``getrequest``: run the commands, post their results, then do deferred work."""
        with self._lock:
            if self.options is None:
                self.handshake()
            self._flush_results()
            params = {"SN": self.sn}
            if self._send_info:
                params["INFO"] = render_device_info(self.device_info())
            reply = self._request("GET", "/iclock/getrequest", params)
            self._send_info = False
            self.stats.polls += 1
            commands = parse_getrequest_reply(reply.body)
            follow_ups: list[Callable[[], object]] = []
            for issued in commands:
                result, follow_up = run_command(self, issued)
                self._pending_results.append(result)
                if follow_up is not None:
                    follow_ups.append(follow_up)
                self.stats.commands_run += 1
            self._flush_results()
            for follow_up in follow_ups:
                follow_up()
            return commands

    def run_once(self) -> bool:
        """One device cycle (handshake if needed, upload, poll). False if anything failed."""
        try:
            if self.options is None:
                self.handshake()
            self.upload_pending()
            self.poll()
        except DeviceError as error:
            logger.info("%s: cycle failed, retrying after ErrorDelay: %s", self.sn, error)
            return False
        return True

    def run(
        self,
        *,
        stop: threading.Event | None = None,
        duration: float | None = None,
        max_cycles: int | None = None,
    ) -> DeviceStats:
        """Cycle until ``stop`` is set, ``duration`` seconds pass or ``max_cycles`` ran,
        waiting ``Delay`` after a good cycle and ``ErrorDelay`` after a failed one."""
        stop = stop or threading.Event()
        deadline = None if duration is None else time.monotonic() + duration
        cycles = 0
        while not stop.is_set():
            ok = self.run_once()
            cycles += 1
            if max_cycles is not None and cycles >= max_cycles:
                break
            wait = self.poll_delay if ok else self.error_delay
            if deadline is not None:
                wait = min(wait, deadline - time.monotonic())
                if wait <= 0:
                    break
            stop.wait(wait)
        return self.stats

    def device_info(self) -> DeviceInfo:
        return DeviceInfo(
            firmware=self.config.firmware,
            user_count=len(self.log.users()),
            fingerprint_count=0,
            attlog_count=self.log.count(),
            ip_address=self.config.ip_address,
            fingerprint_algorithm="10",
            face_algorithm="7",
            face_enroll_count=15,
            face_count=0,
            function_bits="101",
        )

    # --- internals -------------------------------------------------------------------------

    def _request(
        self, method: str, path: str, params: dict[str, str], body: bytes | None = None
    ) -> HttpReply:
        cookie = {"Cookie": f"token={self.session_token}"} if self.session_token else None
        try:
            reply = self._transport.request(
                method,
                path,
                params,
                body=body,
                content_type=self.config.content_type,
                headers=cookie,
            )
        except TransportError as error:
            raise self._fail(str(error)) from error
        if reply.status != 200:
            raise self._fail(f"{method} {path}: HTTP {reply.status}")
        return reply

    def _fail(self, message: str) -> DeviceError:
        self.stats.errors += 1
        self.stats.last_error = message
        return DeviceError(message)

    def _post_attlog(self, batch: list[LogRecord]) -> int:
        lines = [
            render_push_attlog_line(
                pin=record.pin,
                punched_at=record.punched_at,
                status=record.status,
                verify=record.verify,
                workcode=record.workcode,
                device_seq=record.seq,
                field_count=self.config.field_count,
            )
            for record in batch
        ]
        body = ("\n".join(lines) + "\n").encode("utf-8")
        params = {"SN": self.sn, "table": "ATTLOG", "Stamp": str(self.log.cursor)}
        self.stats.upload_posts += 1
        try:
            reply = self._request("POST", "/iclock/cdata", params, body)
        except DeviceError:
            self.stats.upload_failures += 1
            raise
        self.stats.last_upload_reply = reply.body.strip()[:40]
        if parse_upload_reply(reply.body) != len(batch):
            self.stats.upload_failures += 1
            raise self._fail(
                f"ATTLOG reply {reply.body.strip()[:40]!r}, expected 'OK: {len(batch)}'"
            )
        self.stats.records_acknowledged += len(batch)
        return len(batch)

    def _flush_results(self) -> None:
        if not self._pending_results:
            return
        body = "\n".join(self._pending_results).encode("utf-8")
        reply = self._request("POST", "/iclock/devicecmd", {"SN": self.sn}, body)
        if reply.body.strip() != REPLY_OK:
            raise self._fail(f"devicecmd reply {reply.body.strip()[:40]!r}")
        self._pending_results.clear()
