"""PUSH query strings, handshake reply, TimeZone, INFO= and the OK: n upload reply."""

from __future__ import annotations

import pytest

from hadir.protocols.handshake import (
    HandshakeOptions,
    parse_handshake,
    parse_timezone,
    render_handshake,
    render_timezone,
)
from hadir.protocols.push import (
    DeviceInfo,
    PushQueryError,
    PushTable,
    parse_device_info,
    parse_push_query,
    parse_upload_reply,
    render_device_info,
    render_upload_reply,
)


def test_handshake_query() -> None:
    query = parse_push_query("SN=0316144680030&options=all&pushver=2.2.14&language=73")
    assert query.sn == "0316144680030"
    assert query.is_handshake
    assert (query.pushver, query.language, query.table) == ("2.2.14", "73", None)


def test_attlog_query_and_table_kind() -> None:
    query = parse_push_query("SN=CNYG213260182&table=ATTLOG&Stamp=9999")
    assert (query.table, query.stamp, query.table_kind) == ("ATTLOG", "9999", PushTable.ATTLOG)
    assert not query.is_handshake
    assert parse_push_query("SN=A&table=options").table_kind is PushTable.OPTIONS
    assert parse_push_query("SN=A&table=rtlog").table_kind is None


def test_query_from_mapping_and_case_insensitive_names() -> None:
    query = parse_push_query({"sn": "A1", "TABLE": "OPERLOG", "stamp": "0", "Extra": "x"})
    assert (query.sn, query.table, query.stamp) == ("A1", "OPERLOG", "0")
    assert query.params["Extra"] == "x"


def test_query_keeps_last_repeated_value_and_blank_values() -> None:
    query = parse_push_query("SN=A&table=X&table=ATTLOG&Stamp=")
    assert (query.table, query.stamp) == ("ATTLOG", "")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("table=ATTLOG", "Parameter SN tidak ada pada permintaan mesin."),
        ("SN=&table=ATTLOG", "Parameter SN tidak ada pada permintaan mesin."),
        ("SN=A%0AB", "SN mesin tidak valid: 'A\\nB'."),
        ("SN=A B", "SN mesin tidak valid: 'A B'."),
        ("SN=" + "A" * 65, None),
    ],
)
def test_bad_sn_is_refused(query: str, message: str | None) -> None:
    with pytest.raises(PushQueryError) as error:
        parse_push_query(query)
    if message is not None:
        assert str(error.value) == message


def test_getrequest_info() -> None:
    query = parse_push_query(
        "SN=0316144680030&INFO=Ver%202.0.12-20150625,12,30,4567,192.168.16.27,10,7,15,3,111"
    )
    info = query.device_info
    assert info == DeviceInfo(
        firmware="Ver 2.0.12-20150625",
        user_count=12,
        fingerprint_count=30,
        attlog_count=4567,
        ip_address="192.168.16.27",
        fingerprint_algorithm="10",
        face_algorithm="7",
        face_enroll_count=15,
        face_count=3,
        function_bits="111",
    )
    assert info.supports_fingerprint and info.supports_face and info.supports_user_photo


@pytest.mark.parametrize(
    ("value", "users", "cards", "extra"),
    [
        ("Ver 6.60,5", 5, None, ()),
        ("", None, None, ()),
        ("fw,x,-1,3", None, None, ()),
        ("fw,1,2,3,ip,10,7,15,0,101,8,9,10", 1, 8, ()),
        ("fw,1,2,3,ip,10,7,15,0,101,8,9,10,new1,new2", 1, 8, ("new1", "new2")),
    ],
)
def test_info_positions_are_optional(
    value: str, users: int | None, cards: int | None, extra: tuple[str, ...]
) -> None:
    info = parse_device_info(value)
    assert (info.user_count, info.card_count, info.extra) == (users, cards, extra)


def test_device_info_round_trip() -> None:
    info = DeviceInfo(firmware="Ver 8", user_count=2, attlog_count=9, function_bits="101")
    assert parse_device_info(render_device_info(info)) == info


