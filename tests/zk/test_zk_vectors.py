"""The codec against packets captured by pyzk's test suite (tests/fixtures/zk/PROVENANCE.md)."""

from __future__ import annotations

import struct

import pytest

from hadir.protocols.zk import (
    Cmd,
    Packet,
    TcpFrameDecoder,
    decode_payload,
    decode_sizes,
    decode_user_table,
    encode_payload,
    frame_tcp,
    make_comm_key,
    unframe_tcp,
)
from hadir.protocols.zk.transfer import DataCollector, decode_buffer_ready, decode_prepare_data
from tests.zk.helpers import packets, reference_checksum, replies

TCP_MAGIC_HEX = "5050827d"


def _payload(raw: bytes) -> bytes:
    return raw[8:] if raw.hex().startswith(TCP_MAGIC_HEX) else raw


def _is_complete(raw: bytes, udp: bool) -> bool:
    """A whole UDP payload, or a TCP frame holding exactly its declared length."""
    if udp:
        return len(raw) >= 8
    if not raw.hex().startswith(TCP_MAGIC_HEX):
        return False  # a fragment of a frame split across reads
    (declared,) = struct.unpack_from("<I", raw, 4)
    return declared == len(raw) - 8


CLIENT_PACKETS = packets("client_sent_expected")
COMPLETE_REPLIES = [
    p
    for p in packets("device_reply_injected")
    if _is_complete(bytes.fromhex(p[2]["hex"]), p[2]["udp"])
]


def test_fixture_has_the_documented_counts() -> None:
    assert len(CLIENT_PACKETS) == 21
    assert len(COMPLETE_REPLIES) >= 40


@pytest.mark.parametrize(("test", "index", "packet"), CLIENT_PACKETS)
def test_client_packet_checksum_and_reencoding(
    test: str, index: int, packet: dict[str, str]
) -> None:
    raw = bytes.fromhex(packet["hex"])
    decoded = decode_payload(_payload(raw))
    assert decoded.checksum_ok
    rebuilt = encode_payload(
        decoded.command, decoded.session_id, decoded.reply_number, decoded.data
    )
    assert (frame_tcp(rebuilt) if raw != _payload(raw) else rebuilt) == raw


@pytest.mark.parametrize(("test", "index", "packet"), COMPLETE_REPLIES)
def test_complete_device_reply_checksum(test: str, index: int, packet: dict[str, str]) -> None:
    decoded = decode_payload(_payload(bytes.fromhex(packet["hex"])))
    zeroed = struct.pack("<4H", decoded.command, 0, decoded.session_id, decoded.reply_number)
    assert reference_checksum(zeroed + decoded.data) == decoded.checksum
    assert decoded.checksum_ok


@pytest.mark.parametrize(
    ("command", "session", "reply", "data", "expected"),
    [
        (Cmd.CONNECT, 0, 0, b"", "5050827d08000000e80317fc00000000"),
        (Cmd.EXIT, 0xFB2F, 1, b"", "5050827d08000000e903e6002ffb0100"),
        (Cmd.GET_FREE_SIZES, 0x45CF, 2, b"", "5050827d080000003200fcb9cf450200"),
        (Cmd.FREE_DATA, 0x3C5C, 0x17, b"", "5050827d08000000de05aebd5c3c1700"),
        (
            Cmd.PREPARE_BUFFER,
            0x45CF,
            0x14,
            bytes.fromhex("0109000500000000000000"),
            "5050827d13000000df053ca6cf4514000109000500000000000000",
        ),
    ],
)
def test_builders_reproduce_captured_requests(
    command: int, session: int, reply: int, data: bytes, expected: str
) -> None:
    assert frame_tcp(encode_payload(command, session, reply, data)).hex() == expected


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        (12, "5050827d0c0000004e044e2ccf450100614d323c"),
        (45, "5050827d0c0000004e044db0cf45010061c9323c"),
    ],
)
def test_auth_packet_from_comm_key(password: int, expected: str) -> None:
    key = make_comm_key(password, 0x45CF)
    assert frame_tcp(encode_payload(Cmd.AUTH, 0x45CF, 1, key)).hex() == expected


def test_connect_reply_gives_session_id() -> None:
    reply = decode_payload(unframe_tcp(replies("test_tcp_connect")[0]))
    assert (reply.command, reply.session_id, reply.reply_number) == (Cmd.ACK_OK, 0xFB2F, 0)
    udp = decode_payload(replies("test_udp_connect")[0])
    assert udp == reply


