"""Plain HTTP/1.0-style requests the way the machines make them (stdlib ``http.client``).

``http.client`` rather than ``urllib.request`` because urllib adds a form Content-Type to
every POST, and real devices often send none. One connection per request, ``Connection:
close``, ``User-Agent: iClock Proxy/1.09``, query values percent-encoded (``%20``).
"""

from __future__ import annotations

import http.client
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit


class TransportError(Exception):
    """The server could not be reached or closed the connection without a reply."""


@dataclass(frozen=True, slots=True)
class HttpReply:
    status: int
    body: str
    date: str | None
    set_cookie: str | None = None


class HttpTransport:
    def __init__(
        self,
        base_url: str,
        *,
        user_agent: str,
        timeout: float,
        source_address: str | None = None,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"server URL must be http(s)://host[:port][/prefix]: {base_url!r}")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._user_agent = user_agent
        self._timeout = timeout
        # The local address to send from (a machine on another network, in tests).
        self._source = (source_address, 0) if source_address else None

    def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, str],
        *,
        body: bytes | None = None,
        content_type: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> HttpReply:
        target = f"{self._prefix}{path}?{urlencode(params, quote_via=quote, safe='')}"
        sent = {"User-Agent": self._user_agent, "Connection": "close", "Accept": "*/*"}
        sent.update(headers or {})
        if content_type is not None and body is not None:
            sent["Content-Type"] = content_type
        connection_class = (
            http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        )
        connection = connection_class(
            self._host, self._port, timeout=self._timeout, source_address=self._source
        )
        try:
            connection.request(method, target, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            return HttpReply(
                status=response.status,
                body=data.decode("utf-8", errors="replace"),
                date=response.getheader("Date"),
                set_cookie=response.getheader("Set-Cookie"),
            )
        except (OSError, http.client.HTTPException) as error:
            raise TransportError(f"{method} {path}: {error!r}") from error
        finally:
            connection.close()
