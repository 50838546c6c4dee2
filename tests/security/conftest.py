"""The route matrix's world: built once per test module, rolled back at its end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from tests.security.matrix import log_in_everyone
from tests.security.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: object, django_db_blocker: Any) -> Iterator[World]:
    """Built inside a transaction that is rolled back when the module ends; each test runs
    in a savepoint inside it, so a write never leaks into the next test."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        log_in_everyone(built)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _seeded_defaults(db: object) -> None:
    """Overrides the suite-wide fixture: the world seeded the default schedules once for the
    module, and each test's savepoint keeps them (a thousand cells need not seed again)."""