EXPECTED_HANDSHAKE = (
    "GET OPTION FROM: 0316144680030\n"
    "ATTLOGStamp=None\n"
    "OPERLOGStamp=9999\n"
    "ATTPHOTOStamp=None\n"
    "ErrorDelay=30\n"
    "Delay=10\n"
    "TransTimes=00:00;14:05\n"
    "TransInterval=1\n"
    "TransFlag=TransData AttLog\tOpLog\tAttPhoto\tEnrollUser\tChgUser\tEnrollFP\tChgFP\tUserPic\n"
    "TimeZone=7\n"
    "Realtime=1\n"
    "Encrypt=None\n"
)


def test_handshake_matches_protocol_notes_example() -> None:
    assert render_handshake("0316144680030", HandshakeOptions()) == EXPECTED_HANDSHAKE


def test_handshake_first_line_is_exact() -> None:
    body = render_handshake("SN-1", HandshakeOptions(attlog_stamp=0, realtime=False))
    assert body.splitlines()[0] == "GET OPTION FROM: SN-1"
    assert "ATTLOGStamp=0\n" in body
    assert "Realtime=0\n" in body


def test_handshake_refuses_sn_that_would_inject_lines() -> None:
    with pytest.raises(PushQueryError):
        render_handshake("X\nDelay=1", HandshakeOptions())


@pytest.mark.parametrize(
    "options",
    [
        HandshakeOptions(),
        HandshakeOptions(attlog_stamp=0, operlog_stamp=None, error_delay=5, delay=2),
        HandshakeOptions(trans_times=(), trans_interval=0, trans_flags=("AttLog",)),
        HandshakeOptions(timezone_minutes=330, realtime=False),
        HandshakeOptions(timezone_minutes=-210),
        HandshakeOptions(timezone_minutes=9 * 60, trans_times=("08:00", "12:00", "23:59")),
    ],
)
def test_handshake_round_trip(options: HandshakeOptions) -> None:
    assert parse_handshake(render_handshake("SN1", options)) == ("SN1", options)


def test_parse_handshake_reads_bit_string_trans_flag_and_crlf() -> None:
    body = "GET OPTION FROM: A\r\nTransFlag=1100000000\r\nTimeZone=8\r\nDelay=abc\r\n"
    sn, options = parse_handshake(body)
    assert sn == "A"
    assert options.trans_flags == ("AttLog", "OpLog")
    assert options.timezone_minutes == 480
    assert options.delay == 10


def test_parse_handshake_refuses_other_bodies() -> None:
    with pytest.raises(ValueError, match="handshake"):
        parse_handshake("OK")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"attlog_stamp": -1}, "stamps"),
        ({"error_delay": 0}, "ErrorDelay"),
        ({"trans_times": ("25:00",)}, "TransTimes"),
        ({"trans_times": ("00:00",) * 11}, "TransTimes"),
        ({"trans_flags": ("Att Log",)}, "TransFlag"),
        ({"timezone_minutes": 7}, "15 minutes"),
    ],
)
def test_handshake_options_are_validated(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        HandshakeOptions(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (420, "7"),  # WIB
        (480, "8"),  # WITA
        (540, "9"),  # WIT
        (0, "0"),
        (-720, "-12"),
        (720, "12"),
        (330, "330"),  # India, +5:30
        (345, "345"),  # Nepal, +5:45
        (-210, "-210"),  # Newfoundland, -3:30
        (780, "780"),  # Tonga, +13: beyond 12 hours, so minutes
        (840, "840"),
    ],
)
def test_timezone_rendering(minutes: int, text: str) -> None:
    assert render_timezone(minutes) == text
    assert parse_timezone(text) == minutes


@pytest.mark.parametrize("minutes", [-721, 841, 10, 100])
def test_timezone_out_of_range_or_not_quarter_hour(minutes: int) -> None:
    with pytest.raises(ValueError):
        render_timezone(minutes)


def test_parse_timezone_unreadable() -> None:
    assert parse_timezone("WIB") is None


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("OK: 6", 6),
        ("OK:6", 6),
        ("OK:  128\r\n", 128),
        ("OK: 0", 0),
        ("OK", None),
        ("ok: 6", None),
        ("OK: -1", None),
        ("OK: 6 records", None),
        ("", None),
    ],
)
def test_upload_reply(text: str, count: int | None) -> None:
    assert parse_upload_reply(text) == count


def test_render_upload_reply() -> None:
    assert render_upload_reply(6) == "OK: 6"
    with pytest.raises(ValueError):
        render_upload_reply(-1)
