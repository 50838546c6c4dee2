"""The preview of one imported row: what would happen to it, and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


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
