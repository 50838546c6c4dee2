"""The one error the pure codec raises."""

from __future__ import annotations


class ZkDecodeError(ValueError):
    """Bytes from a machine (or meant for one) do not have the shape the protocol requires."""
