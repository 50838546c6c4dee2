"""``{% phone_captures request %}``: the trust signals of the captures behind a request, for
the approver (the request page shows it where the evidence may be seen)."""

from __future__ import annotations

from typing import Any

from django import template

from hadir.mobile.selectors import captures_of_request
from hadir.requests.models import Request

register = template.Library()


@register.inclusion_tag("mobile/_signals.html")
def phone_captures(request: Request) -> dict[str, Any]:
    return {"captures": list(captures_of_request(request).order_by("captured_at"))}
