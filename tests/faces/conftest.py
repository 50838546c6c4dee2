"""Faces: an employee with a phone account, the unit's operator, a stored reference photo."""

from __future__ import annotations

import io
from typing import Any

import pytest

from hadir.accounts.models import Role
from hadir.requests.evidence import evidence_store
from tests.faces import faceset
from tests.mobile.conftest import people, send  # noqa: F401  (fixtures reused)


@pytest.fixture
def store():
    def go(picture_or_bytes: Any, name: str = "foto.jpg"):
        content = (
            picture_or_bytes
            if isinstance(picture_or_bytes, bytes)
            else faceset.jpeg(picture_or_bytes)
        )
        return evidence_store(stream=io.BytesIO(content), filename=name, actor=None)

    return go


@pytest.fixture
def operator(request, make_user):
    unit = request.getfixturevalue("people")["unit"]
    return make_user("operator.dinkes", Role.OPERATOR, unit)
