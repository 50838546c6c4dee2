"""``hadir serve``: the web server (waitress) with a supervised background worker beside it."""

from __future__ import annotations

import signal
from typing import Any

from django.core.management.base import BaseCommand

from hadir.jobs.supervisor import WorkerSupervisor


def serve_forever(host: str, port: int, threads: int) -> None:
    from waitress import serve

    from hadir.wsgi import application

    serve(application, host=host, port=port, threads=threads, ident="Hadir")


def _stop_on_sigterm(*_: object) -> None:
    # waitress ends its loop on SystemExit like on Ctrl+C, so the worker is stopped below.
    raise SystemExit(0)


class Command(BaseCommand):
    help = "Serve Hadir over HTTP (waitress) and run the background worker beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true", help="Do not start the worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
        supervisor = None if options["no_worker"] else WorkerSupervisor()
        try:
            if supervisor is not None:
                supervisor.start()
            self.stdout.write(f"Hadir: http://{options['host']}:{options['port']}/  (Ctrl+C stops)")
            serve_forever(options["host"], options["port"], options["threads"])
        finally:
            # A second signal must not cut the worker's shutdown short.
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            if supervisor is not None:
                supervisor.stop()
