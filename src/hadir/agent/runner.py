"""The agent's work: read every machine, forward what waits, report health; over and over.

One thread, one loop (``Agent.run``): a read cycle every ``poll_interval`` seconds, forwarding
in between with exponential backoff while the server cannot be reached (for days if need
be: the outbox keeps everything). A machine's log is never cleared.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hadir.agent import VERSION
from hadir.agent.config import AgentConfig, MachineConfig
from hadir.agent.outbox import Outbox, OutboxPunch, utc_now
from hadir.agent.server import ServerClient, ServerRefused, ServerUnreachable
from hadir.agent.users import send_user_lists, user_list
from hadir.protocols.zk import Punch
from hadir.zkpull import ZkClient, ZkError, pull_device

logger = logging.getLogger("hadir.agent")

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
CLOCK_REFERENCE_MAX_AGE = 24 * 3600.0  # seconds: an older server time is not trusted
HEALTH_FIELDS = (
    "name", "sn", "host", "reachable", "checked_at", "device_time", "clock_drift_seconds",
    "users", "fingerprints", "records",
)  # fmt: skip
MSG_NO_SN = (
    "Mesin {host} tidak memberi nomor seri (SN): tulis SN dari label mesin sebagai isian 'sn' "
    "mesin ini di berkas konfigurasi; sampai itu datanya tetap di mesin."
)


def outbox_punch(punch: Punch) -> OutboxPunch:
    """A machine record as the server wants it. ZK records call the verify type ``status``
    and the in/out state ``punch``; the server's ``status`` is the in/out state."""
    return OutboxPunch(
        pin=punch.user_id,
        local_time=punch.timestamp.strftime(TIME_FORMAT),
        status=punch.punch,
        verify=punch.status,
        workcode=str(punch.workcode) if punch.workcode else "",
        uid=punch.uid,
    )


@dataclass
class ForwardResult:
    sent: int = 0
    accepted: int = 0
    duplicates: int = 0
    error: str = ""


