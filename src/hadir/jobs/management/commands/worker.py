"""``hadir worker``: run background jobs until stopped (``--once`` drains and exits)."""

from __future__ import annotations

import signal
from typing import Any

from django.core.management.base import BaseCommand

from hadir.jobs.loop import WorkerLoop
from hadir.jobs.services import jobs_run_pending, run_idle_tasks


class Command(BaseCommand):
    help = "Run background jobs (recompute, imports, exports) until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run due jobs, then exit.")
        parser.add_argument(
            "--parent-pid",
            type=int,
            help="Stop when this process (hadir serve, which starts the worker) is gone.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            count = jobs_run_pending()
            while run_idle_tasks():
                pass
            self.stdout.write(f"{count} job(s) run.")
            return
        stopping = False

        def stop(*_: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write("Worker started; Ctrl+C stops it.")
        self.stdout.flush()
        WorkerLoop(lambda: stopping, parent_pid=options["parent_pid"]).run()
        self.stdout.write("Worker stopped.")
