"""Whether a PUSH request may speak for the machine whose SN it carries (docs/security.md).

Two checks, both cheap enough for every poll:

- **address binding**: an active machine with bound addresses (single addresses or CIDR
  ranges) is trusted only from inside them; a machine without any is not checked (shown as a
  warning on its page);
- **security PUSH session**: a machine that registered (``/iclock/registry``) must send the
  ``Cookie: token=...`` the protocol derives from its registry code, SN and session id.

The client address is ``REMOTE_ADDR``; ``X-Forwarded-For`` is read only when
``REMOTE_ADDR`` is one of ``HADIR_TRUSTED_PROXIES`` (anyone can write that header).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.devices.models import Device, DeviceState

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

BAD_NETWORK = gettext_noop(
    "Not an address or range: %(value)s. Write one per line, e.g. 203.0.113.7 or 10.20.0.0/16."
)
TOO_MANY_NETWORKS = gettext_noop("At most %(n)d addresses or ranges per machine.")
MAX_NETWORKS = 20


@lru_cache(maxsize=64)
def _proxies(spec: str) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in spec.split(",") if p)


def _parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address the request came from: the peer, or, when the peer is a trusted proxy,
    the nearest address in ``X-Forwarded-For`` that is not itself a trusted proxy."""
    peer = str(request.META.get("REMOTE_ADDR", "") or "")
    proxies = _proxies(settings.HADIR_TRUSTED_PROXIES)
    if not proxies or not _within(peer, proxies):
        return peer[:45]
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if _parse_address(hop) is None:
            break  # a forged or broken header: stop at the proxy itself
        if not _within(hop, proxies):
            return hop[:45]
    return peer[:45]


def _within(address: str, networks: Iterable[Network]) -> bool:
    parsed = _parse_address(address)
    if parsed is None:
        return False
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    return any(parsed.version == n.version and parsed in n for n in networks)


def clean_networks(lines: Sequence[str]) -> list[str]:
    """Addresses or CIDR ranges as typed (one per entry) -> normalised strings, or a
    ValidationError naming the first bad one."""
    cleaned: list[str] = []
    for raw in lines:
        value = raw.strip()
        if not value:
            continue
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError as error:
            raise ValidationError(_(BAD_NETWORK) % {"value": value[:60]}) from error
        if str(network) not in cleaned:
            cleaned.append(str(network))
    if len(cleaned) > MAX_NETWORKS:
        raise ValidationError(_(TOO_MANY_NETWORKS) % {"n": MAX_NETWORKS})
    return cleaned


def single_address_network(address: str) -> str | None:
    """``203.0.113.7`` -> ``203.0.113.7/32`` (what approval binds a machine to)."""
    parsed = _parse_address(address)
    if parsed is None:
        return None
    return str(ipaddress.ip_network(parsed))


# --- security PUSH tokens ------------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.strip().lower().encode()).hexdigest()


def cookie_token(request: HttpRequest) -> str | None:
    """``Cookie: token=...`` (firmware also writes ``token=..., timestamp=...``)."""
    header = str(request.META.get("HTTP_COOKIE", ""))
    if "token" not in header:
        return None
    for part in header.replace(",", ";").split(";"):
        name, _sep, value = part.strip().partition("=")
        if name.strip().lower() == "token" and value.strip():
            return value.strip()[:128]
    return None


# --- the verdict ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Guard:
    """What a request for one machine is checked against (cached with its id)."""

    enforced: bool
    networks: tuple[Network, ...]
    token_digest: str

    @classmethod
    def of(cls, device: Device) -> Guard:
        networks: tuple[Network, ...] = ()
        for value in device.bound_networks or []:
            try:
                networks += (ipaddress.ip_network(value, strict=False),)
            except ValueError:
                continue  # stored through clean_networks; a hand-edited row is ignored
        return cls(
            enforced=device.state != DeviceState.PENDING,
            networks=networks,
            token_digest=device.push_token_digest,
        )

    def address_ok(self, address: str) -> bool:
        return not self.enforced or not self.networks or _within(address, self.networks)

    def session_ok(self, token: str | None) -> bool:
        if not self.enforced or not self.token_digest:
            return True
        return token is not None and hmac.compare_digest(self.token_digest, token_digest(token))

    def allows(self, address: str, token: str | None) -> bool:
        return self.address_ok(address) and self.session_ok(token)


OPEN_GUARD = Guard(enforced=False, networks=(), token_digest="")
