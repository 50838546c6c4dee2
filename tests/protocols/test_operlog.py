"""OPERLOG bodies: USER records, OPLOG entries, biometric lines kept out of sight."""

from __future__ import annotations

from datetime import datetime

import pytest

from hadir.protocols.operlog import TemplateKind, parse_operlog

TEMPLATE = "TVNTUzIxAAADpqUECAUHCc7QAAAbp2kBAAAAg2Ub" * 20


def test_user_record() -> None:
    body = (
        "USER PIN=36234\tName=Siti Aminah\tPri=0\tPasswd=\tCard=[15CD5B07]\tGrp=1"
        "\tTZ=0000000000000000\tVerify=-1\tViceCard=77\n"
    )
    (user,) = parse_operlog(body).users
    assert (user.pin, user.name, user.privilege, user.card, user.group) == (
        "36234",
        "Siti Aminah",
        0,
        "[15CD5B07]",
        "1",
    )
    assert (user.timezones, user.verify, user.has_password) == ("0000000000000000", -1, False)
    assert user.extra == {"ViceCard": "77"}
    assert user.line_no == 1


def test_user_password_is_only_in_the_sensitive_field() -> None:
    batch = parse_operlog("USER PIN=7\tName=Admin\tPri=14\tPasswd=918273\tCard=\tGrp=1\tTZ=\n")
    (user,) = batch.users
    assert user.has_password
    assert user.sensitive_password == "918273"
    assert "918273" not in repr(user)
    assert "918273" not in user.raw_redacted
    assert "Passwd=***" in user.raw_redacted


def test_oplog_entry() -> None:
    (entry,) = parse_operlog("OPLOG 21\t0\t2025-01-29 07:00:00\t0\t0\t0\t0\n").operations
    assert entry.op_code == 21
    assert entry.op_time == datetime(2025, 1, 29, 7, 0)
    assert entry.targets == ("0", "0", "0", "0")
    assert entry.description == "Jam mesin diubah"
    assert entry.needs_audit


@pytest.mark.parametrize(
    ("line", "code", "description", "audit"),
    [
        ("OPLOG 4\t0\t2025-01-29 07:00:00\t0\t0\t0\t0", 4, "Masuk menu", False),
        ("OPLOG 23\t1\t2025-01-29 07:00:00", 23, "Log absensi dihapus", True),
        ("OPLOG 999\t0\t2025-01-29 07:00:00", 999, "Operasi kode 999", False),
        ("OPLOG x", None, "Operasi tidak dikenal", False),
    ],
)
def test_oplog_variants(line: str, code: int | None, description: str, audit: bool) -> None:
    (entry,) = parse_operlog(line).operations
    assert (entry.op_code, entry.description, entry.needs_audit) == (code, description, audit)


@pytest.mark.parametrize(
    ("line", "kind", "pin", "index"),
    [
        (
            f"FP PIN=1001\tFID=6\tSize={len(TEMPLATE)}\tValid=1\tTMP={TEMPLATE}",
            "fingerprint",
            "1001",
            "6",
        ),
        (
            f"FACE PIN=1001\tFID=0\tValid=1\tSize={len(TEMPLATE)}\tTMP={TEMPLATE}",
            "face",
            "1001",
            "0",
        ),
        (
            f"FVEIN Pin=1001\tFID=2\tIndex=0\tValid=1\tSize=9\tTmp={TEMPLATE}",
            "finger_vein",
            "1001",
            "2",
        ),
        (
            f"BIODATA Pin=1001\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=9\tMajorVer=58"
            f"\tMinorVer=0\tFormat=0\tTmp={TEMPLATE}",
            "biodata",
            "1001",
            "0",
        ),
        (
            f"USERPIC PIN=1001\tFileName=1001.jpg\tSize=9\tContent={TEMPLATE}",
            "user_photo",
            "1001",
            "1001.jpg",
        ),
        (
            "BIOPHOTO PIN=1001\tFileName=9_1001.jpg\tType=9\tNo=0\tIndex=0\tSize=9"
            f"\tContent={TEMPLATE}",
            "bio_photo",
            "1001",
            "0",
        ),
    ],
)
def test_templates_keep_only_existence_and_size(
    line: str, kind: TemplateKind, pin: str, index: str
) -> None:
    batch = parse_operlog(line + "\n")
    (template,) = batch.templates
    assert (template.kind, template.pin, template.index) == (kind, pin, index)
    assert template.payload_length == len(TEMPLATE)
    assert template.sensitive_payload == TEMPLATE.encode()
    assert TEMPLATE not in repr(template)
    assert TEMPLATE not in template.raw_redacted
    assert f"<{len(TEMPLATE)} karakter disembunyikan>" in template.raw_redacted


def test_fingerprint_declared_size_and_validity() -> None:
    (template,) = parse_operlog(f"FP PIN=5\tFID=1\tSize=1234\tValid=3\tTMP={TEMPLATE}").templates
    assert (template.declared_size, template.valid) == (1234, 3)


def test_mixed_body_with_blank_and_unknown_lines() -> None:
    body = (
        "USER PIN=1\tName=A\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=\r\n"
        "\r\n"
        "OPLOG 0\t0\t2025-01-29 06:00:00\t0\t0\t0\t0\r\n"
        f"FP PIN=1\tFID=0\tSize=8\tValid=1\tTMP={TEMPLATE}\r\n"
        "IDCARD PIN=1\tIDNum=3201\tPhoto=SECRETPHOTO\r\n"
        "USER PIN=\tName=No pin\r\n"
        f"FP PIN=bad pin\tTMP={TEMPLATE}\r\n"
    )
    batch = parse_operlog(body.encode())
    assert (len(batch.users), len(batch.operations), len(batch.templates)) == (1, 1, 1)
    assert [line.line_no for line in batch.unrecognised] == [5, 6, 7]
    assert batch.blank_lines == 1
    assert batch.processed_count == 6
    kept = " ".join(line.raw_redacted for line in batch.unrecognised)
    assert "SECRETPHOTO" not in kept
    assert TEMPLATE not in kept
    assert batch.unrecognised[0].message == "Jenis baris OPERLOG tidak dikenal."
    assert batch.unrecognised[1].message == "Data pengguna dengan PIN tidak valid: ''."


def test_non_utf8_name_is_kept_readably() -> None:
    (user,) = parse_operlog(b"USER PIN=9\tName=Andr\xe9\tPri=0\n").users
    assert user.name == "Andr\\xe9"
