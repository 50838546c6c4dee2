"""A simulated ZK machine listening on TCP and UDP (same port) on 127.0.0.1, in threads.

    with ZkSimulator(SimulatorConfig(n_records=50_000, comm_key=1234)) as sim:
        with ZkClient(sim.host, sim.port, comm_key=1234) as client:
            log = client.read_attendance()

It speaks enough of the protocol for our client and for pyzk 0.9 (connect, auth, sizes,
users, attendance, clock, enable/disable, free data, exit), so pyzk can cross-check it.
"""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
import time
from types import TracebackType

from hadir.protocols.zk import TcpFrameDecoder, frame_tcp
from hadir.zkpull.simdata import SimRecord, SimulatorConfig
from hadir.zkpull.simdevice import Answer, SimSession, ZkDevice

__all__ = ["SimRecord", "SimulatorConfig", "ZkDevice", "ZkSimulator"]

_POLL = 0.05
_SEND_TIMEOUT = 30.0
_BIND_ATTEMPTS = 20


class _TcpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], simulator: ZkSimulator) -> None:
        self.simulator = simulator
        super().__init__(address, _TcpHandler)


class _TcpHandler(socketserver.BaseRequestHandler):
    server: _TcpServer
    request: socket.socket

    def handle(self) -> None:
        simulator = self.server.simulator
        sock = self.request
        sock.settimeout(_POLL)
        decoder = TcpFrameDecoder()
        session = simulator.device.new_session()
        while not simulator.stopping:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            decoder.feed(chunk)
            while (payload := decoder.next_payload()) is not None:
                answer = simulator.device.handle(session, payload, "tcp")
                if not self._send(answer):
                    return

    def _send(self, answer: Answer) -> bool:
        """Send the answer in one write (as firmware does); False when hanging up."""
        sock = self.request
        if answer.payloads:
            self.server.simulator.pause()
            # The short receive timeout would also bound the whole sendall: lift it meanwhile.
            sock.settimeout(_SEND_TIMEOUT)
            try:
                sock.sendall(b"".join(frame_tcp(payload) for payload in answer.payloads))
            except OSError:
                return False
            sock.settimeout(_POLL)
        if answer.reset:
            # Linger 0: closing sends a reset instead of an orderly goodbye.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        return not answer.close
        return True


class _UdpServer(socketserver.UDPServer):
    allow_reuse_address = True
    max_packet_size = 65535

    def __init__(self, address: tuple[str, int], simulator: ZkSimulator) -> None:
        self.simulator = simulator
        self.sessions: dict[tuple[str, int], SimSession] = {}
        super().__init__(address, _UdpHandler)


class _UdpHandler(socketserver.BaseRequestHandler):
    server: _UdpServer
    request: tuple[bytes, socket.socket]
    client_address: tuple[str, int]

    def handle(self) -> None:
        data, sock = self.request
        simulator = self.server.simulator
        session = self.server.sessions.setdefault(
            self.client_address, simulator.device.new_session()
        )
        answer = simulator.device.handle(session, data, "udp")
        if answer.payloads:
            simulator.pause()
        for payload in answer.payloads:
            sock.sendto(payload, self.client_address)
        if answer.close and not session.silent:
            del self.server.sessions[self.client_address]


class ZkSimulator:
    """A machine on ``host:port`` (TCP and UDP). ``start()``/``stop()`` or ``with``."""

    def __init__(
        self, config: SimulatorConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.config = config or SimulatorConfig()
        self.device = ZkDevice(self.config)
        self.host = host
        self.port = port
        self.stopping = False
        self._servers: list[socketserver.BaseServer] = []
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> ZkSimulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> tuple[str, int]:
        """Bind TCP and UDP on the same port (an ephemeral one unless given) and serve."""
        tcp, udp = self._bind()
        self.port = tcp.server_address[1]
        self.stopping = False
        for server in (tcp, udp):
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": _POLL},
                name=f"zk-sim-{type(server).__name__}-{self.port}",
                daemon=True,
            )
            thread.start()
            self._servers.append(server)
            self._threads.append(thread)
        return self.host, self.port

    def stop(self) -> None:
        """Stop serving, close open connections and wait for the threads."""
        self.stopping = True
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join()
        self._servers.clear()
        self._threads.clear()

    def pause(self) -> None:
        """The configured reply delay (fault injection: a slow machine)."""
        if self.config.reply_delay:
            time.sleep(self.config.reply_delay)

    def _bind(self) -> tuple[_TcpServer, _UdpServer]:
        last_error: OSError | None = None
        for _ in range(_BIND_ATTEMPTS):
            tcp = _TcpServer((self.host, self.port), self)
            try:
                udp = _UdpServer((self.host, tcp.server_address[1]), self)
            except OSError as exc:  # that UDP port is taken: try another ephemeral port
                tcp.server_close()
                last_error = exc
                if self.port:
                    break
                continue
            return tcp, udp
        raise OSError(f"no port free for both TCP and UDP on {self.host}") from last_error
