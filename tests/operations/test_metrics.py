"""``/metrics``: only for the token or the ranges the configuration names; business figures
read from the database; request latencies by route name, never by path."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from hadir.accounts.models import Role
from hadir.devices.models import Device
from hadir.jobs.heartbeat import Heartbeat
from hadir.jobs.models import Job, JobStatus
from hadir.jobs.services import job_enqueue
from hadir.punches.services import IncomingPunch, IncomingRejected, punches_ingest

TOKEN = "s3cret-metrics-token-for-tests"


def scrape(remote: str = "127.0.0.1", token: str = "", **headers: str) -> tuple[int, str]:
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response = Client(REMOTE_ADDR=remote, headers=headers).get("/metrics")
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(
    ("configured", "remote", "sent", "status"),
    [
        ({}, "127.0.0.1", "", 404),  # nothing configured: the route does not exist
        ({}, "127.0.0.1", TOKEN, 404),
        ({"HADIR_METRICS_TOKEN": TOKEN}, "10.0.0.5", TOKEN, 200),
        ({"HADIR_METRICS_TOKEN": TOKEN}, "10.0.0.5", "wrong", 403),
        ({"HADIR_METRICS_TOKEN": TOKEN}, "10.0.0.5", "", 403),
        ({"HADIR_METRICS_ALLOW": "10.9.0.0/16"}, "10.9.3.4", "", 200),
        ({"HADIR_METRICS_ALLOW": "10.9.0.0/16"}, "10.8.3.4", "", 403),
        ({"HADIR_METRICS_ALLOW": "10.9.0.0/16, 192.0.2.7"}, "192.0.2.7", "", 200),
        (
            {"HADIR_METRICS_ALLOW": "10.9.0.0/16", "HADIR_METRICS_TOKEN": TOKEN},
            "8.8.8.8",
            TOKEN,
            200,
        ),
        ({"HADIR_METRICS_ALLOW": "::1/128"}, "::1", "", 200),
    ],
)
def test_access_by_token_or_range(db, configured, remote, sent, status):
    with override_settings(**configured):
        assert scrape(remote, sent)[0] == status


@override_settings(HADIR_METRICS_ALLOW="10.9.0.0/16", HADIR_TRUSTED_PROXIES="127.0.0.1")
@pytest.mark.parametrize(
    ("forwarded", "status"), [("10.9.1.1", 200), ("203.0.113.5", 403), ("", 403)]
)
def test_behind_the_proxy_the_forwarded_address_decides(db, forwarded, status):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    assert scrape("127.0.0.1", **headers)[0] == status


@override_settings(HADIR_METRICS_ALLOW="10.9.0.0/16")
def test_a_forged_forwarded_header_from_outside_is_ignored(db):
    assert scrape("203.0.113.5", **{"X-Forwarded-For": "10.9.1.1"})[0] == 403


def test_a_logged_in_admin_without_token_is_refused(db, make_user):
    client = Client(REMOTE_ADDR="203.0.113.5")
    client.force_login(make_user(username="kominfo-admin", role=Role.DISKOMINFO_ADMIN))
    with override_settings(HADIR_METRICS_TOKEN=TOKEN):
        assert client.get("/metrics").status_code == 403


def line(text: str, prefix: str) -> float:
    found = [row for row in text.splitlines() if row.startswith(prefix)]
    assert found, f"no metric line starts with {prefix!r}"
    return float(found[0].rsplit(" ", 1)[1])


@override_settings(HADIR_METRICS_TOKEN=TOKEN, HADIR_DEVICE_OFFLINE_HOURS=2)
def test_business_figures_come_from_the_database(two_units, make_employee):
    employee = make_employee(two_units["DINKES"], pin="101")
    now = timezone.now()
    fresh = Device.objects.create(sn="M-FRESH", unit=two_units["DINKES"], state="active")
    Device.objects.filter(pk=fresh.pk).update(last_seen_at=now)
    Device.objects.create(sn="M-SILENT", unit=two_units["DINKES"], state="active")
    local = timezone.localtime(now - timedelta(hours=1)).replace(tzinfo=None)
    punches_ingest(
        source="push",
        source_ref=fresh.sn,
        device=fresh,
        punches=[IncomingPunch(pin="101", local_time=local)],
        rejected=[IncomingRejected(1, "garbage", "unreadable", "not a punch")],
    )
    failed = job_enqueue(kind="attendance.recompute_month", payload={"month": "2026-03"})
    Job.objects.filter(pk=failed.pk).update(status=JobStatus.FAILED)
    Heartbeat().beat()

    status, text = scrape(token=TOKEN)
    assert status == 200
    assert line(text, 'hadir_punches_total{channel="push"}') == 1
    assert line(text, 'hadir_punches_total{channel="app"}') == 0
    assert line(text, 'hadir_quarantined_lines_total{channel="push"}') == 1
    assert (line(text, "hadir_machines_active "), line(text, "hadir_machines_offline ")) == (2, 1)
    assert line(text, "hadir_jobs_failed_total ") == 1
    assert line(text, "hadir_days_marked ") >= 1
    assert 0 <= line(text, "hadir_recompute_lag_seconds ") < 60
    assert 0 <= line(text, "hadir_worker_heartbeat_age_seconds ") < 60
    for personal in (employee.nip, employee.name, "M-FRESH", "garbage"):
        assert personal not in text


def test_recompute_lag_is_zero_when_nothing_waits(db):
    with override_settings(HADIR_METRICS_TOKEN=TOKEN):
        text = scrape(token=TOKEN)[1]
    assert line(text, "hadir_recompute_lag_seconds ") == 0
    assert line(text, "hadir_worker_heartbeat_age_seconds ") == -1


@override_settings(HADIR_METRICS_TOKEN=TOKEN)
def test_latencies_are_labelled_by_route_name_not_path(two_units, make_employee, make_user):
    employee = make_employee(two_units["DINKES"], pin="102")
    client = Client()
    client.force_login(make_user(username="bkd-1", role=Role.BKD_ADMIN))
    before = scrape(token=TOKEN)[1]
    label = 'route="employee-detail",status="2xx"'
    prefix = f'hadir_http_request_duration_seconds_count{{method="GET",{label}}}'
    count_before = line(before, prefix) if prefix in before else 0
    assert client.get(f"/employees/{employee.nip}/").status_code == 200
    after = scrape(token=TOKEN)[1]
    assert line(after, prefix) == count_before + 1
    assert employee.nip not in after


def test_an_unknown_path_is_counted_as_unmatched(db):
    Client().get("/no-such-page-19800101/")
    with override_settings(HADIR_METRICS_TOKEN=TOKEN):
        text = scrape(token=TOKEN)[1]
    assert 'route="unmatched"' in text
    assert "19800101" not in text
