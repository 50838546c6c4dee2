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


class HttpTransport:
    def __init__(self, base_url: str, *, user_agent: str, timeout: float) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"server URL must be http(s)://host[:port][/prefix]: {base_url!r}")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._user_agent = user_agent
        self._timeout = timeout

    def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, str],
        *,
        body: bytes | None = None,
        content_type: str | None = None,
    ) -> HttpReply:
        target = f"{self._prefix}{path}?{urlencode(params, quote_via=quote, safe='')}"
        headers = {"User-Agent": self._user_agent, "Connection": "close", "Accept": "*/*"}
        if content_type is not None and body is not None:
            headers["Content-Type"] = content_type
        connection_class = (
            http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        )
        connection = connection_class(self._host, self._port, timeout=self._timeout)
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            return HttpReply(
                status=response.status,
                body=data.decode("utf-8", errors="replace"),
                date=response.getheader("Date"),
            )
        except (OSError, http.client.HTTPException) as error:
            raise TransportError(f"{method} {path}: {error!r}") from error
        finally:
            connection.close()
