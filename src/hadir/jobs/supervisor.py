"""``hadir serve`` keeps its worker alive: a child process, restarted when it dies, stopped
with the server.

The worker is started with ``--parent-pid`` so that it also stops by itself if the server
is killed without a chance to stop it (``kill -9``).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time

from hadir.jobs.loop import Backoff

logger = logging.getLogger(__name__)
HEALTHY_RUN_SECONDS = 60.0  # a worker that ran this long restarts after the first delay again
STOP_GRACE_SECONDS = 10.0


def worker_command() -> list[str]:
    return [sys.executable, "-m", "hadir", "worker", "--parent-pid", str(os.getpid())]


class WorkerSupervisor:
    def __init__(self, command: list[str] | None = None, backoff: Backoff | None = None) -> None:
        self.command = command or worker_command()
        self.backoff = backoff or Backoff()
        self.process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            self.process = subprocess.Popen(self.command)  # noqa: S603 - our own interpreter
            self._started_at = time.monotonic()
            logger.info("worker started (pid %s)", self.process.pid)

    def _watch(self) -> None:
        while not self._stopping.wait(0.5):
            process = self.process
            if process is None or process.poll() is None:
                continue
            if time.monotonic() - self._started_at >= HEALTHY_RUN_SECONDS:
                self.backoff.reset()
            delay = self.backoff.next()
            logger.warning(
                "worker (pid %s) exited with code %s; restarting in %.0f s",
                process.pid,
                process.returncode,
                delay,
            )
            if self._stopping.wait(delay):
                return
            self._spawn()

    def stop(self) -> None:
        """Stop watching, then ask the worker to stop (SIGTERM), and kill it if it will not."""
        with self._lock:
            self._stopping.set()
            process = self.process
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            logger.warning("worker (pid %s) ignored SIGTERM; killed", process.pid)
            process.kill()
            process.wait()
