"""``hadir agent run|once|status [--config agent.toml]``: no database, no Django settings.

``hadir agent`` is dispatched here by ``hadir.cli`` before Django starts, so the unit's PC
needs neither a secret key nor a database; ``python -m hadir.agent`` works the same.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path

from hadir.agent.clearlog import clear_machine_log
from hadir.agent.config import ConfigError, load_config
from hadir.agent.runner import Agent
from hadir.agent.status import status_lines

MSG_ONCE = "Dibaca dan dikirim: {sent} absensi ({accepted} baru di server, {dup} sudah ada)."
MSG_RUNNING = "Agen Hadir berjalan; tekan Ctrl+C untuk berhenti."
MSG_WHICH_MACHINE = "Sebutkan mesin dengan --machine NAMA; pilihan: {names}"
MSG_CONFIRM = (
    "Ini akan menghapus log absensi di mesin {name} setelah semua absensinya tersimpan di "
    "server. Ulangi perintah dengan --yes untuk melanjutkan."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hadir agent", description="Agen Hadir untuk LAN unit")
    parser.add_argument("action", choices=["run", "once", "status", "clear-log"])
    parser.add_argument("--config", default="agent.toml", type=Path)
    parser.add_argument(
        "--offline", action="store_true", help="status: jangan hubungi mesin dan server"
    )
    parser.add_argument("--machine", help="clear-log: nama mesin seperti di berkas konfigurasi")
    parser.add_argument("--yes", action="store_true", help="clear-log: benar-benar hapus")
    return parser


def _clear_log(agent: Agent, name: str | None, *, confirmed: bool) -> int:
    machines = {m.name: m for m in agent.config.machines}
    if name not in machines:
        print(MSG_WHICH_MACHINE.format(names=", ".join(machines) or "-"), file=sys.stderr)
        return 2
    if not confirmed:
        print(MSG_CONFIRM.format(name=name))
        return 1
    cleared, message = clear_machine_log(agent, machines[name])
    print(message, file=sys.stdout if cleared else sys.stderr)
    return 0 if cleared else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    agent = Agent(config)
    try:
        if args.action == "status":
            print("\n".join(status_lines(config, agent.outbox, probe=not args.offline)))
            return 0
        if args.action == "clear-log":
            return _clear_log(agent, args.machine, confirmed=args.yes)
        if args.action == "once":
            result = agent.cycle()
            print(
                MSG_ONCE.format(sent=result.sent, accepted=result.accepted, dup=result.duplicates)
            )
            if result.error:
                print(result.error, file=sys.stderr)
            return 1 if result.error else 0
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        print(MSG_RUNNING)
        agent.run(stop)
        return 0
    finally:
        agent.close()
