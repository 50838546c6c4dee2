"""Packets, checksum, TCP framing, comm key, time, sizes and transfers (pure codec)."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from zk.base import make_commkey as pyzk_make_commkey

from hadir.protocols.zk import (
    Cmd,
    DeviceSizes,
    Packet,
    TcpFrameDecoder,
    ZkDecodeError,
    checksum,
    comm_key_matches,
    decode_payload,
    decode_sizes,
    decode_time,
    encode_payload,
    encode_sizes,
    encode_time,
    frame_tcp,
    make_comm_key,
    next_reply_number,
    unframe_tcp,
)
from hadir.protocols.zk.commkey import _mirror_32_bits
from hadir.protocols.zk.fields import infer_record_size
from hadir.protocols.zk.transfer import (
    DataCollector,
    decode_buffer_ready,
    decode_prepare_buffer,
    decode_read_buffer,
    encode_buffer_ready,
    encode_prepare_buffer,
    encode_read_buffer,
    plan_chunks,
)
from tests.zk.helpers import reference_checksum

# -- checksum and packets -------------------------------------------------------------------


@given(st.binary(max_size=2100))
def test_fast_checksum_equals_the_rule(data: bytes) -> None:
    assert checksum(data) == reference_checksum(data)


@pytest.mark.parametrize(
    "data", [b"", b"\x00" * 9, b"\xff\xff", b"\xff\xff" * 3, b"\x01", b"\xfe\xff\x01\x00"]
)
def test_checksum_edge_cases(data: bytes) -> None:
    assert checksum(data) == reference_checksum(data)


@given(
    st.integers(0, 0xFFFF), st.integers(0, 0xFFFF), st.integers(0, 0xFFFE), st.binary(max_size=300)
)
def test_payload_round_trip(command: int, session: int, reply: int, data: bytes) -> None:
    payload = encode_payload(command, session, reply, data)
    packet = decode_payload(payload)
    assert (packet.command, packet.session_id, packet.reply_number, packet.data) == (
        command,
        session,
        reply,
        data,
    )
    assert packet.checksum_ok
    assert unframe_tcp(frame_tcp(payload)) == payload


def test_corrupted_packet_fails_checksum() -> None:
    payload = bytearray(encode_payload(Cmd.DATA, 1, 2, b"punch data"))
    payload[-1] ^= 0x01
    assert not decode_payload(bytes(payload)).checksum_ok


def test_runt_payload_is_rejected() -> None:
    with pytest.raises(ZkDecodeError):
        decode_payload(b"\xd0\x07\x00")


def test_reply_numbers_skip_65535() -> None:
    assert next_reply_number(0) == 1
    assert next_reply_number(65533) == 65534
    assert next_reply_number(65534) == 0


def test_unframe_rejects_wrong_length() -> None:
    with pytest.raises(ZkDecodeError):
        unframe_tcp(frame_tcp(encode_payload(Cmd.ACK_OK, 1, 1)) + b"\x00")


# -- TCP stream ------------------------------------------------------------------------------


@given(
    st.lists(st.binary(max_size=200), min_size=1, max_size=8),
    st.lists(st.integers(1, 300), max_size=20),
)
def test_frames_survive_any_network_split(datas: list[bytes], cuts: list[int]) -> None:
    payloads = [encode_payload(Cmd.DATA, i, 7, data) for i, data in enumerate(datas)]
    stream = b"".join(frame_tcp(p) for p in payloads)
    decoder = TcpFrameDecoder()
    received = []
    position = 0
    for cut in [*cuts, len(stream)]:
        decoder.feed(stream[position : position + cut])
        position += cut
        while (payload := decoder.next_payload()) is not None:
            received.append(payload)
    decoder.feed(stream[position:])
    while (payload := decoder.next_payload()) is not None:
        received.append(payload)
    assert received == payloads
    assert decoder.skipped_bytes == 0
    assert decoder.pending == 0


def test_garbage_between_frames_is_skipped_and_counted() -> None:
    good = encode_payload(Cmd.ACK_OK, 5, 1)
    decoder = TcpFrameDecoder()
    decoder.feed(b"junk\x50\x50" + frame_tcp(good) + b"\x50\x50\x82\x7d\x02\x00\x00\x00xx")
    decoder.feed(frame_tcp(good))
    assert decoder.next_payload() == good
    assert decoder.next_payload() == good  # the frame declaring 2 bytes is garbage
    assert decoder.skipped_bytes == 6 + 10


def test_incomplete_frame_waits() -> None:
    frame = frame_tcp(encode_payload(Cmd.DATA, 0, 1, b"x" * 100))
    decoder = TcpFrameDecoder()
    decoder.feed(frame[:50])
    assert decoder.next_payload() is None
    decoder.feed(frame[50:])
    assert decoder.next_payload() == frame[8:]


# -- comm key ----------------------------------------------------------------------------------


@given(st.integers(0, 999_999), st.integers(0, 0xFFFF))
def test_comm_key_matches_pyzk(password: int, session: int) -> None:
    # pyzk packs the sum into 32 bits without wrapping and raises struct.error when the
    # bit-mirrored password plus the session id overflows; ours wraps (tested below).
    assume(_mirror_32_bits(password) + session <= 0xFFFFFFFF)
    assert make_comm_key(password, session) == pyzk_make_commkey(password, session)


def test_comm_key_wraps_where_pyzk_overflows() -> None:
    password, session = 131071, 32768  # found by hypothesis: the sum exceeds 32 bits
    assert _mirror_32_bits(password) + session > 0xFFFFFFFF
    key = make_comm_key(password, session)
    assert len(key) == 4 and comm_key_matches(key, password, session)


@given(st.integers(0, 999_999), st.integers(0, 0xFFFF), st.integers(0, 255))
def test_machine_accepts_any_ticks_and_only_the_right_password(
    password: int, session: int, ticks: int
) -> None:
    key = make_comm_key(password, session, ticks)
    assert comm_key_matches(key, password, session)
    assert not comm_key_matches(key, password + 1, session)


def test_comm_key_known_values() -> None:
    assert make_comm_key(0, 0).hex() == "617d3279"  # "ZKSO" halves swapped, XOR 50
    assert make_comm_key(12, 0x45CF).hex() == "614d323c"
    assert make_comm_key(45, 0x45CF).hex() == "61c9323c"
    assert not comm_key_matches(b"\x00\x00", 12, 0x45CF)


def test_comm_key_range() -> None:
    with pytest.raises(ValueError, match="32 bits"):
        make_comm_key(-1, 1)


# -- time --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "value"),
    [
        (datetime(2000, 1, 1, 0, 0, 0), 0),
        (datetime(2000, 1, 1, 0, 0, 1), 1),
        (datetime(2000, 2, 1, 0, 0, 0), 31 * 86400),
        (datetime(2001, 1, 1, 0, 0, 0), 12 * 31 * 86400),
        (datetime(2018, 12, 7, 19, 9, 6), ((18 * 12 + 11) * 31 + 6) * 86400 + 68946),
        (datetime(2024, 8, 17, 7, 30, 0), ((24 * 12 + 7) * 31 + 16) * 86400 + 27000),
        (datetime(2099, 12, 31, 23, 59, 59), ((99 * 12 + 11) * 31 + 30) * 86400 + 86399),
    ],
)
def test_time_known_values(moment: datetime, value: int) -> None:
    assert encode_time(moment) == value
    assert decode_time(value) == moment


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31, 23, 59, 59)))
def test_time_round_trip(moment: datetime) -> None:
    assert decode_time(encode_time(moment)) == moment.replace(microsecond=0)


@pytest.mark.parametrize("value", [((24 * 12 + 1) * 31 + 29) * 86400, 0xFFFFFFFF])
def test_impossible_times_are_refused(value: int) -> None:
    with pytest.raises(ZkDecodeError):
        decode_time(value)  # 2024-02-30, year 2133


@pytest.mark.parametrize("moment", [datetime(1999, 12, 31), datetime(2100, 1, 1)])
def test_years_outside_the_protocol_cannot_be_encoded(moment: datetime) -> None:
    with pytest.raises(ValueError, match="2000-2099"):
        encode_time(moment)


# -- sizes -------------------------------------------------------------------------------------

SIZES = DeviceSizes(
    users=7, fingerprints=6, records=605, fingerprint_capacity=3000, user_capacity=10000,
    record_capacity=100000, faces=0, face_capacity=0,
)  # fmt: skip


@pytest.mark.parametrize(
    ("length", "expected_records", "expected_capacity"),
    [(92, 605, 100000), (80, 605, 100000), (68, 605, 100000), (40, 605, None), (20, None, None)],
)
def test_short_sizes_replies(
    length: int, expected_records: int | None, expected_capacity: int | None
) -> None:
    sizes = decode_sizes(encode_sizes(SIZES, length))
    assert sizes.records == expected_records
    assert sizes.record_capacity == expected_capacity


def test_sizes_tolerate_a_ragged_tail() -> None:
    assert decode_sizes(encode_sizes(SIZES) + b"\x01\x02").users == 7
    assert decode_sizes(b"").users is None


# -- transfers ---------------------------------------------------------------------------------


def test_transfer_request_layouts() -> None:
    assert encode_prepare_buffer(Cmd.ATTLOG_RRQ).hex() == "010d000000000000000000"
    assert decode_prepare_buffer(encode_prepare_buffer(9, 5)) == (9, 5, 0)
    assert decode_read_buffer(encode_read_buffer(65472, 100)) == (65472, 100)
    assert decode_buffer_ready(encode_buffer_ready(5044)) == 5044


def test_plan_chunks() -> None:
    assert plan_chunks(0, 10) == []
    assert plan_chunks(25, 10) == [(0, 10), (10, 10), (20, 5)]
    assert plan_chunks(20, 10) == [(0, 10), (10, 10)]


def _packet(command: int, data: bytes = b"") -> Packet:
    return decode_payload(encode_payload(command, 0, 3, data))


def test_collector_detects_short_and_long_transfers() -> None:
    short = DataCollector(10)
    short.add(_packet(Cmd.DATA, b"x" * 4))
    with pytest.raises(ZkDecodeError, match="after 4 of 10"):
        short.add(_packet(Cmd.ACK_OK))
    long = DataCollector(3)
    with pytest.raises(ZkDecodeError, match="sent 4"):
        long.add(_packet(Cmd.DATA, b"x" * 4))
    with pytest.raises(ZkDecodeError, match="unexpected command"):
        DataCollector(3).add(_packet(Cmd.ACK_ERROR))
    with pytest.raises(ZkDecodeError, match="not complete"):
        DataCollector(3).result()


# -- record size -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [
        (800, 100, 8),
        (1600, 100, 16),
        (4000, 100, 40),
        (4040, 100, 40),  # one record arrived after the count: nearest count wins
        (1616, 100, 16),
        (800, None, 40),  # no count: the largest size that divides
        (4000, 0, 40),
        (7, 1, None),
        (0, 5, None),
    ],
)
def test_infer_record_size(total: int, count: int | None, expected: int | None) -> None:
    assert infer_record_size(total, count, (8, 16, 40)) == expected
