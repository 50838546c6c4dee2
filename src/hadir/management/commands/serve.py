"""``hadir serve``: the web server (waitress) with a supervised background worker beside it."""

from __future__ import annotations

import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hadir.jobs.supervisor import WorkerSupervisor
from hadir.serving import (
    fork_servers,
    listening_socket,
    stop_servers,
    wait_for_servers,
    waitress_options,
)

MAX_PROCESSES = 32


def serve_forever(host: str, port: int, threads: int) -> None:
    from waitress import serve

    from hadir.wsgi import application

    # waitress 3 drops X-Forwarded-* headers unless told which proxy to trust, and its own
    # proxy handling would overwrite REMOTE_ADDR. Hadir decides itself whom to believe
    # (HADIR_HTTPS for X-Forwarded-Proto, HADIR_TRUSTED_PROXIES and HADIR_PROXY_COUNT for
    # X-Forwarded-For), so the headers are passed through unchanged. Without this, behind
    # nginx every HTTPS request looked like plain HTTP and was redirected forever.
    serve(application, host=host, port=port, **waitress_options(threads))


def _stop_on_sigterm(*_: object) -> None:
    # waitress ends its loop on SystemExit like on Ctrl+C, so the worker is stopped below.
    raise SystemExit(0)


class Command(BaseCommand):
    help = "Serve Hadir over HTTP (waitress) and run the background worker beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Server processes sharing the port (PostgreSQL; see hadir.serving).",
        )
        parser.add_argument("--no-worker", action="store_true", help="Do not start the worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        processes = min(max(options["processes"], 1), MAX_PROCESSES)
        children: list[int] = []
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
        supervisor = None if options["no_worker"] else WorkerSupervisor()
        try:
            if processes > 1:  # forked before any thread starts here (the supervisor's)
                with listening_socket(options["host"], options["port"]) as sock:
                    children.extend(fork_servers(sock, options["threads"], processes))
            if supervisor is not None:
                supervisor.start()
            self.stdout.write(f"Hadir: http://{options['host']}:{options['port']}/  (Ctrl+C stops)")
            if children:
                ended = wait_for_servers()
                children.remove(ended)
                raise CommandError(f"server process {ended} ended; stopping the others")
            serve_forever(options["host"], options["port"], options["threads"])
        finally:
            stop_servers(children)
            # A second signal must not cut the worker's shutdown short.
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            if supervisor is not None:
                supervisor.stop()
