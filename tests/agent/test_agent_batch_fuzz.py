"""Hypothesis through the real endpoint: any JSON batch from an agent is stored or refused
with a 4xx answer (400 in words, 403, 422 from the schema), never a 500; and what is stored
adds up (accepted + duplicates = received)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hadir.agents.services import agent_token_create

pytestmark = pytest.mark.django_db
CHECKED = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

numbers = st.none() | st.integers(-(2**70), 2**70) | st.sampled_from([0, 1, 15, 255, 32767, 32768])
times = st.sampled_from(
    [
        "2026-03-02 07:31:05",
        "2026-02-30 07:00:00",
        "0001-01-01 00:00:00",
        "9999-12-31 23:59:59",
        "2026-03-02T07:31:05",
        "",
        "07:31",
        "2026-03-02 24:00:00",
    ]
) | st.text(max_size=25)
records = st.fixed_dictionaries(
    {"pin": st.text(max_size=26), "time": times},
    optional={
        "status": numbers,
        "verify": numbers,
        "workcode": st.text(max_size=30),
        "uid": numbers,
    },
)
batches = st.fixed_dictionaries(
    {"sn": st.sampled_from(["AGT-1", "AGT-2", "", "x" * 70]) | st.text(max_size=10)},
    optional={
        "batch_id": st.text(max_size=120),
        "records": st.lists(records, max_size=6),
        "read_at": st.sampled_from(["2026-03-02T07:40:00+07:00", "bukan waktu", None]),
    },
)


def post(client: Client, token: str, body: Any) -> Any:
    return client.post(
        "/api/v1/agent/punches",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.fixture
def token(two_units: dict[str, Any]) -> str:
    return agent_token_create(unit=two_units["DINKES"], name="PC-TU").plaintext


@CHECKED
@example(  # smallint out of range on PostgreSQL
    batch={"sn": "AGT-1", "records": [{"pin": "7", "time": "2026-03-02 07:31:05", "status": 2**40}]}
)
@example(
    batch={
        "sn": "AGT-1",
        "records": [{"pin": "7", "time": "2026-03-02 07:31:05", "verify": -(2**31)}],
    }
)
@example(batch={"sn": "AGT-1", "records": [{"pin": "a b", "time": "2026-03-02 07:31:05"}]})
@example(batch={"sn": "AGT-1", "records": [{"pin": "\x00", "time": "2026-03-02 07:31:05"}]})
@example(batch={"sn": "AGT\x00", "records": []})  # PostgreSQL refuses NUL in text
@example(batch={"sn": "AGT-1", "batch_id": "\x00", "records": []})
@example(
    batch={
        "sn": "AGT-1",
        "records": [{"pin": "7", "time": "2026-03-02 07:31:05", "workcode": "\x00"}],
    }
)
@given(batch=batches)
def test_any_batch_is_stored_or_refused_never_a_500(token: str, batch: dict[str, Any]) -> None:
    response = post(Client(), token, batch)
    assert response.status_code in {200, 400, 403, 422}, response.content
    if response.status_code == 200:
        answer = response.json()
        assert answer["accepted"] + answer["duplicates"] == answer["received"]
        # A record whose numbers the ledger cannot hold is quarantined, the rest stored.
        assert answer["received"] + answer["quarantined"] == len(batch.get("records", []))


machines = st.fixed_dictionaries(
    {},
    optional={
        "name": st.text(max_size=20),
        "sn": st.none() | st.text(max_size=20),
        "host": st.text(max_size=20),
        "reachable": st.booleans(),
        "error": st.text(max_size=40),
        "checked_at": st.sampled_from(["2026-03-02T07:40:00+07:00", "kemarin", None]),
        "device_time": st.none() | times,
        "clock_drift_seconds": numbers,
        "clock_set": st.booleans(),
        "users": numbers,
        "fingerprints": numbers,
        "records": numbers,
    },
)
healths = st.fixed_dictionaries(
    {},
    optional={
        "version": st.text(max_size=12),
        "outbox_waiting": numbers,
        "oldest_waiting": st.sampled_from(["2026-03-02T07:40:00+07:00", "x", None]),
        "server_errors": numbers,
        "machines": st.lists(machines, max_size=4),
    },
)


@CHECKED
@example(health={"machines": [{"sn": "AGT-1", "error": "\x00"}]})
@example(health={"version": "\x00"})
@given(health=healths)
def test_any_health_report_is_taken_or_refused_never_a_500(
    token: str, health: dict[str, Any]
) -> None:
    response = Client().post(
        "/api/v1/agent/health",
        data=json.dumps(health),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code in {200, 400, 403, 422}, response.content
