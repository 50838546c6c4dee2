"""The machines of a morning peak, for ``make bench-scale`` (``scripts/bench_scale.py``).

Thousands of simulated PUSH machines are driven from a few client *processes* (one Python
process sends at most about a thousand requests a second, so one client process would
measure the client, not the server). Each client process builds its share of machines
(their own punch logs), shakes hands, then at an agreed instant uploads every punch in
threads while one thread polls its machines and times each poll: the poll latency under
load. A second call times idle polls (nothing queued) after the peak.

Each client returns plain figures and the keys of the punches it acknowledged-to-be-sent, so
the caller can count the ledger against what was sent: nothing lost, nothing doubled.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from hadir.devices_sim import DeviceConfig, PushDevice
from hadir.people.pins import normalize_pin
from hadir.protocols.attlog import punch_idempotency_key

DAYS = [date(2026, 3, 2) + timedelta(days=offset) for offset in range(5)]
SEND_THREADS = 8


@dataclass
class ClientPlan:
    serials: list[str]
    url: str
    state_dir: Path
    pins: list[str]
    punches_per_machine: int
    polls: int = 0  # idle-poll phase: polls to send from this client
    # PINs each machine punches, its own contiguous share of ``pins`` (machine n takes
    # the n-th share), as a unit's staff punch at their unit's machine; 0: every machine
    # punches anyone in ``pins`` (the worst case: one person's day marked from many machines
    # at once).
    staff_share: int = 0
    # Idle phase: pings instead of polls (the floor: answered without a query).
    ping: bool = False


def machine_staff(pins: Sequence[str], machine_number: int, share: int) -> Sequence[str]:
    """The PINs a machine punches (see ``ClientPlan.staff_share``)."""
    if share <= 0 or share >= len(pins):
        return pins
    start = (machine_number * share) % len(pins)
    return pins[start : start + share] or pins[:share]


@dataclass
class ClientFigures:
    acknowledged: int = 0
    errors: int = 0
    started: float = 0.0
    finished: float = 0.0
    poll_latencies: list[float] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)


def _machines(plan: ClientPlan) -> list[PushDevice]:
    return [
        PushDevice(
            DeviceConfig(
                sn=sn,
                server_url=plan.url,
                state_dir=plan.state_dir,
                error_delay=0.2,
                poll_delay=0.0,
                http_timeout=120,
            )
        )
        for sn in plan.serials
    ]


def _keys(machine: PushDevice) -> set[str]:
    return {
        punch_idempotency_key(
            device_sn=machine.sn, pin=normalize_pin(r.pin), punched_at=r.punched_at
        )
        for r in machine.log.all_records()
    }


def _timed_poll(machine: PushDevice, latencies: list[float], ping: bool = False) -> None:
    started = time.perf_counter()
    try:
        if ping:
            machine.ping()
        else:
            machine.poll()
    except Exception:  # counted in machine.stats
        return
    latencies.append(time.perf_counter() - started)


def _send_all(machines: Sequence[PushDevice], deadline: float) -> None:
    for machine in machines:
        while machine.log.cursor < machine.log.last_seq() and time.time() < deadline:
            try:
                machine.upload_pending()
            except Exception:  # counted in machine.stats; the machine retries, as firmware does
                time.sleep(machine.error_delay)


def peak_client(plan: ClientPlan) -> ClientFigures:
    """One client process: build, shake hands, wait for ``start_at``, push all, poll meanwhile."""
    machines = _machines(plan)
    figures = ClientFigures()
    try:
        for index, machine in enumerate(machines):
            seed = int(machine.sn[-5:]) if machine.sn[-5:].isdigit() else index
            machine.add_generated_punches(
                plan.punches_per_machine,
                pins=machine_staff(plan.pins, seed, plan.staff_share),
                dates=DAYS,
                seed=seed,
            )
            machine.handshake()
            figures.keys |= _keys(machine)
        _wait_for_the_others()
        deadline = time.time() + 1800
        figures.started = time.time()
        senders = [
            threading.Thread(target=_send_all, args=(machines[n::SEND_THREADS], deadline))
            for n in range(SEND_THREADS)
        ]
        for sender in senders:
            sender.start()
        polled = 0
        while any(sender.is_alive() for sender in senders):
            _timed_poll(machines[polled % len(machines)], figures.poll_latencies)
            polled += 1
        for sender in senders:
            sender.join()
        figures.finished = time.time()
        figures.acknowledged = sum(m.stats.records_acknowledged for m in machines)
        figures.errors = sum(m.stats.errors for m in machines)
        return figures
    finally:
        for machine in machines:
            machine.close()


def idle_poll_client(plan: ClientPlan) -> ClientFigures:
    """One client process: ``plan.polls`` getrequest polls (or pings) over its machines, in
    threads."""
    machines = _machines(plan)
    figures = ClientFigures()
    try:
        for machine in machines:
            machine.handshake()
        per_thread = max(plan.polls // SEND_THREADS, 1)

        def poll(offset: int) -> None:
            for n in range(per_thread):
                machine = machines[(offset + n * SEND_THREADS) % len(machines)]
                _timed_poll(machine, latencies, plan.ping)

        latencies: list[float] = []
        threads = [threading.Thread(target=poll, args=(n,)) for n in range(SEND_THREADS)]
        _wait_for_the_others()
        figures.started = time.time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        figures.finished = time.time()
        figures.poll_latencies = latencies
        return figures
    finally:
        for machine in machines:
            machine.close()


_START: list[Any] = []  # the barrier every client process waits at before the clock starts


def _keep_barrier(barrier: Any) -> None:
    _START.append(barrier)


def _wait_for_the_others() -> None:
    _START[0].wait(timeout=900)


def run_clients(plans: list[ClientPlan], *, idle: bool) -> list[ClientFigures]:
    """Run the plans in as many client processes; each starts its clock when all are ready."""
    context = get_context("fork")
    barrier = context.Barrier(len(plans))
    with ProcessPoolExecutor(
        len(plans), mp_context=context, initializer=_keep_barrier, initargs=(barrier,)
    ) as pool:
        return list(pool.map(idle_poll_client if idle else peak_client, plans))


def percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]
