"""``hadir simulate-push``: run one or many simulated PUSH machines against a server.

Examples::

    # one machine, 200 punches for three PINs over a week, upload and poll for 30 s
    python -m hadir.devices_sim --server http://127.0.0.1:8000 --punches 200 \\
        --pins 1001,1002,1003 --start 2026-03-02 --days 5 --duration 30

    # load test: 50 machines in threads, old 7-field firmware, resend whole history
    python -m hadir.devices_sim --server http://127.0.0.1:8000 --devices 50 \\
        --punches 2000 --pins 1001-1100 --format 7 --resend-history --duration 60

Exit status 0 when every record in every local log was acknowledged, 1 otherwise.
"""

from __future__ import annotations

import argparse
import logging
import threading
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from hadir.devices_sim.push_device import MAX_BATCH, DeviceConfig, DeviceStats, PushDevice


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hadir simulate-push",
        description="Simulate ZKTeco-style PUSH (ADMS/iclock) attendance machines.",
    )
    parser.add_argument("--server", required=True, help="base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("--sn", default="SIM0000001", help="serial number (first device)")
    parser.add_argument("--devices", type=int, default=1, help="number of devices (threads)")
    parser.add_argument("--state-dir", type=Path, default=Path("var/devices_sim"))
    parser.add_argument("--format", type=int, choices=(7, 11), default=11, dest="field_count")
    parser.add_argument("--batch-size", type=int, default=MAX_BATCH)
    parser.add_argument("--punches", type=int, default=0, help="punches to generate per device")
    parser.add_argument("--pins", default="1001,1002,1003", help="comma list or range 1001-1100")
    parser.add_argument("--start", type=date.fromisoformat, default=None, help="first day")
    parser.add_argument("--days", type=int, default=5, help="number of days from --start")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--duration", type=float, default=0.0, help="seconds; 0 = one cycle")
    parser.add_argument("--resend-history", action="store_true", help="upload all again")
    parser.add_argument("--error-delay", type=float, default=None, help="override ErrorDelay")
    parser.add_argument("--poll-delay", type=float, default=None, help="override Delay")
    parser.add_argument("--content-type", default=None, help="default: send none")
    parser.add_argument("--pushver", default="2.4.1", help="3.x: security PUSH (registers)")
    parser.add_argument("--source-address", default=None, help="local address to send from")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser


def parse_pins(text: str) -> list[str]:
    """``1001,1002`` or ``1001-1100`` (or a mix: ``7,1001-1003``)."""
    pins: list[str] = []
    for part in (piece.strip() for piece in text.split(",")):
        first, sep, last = part.partition("-")
        if sep and first.isdigit() and last.isdigit():
            pins.extend(str(number) for number in range(int(first), int(last) + 1))
        elif part:
            pins.append(part)
    return pins


def device_serials(first: str, count: int) -> list[str]:
    """``SIM0000001`` x 3 -> ``SIM0000001, SIM0000002, SIM0000003`` (trailing digits counted)."""
    stem = first.rstrip("0123456789")
    digits = first[len(stem) :] or "0"
    return [f"{stem}{int(digits) + index:0{len(digits)}d}" for index in range(count)]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    start = args.start or date.today() - timedelta(days=args.days)  # noqa: DTZ011 - sim only
    dates = [start + timedelta(days=offset) for offset in range(args.days)]
    pins = parse_pins(args.pins)
    devices = [
        PushDevice(
            DeviceConfig(
                sn=sn,
                server_url=args.server,
                state_dir=args.state_dir,
                field_count=args.field_count,
                batch_size=args.batch_size,
                content_type=args.content_type,
                error_delay=args.error_delay,
                poll_delay=args.poll_delay,
                pushver=args.pushver,
                source_address=args.source_address,
            )
        )
        for sn in device_serials(args.sn, args.devices)
    ]
    try:
        for index, device in enumerate(devices):
            if args.punches:
                device.add_generated_punches(
                    args.punches, pins=pins, dates=dates, seed=args.seed + index
                )
            if args.resend_history:
                device.resend_history()
        results = _run_all(devices, duration=args.duration)
        complete = True
        for device, stats in zip(devices, results, strict=True):
            backlog = device.log.last_seq() - device.log.cursor
            complete = complete and backlog == 0
            print(_summary(device.sn, stats, device.log.count(), backlog))
        return 0 if complete else 1
    finally:
        for device in devices:
            device.close()


def _run_all(devices: list[PushDevice], *, duration: float) -> list[DeviceStats]:
    def run(device: PushDevice) -> None:
        if duration > 0:
            device.run(duration=duration)
        else:
            device.run(max_cycles=1)

    threads = [threading.Thread(target=run, args=(device,), name=device.sn) for device in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [device.stats for device in devices]


def _summary(sn: str, stats: DeviceStats, total: int, backlog: int) -> str:
    return (
        f"{sn}: {total} records in log, {stats.records_acknowledged} acknowledged this run, "
        f"{backlog} waiting; {stats.upload_posts} posts, {stats.upload_failures} failed; "
        f"{stats.polls} polls, {stats.commands_run} commands"
        + (f"; last error: {stats.last_error}" if stats.errors else "")
    )
