"""``hadir serve``: the web server (waitress) with a background worker beside it."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand


def start_worker() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "hadir", "worker"])


def serve_forever(host: str, port: int, threads: int) -> None:
    from waitress import serve

    from hadir.wsgi import application

    serve(application, host=host, port=port, threads=threads, ident="Hadir")


class Command(BaseCommand):
    help = "Serve Hadir over HTTP (waitress) and run the background worker beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true", help="Do not start the worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = None if options["no_worker"] else start_worker()
        self.stdout.write(f"Hadir: http://{options['host']}:{options['port']}/  (Ctrl+C stops)")
        try:
            serve_forever(options["host"], options["port"], options["threads"])
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
