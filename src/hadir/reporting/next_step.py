"""What happens next to a unit's month, and who acts: said on the report page in every
state, so that nobody sees "Terbuka" without knowing what to do.

The operator submits and the head of unit signs; a unit with no operator (none on it or on a
unit above it) is submitted and signed by its head in one step; BKD verifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hadir.accounts.models import Role, User
from hadir.org.models import Unit
from hadir.reporting.roles import has_operator, holds_role, unit_role_holders

OPERATOR_SUBMITS = gettext_noop(
    "Next: the unit's operator submits the month to the head of unit, by %(day)s."
)
YOU_SUBMIT = gettext_noop(
    "Next: you submit the month to the head of unit, by %(day)s (the button below)."
)
HEAD_SUBMITS_AND_SIGNS = gettext_noop(
    "This unit has no operator: the head of unit submits and signs the month in one step, "
    "by %(day)s."
)
YOU_SUBMIT_AND_SIGN = gettext_noop(
    "This unit has no operator: you submit and sign the month in one step, by %(day)s (the "
    "button below)."
)
NOBODY_TO_SUBMIT = gettext_noop(
    "This unit has neither an operator nor a head of unit: ask BKD to give someone the role, "
    "then the month can be submitted."
)
HEAD_SIGNS = gettext_noop("Next: the head of unit signs the month and sends it to BKD.")
YOU_SIGN = gettext_noop("Next: you sign the month and send it to BKD (the button below).")
BKD_VERIFIES = gettext_noop("Next: BKD verifies the month and locks it.")
YOU_VERIFY = gettext_noop("Next: you verify the month and lock it (the button below).")
DONE = gettext_noop("Done: BKD verified the month; it is locked.")


@dataclass(frozen=True, slots=True)
class NextStep:
    """``text``: what happens next and who acts; ``action``: the viewer's button (the
    action of ``unit-report-action``), None when the viewer waits for someone else;
    ``submit_and_sign``: the submit button also signs (a head without an operator)."""

    text: str
    action: str | None = None
    submit_and_sign: bool = False


def _open_step(unit: Unit, deadline: date, viewer: User | object) -> NextStep:
    day = date_format(deadline, "j F Y")
    if has_operator(unit):
        if holds_role(viewer, Role.OPERATOR, unit):
            return NextStep(_(YOU_SUBMIT) % {"day": day}, "submit")
        return NextStep(_(OPERATOR_SUBMITS) % {"day": day})
    if holds_role(viewer, Role.HEAD, unit):
        return NextStep(_(YOU_SUBMIT_AND_SIGN) % {"day": day}, "submit", submit_and_sign=True)
    if unit_role_holders(unit, Role.HEAD):
        return NextStep(_(HEAD_SUBMITS_AND_SIGNS) % {"day": day})
    return NextStep(_(NOBODY_TO_SUBMIT))


def next_step(*, unit: Unit, state: str, deadline: date, viewer: User | object) -> NextStep:
    if state in ("open", "reopened"):
        return _open_step(unit, deadline, viewer)
    if state == "submitted":
        if holds_role(viewer, Role.HEAD, unit):
            return NextStep(_(YOU_SIGN), "sign")
        return NextStep(_(HEAD_SIGNS))
    if state == "signed":
        if holds_role(viewer, Role.BKD_ADMIN, unit):
            return NextStep(_(YOU_VERIFY), "verify")
        return NextStep(_(BKD_VERIFIES))
    return NextStep(_(DONE))
