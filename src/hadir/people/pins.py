"""Device PINs: one PIN identifies one employee on every machine in the region."""

from __future__ import annotations

import re

PIN_PATTERN = re.compile(r"^[0-9A-Za-z]{1,24}$")


def normalize_pin(raw: str) -> str:
    """Machines pad PINs with spaces (USB files) and some with zeros; ``" 0012"`` is ``"12"``.

    Numeric PINs lose leading zeros so that the same person matches on every machine;
    alphanumeric PINs are kept as typed (upper-cased).
    """
    pin = (raw or "").strip()
    if pin.isdigit():
        return pin.lstrip("0") or "0"
    return pin.upper()
