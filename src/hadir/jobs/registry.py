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


IdleTask = Callable[[], bool]
_IDLE_TASKS: list[IdleTask] = []


def idle_task(func: IdleTask) -> IdleTask:
    """Register work the worker does when no job is due; it returns True if it did any."""
    _IDLE_TASKS.append(func)
    return func


def idle_tasks() -> list[IdleTask]:
    return list(_IDLE_TASKS)
