"""Cross-check with an independent client: pyzk 0.9 reads the simulator like our client does.

What pyzk 0.9 cannot do, and why (so it is not tested here):

* TCP chunks sent as several DATA packets (``tcp_data_packet=1008``, what real machines
  do). pyzk's ``__recieve_tcp_data`` fetches each next DATA packet with a fresh
  ``sock.recv(size + 16)`` even when the bytes left over from the previous recv already
  hold all remaining packets and the closing ACK_OK; when the machine's whole answer has
  arrived at once (always the case on 127.0.0.1), that recv waits for bytes that never
  come and times out. ``test_pyzk_tcp_multi_packet_chunks_limitation`` pins this down.
  Our client is tested on that mode in test_zk_client.py. Over UDP pyzk handles it.
* Live events between replies: pyzk takes whatever arrives next as the reply.
* Records it cannot attribute: for an 8-byte record whose uid is not in the user table
  pyzk reports the uid as the user id; we keep such records aside (tested elsewhere).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from zk.exception import ZKErrorResponse

from hadir.zkpull import ZkClient
from tests.zk.conftest import StartSimulator
from zk import ZK


def _pyzk(host: str, port: int, transport: str, password: int = 0, timeout: float = 5) -> ZK:
    return ZK(
        host, port=port, timeout=timeout, password=password,
        force_udp=transport == "udp", ommit_ping=True,
    )  # fmt: skip


def _ours(host: str, port: int, transport: str, comm_key: int = 0) -> tuple[list, list]:
    with ZkClient(host, port, transport=transport, comm_key=comm_key) as client:
        users = client.read_users()
        log = client.read_attendance(users=users)
    return users, list(log.punches)


@pytest.mark.parametrize("transport", ["tcp", "udp"])
@pytest.mark.parametrize(
    ("record_size", "n_records"), [(8, 2500), (16, 2500), (40, 2500), (40, 20), (16, 10)]
)
def test_pyzk_reads_the_same_users_and_attendance(
    start_simulator: StartSimulator, transport: str, record_size: int, n_records: int
) -> None:
    sim = start_simulator(
        record_size=record_size, n_records=n_records, n_users=25, comm_key=777, seed=record_size
    )
    connection = _pyzk(sim.host, sim.port, transport, password=777).connect()
    try:
        their_users = connection.get_users()
        their_punches = connection.get_attendance()
    finally:
        connection.disconnect()
    our_users, our_punches = _ours(sim.host, sim.port, transport, comm_key=777)

    assert [(u.uid, u.user_id, u.name, u.privilege, u.card, u.group_id) for u in their_users] == [
        (u.uid, u.user_id, u.name, u.privilege, u.card, u.group_id) for u in our_users
    ]
    assert [(a.user_id, a.timestamp, a.status, a.punch) for a in their_punches] == [
        (p.user_id, p.timestamp, p.status, p.punch) for p in our_punches
    ]
    assert len(our_punches) == n_records
    if record_size != 16:
        assert [a.uid for a in their_punches] == [p.uid for p in our_punches]


def test_pyzk_over_udp_with_real_machine_packetisation(start_simulator: StartSimulator) -> None:
    sim = start_simulator(n_records=3000, tcp_data_packet=1008)
    connection = _pyzk(sim.host, sim.port, "udp").connect()
    try:
        theirs = connection.get_attendance()
    finally:
        connection.disconnect()
    _, ours = _ours(sim.host, sim.port, "udp")
    assert [(a.user_id, a.timestamp) for a in theirs] == [(p.user_id, p.timestamp) for p in ours]


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_pyzk_sees_the_same_clock_and_sizes(
    start_simulator: StartSimulator, transport: str
) -> None:
    sim = start_simulator(n_records=1234, clock_offset=timedelta(hours=-3))
    connection = _pyzk(sim.host, sim.port, transport).connect()
    try:
        their_time = connection.get_time()
        connection.read_sizes()
        their_counts = (connection.users, connection.records, connection.rec_cap)
    finally:
        connection.disconnect()
    with ZkClient(sim.host, sim.port, transport=transport) as client:
        our_time = client.get_time()
        sizes = client.read_sizes()
    assert abs((our_time - their_time).total_seconds()) <= 1
    assert their_counts == (sizes.users, sizes.records, sizes.record_capacity)


def test_pyzk_speedface_mode(start_simulator: StartSimulator) -> None:
    sim = start_simulator(speedface=True)
    connection = _pyzk(sim.host, sim.port, "tcp").connect()
    try:
        assert connection.get_attendance() == []
        assert len(connection.get_users()) == 20
    finally:
        connection.disconnect()


def test_pyzk_is_refused_with_a_wrong_comm_key(start_simulator: StartSimulator) -> None:
    sim = start_simulator(comm_key=4321)
    with pytest.raises(ZKErrorResponse, match="Unauthenticated"):
        _pyzk(sim.host, sim.port, "tcp", password=1234).connect()


@pytest.mark.xfail(
    strict=True, raises=TimeoutError, reason="pyzk 0.9 TCP reassembly waits for bytes it has"
)
def test_pyzk_tcp_multi_packet_chunks_limitation(start_simulator: StartSimulator) -> None:
    sim = start_simulator(n_records=3000, tcp_data_packet=1008)
    connection = _pyzk(sim.host, sim.port, "tcp", timeout=0.5).connect()
    connection.get_attendance()  # the simulator closes the socket when it stops