class Agent:
    def __init__(self, config: AgentConfig, outbox: Outbox | None = None) -> None:
        self.config = config
        self.outbox = outbox or Outbox(config.outbox)
        self.server = ServerClient(config.server, config.token, timeout=config.http_timeout)
        self.failures = 0
        self.forward_due = 0.0  # monotonic time of the next forwarding attempt

    def close(self) -> None:
        self.outbox.close()

    # -- the server's clock (machines are set by it, never by a PC clock of unknown zone) ----

    def _remember_server_time(self, answer: dict[str, Any]) -> None:
        try:
            server = datetime.strptime(answer["server_time"], TIME_FORMAT)  # noqa: DTZ007
        except (KeyError, TypeError, ValueError):
            return
        offset = (server - datetime.now(UTC).replace(tzinfo=None)).total_seconds()
        self.outbox.put_meta("clock", {"offset": offset, "at": time.time()})

    def reference_time(self) -> datetime | None:
        """The region's local time now (naive), from the server's last answer, or None."""
        clock = self.outbox.meta("clock")
        if not clock or time.time() - clock["at"] > CLOCK_REFERENCE_MAX_AGE:
            return None
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        return now + timedelta(seconds=round(clock["offset"]))

    def refresh_server_time(self) -> bool:
        try:
            self._remember_server_time(self.server.config())
        except (ServerUnreachable, ServerRefused) as error:
            self._server_state(ok=False, error=str(error))
            return False
        self._server_state(ok=True)
        return True

    def _server_state(self, *, ok: bool, error: str = "") -> None:
        state = self.outbox.meta("server", {})
        state["checked_at"] = utc_now()
        state["ok"] = ok
        state["error"] = error
        if ok:
            state["ok_at"] = state["checked_at"]
        self.outbox.put_meta("server", state)

    # -- reading machines -------------------------------------------------------------------

    def read_machine(self, machine: MachineConfig) -> dict[str, Any]:
        """Read one machine whole into the outbox, fix its clock if off; what was seen."""
        previous = self.outbox.machines().get(machine.name, {})
        state: dict[str, Any] = {
            "name": machine.name,
            "host": machine.host,
            "port": machine.port,
            "sn": previous.get("sn"),
            "checked_at": utc_now(),
            "reachable": False,
            "error": "",
            "error_kind": "",
        }
        reference = self.reference_time()
        try:
            result = pull_device(
                machine.host,
                port=machine.port,
                transport=machine.transport,  # type: ignore[arg-type]
                timeout=machine.timeout,
                comm_key=machine.comm_key,
            )
        except ZkError as error:
            logger.warning("%s: %s", machine.name, error)
            state.update(error=error.user_message, error_kind=type(error).__name__)
            kept = (
                "last_ok_at",
                "device_time",
                "users",
                "fingerprints",
                "records",
                "user_list",
                "users_sent",
            )
            state.update({key: previous[key] for key in kept if key in previous})
            self.outbox.put_machine(machine.name, state)
            return state
        state.update(
            reachable=True,
            last_ok_at=state["checked_at"],
            sn=result.serial_number or machine.sn or previous.get("sn"),
            device_time=result.device_time.strftime(TIME_FORMAT),
            users=result.sizes.users,
            fingerprints=result.sizes.fingerprints,
            records=result.sizes.records,
            read=len(result.attendance.punches),
            notes=list(result.notes),
            rejected=len(result.attendance.rejected),
        )
        if state["sn"]:
            punches = [outbox_punch(p) for p in result.attendance.punches]
            state["new"] = self.outbox.add(state["sn"], punches)
            state["user_list"] = user_list(result.users)
            state["users_sent"] = previous.get("users_sent")
        else:
            state["error"] = MSG_NO_SN.format(host=machine.host)
        if reference is not None:
            drift = round((result.device_time - reference).total_seconds())
            state["clock_drift_seconds"] = drift
            threshold = self.config.clock_threshold
            if threshold > 0 and abs(drift) > threshold:
                state.update(self._set_clock(machine, drift))
        self.outbox.put_machine(machine.name, state)
        return state

    def _set_clock(self, machine: MachineConfig, drift: int) -> dict[str, Any]:
        try:
            with ZkClient(
                machine.host,
                machine.port,
                transport=machine.transport,  # type: ignore[arg-type]
                timeout=machine.timeout,
                comm_key=machine.comm_key,
            ) as client:
                reference = self.reference_time()
                if reference is None:
                    return {}
                client.set_time(reference)
        except ZkError as error:
            return {"clock_error": error.user_message}
        logger.info("%s: clock was %+d s off, set to the server's time", machine.name, drift)
        return {"clock_set": True, "clock_set_at": utc_now(), "clock_drift_before": drift}

    def read_machines(self) -> list[dict[str, Any]]:
        return [self.read_machine(machine) for machine in self.config.machines]

    # -- forwarding -------------------------------------------------------------------------

    def forward(self) -> ForwardResult:
        """Send waiting punches, batch by batch, until none waits or the server fails."""
        result = ForwardResult()
        refused: list[str] = []
        while (batch := self.outbox.next_batch(self.config.batch_size, refused)) is not None:
            payload = {
                "sn": batch.sn,
                "batch_id": batch.batch_id,
                "read_at": utc_now(),
                "records": [
                    {
                        "pin": p.pin,
                        "time": p.local_time,
                        "status": p.status,
                        "verify": p.verify,
                        "workcode": p.workcode,
                        "uid": p.uid,
                    }
                    for p in batch.punches
                ],
            }
            try:
                answer = self.server.send_punches(payload)
            except ServerUnreachable as error:
                self._backoff(str(error))
                result.error = str(error)
                return result
            except ServerRefused as error:
                self._server_state(ok=True, error=str(error))
                result.error = str(error)
                if error.status == 401:
                    self._backoff(str(error))
                    return result
                refused.append(batch.sn)  # other machines' punches still go
                self._machine_refused(batch.sn, str(error))
                continue
            self.outbox.mark_forwarded(batch.ids)
            result.sent += len(batch.ids)
            result.accepted += int(answer.get("accepted", 0))
            result.duplicates += int(answer.get("duplicates", 0))
        if not result.error:
            self.failures = 0
            self.forward_due = 0.0
            self._server_state(ok=True)
        return result

    def _backoff(self, error: str) -> None:
        self.failures += 1
        delay = min(self.config.retry_min * 2 ** (self.failures - 1), self.config.retry_max)
        self.forward_due = time.monotonic() + delay
        self._server_state(ok=False, error=error)
        logger.warning("server: %s; next try in %.0f s", error, delay)

    def _machine_refused(self, sn: str, message: str) -> None:
        for name, data in self.outbox.machines().items():
            if data.get("sn") == sn:
                data["server_refused"] = message
                self.outbox.put_machine(name, data)

    # -- health -----------------------------------------------------------------------------

    def health_payload(self) -> dict[str, Any]:
        waiting, oldest = self.outbox.waiting()
        machines = [
            {key: data.get(key) for key in HEALTH_FIELDS}
            | {"error": data.get("error", ""), "clock_set": bool(data.get("clock_set"))}
            for data in self.outbox.machines().values()
        ]
        return {
            "version": VERSION,
            "outbox_waiting": waiting,
            "oldest_waiting": oldest,
            "server_errors": self.failures,
            "machines": machines,
        }

    def report_health(self) -> bool:
        try:
            answer = self.server.send_health(self.health_payload())
        except (ServerUnreachable, ServerRefused) as error:
            self._server_state(ok=False, error=str(error))
            return False
        self._remember_server_time(answer)
        self.outbox.put_meta("refused", list(answer.get("refused") or []))
        self._server_state(ok=True)
        return True

    # -- the loop ---------------------------------------------------------------------------

    def cycle(self) -> ForwardResult:
        """One full round: server clock, read every machine, forward, report health."""
        self.refresh_server_time()
        self.read_machines()
        result = self.forward()
        send_user_lists(self.server, self.outbox, (ServerUnreachable, ServerRefused))
        self.report_health()
        return result

    def run(self, stop: threading.Event) -> None:
        """Cycle every ``poll_interval`` seconds until ``stop``; forward with backoff between."""
        next_cycle = 0.0
        while not stop.is_set():
            now = time.monotonic()
            if now >= next_cycle:
                try:
                    self.cycle()
                except Exception:  # one bad round must not stop the agent; the outbox is safe
                    logger.exception("agent cycle failed")
                next_cycle = time.monotonic() + self.config.poll_interval
            elif self.forward_due and now >= self.forward_due:
                self.forward()
            stop.wait(1.0)