def test_unauth_reply() -> None:
    reply = decode_payload(unframe_tcp(replies("test_tcp_unauth")[0]))
    assert reply.command == Cmd.ACK_UNAUTH
    assert reply.session_id == 0x45CF


def test_sizes_reply_of_a_92_byte_machine_cut_short_in_the_capture() -> None:
    # The capture declares 100 payload bytes and holds 94: decode what is there.
    reply = decode_payload(replies("test_tcp_get_size")[1][8:])
    assert reply.checksum_ok
    sizes = decode_sizes(reply.data)
    assert (sizes.users, sizes.fingerprints, sizes.records) == (7, 6, 605)
    assert (sizes.fingerprint_capacity, sizes.user_capacity, sizes.record_capacity) == (
        3000,
        10000,
        100000,
    )
    assert sizes.faces == 0
    assert sizes.face_capacity is None  # beyond the bytes present


def test_sizes_reply_of_an_80_byte_machine() -> None:
    reply = decode_payload(unframe_tcp(replies("test_tcp_get_users_broken_tcp")[1]))
    sizes = decode_sizes(reply.data)
    assert (sizes.users, sizes.fingerprints, sizes.records) == (70, 70, 3225)
    assert (sizes.user_capacity, sizes.record_capacity) == (500, 50000)
    assert sizes.faces is None


def test_small_user_table_sent_inline() -> None:
    reply = decode_payload(unframe_tcp(replies("test_tcp_get_users_small_data")[2]))
    assert reply.command == Cmd.DATA
    users = decode_user_table(reply.data, 7)
    assert [u.user_id for u in users] == ["808", "821", "835", "831", "832", "86", "842"]
    assert [u.uid for u in users] == [1, 2, 3, 4, 5, 6, 12]
    assert users[0].privilege == 14


def test_k20_user_table_split_across_two_reads() -> None:
    data_frame, extra = replies("test_tcp_get_users_broken_data")[2:4]
    reply = decode_payload(unframe_tcp(data_frame + extra))
    assert reply.checksum_ok
    users = decode_user_table(reply.data, 2)
    assert [(u.uid, u.user_id, u.name) for u in users] == [
        (1, "100001lp", "cfulano"),
        (2, "222222cb", "rmengano"),
    ]


def _stream_packets(test_name: str) -> tuple[list[Packet], TcpFrameDecoder]:
    decoder = TcpFrameDecoder()
    for chunk in replies(test_name):
        decoder.feed(chunk)
    result = []
    while (payload := decoder.next_payload()) is not None:
        result.append(decode_payload(payload))
    return result, decoder


def _collect(stream: list[Packet]) -> bytes:
    prepare_index = next(i for i, p in enumerate(stream) if p.command == Cmd.PREPARE_DATA)
    collector = DataCollector(decode_prepare_data(stream[prepare_index].data))
    for packet in stream[prepare_index + 1 :]:
        if collector.add(packet):
            return collector.result()
    raise AssertionError("transfer never closed")


def test_real_machine_user_transfer_in_1008_byte_data_packets() -> None:
    stream, decoder = _stream_packets("test_tcp_get_users_broken_tcp")
    assert decoder.skipped_bytes == 0
    assert all(p.checksum_ok for p in stream)
    buffer_ready = stream[2]
    assert decode_buffer_ready(buffer_ready.data) == 5044
    data_packets = [p for p in stream if p.command == Cmd.DATA]
    assert [p.session_id for p in data_packets] == [0, 1, 2, 3, 4, 5]  # sequence numbers
    assert {p.reply_number for p in data_packets} == {stream[3].reply_number}
    users = decode_user_table(_collect(stream), 70)
    assert len(users) == 70
    assert (users[0].uid, users[0].user_id, users[0].name) == (1, "5147983", "JesusSaldivar")
    assert (users[-1].uid, users[-1].user_id) == (70, "2918636")


@pytest.mark.parametrize(
    ("test_name", "size"), [("test_tcp_get_template_1f", 1244), ("test_tcp_get_template_2f", 1011)]
)
def test_real_machine_template_transfers(test_name: str, size: int) -> None:
    stream, decoder = _stream_packets(test_name)
    assert decoder.skipped_bytes == 0
    assert all(p.checksum_ok for p in stream)
    assert len(_collect(stream)) == size


@pytest.mark.parametrize(
    ("test_name", "data_size"), [("test_tcp_live_connect", 12), ("test_tcp_live_connect_small", 32)]
)
def test_live_event_packets_are_recognisable(test_name: str, data_size: int) -> None:
    event = decode_payload(replies(test_name)[6][8:])
    assert event.command == Cmd.REG_EVENT
    assert event.reply_number == 0
    assert len(event.data) == data_size
