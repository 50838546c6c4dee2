"""The preview of one imported row: what would happen to it, and why."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

DATABASE_REFUSED = gettext_noop("the database refused the row (%(error)s).")
NOT_SAVED = gettext_noop("Not saved: %(problem)s Fix the row and upload the file again.")


class RowStatus(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    INVALID = "invalid"


@dataclass
class RowOutcome:
    line: int
    key: str
    status: RowStatus
    values: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RowOutcome:
        return cls(**{**data, "status": RowStatus(data["status"])})


def count_by_status(outcomes: list[RowOutcome]) -> dict[str, int]:
    counts = {status.value: 0 for status in RowStatus}
    for outcome in outcomes:
        counts[outcome.status.value] += 1
    return counts


@contextmanager
def row_savepoint(outcome: RowOutcome) -> Iterator[None]:
    """Apply one row in its own savepoint. If the database refuses it (someone changed the
    data since the preview), the row is undone alone and turned into a refused row with
    the reason; the other rows are still written."""
    try:
        with transaction.atomic():
            yield
    except ValidationError as error:
        refuse_row(outcome, " ".join(error.messages))
    except (ObjectDoesNotExist, DatabaseError) as error:
        refuse_row(outcome, _(DATABASE_REFUSED) % {"error": type(error).__name__})


def refuse_row(outcome: RowOutcome, problem: str) -> None:
    outcome.status = RowStatus.INVALID
    outcome.changes = {}
    outcome.errors = [*outcome.errors, _(NOT_SAVED) % {"problem": problem}]
