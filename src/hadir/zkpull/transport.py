"""Moving payloads over a socket: TCP frames or UDP datagrams, one payload at a time."""

from __future__ import annotations

import socket
import time
from typing import Literal, Protocol

from hadir.protocols.zk import TCP_CHUNK_SIZE, UDP_CHUNK_SIZE, TcpFrameDecoder, frame_tcp

TransportName = Literal["tcp", "udp"]

_RECV_SIZE = 256 * 1024
_UDP_RECEIVE_BUFFER = 1024 * 1024


class Transport(Protocol):
    """What the client needs from a socket."""

    name: TransportName
    chunk_size: int

    def send(self, payload: bytes) -> None: ...

    def receive(self, timeout: float) -> bytes:
        """The next payload; TimeoutError, or OSError when the connection is gone."""
        ...

    def close(self) -> None: ...


class TcpTransport:
    """TCP: payloads framed with ``50 50 82 7d`` + length, cut back out of the stream."""

    name: TransportName = "tcp"
    chunk_size = TCP_CHUNK_SIZE

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._decoder = TcpFrameDecoder()

    @classmethod
    def open(cls, host: str, port: int, timeout: float) -> TcpTransport:
        sock = socket.create_connection((host, port), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(sock)

    def send(self, payload: bytes) -> None:
        self._sock.sendall(frame_tcp(payload))

    def receive(self, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        while (payload := self._decoder.next_payload()) is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no complete frame before the timeout")
            self._sock.settimeout(remaining)
            chunk = self._sock.recv(_RECV_SIZE)
            if not chunk:
                raise ConnectionResetError("the machine closed the connection")
            self._decoder.feed(chunk)
        return payload

    def close(self) -> None:
        self._sock.close()


class UdpTransport:
    """UDP: one datagram is one payload. The socket is connected, so only the machine's
    datagrams are received and an ICMP "port unreachable" surfaces as an error."""

    name: TransportName = "udp"
    chunk_size = UDP_CHUNK_SIZE

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    @classmethod
    def open(cls, host: str, port: int, timeout: float) -> UdpTransport:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_DGRAM
        )[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _UDP_RECEIVE_BUFFER)
        sock.settimeout(timeout)
        sock.connect(address)
        return cls(sock)

    def send(self, payload: bytes) -> None:
        self._sock.send(payload)

    def receive(self, timeout: float) -> bytes:
        self._sock.settimeout(timeout)
        return self._sock.recv(65535)

    def close(self) -> None:
        self._sock.close()


def open_transport(name: TransportName, host: str, port: int, timeout: float) -> Transport:
    """Open a TCP or UDP transport to ``host:port``."""
    if name == "tcp":
        return TcpTransport.open(host, port, timeout)
    if name == "udp":
        return UdpTransport.open(host, port, timeout)
    raise ValueError(f"transport must be 'tcp' or 'udp', not {name!r}")
