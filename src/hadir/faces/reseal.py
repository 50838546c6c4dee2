"""After a change of ``SECRET_KEY``: seal every active face reference again under the current
key (the old key listed in ``SECRET_KEY_FALLBACKS`` still opens them until then)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction

from hadir.faces.models import FaceReference
from hadir.faces.sealing import SealBroken, resealed

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResealCounts:
    resealed: int
    already_current: int
    unreadable: int


def face_references_reseal() -> ResealCounts:
    """Each reference in its own short transaction; one that no key opens is counted (and
    logged by its number only) and the others go on."""
    resealed_count = current = unreadable = 0
    references = FaceReference.objects.filter(withdrawn_at__isnull=True).order_by("pk")
    for pk, employee_id, sealed in references.values_list("pk", "employee_id", "sealed_embedding"):
        try:
            fresh = resealed(bytes(sealed), employee_id=employee_id)
        except SealBroken:
            unreadable += 1
            logger.warning("face reference %s opens with no configured key", pk)
            continue
        if fresh is None:
            current += 1
            continue
        with transaction.atomic():
            FaceReference.objects.filter(pk=pk).update(sealed_embedding=fresh)
        resealed_count += 1
    return ResealCounts(resealed=resealed_count, already_current=current, unreadable=unreadable)
