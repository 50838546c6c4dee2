"""Numbers a punch brings that its columns must hold: the machine's status and verify mode are
SmallIntegerField. A value out of that range (a firmware bug, a forged batch: 2**63) would
make the database refuse the whole batch; the punch goes to quarantine with the reason
instead, and the rest of the batch is stored."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.edge import EdgeError, small_int_value
from hadir.edge.limits import SMALL_INT_MAX, SMALL_INT_MIN

if TYPE_CHECKING:
    from hadir.punches.services import IncomingPunch, IncomingRejected

NUMBER_OUT_OF_RANGE = "number_out_of_range"
KEPT_ASIDE = gettext_noop("Punch of PIN %(pin)s at %(time)s kept aside: %(problem)s")


def _problem(punch: IncomingPunch) -> str | None:
    for name in ("status", "verify"):
        value = getattr(punch, name)
        if value is None or (type(value) is int and SMALL_INT_MIN <= value <= SMALL_INT_MAX):
            continue  # the common case, decided without building an error (push hot path)
        try:
            small_int_value(value, name=name)
        except EdgeError as error:
            return error.text
    return None


def split_out_of_range(
    punches: Sequence[IncomingPunch],
) -> tuple[list[IncomingPunch], list[IncomingRejected]]:
    """The punches whose numbers fit, and the others as quarantine lines (line number = the
    punch's place in the batch, from 1)."""
    from hadir.punches.services import IncomingRejected

    kept: list[IncomingPunch] = []
    rejected: list[IncomingRejected] = []
    for line_no, punch in enumerate(punches, start=1):
        problem = _problem(punch)
        if problem is None:
            kept.append(punch)
            continue
        message = _(KEPT_ASIDE) % {
            "pin": punch.pin[:24],
            "time": f"{punch.local_time:%Y-%m-%d %H:%M:%S}",
            "problem": problem,
        }
        raw = punch.raw or f"{punch.pin}\t{punch.local_time}\t{punch.status}\t{punch.verify}"
        rejected.append(IncomingRejected(line_no, raw, NUMBER_OUT_OF_RANGE, message))
    return kept, rejected
