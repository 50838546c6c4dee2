"""A minimal iclock server for simulator tests, built on hadir.protocols and http.server.

Idempotent like the real receiver must be (punches keyed by SN + PIN + time), answers
``OK: n`` after "committing", and can misbehave on purpose: fail every request for a while
(HTTP 500 or a dropped connection) or spoil the reply of the next ATTLOG posts.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from hadir.protocols import (
    CommandResult,
    DeviceCommand,
    HandshakeOptions,
    ParsedPunch,
    RejectedLine,
    parse_command_results,
    parse_push_attlog,
    parse_push_query,
    render_getrequest_reply,
    render_handshake,
    render_upload_reply,
)
from hadir.protocols.push import REPLY_OK, DeviceInfo

# What the server does with one ATTLOG post.
OK = "ok"  # store, answer "OK: n"
OK_NO_SPACE = "ok_no_space"  # store, answer "OK:n"
HTTP_500 = "500"  # store nothing, answer 500
DROP = "drop"  # store nothing, close the connection without a reply
DROP_AFTER_COMMIT = "drop_after_commit"  # store, then close without a reply
BARE_OK = "bare_ok"  # store, answer "OK" (the reply that caused 220 resends)
WRONG_N = "wrong_n"  # store, answer "OK: n-1"


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass
class ServerState:
    options: HandshakeOptions = field(default_factory=lambda: HandshakeOptions(error_delay=1))
    outage: str | None = None  # HTTP_500 or DROP for every request while set
    attlog_behaviours: deque[str] = field(default_factory=deque)
    commands: deque[tuple[str, DeviceCommand]] = field(default_factory=deque)
    raw_command_lines: deque[str] = field(default_factory=deque)  # sent as-is, unvalidated
    failing_paths: set[str] = field(default_factory=set)  # answer 500 on these paths
    punches: dict[str, ParsedPunch] = field(default_factory=dict)
    rejected: list[RejectedLine] = field(default_factory=list)
    duplicates: int = 0
    results: list[CommandResult] = field(default_factory=list)
    infos: list[DeviceInfo] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def attlog_posts(self) -> list[Request]:
        return [r for r in self.requests if r.path == "/iclock/cdata" and r.method == "POST"]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Silence the default stderr log."""

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with state.lock:
            state.requests.append(
                Request(method, parts.path, parts.query, dict(self.headers.items()), body)
            )
            outage = HTTP_500 if parts.path in state.failing_paths else state.outage
        if outage == DROP:
            return
        if outage == HTTP_500:
            self._reply(500, "error")
            return
        query = parse_push_query(parts.query)
        if parts.path == "/iclock/cdata" and method == "GET" and query.is_handshake:
            self._reply(200, render_handshake(query.sn, state.options))
        elif parts.path == "/iclock/cdata" and query.table == "ATTLOG":
            self._attlog(query.sn, body)
        elif parts.path == "/iclock/getrequest":
            with state.lock:
                if query.device_info is not None:
                    state.infos.append(query.device_info)
                queued = list(state.commands)
                raw = list(state.raw_command_lines)
                state.commands.clear()
                state.raw_command_lines.clear()
            reply = render_getrequest_reply(queued)
            if raw:
                reply = "\n".join(([] if reply == REPLY_OK else [reply.rstrip()]) + raw) + "\n"
            self._reply(200, reply)
        elif parts.path == "/iclock/devicecmd":
            with state.lock:
                state.results.extend(parse_command_results(body).results)
            self._reply(200, REPLY_OK)
        else:
            self._reply(200, REPLY_OK)

    def _attlog(self, sn: str, body: bytes) -> None:
        state = self.server.state
        with state.lock:
            behaviour = state.attlog_behaviours.popleft() if state.attlog_behaviours else OK
            if behaviour in (HTTP_500, DROP):
                pass
            else:
                batch = parse_push_attlog(body)
                for punch in batch.punches:
                    key = punch.idempotency_key(sn)
                    if key in state.punches:
                        state.duplicates += 1
                    else:
                        state.punches[key] = punch
                state.rejected.extend(batch.rejected)
                count = batch.processed_count
        if behaviour in (DROP, DROP_AFTER_COMMIT):
            return
        if behaviour == HTTP_500:
            self._reply(500, "error")
        elif behaviour == BARE_OK:
            self._reply(200, REPLY_OK)
        elif behaviour == WRONG_N:
            self._reply(200, render_upload_reply(max(count - 1, 0)))
        elif behaviour == OK_NO_SPACE:
            self._reply(200, f"OK:{count}")
        else:
            self._reply(200, render_upload_reply(count))

    def _reply(self, status: int, text: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: ServerState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


@contextmanager
def running_server(state: ServerState | None = None) -> Iterator[tuple[str, ServerState]]:
    """Serve on an ephemeral 127.0.0.1 port; yields (base URL, state)."""
    state = state or ServerState()
    server = _Server(state)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
