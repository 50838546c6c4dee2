"""``hadir worker``: run background jobs until stopped (``--once`` drains and exits)."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from hadir.jobs.services import job_run_next, jobs_requeue_stale, jobs_run_pending, run_idle_tasks


class Command(BaseCommand):
    help = "Run background jobs (recompute, imports, exports) until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run due jobs, then exit.")

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
        jobs_requeue_stale()
        while not stopping:
            close_old_connections()
            if job_run_next() is None and not run_idle_tasks():
                time.sleep(settings.HADIR_WORKER_IDLE_SECONDS)
        self.stdout.write("Worker stopped.")
