"""Face checks shown beside a request: its evidence videos' and its phone captures'."""

from __future__ import annotations

from django.db.models import Q

from hadir.faces.models import FaceCheck
from hadir.requests.models import Request


def checks_for_request(request: Request) -> list[FaceCheck]:
    return list(
        FaceCheck.objects.filter(Q(request=request) | Q(capture__request=request))
        .select_related("capture")
        .order_by("checked_at", "pk")
    )
