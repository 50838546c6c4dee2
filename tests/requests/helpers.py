"""Helpers for the request tests: local moments, small files, API clients."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.test import Client

from hadir.accounts.tokens import api_token_create
from hadir.attendance.models import DayRecord
from hadir.requests.services import Upload

WIB = ZoneInfo("Asia/Jakarta")


def at(text: str, tz: ZoneInfo = WIB) -> datetime:
    """An aware moment written as local time: at("2026-03-03 09:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=tz)


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A small valid PNG, made here (no image library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def upload(content: bytes, name: str = "scan.png") -> Upload:
    return Upload(stream=io.BytesIO(content), name=name)


def record(employee, day: str) -> DayRecord:
    return DayRecord.objects.get(employee=employee, day=date.fromisoformat(day))


def api(user) -> Client:
    token = api_token_create(user=user, name="t").plaintext
    return Client(headers={"Authorization": f"Bearer {token}"})


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def with_policy_lines(*lines: str) -> str:
    """The shipped default policy file with extra keys in its version block."""
    from importlib import resources

    text = resources.files("hadir.rules.policies").joinpath("default.toml").read_text("utf-8")
    return text.replace("[version.deduction_pct]", "\n".join(lines) + "\n\n[version.deduction_pct]")
