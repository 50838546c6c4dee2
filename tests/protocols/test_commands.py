"""C:<CmdID>:<command> lines (formatting, validation, parsing) and devicecmd results."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hadir.protocols.commands import (
    CommandError,
    DeleteUser,
    DeviceCommand,
    IssuedCommand,
    QueryAttlog,
    SetOption,
    SimpleCommand,
    SimpleVerb,
    UnknownCommand,
    UpdateUser,
    VerifySumAttlog,
    command_echo,
    format_command,
    parse_command_line,
    parse_getrequest_reply,
    render_getrequest_reply,
    sanitize_name,
)
from hadir.protocols.devicecmd import (
    CommandResult,
    describe_return_code,
    parse_command_results,
    render_command_result,
)

START = datetime(2026, 3, 1)
END = datetime(2026, 3, 1, 23, 59, 59)

FORMATTED = [
    (
        UpdateUser(pin="1001", name="Siti Aminah", privilege=0, card="", group=1),
        "C:7:DATA UPDATE USERINFO PIN=1001\tName=Siti Aminah\tPri=0\tPasswd=\tCard=\tGrp=1",
    ),
    (
        UpdateUser(pin="1002", name="Admin", privilege=14, password="1234", card="[15CD5B07]"),
        "C:7:DATA UPDATE USERINFO PIN=1002\tName=Admin\tPri=14\tPasswd=1234"
        "\tCard=[15CD5B07]\tGrp=1",
    ),
    (DeleteUser(pin="1001"), "C:7:DATA DELETE USERINFO PIN=1001"),
    (
        QueryAttlog(START, END),
        "C:7:DATA QUERY ATTLOG StartTime=2026-03-01 00:00:00\tEndTime=2026-03-01 23:59:59",
    ),
    (
        VerifySumAttlog(START, END),
        "C:7:VERIFY SUM ATTLOG StartTime=2026-03-01 00:00:00\tEndTime=2026-03-01 23:59:59",
    ),
    (SimpleCommand(SimpleVerb.CHECK), "C:7:CHECK"),
    (SimpleCommand(SimpleVerb.INFO), "C:7:INFO"),
    (SimpleCommand(SimpleVerb.REBOOT), "C:7:REBOOT"),
    (SimpleCommand(SimpleVerb.LOG), "C:7:LOG"),
    (SimpleCommand(SimpleVerb.RELOAD_OPTIONS), "C:7:RELOAD OPTIONS"),
    (SetOption("Delay", "30"), "C:7:SET OPTION Delay=30"),
]


@pytest.mark.parametrize(("command", "line"), FORMATTED)
def test_format_and_parse_back(command: DeviceCommand, line: str) -> None:
    assert format_command("7", command) == line
    assert parse_command_line(line) == IssuedCommand("7", command)


@pytest.mark.parametrize("cmd_id", ["", "a-1", "info 1", "x" * 17, "1:2", "\u0661", "id\n"])
def test_bad_command_ids(cmd_id: str) -> None:
    with pytest.raises(CommandError, match="ID perintah tidak valid"):
        format_command(cmd_id, SimpleCommand(SimpleVerb.INFO))


@pytest.mark.parametrize("cmd_id", ["1", "info8487", "A" * 16, "fp7464"])
def test_good_command_ids(cmd_id: str) -> None:
    assert format_command(cmd_id, SimpleCommand(SimpleVerb.INFO)) == f"C:{cmd_id}:INFO"


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("Budi\tSantoso", "Budi Santoso"),
        ("Budi\r\nC:9:REBOOT", "Budi C:9:REBOOT"),
        ("  Dewi   Lestari \n", "Dewi Lestari"),
        ("Nur\x00aini", "Nur aini"),
        ("I Gusti Ngurah Rai", "I Gusti Ngurah Rai"),
        ("Ni\u2028Luh", "Ni Luh"),
        ("", ""),
    ],
)
def test_names_are_sanitised(name: str, clean: str) -> None:
    assert sanitize_name(name) == clean
    line = format_command("1", UpdateUser(pin="1", name=name))
    assert "\n" not in line and "\r" not in line
    assert line.count("\t") == 5
    parsed = parse_command_line(line)
    assert parsed is not None
    assert isinstance(parsed.command, UpdateUser)
    assert parsed.command.name == clean


@pytest.mark.parametrize(
    ("command", "match"),
    [
        (UpdateUser(pin="10 01"), "PIN tidak valid"),
        (UpdateUser(pin=""), "PIN tidak valid"),
        (UpdateUser(pin="1", privilege=15), "Hak akses"),
        (UpdateUser(pin="1", password="12\t34"), "Kata sandi"),
        (UpdateUser(pin="1", password="123456789"), "Kata sandi"),
        (UpdateUser(pin="1", card="12\n34"), "Nomor kartu"),
        (UpdateUser(pin="1", group=100), "Grup"),
        (DeleteUser(pin="1\tName=x"), "PIN tidak valid"),
        (QueryAttlog(END, START), "Rentang waktu"),
        (QueryAttlog(START.replace(tzinfo=UTC), END), "Rentang waktu"),
        (VerifySumAttlog(END, START), "Rentang waktu"),
        (SetOption("Delay\tX", "1"), "opsi"),
        (SetOption("Delay", "1\nC:2:REBOOT"), "opsi"),
        (SetOption("", "1"), "opsi"),
    ],
)
def test_unsafe_commands_are_refused(command: DeviceCommand, match: str) -> None:
    with pytest.raises(CommandError, match=match):
        format_command("1", command)


def test_password_not_in_repr() -> None:
    assert "4321" not in repr(UpdateUser(pin="1", password="4321"))


def test_getrequest_reply() -> None:
    assert render_getrequest_reply([]) == "OK"
    body = render_getrequest_reply([("1", SimpleCommand(SimpleVerb.INFO)), ("2", DeleteUser("5"))])
    assert body == "C:1:INFO\nC:2:DATA DELETE USERINFO PIN=5\n"
    assert parse_getrequest_reply(body) == [
        IssuedCommand("1", SimpleCommand(SimpleVerb.INFO)),
        IssuedCommand("2", DeleteUser("5")),
    ]
    assert parse_getrequest_reply("OK") == []


@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        ("C:1:USER ADD PIN=1", UnknownCommand("USER ADD PIN=1")),
        ("C:1:DATA DEL USERINFO PIN=1", UnknownCommand("DATA DEL USERINFO PIN=1")),
        ("C:1:CLEAR LOG", UnknownCommand("CLEAR LOG")),
        ("C:1:DATA QUERY ATTLOG StartTime=x", UnknownCommand("DATA QUERY ATTLOG StartTime=x")),
        (
            "C:2:DATA UPDATE USERINFO PIN=7\tName=A\tPrivilege=14\tCard=99",
            UpdateUser(pin="7", name="A", privilege=14, card="99"),
        ),
        ("C:3:INFO\r", SimpleCommand(SimpleVerb.INFO)),
        ("OK", None),
        ("C::INFO", None),
        ("X:1:INFO", None),
        ("C:1", None),
    ],
)
def test_parse_command_line_edge_cases(
    line: str, parsed: DeviceCommand | UnknownCommand | None
) -> None:
    result = parse_command_line(line)
    assert (result.command if result else None) == parsed


@pytest.mark.parametrize(
    ("command", "echo"),
    [
        (UpdateUser("1"), "DATA"),
        (DeleteUser("1"), "DATA"),
        (QueryAttlog(START, END), "DATA"),
        (VerifySumAttlog(START, END), "VERIFY SUM"),
        (SimpleCommand(SimpleVerb.RELOAD_OPTIONS), "RELOAD OPTIONS"),
        (SetOption("a", "b"), "SET OPTION"),
        (UnknownCommand("USER ADD PIN=1"), "USER"),
    ],
)
def test_command_echo(command: DeviceCommand | UnknownCommand, echo: str) -> None:
    assert command_echo(command) == echo


# --- devicecmd results ----------------------------------------------------------------------


def test_results_from_protocol_example() -> None:
    body = (
        "ID=info8487&Return=0&CMD=DATA\nID=info8488&Return=0&CMD=DATA\n"
        "ID=info8489&Return=0&CMD=DATA\nID=info7464&Return=0&CMD=DATA\nID=fp7464&Return=0&CMD=DATA"
    )
    batch = parse_command_results(body.encode())
    assert [(r.cmd_id, r.return_code, r.cmd) for r in batch.results] == [
        ("info8487", 0, "DATA"),
        ("info8488", 0, "DATA"),
        ("info8489", 0, "DATA"),
        ("info7464", 0, "DATA"),
        ("fp7464", 0, "DATA"),
    ]
    assert all(result.ok for result in batch.results)
    assert batch.stray_lines == ()


def test_info_result_collects_key_value_lines() -> None:
    body = (
        "ID=9&Return=0&CMD=INFO\r\n~DeviceName=SpeedFace-V5L\r\nFWVersion=ZAM180-NF-Ver1.1.17\r\n"
        "UserCount=2\r\nIPAddress=192.168.1.235\r\nID=10&Return=0&CMD=CHECK\r\n"
    )
    info, check = parse_command_results(body).results
    assert info.extra == {
        "~DeviceName": "SpeedFace-V5L",
        "FWVersion": "ZAM180-NF-Ver1.1.17",
        "UserCount": "2",
        "IPAddress": "192.168.1.235",
    }
    assert (check.cmd_id, check.cmd, dict(check.extra)) == ("10", "CHECK", {})


def test_verify_sum_result() -> None:
    line = (
        "ID=v1&Return=0&CMD=VERIFY SUM&StartTime=2026-03-01 00:00:00"
        "&EndTime=2026-03-01 23:59:59&AttlogSum=153"
    )
    (result,) = parse_command_results(line).results
    assert result.cmd == "VERIFY SUM"
    assert result.attlog_sum == 153
    assert result.extra["StartTime"] == "2026-03-01 00:00:00"


def test_multiline_result_form() -> None:
    body = "ID=32\nReturn=0\nCMD=Shell\nContent=Tue Mar 24 16:12:26 GMT 2026\n"
    (result,) = parse_command_results(body).results
    assert result == CommandResult("32", 0, "Shell", {"Content": "Tue Mar 24 16:12:26 GMT 2026"})


@pytest.mark.parametrize(
    ("body", "results", "stray"),
    [
        ("", 0, 0),
        ("garbage\nID=1&Return=-1002&CMD=USER", 1, 1),
        ("Return=0\n", 0, 1),
        ("ID=1&Return=abc&CMD=DATA", 1, 0),
        ("ID=1", 1, 0),
        (b"ID=1&Return=0&CMD=DATA\n\xff\xfe\n", 1, 1),
    ],
)
def test_odd_result_bodies(body: str | bytes, results: int, stray: int) -> None:
    batch = parse_command_results(body)
    assert (len(batch.results), len(batch.stray_lines)) == (results, stray)


def test_missing_or_bad_return_code() -> None:
    (result,) = parse_command_results("ID=1&Return=abc&CMD=DATA").results
    assert result.return_code is None
    assert not result.ok
    assert result.message == "Mesin tidak mengirim kode balasan"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (0, "Berhasil"),
        (-1, "Parameter salah (atau tidak ada data)"),
        (-1002, "Perintah tidak didukung mesin"),
        (-1003, "Waktu habis saat menjalankan perintah"),
        (-1005, "Mesin sedang sibuk"),
        (-77, "Kode balasan tidak dikenal: -77"),
        (None, "Mesin tidak mengirim kode balasan"),
    ],
)
def test_return_code_messages(code: int | None, message: str) -> None:
    assert describe_return_code(code) == message


def test_render_command_result_round_trip() -> None:
    body = "\n".join(
        [
            render_command_result("1", 0, "INFO", lines={"UserCount": "3", "~DeviceName": "Sim"}),
            render_command_result("2", 0, "VERIFY SUM", fields={"AttlogSum": "4"}),
            render_command_result("3", -1002, "USER"),
        ]
    )
    first, second, third = parse_command_results(body).results
    assert first.extra == {"UserCount": "3", "~DeviceName": "Sim"}
    assert second.attlog_sum == 4
    assert third.message == "Perintah tidak didukung mesin"
