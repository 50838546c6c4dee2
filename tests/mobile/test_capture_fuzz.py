"""Hypothesis through the real endpoint: whatever a phone (or someone pretending to be one)
sends as a capture is stored with its outcome or refused in words (400/422), never a 500."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hadir.mobile.models import Capture
from tests.mobile.conftest import OFFICE, jpeg

pytestmark = pytest.mark.django_db
CHECKED = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

offsets = st.integers(-23 * 60, 23 * 60).map(lambda m: timezone(timedelta(minutes=m)))
stamps = (
    st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=offsets
    ).map(lambda d: d.isoformat())
    | st.sampled_from(
        [
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00",
            "2026-03-10T07:30:00",
            "2026-03-10T07:30:00Z",
            "bukan waktu",
            "",
            " ",
        ]
    )
    | st.text(max_size=30)
)
coordinates = st.floats() | st.sampled_from([OFFICE[0], OFFICE[1], 90.0, -180.0, 1e308])
fields = st.fixed_dictionaries(
    {
        "client_id": st.uuids().map(str) | st.text(max_size=40),
        "direction": st.sampled_from(["in", "out", "IN", "", "masuk"]),
        "captured_at": stamps,
    },
    optional={
        "sent_at": stamps,
        "lat": coordinates.map(repr),
        "lon": coordinates.map(repr),
        "accuracy": (st.floats() | st.just(15.0)).map(repr),
        "mocked": st.sampled_from(["true", "false", "1", "ya"]),
    },
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


@CHECKED
@example(
    form={
        "client_id": str(uuid.UUID(int=1)),
        "direction": "in",
        "captured_at": "0001-01-01T00:00:00+14:00",
    }
)
@example(
    form={
        "client_id": str(uuid.UUID(int=2)),
        "direction": "in",
        "captured_at": "9999-12-31T23:59:59-14:00",
    }
)
@example(
    form={
        "client_id": str(uuid.UUID(int=3)),
        "direction": "in",
        "captured_at": "2026-03-10T07:30:00+07:00",
        "lat": "nan",
        "lon": "inf",
        "accuracy": "nan",
    }
)
@example(
    form={
        "client_id": str(uuid.UUID(int=4)),
        "direction": "in",
        "captured_at": "2026-03-10T07:30:00+07:00",
        "lat": "1e308",
        "lon": "-1e308",
        "accuracy": "-5",
    }
)
@example(  # half a position broke the approver's summary
    form={
        "client_id": str(uuid.UUID(int=6)),
        "direction": "in",
        "captured_at": "2026-03-10T07:30:00+07:00",
        "lat": "-6.914744",
    }
)
@example(
    form={
        "client_id": str(uuid.UUID(int=5)),
        "direction": "out",
        "captured_at": "2026-03-10T07:30:00+07:00",
        "sent_at": "0001-01-01T00:00:00+14:00",
    }
)
@given(form=fields)
def test_any_capture_is_kept_or_refused_never_a_500(people, form) -> None:
    client = Client()
    client.force_login(people["budi_user"])
    photo = SimpleUploadedFile("selfie.jpg", jpeg(), content_type="image/jpeg")
    response = client.post("/api/v1/captures", {**form, "photo": photo})
    assert response.status_code in {200, 201, 400, 422}, response.content[:300]


@pytest.mark.parametrize(
    ("lat", "lon", "accuracy"),
    [("nan", "107.60981", "15"), ("-6.914744", "inf", "15"), ("91", "107.60981", "15")],
)
def test_an_impossible_position_is_refused_in_words_and_nothing_kept(
    people, lat, lon, accuracy
) -> None:
    client = Client()
    client.force_login(people["budi_user"])
    photo = SimpleUploadedFile("selfie.jpg", jpeg(), content_type="image/jpeg")
    now = now_iso()
    form = {
        "client_id": str(uuid.uuid4()),
        "direction": "in",
        "captured_at": now,
        "sent_at": now,
        "lat": lat,
        "lon": lon,
        "accuracy": accuracy,
        "photo": photo,
    }
    answer = client.post("/api/v1/captures", form, HTTP_ACCEPT_LANGUAGE="id")
    # The phone shows the sentence and can capture again; nothing is stored from it.
    assert answer.status_code == 400
    message = answer.json()["message"]
    assert ("lat" in message or "lon" in message) and "Send" not in message  # named, Indonesian
    assert not Capture.objects.exists()
