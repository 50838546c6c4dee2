"""Job kinds and their handlers. Each app registers its handlers in ``AppConfig.ready``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

JobHandler = Callable[[dict[str, Any]], dict[str, Any]]
_HANDLERS: dict[str, JobHandler] = {}


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    def register(func: JobHandler) -> JobHandler:
        _HANDLERS[kind] = func
        return func

    return register


def handler_for(kind: str) -> JobHandler | None:
    return _HANDLERS.get(kind)


def registered_kinds() -> list[str]:
    return sorted(_HANDLERS)
