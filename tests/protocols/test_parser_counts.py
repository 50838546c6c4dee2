"""Hypothesis: every line of an ATTLOG or OPERLOG body is accounted for (parsed, refused with
a reason, or blank), whatever the body; over-long lines are refused unsplit, kept cut."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hadir.protocols.attlog import (
    MAX_LINE_BYTES,
    RejectReason,
    parse_push_attlog,
    parse_usb_attlog,
)
from hadir.protocols.operlog import parse_operlog

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GOOD_PUSH = b"46\t2025-01-29 06:58:48\t0\t15\t0\t0\t0"
GOOD_USB = b"       46\t2025-01-29 06:58:48\t1\t0\t1\t0"
operlog_pieces = st.sampled_from(
    [
        b"USER PIN=1\tName=Ani\tPri=0\tPasswd=123\tCard=\tGrp=1\tTZ=0000000100000000\n",
        b"OPLOG 4\t0\t2025-01-29 06:58:48\t1\t0\t0\t0\n",
        b"FP PIN=1\tFID=0\tSize=4\tValid=1\tTMP=AAAA\n",
        b"BIOPHOTO PIN=1\n",
        b"\n",
        b"\r\n",
        b"USER \n",
        b"OPLOG x\n",
        b"\xff\xfe\n",
        b"\t" * 3,
    ]
) | st.binary(max_size=12)
attlog_lines = st.sampled_from([GOOD_PUSH, GOOD_USB, b"", b"\t" * 2000, b"9" * 1500]) | st.binary(
    max_size=40
)


def lines_in(data: bytes) -> int:
    if not data:
        return 0
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


@FAST
@example(body=b"\t" * 50_000)  # one line of tabs: refused whole, never split 50,000 times
@example(body=GOOD_PUSH + b"\n" + b"x" * (MAX_LINE_BYTES + 1) + b"\n" + GOOD_USB)
@given(body=st.lists(attlog_lines, max_size=12).map(b"\n".join))
def test_attlog_every_line_is_counted_and_long_lines_are_cut(body: bytes) -> None:
    for parse in (parse_push_attlog, parse_usb_attlog):
        batch = parse(body)
        assert len(batch.punches) + len(batch.rejected) + batch.blank_lines == lines_in(body)
        for refused in batch.rejected:
            assert refused.message
            assert len(refused.raw_bytes) <= MAX_LINE_BYTES
            if refused.reason is RejectReason.LINE_TOO_LONG:
                assert "terlalu panjang" in refused.message


@FAST
@example(body=b"USER " + b"\t" * 5000)
@given(body=st.lists(operlog_pieces, max_size=20).map(b"".join))
def test_operlog_every_line_is_counted(body: bytes) -> None:
    batch = parse_operlog(body)
    assert batch.processed_count + batch.blank_lines == lines_in(body)
    for line in batch.unrecognised:
        assert line.message


@pytest.mark.parametrize(
    ("line", "reason", "shown"),
    [
        (b"46\t2025-01-29 06:58:48\t0\t99999\t0\t0\t0", RejectReason.BAD_NUMBER, "di luar batas"),
        (b"4\x006\t2025-01-29 06:58:48\t0\t15\t0\t0\t0", RejectReason.INVALID_PIN, "\\x00"),
    ],
    ids=["verify-beyond-smallint", "nul-in-pin"],
)
def test_what_a_database_cannot_keep_is_refused_in_words(
    line: bytes, reason: RejectReason, shown: str
) -> None:
    (refused,) = parse_push_attlog(line + b"\n").rejected
    assert refused.reason is reason
    assert "\x00" not in refused.raw and "\x00" not in refused.message
    assert shown in refused.message or shown in refused.raw
    assert refused.raw_bytes == line  # the exact bytes are kept
