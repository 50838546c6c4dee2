"""Our client against the simulated machine, over real sockets on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from datetime import datetime, timedelta

import pytest

from hadir.protocols.zk import Cmd, DeviceUser, RejectReason
from hadir.zkpull import (
    ZkAuthError,
    ZkClient,
    ZkConnectionError,
    ZkProtocolError,
    ZkTimeoutError,
    pull_device,
)
from hadir.zkpull.errors import MSG_AUTH, MSG_DROPPED, MSG_NO_REPLY, MSG_REFUSED, MSG_UNREACHABLE
from hadir.zkpull.pull import NOTE_REJECTED, NOTE_ZERO_RECORDS
from hadir.zkpull.simdata import SimRecord
from tests.zk.conftest import StartSimulator
from tests.zk.helpers import expected_punches, punch_tuple

TRANSPORTS = ["tcp", "udp"]


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("record_size", [8, 16, 40])
def test_pull_every_record_format_with_comm_key(
    start_simulator: StartSimulator, transport: str, record_size: int
) -> None:
    sim = start_simulator(record_size=record_size, n_records=3000, comm_key=123456)
    result = pull_device(sim.host, port=sim.port, transport=transport, comm_key=123456)
    assert [punch_tuple(p) for p in result.attendance.punches] == expected_punches(sim.device)
    assert result.attendance.rejected == ()
    assert result.attendance.record_size == record_size
    assert list(result.users) == sim.device.users
    assert result.sizes.records == 3000
    assert result.serial_number == "SIM0000001"
    assert result.notes == ()
    assert sim.device.enabled


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_pull_sequence_locks_the_machine_and_never_clears(
    start_simulator: StartSimulator, transport: str
) -> None:
    sim = start_simulator(n_records=2000)
    pull_device(sim.host, port=sim.port, transport=transport)
    commands = sim.device.commands
    assert Cmd.CLEAR_ATTLOG not in commands
    assert commands[0] == Cmd.CONNECT
    assert commands[-1] == Cmd.EXIT
    disable = commands.index(Cmd.DISABLE_DEVICE)
    enable = commands.index(Cmd.ENABLE_DEVICE)
    reads = [i for i, c in enumerate(commands) if c in (Cmd.PREPARE_BUFFER, Cmd.READ_BUFFER)]
    assert disable < min(reads) and max(reads) < enable
    assert commands.count(Cmd.FREE_DATA) == 2  # users and attendance, both chunked


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_50000_records_in_chunks_are_correct(
    start_simulator: StartSimulator, transport: str
) -> None:
    sim = start_simulator(n_records=50_000, record_size=40, seed=7)
    with ZkClient(sim.host, sim.port, transport=transport) as client:
        log = client.read_attendance()
    assert [punch_tuple(p) for p in log.punches] == expected_punches(sim.device)
    chunk = 0xFFC0 if transport == "tcp" else 16 * 1024
    expected_chunks = -(-(50_000 * 40 + 4) // chunk)
    assert sim.device.commands.count(Cmd.READ_BUFFER) == expected_chunks


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_wrong_comm_key(start_simulator: StartSimulator, transport: str) -> None:
    sim = start_simulator(comm_key=4321)
    with pytest.raises(ZkAuthError) as caught:
        ZkClient(sim.host, sim.port, transport=transport, comm_key=1234).connect()
    assert caught.value.user_message == MSG_AUTH.format(host="127.0.0.1")
    with pytest.raises(ZkAuthError):
        ZkClient(sim.host, sim.port, transport=transport).connect()  # no key at all


def test_comm_key_not_needed_is_not_sent(start_simulator: StartSimulator) -> None:
    sim = start_simulator()
    with ZkClient(sim.host, sim.port, comm_key=999) as client:
        assert client.read_sizes().records == 1000
    assert Cmd.AUTH not in sim.device.commands


def test_real_machine_tcp_packetisation_and_direct_chunks(start_simulator: StartSimulator) -> None:
    split = start_simulator(n_records=5000, tcp_data_packet=1008)
    direct = start_simulator(n_records=5000, read_buffer_direct=True)
    for sim in (split, direct):
        with ZkClient(sim.host, sim.port) as client:
            log = client.read_attendance()
        assert [punch_tuple(p) for p in log.punches] == expected_punches(sim.device)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_small_data_sets_sent_inline(start_simulator: StartSimulator, transport: str) -> None:
    sim = start_simulator(n_users=3, n_records=20, record_size=16)
    with ZkClient(sim.host, sim.port, transport=transport) as client:
        users = client.read_users()
        log = client.read_attendance(users=users)
    assert users == sim.device.users
    assert [punch_tuple(p) for p in log.punches] == expected_punches(sim.device)
    assert Cmd.READ_BUFFER not in sim.device.commands


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_live_events_of_any_size_between_replies_are_skipped(
    start_simulator: StartSimulator, transport: str
) -> None:
    sim = start_simulator(n_records=4000, event_every=3, tcp_data_packet=1008)
    with ZkClient(sim.host, sim.port, transport=transport) as client:
        log = client.read_attendance()
        assert client.skipped_packets > 30
    assert [punch_tuple(p) for p in log.punches] == expected_punches(sim.device)
    assert Cmd.ACK_OK in sim.device.commands  # events were acknowledged


def test_short_sizes_reply(start_simulator: StartSimulator) -> None:
    sim = start_simulator(n_records=500, sizes_reply_length=68)
    with ZkClient(sim.host, sim.port) as client:
        sizes = client.read_sizes()
        assert (sizes.records, sizes.record_capacity, sizes.faces) == (500, 100_000, None)
        assert len(client.read_attendance(sizes=sizes).punches) == 500


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_speedface_reports_zero_records(start_simulator: StartSimulator, transport: str) -> None:
    sim = start_simulator(speedface=True)
    result = pull_device(sim.host, port=sim.port, transport=transport)
    assert result.attendance.punches == ()
    assert result.notes == (NOTE_ZERO_RECORDS,)
    assert Cmd.ATTLOG_RRQ not in sim.device.commands


def test_recycled_uids_are_attributed_by_user_id(start_simulator: StartSimulator) -> None:
    moment = datetime(2024, 3, 4, 7, 15)
    users = [DeviceUser(1, "2002", "Rina Lestari")]  # 1001 was deleted; its uid given to 2002
    records = [SimRecord(1, "1001", moment, 0, 1), SimRecord(1, "2002", moment, 0, 1)]
    sim = start_simulator(users=users, records=records, record_size=40)
    result = pull_device(sim.host, port=sim.port)
    assert [p.user_id for p in result.attendance.punches] == ["1001", "2002"]


def test_8_byte_punches_of_deleted_users_come_back_rejected(
    start_simulator: StartSimulator,
) -> None:
    moment = datetime(2024, 3, 4, 7, 15)
    records = [SimRecord(1, "", moment, 0, 1), SimRecord(5, "", moment, 0, 1)]
    sim = start_simulator(users=[DeviceUser(1, "7")], records=records, record_size=8)
    result = pull_device(sim.host, port=sim.port)
    assert [p.user_id for p in result.attendance.punches] == ["7"]
    assert [r.reason for r in result.attendance.rejected] == [RejectReason.UNKNOWN_UID]
    assert result.notes == (NOTE_REJECTED.format(count=1),)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_clock_get_set_and_drift(start_simulator: StartSimulator, transport: str) -> None:
    sim = start_simulator(clock_offset=timedelta(minutes=-7))
    with ZkClient(sim.host, sim.port, transport=transport) as client:
        behind = sim.device.now() - client.get_time()
        assert abs(behind.total_seconds()) <= 1
        client.set_time(datetime(2030, 1, 2, 3, 4, 5))
        assert abs((client.get_time() - datetime(2030, 1, 2, 3, 4, 5)).total_seconds()) <= 1
    fast = start_simulator(clock_drift=3600)  # gains an hour every real second
    with ZkClient(fast.host, fast.port, transport=transport) as client:
        first = client.get_time()
        time.sleep(0.3)
        assert client.get_time() - first >= timedelta(minutes=15)


def test_clear_attendance_only_when_asked(start_simulator: StartSimulator) -> None:
    sim = start_simulator(n_records=100)
    with ZkClient(sim.host, sim.port) as client:
        client.clear_attendance()
        assert client.read_sizes().records == 0
    assert sim.device.commands.count(Cmd.CLEAR_ATTLOG) == 1


def test_firmware_version(start_simulator: StartSimulator) -> None:
    sim = start_simulator()
    with ZkClient(sim.host, sim.port, transport="udp") as client:
        assert client.read_firmware_version() == "Ver 6.60 Sim 2024"


# -- faults ----------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_connection_dropped_mid_transfer(start_simulator: StartSimulator, transport: str) -> None:
    sim = start_simulator(n_records=20_000, drop_after_bytes=100_000)
    client = ZkClient(sim.host, sim.port, transport=transport, timeout=0.2)
    client.connect()
    with pytest.raises(ZkConnectionError) as caught:
        client.read_attendance()
    client.disconnect()
    expected = MSG_DROPPED if transport == "tcp" else MSG_NO_REPLY
    assert caught.value.user_message == expected.format(host="127.0.0.1")
    assert sim.device.records  # nothing was cleared


def test_pull_unlocks_the_machine_when_a_read_fails(start_simulator: StartSimulator) -> None:
    sim = start_simulator(n_records=20_000, drop_after_bytes=100_000)
    with pytest.raises(ZkConnectionError):
        pull_device(sim.host, port=sim.port, transport="udp", timeout=0.2)
    # UDP fault: the machine fell silent, so the ENABLE could not get through either,
    # but it was attempted after the failure.
    commands = sim.device.commands
    assert commands.index(Cmd.ENABLE_DEVICE) > commands.index(Cmd.READ_BUFFER)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_slow_machine(start_simulator: StartSimulator, transport: str) -> None:
    sim = start_simulator(n_records=50, reply_delay=0.2)
    with pytest.raises(ZkConnectionError) as caught:
        ZkClient(sim.host, sim.port, transport=transport, timeout=0.05).connect()
    assert caught.value.user_message == MSG_UNREACHABLE.format(host="127.0.0.1")
    with ZkClient(sim.host, sim.port, transport=transport, timeout=1) as client:
        assert client.read_sizes().records == 50


def test_slow_reply_after_connect_is_a_timeout(start_simulator: StartSimulator) -> None:
    sim = start_simulator(reply_delay=0.2)
    client = ZkClient(sim.host, sim.port, timeout=1)
    client.connect()
    client.timeout = 0.05
    with pytest.raises(ZkTimeoutError) as caught:
        client.read_sizes()
    assert caught.value.user_message == MSG_NO_REPLY.format(host="127.0.0.1")
    client.disconnect()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_nothing_listening(transport: str) -> None:
    port = _closed_port()
    with pytest.raises(ZkConnectionError) as caught:
        ZkClient("127.0.0.1", port, transport=transport, timeout=0.3).connect()
    assert caught.value.user_message == MSG_REFUSED.format(host="127.0.0.1", port=port)


def test_garbage_answer_is_a_protocol_error() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as fake:
        fake.bind(("127.0.0.1", 0))
        port = fake.getsockname()[1]
        client = ZkClient("127.0.0.1", port, transport="udp", timeout=1)

        def answer() -> None:
            data, address = fake.recvfrom(1024)
            fake.sendto(b"\xd1\x07" + data[2:], address)  # ACK_ERROR-ish with any checksum

        thread = threading.Thread(target=answer)
        thread.start()
        with pytest.raises(ZkProtocolError):
            client.connect()
        thread.join()
