"""Who may read ``/metrics``: a caller with ``HADIR_METRICS_TOKEN`` or from one of the
``HADIR_METRICS_ALLOW`` ranges. Neither set: the route does not exist (404)."""

from __future__ import annotations

import hmac
import ipaddress
from enum import Enum
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

from hadir.devices.trust import client_address

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class MetricsAccess(Enum):
    OFF = "off"  # nothing configured: 404
    REFUSED = "refused"  # configured, this caller is not named: 403
    ALLOWED = "allowed"


@lru_cache(maxsize=16)
def allowed_networks(spec: str) -> tuple[Network, ...]:
    """``HADIR_METRICS_ALLOW``: comma-separated addresses or CIDR ranges."""
    return tuple(
        ipaddress.ip_network(p.strip(), strict=False) for p in spec.split(",") if p.strip()
    )


def _bearer(request: HttpRequest) -> str:
    scheme, _, token = str(request.META.get("HTTP_AUTHORIZATION", "")).partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _from_allowed_network(request: HttpRequest, networks: tuple[Network, ...]) -> bool:
    # Behind nginx the peer is the proxy: client_address() believes X-Forwarded-For only from
    # HADIR_TRUSTED_PROXIES, so a range that contains the proxy must not be listed here.
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address.version == n.version and address in n for n in networks)


def metrics_access(request: HttpRequest) -> MetricsAccess:
    token = str(settings.HADIR_METRICS_TOKEN)
    networks = allowed_networks(str(settings.HADIR_METRICS_ALLOW))
    if not token and not networks:
        return MetricsAccess.OFF
    sent = _bearer(request)
    if token and sent and hmac.compare_digest(sent.encode(), token.encode()):
        return MetricsAccess.ALLOWED
    if networks and _from_allowed_network(request, networks):
        return MetricsAccess.ALLOWED
    return MetricsAccess.REFUSED
