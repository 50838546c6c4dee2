"""The /iclock/ endpoints with real device bodies: exact counts, quarantine, OK: n."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.test import Client
from django.utils import timezone

from hadir.audit.models import AuditEvent
from hadir.devices.models import Device, DeviceOperation, DeviceState, DeviceUser
from hadir.punches.models import Punch, QuarantinedLine
from tests.devices.conftest import FIXTURES, iclock, post_attlog

MB10VL_SN = "CNYG213260182"


def test_handshake_registers_an_unknown_machine_as_pending(region):
    client = Client()
    before = timezone.now()
    response = iclock(
        client,
        "GET",
        "/iclock/cdata",
        {"SN": "NEW0001", "options": "all", "pushver": "2.4.1", "language": "73"},
    )
    assert response.status_code == 200
    lines = response.content.decode().split("\n")
    assert lines[0] == "GET OPTION FROM: NEW0001"
    assert "TimeZone=7" in lines  # Asia/Jakarta
    assert "Realtime=1" in lines and "ATTLOGStamp=None" in lines
    server_date = parsedate_to_datetime(response.headers["Date"])
    assert server_date.tzinfo is not None
    assert abs(server_date - before) < timedelta(seconds=5)
    device = Device.objects.get(sn="NEW0001")
    assert device.state == DeviceState.PENDING and device.unit is None
    assert device.push_version == "2.4.1" and device.last_seen_at >= before - timedelta(seconds=1)
    assert AuditEvent.objects.filter(action="device.first_contact").count() == 1


def test_handshake_time_zone_follows_the_region(db):
    from hadir.org.services import region_configure

    region_configure(name="Kabupaten Timur", timezone="Asia/Jayapura")
    response = iclock(Client(), "GET", "/iclock/cdata/", {"SN": "WIT1", "options": "all"})
    assert "TimeZone=9\n" in response.content.decode()


@pytest.mark.parametrize("path", ["/iclock/cdata", "/iclock/cdata/"])
def test_real_mb10vl_batch_is_stored_and_answered_ok_n(region, path):
    body = (FIXTURES / "push_adms/mb10vl_attlog_batch_body.txt").read_bytes()
    response = iclock(
        Client(), "POST", path, {"SN": MB10VL_SN, "table": "ATTLOG", "Stamp": "9999"}, body
    )
    assert response.status_code == 200
    assert response.content == b"OK: 6"
    assert Punch.objects.count() == 6
    first = Punch.objects.get(pin="46")
    assert first.local_date.isoformat() == "2025-01-29"
    assert first.punched_at == datetime(2025, 1, 28, 23, 58, 48, tzinfo=UTC)
    assert first.verify == 15 and first.source == "push" and first.source_ref == MB10VL_SN
    assert not first.counted  # an unknown machine is pending: kept, not counted
    checkout = (FIXTURES / "push_adms/mb10vl_attlog_checkout_lines.txt").read_bytes()
    assert post_attlog(Client(), MB10VL_SN, checkout).content == b"OK: 2"
    assert Punch.objects.count() == 8


def test_seven_fields_empty_fields_trailing_tabs_crlf_and_a_truncated_last_line(region):
    body = (
        b"1001\t2026-03-02 07:01:09\t0\t1\t\t0\t0\r\n"  # 7 fields, empty work code, CRLF
        b"1002\t2026-03-02 07:02:10\t0\t1\t0\t0\t0\t\r\n"  # trailing TAB
        b"\r\n"  # blank: not a record
        b"10 3\t2026-03-02 07:03:00\t0\t1\t0\t0\t0\n"  # space inside the PIN
        b"1004\t2026-02-30 07:04:00\t0\t1\t0\t0\t0\n"  # no such date
        b"1005\t2026-03-02 07:0"  # cut off
    )
    response = post_attlog(Client(), "SEVEN01", body)
    assert response.content == b"OK: 5"
    assert sorted(Punch.objects.values_list("pin", "workcode")) == [("1001", ""), ("1002", "0")]
    reasons = dict(QuarantinedLine.objects.values_list("line_no", "reason"))
    assert reasons == {4: "invalid_pin", 5: "bad_datetime", 6: "truncated"}
    truncated = QuarantinedLine.objects.get(reason="truncated")
    assert truncated.raw == "1005\t2026-03-02 07:0"
    assert "terpotong" in truncated.message
    assert truncated.device == Device.objects.get(sn="SEVEN01")


def test_a_batch_resent_200_times_is_stored_once(region):
    body = (FIXTURES / "push_adms/mb10vl_attlog_batch_body.txt").read_bytes()
    client = Client()
    for _ in range(200):
        assert post_attlog(client, MB10VL_SN, body).content == b"OK: 6"
    assert Punch.objects.count() == 6
    assert QuarantinedLine.objects.count() == 0


def test_any_error_answers_500_never_ok(region, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("hadir.devices.receiver.punches_ingest", broken)
    body = (FIXTURES / "push_adms/mb10vl_attlog_batch_body.txt").read_bytes()
    response = post_attlog(Client(), MB10VL_SN, body)
    assert response.status_code == 500
    assert not response.content.startswith(b"OK")
    assert Punch.objects.count() == 0


def test_a_bad_serial_number_is_refused(region):
    response = iclock(Client(), "GET", "/iclock/cdata", {"SN": "a\nb", "options": "all"})
    assert response.status_code == 400
    assert not Device.objects.exists()
    assert iclock(Client(), "GET", "/iclock/getrequest", {}).status_code == 400


def test_other_tables_are_answered_ok_and_nothing_is_kept(region, caplog):
    body = b"PIN=1001\nSN=X1\nsize=4\nCMD=uploadphoto\x00\xff\xd8\xff\xe0"
    response = iclock(Client(), "POST", "/iclock/cdata", {"SN": "X1", "table": "ATTPHOTO"}, body)
    assert response.content == b"OK"
    assert not Punch.objects.exists() and not QuarantinedLine.objects.exists()
    assert "ATTPHOTO" in caplog.text and "1001" not in caplog.text


def test_operlog_keeps_users_without_passwords_or_templates(region):
    body = (
        b"USER PIN=0036234\tName=Siti Aminah\tPri=0\tPasswd=1234\tCard=[0A1B2C]\tGrp=1\tTZ=0\n"
        b"FP PIN=36234\tFID=0\tSize=8\tValid=1\tTMP=QUJDREVGR0g=\n"
        b"FP PIN=36234\tFID=6\tSize=8\tValid=1\tTMP=SUpLTE1OT1A=\n"
        b"OPLOG 21\t0\t2026-03-02 06:00:00\t0\t0\t0\t0\n"
        b"OPLOG 4\t0\t2026-03-02 06:01:00\t0\t0\t0\t0\n"
        b"WHAT is this\n"
    )
    client = Client()
    for _ in range(2):  # a resend stores nothing twice
        response = iclock(client, "POST", "/iclock/cdata", {"SN": "OP1", "table": "OPERLOG"}, body)
        assert response.content == b"OK: 6"
    user = DeviceUser.objects.get()
    assert (user.pin, user.name, user.card, user.templates) == (
        "36234",
        "Siti Aminah",
        "[0A1B2C]",
        {"fingerprint": ["0", "6"]},
    )
    stored = str(list(DeviceUser.objects.values())) + str(list(DeviceOperation.objects.values()))
    assert "1234" not in stored and "QUJD" not in stored
    assert DeviceOperation.objects.count() == 2
    clock_change = DeviceOperation.objects.get(op_code=21)
    assert clock_change.needs_audit and clock_change.description == "Jam mesin diubah"
    assert AuditEvent.objects.filter(action="device.operation").count() == 1


def test_getrequest_records_info_and_answers_ok(region):
    info = "Ver 8.0.4.7-20230615,12,20,3456,192.168.1.201,10,7,15,0,101"
    response = iclock(Client(), "GET", "/iclock/getrequest", {"SN": "P1", "INFO": info})
    assert response.content == b"OK"
    device = Device.objects.get(sn="P1")
    assert (device.firmware, device.user_count, device.fingerprint_count) == (
        "Ver 8.0.4.7-20230615",
        12,
        20,
    )
    assert (device.attlog_count, device.ip_address) == (3456, "192.168.1.201")
    assert iclock(Client(), "GET", "/iclock/ping", {"SN": "P1"}).content == b"OK"


def test_a_poll_costs_one_query_when_nothing_is_waiting(region, django_assert_num_queries):
    client = Client()
    iclock(client, "GET", "/iclock/cdata", {"SN": "Q1", "options": "all"})
    with django_assert_num_queries(1):
        assert iclock(client, "GET", "/iclock/getrequest", {"SN": "Q1"}).content == b"OK"
    with django_assert_num_queries(0):
        assert iclock(client, "GET", "/iclock/ping", {"SN": "Q1"}).content == b"OK"
