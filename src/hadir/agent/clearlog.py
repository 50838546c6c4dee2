"""Clearing a machine's log, only when an operator asks (``hadir agent clear-log``).

The machine stays locked (DISABLE_DEVICE) from the last read to the clear, so nobody can punch
in between; the log is cleared only once the server has confirmed every punch of that read.
Anything else (server down, records the machine could not hand over whole) leaves the log as
it is and says why.
"""

from __future__ import annotations

import contextlib

from hadir.agent.config import MachineConfig
from hadir.agent.runner import Agent, outbox_punch
from hadir.zkpull import ZkClient, ZkError

MSG_CLEARED = "Log absensi mesin {name} dihapus: {n} catatan sudah tersimpan di server."
MSG_NOT_SENT = (
    "Log mesin {name} TIDAK dihapus: {n} absensi belum terkirim ke server ({error}). "
    "Coba lagi setelah server bisa dihubungi."
)
MSG_REJECTED = (
    "Log mesin {name} TIDAK dihapus: {n} catatan di mesin tidak terbaca utuh dan akan hilang "
    "bila dihapus. Laporkan ke admin Hadir."
)
MSG_NO_SN = "Log mesin {name} TIDAK dihapus: nomor seri (SN) mesin tidak diketahui."
MSG_UNREACHABLE = "Log mesin {name} TIDAK dihapus: {error}"


def clear_machine_log(agent: Agent, machine: MachineConfig) -> tuple[bool, str]:
    """(cleared, message for the operator)."""
    previous = agent.outbox.machines().get(machine.name, {})
    try:
        with ZkClient(
            machine.host,
            machine.port,
            transport=machine.transport,  # type: ignore[arg-type]
            timeout=machine.timeout,
            comm_key=machine.comm_key,
        ) as client:
            sn = client.read_serial_number() or machine.sn or previous.get("sn")
            if not sn:
                return False, MSG_NO_SN.format(name=machine.name)
            client.disable_device()
            try:
                sizes = client.read_sizes()
                users = client.read_users(sizes)
                log = client.read_attendance(users=users, sizes=sizes)
                if log.rejected:
                    return False, MSG_REJECTED.format(name=machine.name, n=len(log.rejected))
                agent.outbox.add(sn, [outbox_punch(p) for p in log.punches])
                result = agent.forward()
                waiting = agent.outbox.waiting_for(sn)
                if waiting:
                    error = result.error or "-"
                    return False, MSG_NOT_SENT.format(name=machine.name, n=waiting, error=error)
                client.clear_attendance()
            finally:
                with contextlib.suppress(ZkError):
                    client.enable_device()
    except ZkError as error:
        return False, MSG_UNREACHABLE.format(name=machine.name, error=error.user_message)
    return True, MSG_CLEARED.format(name=machine.name, n=len(log.punches))
