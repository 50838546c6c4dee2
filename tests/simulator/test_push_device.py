"""The simulated PUSH device against a small real HTTP server (tests/simulator/fake_server.py)."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from hadir.devices_sim import DeviceConfig, PushDevice
from hadir.protocols import HandshakeOptions
from hadir.protocols.commands import (
    DeleteUser,
    QueryAttlog,
    SetOption,
    SimpleCommand,
    SimpleVerb,
    UpdateUser,
    VerifySumAttlog,
)
from tests.simulator.fake_server import (
    BARE_OK,
    DROP,
    DROP_AFTER_COMMIT,
    HTTP_500,
    OK_NO_SPACE,
    WRONG_N,
    ServerState,
    running_server,
)

PINS = ["1001", "1002", "1003", "1004"]
DAYS = [date(2026, 3, 2) + timedelta(days=offset) for offset in range(5)]


@pytest.fixture
def server() -> Iterator[tuple[str, ServerState]]:
    with running_server() as running:
        yield running


MakeDevice = Callable[..., PushDevice]


@pytest.fixture
def make_device(server: tuple[str, ServerState], tmp_path: Path) -> Iterator[MakeDevice]:
    devices: list[PushDevice] = []

    def make(sn: str = "SIM0001", **overrides: object) -> PushDevice:
        settings: dict[str, object] = {
            "sn": sn,
            "server_url": server[0],
            "state_dir": tmp_path,
            "error_delay": 0.01,
            "poll_delay": 0.01,
            "http_timeout": 5.0,
        }
        settings.update(overrides)
        clock = iter(datetime(2026, 3, 2, 7, 0) + timedelta(seconds=s) for s in range(10**6))
        device = PushDevice(DeviceConfig(**settings), clock=lambda: next(clock))  # type: ignore[arg-type]
        devices.append(device)
        return device

    yield make
    for device in devices:
        device.close()


def uploaded_lines(state: ServerState) -> list[str]:
    return [line for request in state.attlog_posts() for line in request.body.decode().splitlines()]


# --- handshake and realtime uploads ---------------------------------------------------------


def test_handshake_request_looks_like_a_real_device(
    server: tuple[str, ServerState], make_device: MakeDevice
) -> None:
    _, state = server
    device = make_device()
    options = device.handshake()
    (request,) = state.requests
    assert request.method == "GET"
    assert request.path == "/iclock/cdata"
    assert request.query == "SN=SIM0001&options=all&pushver=2.4.1&language=73"
    assert request.headers["User-Agent"] == "iClock Proxy/1.09"
    assert options == state.options
    assert device.stats.handshakes == 1


def test_realtime_punch_is_pushed_at_once_in_11_field_format(
    server: tuple[str, ServerState], make_device: MakeDevice
) -> None:
    _, state = server
    device = make_device()
    device.handshake()
    record = device.punch("1001", verify=15)
    (post,) = state.attlog_posts()
    assert "Content-Type" not in post.headers
    assert post.query == "SN=SIM0001&table=ATTLOG&Stamp=0"
    assert post.body == b"1001\t2026-03-02 07:00:00\t0\t15\t0\t0\t0\t0\t0\t0\t1\n"
    assert record.seq == 1
    assert device.log.cursor == 1
    (punch,) = state.punches.values()
    assert (punch.pin, punch.device_seq, punch.field_count) == ("1001", 1, 11)


def test_seven_field_firmware_with_content_type(
    server: tuple[str, ServerState], make_device: MakeDevice
) -> None:
    _, state = server
    device = make_device(field_count=7, content_type="text/plain")
    device.handshake()
    device.punch("1002", at=datetime(2026, 3, 2, 7, 30, 5), status=1)
    (post,) = state.attlog_posts()
    assert post.headers["Content-Type"] == "text/plain"
    assert post.body == b"1002\t2026-03-02 07:30:05\t1\t1\t0\t0\t0\n"


def test_no_realtime_upload_when_server_says_realtime_0(
    server: tuple[str, ServerState], make_device: MakeDevice
) -> None:
    _, state = server
    state.options = HandshakeOptions(realtime=False)
    device = make_device()
    device.handshake()
    device.punch("1001")
    assert state.attlog_posts() == []
    assert device.upload_pending() == 1


# --- batches, outages, resends --------------------------------------------------------------


def test_batches_of_at_most_128_lines(
    server: tuple[str, ServerState], make_device: MakeDevice
) -> None:
    _, state = server
    device = make_device()
    device.add_generated_punches(300, pins=PINS, dates=DAYS)
    assert device.run_once()
    sizes = [len(request.body.splitlines()) for request in state.attlog_posts()]
    assert sizes == [128, 128, 44]
    assert len(state.punches) == 300
    assert device.log.cursor == 300
    assert state.rejected == []


@pytest.mark.parametrize("batch_size", [1, 7, 128])
def test_configured_batch_size(
    server: tuple[str, ServerState], make_device: MakeDevice, batch_size: int
) -> None:
    _, state = server
    device = make_device(batch_size=batch_size)
    device.add_generated_punches(20, pins=PINS, dates=DAYS)
    device.upload_pending()
    assert max(len(r.body.splitlines()) for r in state.attlog_posts()) == min(batch_size, 20)
    assert len(state.punches) == 20


@pytest.mark.parametrize("outage", [HTTP_500, DROP])
def test_every_record_arrives_after_an_outage(
    server: tuple[str, ServerState], make_device: MakeDevice, outage: str
) -> None:
    _, state = server
    device = make_device()
    device.handshake()
    state.outage = outage
    for minute in range(10):
        device.punch("1001", at=datetime(2026, 3, 2, 7, minute))  # realtime, fails quietly
    device.add_generated_punches(150, pins=PINS, dates=DAYS)
    assert not device.run_once()
    assert not device.run_once()
    assert device.log.cursor == 0
    assert state.punches == {}
    state.outage = None
    device.run(max_cycles=3)
    assert len(state.punches) == 160
    assert state.duplicates == 0
    assert device.log.cursor == device.log.last_seq() == 160
    assert device.stats.upload_failures >= 12


@pytest.mark.parametrize(
    ("behaviour", "duplicates"),
    [
        (BARE_OK, 128),  # stored, but "OK" without n: the device must resend
        (WRONG_N, 128),  # stored, "OK: 127": resend
        (DROP_AFTER_COMMIT, 128),  # stored, reply lost: resend
        (HTTP_500, 0),  # not stored: resend
        (DROP, 0),
    ],
)
def test_cursor_moves_only_on_the_right_ok_n(
    server: tuple[str, ServerState], make_device: MakeDevice, behaviour: str, duplicates: int
) -> None:
    _, state = server
    device = make_device()
    device.add_generated_punches(200, pins=PINS, dates=DAYS)
    device.handshake()
    state.attlog_behaviours.extend([behaviour, behaviour])
    assert not device.run_once()
    assert device.log.cursor == 0
    assert not device.run_once()
    assert device.log.cursor == 0
    assert device.run_once()
    assert device.log.cursor == 200
    posts = state.attlog_posts()
    assert [len(p.body.splitlines()) for p in posts] == [128, 128, 128, 72]
    assert posts[0].body == posts[1].body == posts[2].body
    assert len(state.punches) == 200
    assert state.duplicates == 2 * duplicates


def test_ok_without_space_is_accepted(
    server: tuple[str, ServerState], make_device: MakeDevice
) -> None:
    _, state = server
    device = make_device()
    device.add_generated_punches(3, pins=PINS, dates=DAYS)
    state.attlog_behaviours.append(OK_NO_SPACE)
    assert device.upload_pending() == 3
    assert device.log.cursor == 3


def test_log_survives_a_restart_of_the_device(
    server: tuple[str, ServerState], make_device: MakeDevice, tmp_path: Path
) -> None:
    _, state = server
    state.outage = HTTP_500
    first = make_device()
    first.add_generated_punches(40, pins=PINS, dates=DAYS)
    assert not first.run_once()
    first.close()
    state.outage = None
    second = make_device()
    assert second.log.count() == 40
    assert second.run_once()
    assert len(state.punches) == 40


def test_resend_whole_history(server: tuple[str, ServerState], make_device: MakeDevice) -> None:
    _, state = server
    device = make_device()
    device.add_generated_punches(150, pins=PINS, dates=DAYS)
    device.run_once()
    device.resend_history()
    device.run_once()
    posts = state.attlog_posts()
    assert [p.query.rsplit("Stamp=", 1)[1] for p in posts] == ["0", "128", "0", "128"]
    assert len(state.punches) == 150
    assert state.duplicates == 150


def test_handshake_with_attlog_stamp_0_resends_everything(
    server: tuple[str, ServerState], make_device: MakeDevice
) -> None:
    _, state = server
    device = make_device()
    device.add_generated_punches(10, pins=PINS, dates=DAYS)
    device.run_once()
    state.options = HandshakeOptions(attlog_stamp=0)
    device.handshake()
    assert device.log.cursor == 0
    device.upload_pending()
    assert state.duplicates == 10


# --- commands -------------------------------------------------------------------------------


def test_first_poll_after_handshake_carries_info(
    server: tuple[str, ServerState], make_device: MakeDevice
) -> None:
    _, state = server
    device = make_device()
    device.add_generated_punches(12, pins=PINS, dates=DAYS)
    device.run_once()
    device.run_once()
    (info,) = state.infos
    assert info.attlog_count == 12
    assert info.firmware == device.config.firmware
    polls = [r for r in state.requests if r.path == "/iclock/getrequest"]
    assert "INFO=" in polls[0].query and "INFO=" not in polls[1].query


def test_user_commands_and_unknown_commands(
    server: tuple[str, ServerState], make_device: MakeDevice
) -> None:
    _, state = server
    device = make_device()
    state.commands.extend(
        [
            ("u1", UpdateUser(pin="1001", name="Siti\tAminah", card="123")),
            ("u2", UpdateUser(pin="1002", name="Budi")),
            ("d1", DeleteUser(pin="1002")),
            ("o1", SetOption("Delay", "20")),
        ]
    )
    device.run_once()
    assert {r.cmd_id: (r.return_code, r.cmd) for r in state.results} == {
        "u1": (0, "DATA"),
        "u2": (0, "DATA"),
        "d1": (0, "DATA"),
        "o1": (0, "SET OPTION"),
    }
    users = device.log.users()
    assert list(users) == ["1001"]
    assert users["1001"].name == "Siti Aminah"
    assert device.log.option("Delay") == "20"
    post = next(r for r in state.requests if r.path == "/iclock/devicecmd")
    assert post.body.count(b"\n") == 3  # all four results in one post


def test_refused_commands(server: tuple[str, ServerState], make_device: MakeDevice) -> None:
    """What real firmware refuses (-1002), and a known command with bad parameters (-1)."""
    _, state = server
    device = make_device()
    state.commands.append(("ok1", SimpleCommand(SimpleVerb.CHECK)))
    state.raw_command_lines.extend(
        [
            "C:x1:USER ADD PIN=1\tName=A",
            "C:x2:DATA DEL USERINFO PIN=1",
            "C:x3:CLEAR LOG",
            "C:x4:DATA QUERY ATTLOG StartTime=kemarin",
            "C:x5:DATA UPDATE USERINFO PIN=bad pin",
            "not a command",
        ]
    )
    device.run_once()
    assert [(r.cmd_id, r.return_code, r.cmd) for r in state.results] == [
        ("ok1", 0, "CHECK"),
        ("x1", -1002, "USER"),
        ("x2", -1002, "DATA"),
        ("x3", -1002, "CLEAR"),
        ("x4", -1, "DATA"),
        ("x5", -1, "DATA"),
    ]
    assert state.results[1].message == "Perintah tidak didukung mesin"


def test_query_attlog_reuploads_the_range(
    server: tuple[str, ServerState], make_device: MakeDevice
) -> None:
    _, state = server
    device = make_device(batch_size=50)
    device.add_generated_punches(200, pins=PINS, dates=DAYS)
    device.run_once()
    day = DAYS[1]
    start, end = (
        datetime.combine(day, datetime.min.time()),
        datetime.combine(day, datetime.max.time()),
    )
    in_range = device.log.count_between(start, end.replace(microsecond=0))
    assert in_range > 0
    state.commands.append(("q1", QueryAttlog(start, end.replace(microsecond=0))))
    before = len(state.attlog_posts())
    device.poll()
    (result,) = state.results
    assert (result.cmd_id, result.return_code, result.cmd) == ("q1", 0, "DATA")
    resent = [line for r in state.attlog_posts()[before:] for line in r.body.decode().splitlines()]
    assert len(resent) == in_range
    assert all(line.split("\t")[1].startswith(day.isoformat()) for line in resent)
    assert state.duplicates == in_range
    assert max(len(r.body.splitlines()) for r in state.attlog_posts()) <= 50


def test_query_attlog_on_an_empty_range_returns_minus_1(
    server: tuple[str, ServerState], make_device: MakeDevice
) -> None:
    _, state = server
    device = make_device()
    state.commands.append(("q2", QueryAttlog(datetime(2020, 1, 1), datetime(2020, 1, 2))))
    device.run_once()
    (result,) = state.results
    assert result.return_code == -1


def test_verify_sum_info_check_reboot_log(
    server: tuple[str, ServerState], make_device: MakeDevice
) -> None:
    _, state = server
    device = make_device()
    device.add_generated_punches(80, pins=PINS, dates=DAYS)
    device.run_once()
    start, end = datetime(2026, 3, 3), datetime(2026, 3, 4, 23, 59, 59)
    state.commands.extend(
        [
            ("v1", VerifySumAttlog(start, end)),
            ("i1", SimpleCommand(SimpleVerb.INFO)),
            ("c1", SimpleCommand(SimpleVerb.CHECK)),
            ("r1", SimpleCommand(SimpleVerb.REBOOT)),
            ("l1", SimpleCommand(SimpleVerb.LOG)),
        ]
    )
    handshakes = device.stats.handshakes
    device.poll()
    results = {result.cmd_id: result for result in state.results}
    assert results["v1"].cmd == "VERIFY SUM"
    assert results["v1"].attlog_sum == device.log.count_between(start, end)
    assert results["v1"].extra["StartTime"] == "2026-03-03 00:00:00"
    assert results["i1"].extra["AttLogCount"] == "80"
    assert results["i1"].extra["~SerialNumber"] == "SIM0001"
    assert [results[key].return_code for key in ("c1", "r1", "l1")] == [0, 0, 0]
    assert device.stats.handshakes == handshakes + 2  # CHECK and REBOOT re-read the options


def test_results_are_posted_again_after_a_failed_post(
    server: tuple[str, ServerState], make_device: MakeDevice
) -> None:
    _, state = server
    device = make_device()
    device.handshake()
    state.commands.append(("i9", SimpleCommand(SimpleVerb.INFO)))
    state.failing_paths.add("/iclock/devicecmd")
    assert not device.run_once()
    assert state.results == []
    state.failing_paths.clear()
    assert device.run_once()
    assert [result.cmd_id for result in state.results] == ["i9"]
    assert state.commands == deque()


# --- library use: threads, stop event, clock ------------------------------------------------


def test_many_devices_in_threads(server: tuple[str, ServerState], make_device: MakeDevice) -> None:
    _, state = server
    devices = [make_device(f"SIM{index:04d}") for index in range(8)]
    for index, device in enumerate(devices):
        device.add_generated_punches(60, pins=PINS, dates=DAYS, seed=index)
    state.attlog_behaviours.extend([HTTP_500, DROP_AFTER_COMMIT, BARE_OK] * 3)
    threads = [threading.Thread(target=d.run, kwargs={"max_cycles": 6}) for d in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(state.punches) == 8 * 60
    assert all(device.log.cursor == 60 for device in devices)


def test_run_stops_on_event(make_device: MakeDevice) -> None:
    device = make_device(poll_delay=5.0)
    stop = threading.Event()
    thread = threading.Thread(target=device.run, kwargs={"stop": stop})
    thread.start()
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_run_for_a_duration(make_device: MakeDevice) -> None:
    device = make_device(poll_delay=0.02)
    stats = device.run(duration=0.15)
    assert stats.polls >= 2


def test_injected_clock_is_used(make_device: MakeDevice) -> None:
    device = make_device()
    first = device.punch("1001", upload=False)
    second = device.punch("1001", upload=False)
    assert (first.punched_at, second.punched_at) == (
        datetime(2026, 3, 2, 7, 0, 0),
        datetime(2026, 3, 2, 7, 0, 1),
    )


def test_config_is_validated(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        DeviceConfig(sn="SIM 1", server_url="http://x", state_dir=tmp_path)
    with pytest.raises(ValueError):
        DeviceConfig(sn="S", server_url="http://x", state_dir=tmp_path, batch_size=129)
    with pytest.raises(ValueError):
        DeviceConfig(sn="S", server_url="http://x", state_dir=tmp_path, field_count=9)
    with pytest.raises(ValueError):
        PushDevice(DeviceConfig(sn="S", server_url="ftp://x", state_dir=tmp_path))


def test_unreachable_server_is_a_failed_cycle_not_a_crash(tmp_path: Path) -> None:
    config = DeviceConfig(
        sn="S1",
        server_url="http://127.0.0.1:9",
        state_dir=tmp_path,
        error_delay=0.01,
        http_timeout=1.0,
    )
    with PushDevice(config) as device:
        device.punch("1001")
        assert not device.run_once()
        assert device.stats.errors == 1
        assert device.log.count() == 1
