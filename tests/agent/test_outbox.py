"""The outbox alone (no server, no sockets): whatever the order of reads, sends and crashes,
nothing read is lost and nothing is stored twice."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hadir.agent.outbox import Outbox, OutboxPunch

LOG = [OutboxPunch(str(n % 7 + 1), f"2026-03-02 07:{n // 60:02d}:{n % 60:02d}", 0, 1, "", n)
       for n in range(120)]  # fmt: skip

steps = st.lists(
    st.one_of(
        st.tuples(st.just("read"), st.integers(0, len(LOG))),
        st.tuples(st.just("send"), st.booleans()),  # True: the agent dies before marking
        st.just(("restart", 0)),
    ),
    max_size=30,
)


@settings(max_examples=30, deadline=None)
@given(steps=steps, batch=st.integers(1, 50))
def test_every_punch_read_reaches_the_server_once(steps, batch):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "outbox.sqlite3"
        outbox = Outbox(path)
        server: dict[tuple[str, str, str], int] = {}  # key -> times received
        on_machine = 0
        for action, value in steps:
            if action == "read":  # the machine returns its whole log, which only grows
                on_machine = max(on_machine, int(value))
                outbox.add("SN1", LOG[:on_machine])
            elif action == "send":
                found = outbox.next_batch(batch)
                if found is None:
                    continue
                for p in found.punches:
                    key = (found.sn, p.pin, p.local_time)
                    server[key] = server.get(key, 0) + 1
                if not value:
                    outbox.mark_forwarded(found.ids)
            else:
                outbox.close()
                outbox = Outbox(path)
        while (found := outbox.next_batch(batch)) is not None:
            for p in found.punches:
                key = (found.sn, p.pin, p.local_time)
                server[key] = server.get(key, 0) + 1
            outbox.mark_forwarded(found.ids)
        expected = {("SN1", p.pin, p.local_time) for p in LOG[:on_machine]}
        assert set(server) == expected  # nothing lost; resends are what the server's keys absorb
        assert outbox.total() == on_machine
        assert outbox.waiting() == (0, None)
        outbox.close()


def test_reading_the_same_log_again_adds_nothing(tmp_path):
    outbox = Outbox(tmp_path / "o.sqlite3")
    assert outbox.add("SN1", LOG) == 120
    assert outbox.add("SN1", LOG) == 0
    assert outbox.add("SN2", LOG[:5]) == 5  # another machine, same PINs and times
    first = outbox.next_batch(1000)
    assert first is not None and first.sn == "SN1" and len(first.ids) == 120
    assert outbox.next_batch(1000, skip=["SN1"]).sn == "SN2"
