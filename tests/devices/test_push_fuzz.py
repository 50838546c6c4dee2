"""Hypothesis through the real PUSH endpoint: whatever a machine sends as ATTLOG is answered
``OK: n`` with every non-blank line stored or quarantined, never a 500 (a 500 makes the
machine resend the same batch forever)."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hadir.punches.models import Punch, QuarantinedLine
from tests.devices.conftest import post_attlog

pytestmark = pytest.mark.django_db
CHECKED = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
pieces = st.sampled_from(
    [
        b"46\t2025-01-29 06:58:48\t0\t15\t0\t0\t0",
        b"\n",
        b"\t",
        b"\x00",
        b"\xff",
        b"99999",
        b"2025-02-30 07:00:00",
        b"\t" * 1100,
        b"\r\n",
    ]
) | st.binary(max_size=10)


def records_in(body: bytes) -> int:
    """Non-blank lines as the protocol counts them: one CR before the LF belongs to the line
    end, a BOM opens the body, only spaces make a line blank (a TAB is an empty record)."""
    lines = body.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    return sum(1 for line in lines if line.removesuffix(b"\r").strip(b" "))


@CHECKED
@example(body=b"\r\r")  # a bare CR is a record (refused), not a blank line
@example(body=b"46\t2025-01-29 06:58:48\x00\t0\t15\t0\t0\t0\n")  # NUL inside a line
@example(body=b"4\x006\t2025-01-29 06:58:48\t0\t15\t0\t0\t0\n")
@example(body=b"46\t2025-01-29 06:58:48\t0\t99999\t0\t0\t0\n")  # verify beyond smallint
@given(body=st.lists(pieces, max_size=12).map(b"".join))
def test_any_attlog_body_is_answered_and_kept(active_device, body: bytes) -> None:
    before = Punch.objects.count() + QuarantinedLine.objects.count()
    response = post_attlog(Client(), active_device.sn, body)
    assert response.status_code == 200, response.content[:200]
    text = response.content.decode()
    assert text.startswith("OK: ")
    handled = int(text.split(":")[1])
    assert handled == records_in(body)
    assert Punch.objects.count() + QuarantinedLine.objects.count() - before <= handled
