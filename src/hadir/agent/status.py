"""``hadir agent status``: what is wrong, in plain Bahasa Indonesia, for the unit's operator.

By default it checks live (the server and every machine, with a short timeout); with
``probe=False`` it only tells what the running agent last recorded in its outbox.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hadir.agent import VERSION
from hadir.agent.config import AgentConfig, MachineConfig
from hadir.agent.outbox import Outbox
from hadir.agent.server import ServerClient, ServerError
from hadir.zkpull import ZkAuthError, ZkClient, ZkError

PROBE_TIMEOUT = 5.0
MSG_HEADER = "Agen Hadir {version} — server {server}, {n} mesin"
MSG_SERVER_OK = "Server Hadir: terhubung (agen '{agent}', unit {unit})."
MSG_SERVER_BAD = "Server Hadir: BERMASALAH — {error}"
MSG_SERVER_LAST = "Server Hadir: terakhir berhasil dihubungi {when}."
MSG_SERVER_NEVER = "Server Hadir: belum pernah berhasil dihubungi."
MSG_MACHINE_OK = "Mesin {name} ({host}:{port}): terhubung, SN {sn}."
MSG_MACHINE_BAD = "Mesin {name} ({host}:{port}): TIDAK TERBACA — {error}"
MSG_COMM_KEY = "Comm Key salah. "
MSG_LAST_READ = "  terakhir dibaca {when}: {records} catatan absensi, {users} pengguna di mesin."
MSG_NEVER_READ = "  belum pernah berhasil dibaca."
MSG_CLOCK_SET = "  jam mesin selisih {drift} detik, sudah disetel ulang ({when})."
MSG_CLOCK_OFF = "  jam mesin selisih {drift} detik."
MSG_REFUSED = "  {message}"
MSG_WAITING = "{n} absensi menunggu dikirim ke server, sejak {since}."
MSG_ALL_SENT = "Semua absensi sudah terkirim ke server ({total} tersimpan di agen)."


def _when(value: str | None) -> str:
    if not value:
        return "-"
    return datetime.fromisoformat(value).astimezone().strftime("%d-%m-%Y %H:%M")


def _probe_machine(machine: MachineConfig) -> tuple[str | None, str]:
    """(SN, "") when the machine answers, (None, message) when not."""
    timeout = min(machine.timeout, PROBE_TIMEOUT)
    try:
        with ZkClient(
            machine.host,
            machine.port,
            transport=machine.transport,  # type: ignore[arg-type]
            timeout=timeout,
            comm_key=machine.comm_key,
        ) as client:
            return client.read_serial_number() or "?", ""
    except ZkAuthError as error:
        return None, MSG_COMM_KEY + error.user_message
    except ZkError as error:
        return None, error.user_message


def _machine_lines(machine: MachineConfig, seen: dict[str, Any], probe: bool) -> list[str]:
    where = {"name": machine.name, "host": machine.host, "port": machine.port}
    if probe:
        sn, error = _probe_machine(machine)
    else:
        sn = seen.get("sn") if seen.get("reachable") else None
        error = seen.get("error") or ""
        if seen.get("error_kind") == "ZkAuthError":
            error = MSG_COMM_KEY + error
    lines = [
        MSG_MACHINE_OK.format(**where, sn=sn)
        if sn
        else MSG_MACHINE_BAD.format(**where, error=error or "-")
    ]
    if seen.get("device_time"):
        last = seen.get("last_ok_at") or seen.get("checked_at")
        lines.append(
            MSG_LAST_READ.format(
                when=_when(last), records=seen.get("records"), users=seen.get("users")
            )
        )
    else:
        lines.append(MSG_NEVER_READ)
    if seen.get("clock_set"):
        drift = seen.get("clock_drift_before")
        lines.append(MSG_CLOCK_SET.format(drift=drift, when=_when(seen.get("clock_set_at"))))
    elif seen.get("clock_drift_seconds") is not None:
        lines.append(MSG_CLOCK_OFF.format(drift=seen["clock_drift_seconds"]))
    if seen.get("server_refused"):
        lines.append(MSG_REFUSED.format(message=seen["server_refused"]))
    return lines


def status_lines(config: AgentConfig, outbox: Outbox, *, probe: bool = True) -> list[str]:
    lines = [MSG_HEADER.format(version=VERSION, server=config.server, n=len(config.machines))]
    server_state = outbox.meta("server", {})
    if probe:
        try:
            answer = ServerClient(config.server, config.token, timeout=PROBE_TIMEOUT).config()
            lines.append(MSG_SERVER_OK.format(agent=answer["agent"], unit=answer["unit_code"]))
        except ServerError as error:
            lines.append(MSG_SERVER_BAD.format(error=error))
    elif server_state.get("ok"):
        lines.append(MSG_SERVER_LAST.format(when=_when(server_state.get("ok_at"))))
    elif server_state.get("error"):
        lines.append(MSG_SERVER_BAD.format(error=server_state["error"]))
    else:
        lines.append(MSG_SERVER_NEVER)
    seen = outbox.machines()
    told = {data.get("server_refused") for data in seen.values()}
    refused = [m for m in outbox.meta("refused") or [] if not any(m in t for t in told if t)]
    lines.extend(MSG_REFUSED.format(message=m) for m in refused)
    for machine in config.machines:
        lines.extend(_machine_lines(machine, seen.get(machine.name, {}), probe))
    waiting, oldest = outbox.waiting()
    if waiting:
        lines.append(MSG_WAITING.format(n=waiting, since=_when(oldest)))
    else:
        lines.append(MSG_ALL_SENT.format(total=outbox.total()))
    return lines
