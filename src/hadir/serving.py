"""Several web server processes on one port (``hadir serve --processes N``).

One Python process answers about a thousand requests a second on one core whatever the
database does (the GIL); a province's morning peak needs more. The parent binds the port
once and forks N children that each run waitress on the same listening socket, so the
kernel spreads connections over them. Each child opens its own database connections (none
is open at the fork). Nothing is shared in memory: every guarantee of the ingest path lives
in the database (the ledger's chain head row, unique keys, transactions), so N processes
store exactly what one would. Use it on PostgreSQL; on SQLite the writers queue on the
file's one write lock, so a second process adds little.

If a child dies, the parent stops the others and exits with an error: the service manager
(systemd, the container runtime) restarts the whole server, as it would a single process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import traceback
from typing import Any

from django.db import connections


def listening_socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock


def waitress_options(threads: int) -> dict[str, Any]:
    """The same for one process and for N (see ``hadir serve`` for why the proxy headers
    are passed through unchanged)."""
    return {"threads": threads, "ident": "Hadir", "clear_untrusted_proxy_headers": False}


def _child(sock: socket.socket, threads: int) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    from waitress import serve

    from hadir.wsgi import application

    serve(application, sockets=[sock], **waitress_options(threads))


def fork_servers(sock: socket.socket, threads: int, processes: int) -> list[int]:
    """Fork the server processes; call before any thread is started in this process."""
    connections.close_all()
    children = []
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, measured by the bench and tests
            code = 0
            try:
                _child(sock, threads)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        children.append(pid)
    return children


def wait_for_servers() -> int:
    """Block until a child ends (or a signal raises here); returns that child's pid."""
    pid, _status = os.wait()
    return pid


def stop_servers(children: list[int]) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    for pid in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
