"""Talking to the Hadir server's agent API (``/api/v1/agent/...``) with the agent token."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from hadir.agent import VERSION

MSG_UNREACHABLE = "Server Hadir {url} tidak bisa dihubungi: {detail}"
MSG_SERVER_ERROR = "Server Hadir sedang bermasalah (HTTP {status}); data tetap disimpan di agen."
MSG_BAD_TOKEN = (
    "Server Hadir menolak token agen (HTTP 401): periksa isian 'token' di berkas konfigurasi, "  # noqa: S105
    "atau minta token baru ke admin Hadir (hadir agent-token create)."
)
MSG_REFUSED = "Server Hadir menolak data (HTTP {status}): {detail}"


class ServerError(Exception):
    """Base: ``str(error)`` is a sentence for the operator."""


class ServerUnreachable(ServerError):
    """No answer, or a 5xx: try again later (with backoff); nothing is lost."""


class ServerRefused(ServerError):
    """A 4xx: the server will not take this as it is (wrong token, another unit's machine)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _detail(body: bytes) -> str:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return body[:200].decode("utf-8", "replace")
    detail = data.get("detail", data) if isinstance(data, dict) else data
    return detail if isinstance(detail, str) else json.dumps(detail)[:300]


class ServerClient:
    def __init__(self, url: str, token: str, *, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _call(self, method: str, path: str, payload: Any = None) -> Any:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(  # noqa: S310 - the configured server URL
            f"{self.url}/api/v1/agent/{path}",
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "User-Agent": f"hadir-agent/{VERSION}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            body = error.read()
            if error.code >= 500:
                raise ServerUnreachable(MSG_SERVER_ERROR.format(status=error.code)) from error
            if error.code == 401:
                raise ServerRefused(MSG_BAD_TOKEN, 401) from error
            message = MSG_REFUSED.format(status=error.code, detail=_detail(body))
            raise ServerRefused(message, error.code) from error
        except (TimeoutError, urllib.error.URLError, OSError, ValueError) as error:
            detail = getattr(error, "reason", error)
            raise ServerUnreachable(MSG_UNREACHABLE.format(url=self.url, detail=detail)) from error

    def config(self) -> dict[str, Any]:
        return dict(self._call("GET", "config"))

    def send_punches(self, payload: dict[str, Any]) -> dict[str, Any]:
        return dict(self._call("POST", "punches", payload))

    def send_users(self, payload: dict[str, Any]) -> dict[str, Any]:
        return dict(self._call("POST", "users", payload))

    def send_health(self, payload: dict[str, Any]) -> dict[str, Any]:
        return dict(self._call("POST", "health", payload))
