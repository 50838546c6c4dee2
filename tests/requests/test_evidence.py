"""Evidence: checked by content, stored once per content, shown only to those allowed, purged
after the retention period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import translation

from hadir.accounts.models import Role
from hadir.requests.evidence import (
    evidence_path,
    evidence_purge_expired,
    sniff_content_type,
)
from hadir.requests.models import Evidence, RequestEvidence
from hadir.requests.services import request_submit
from tests.requests.helpers import EXE, MP4, PDF, at, logged_in, png_bytes, upload

WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 64


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (png_bytes(), "image/png"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (PDF, "application/pdf"),
        (MP4, "video/mp4"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", "video/quicktime"),
        (b"\x00\x00\x00\x08wide\x00\x00\x00\x00mdat", "video/quicktime"),
        (b"\x00\x00\x00\x18ftyp3gp4\x00\x00\x00\x00isom3gp4", "video/3gpp"),
        (WEBM, "video/webm"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01matroska", "video/x-matroska"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", None),  # HEIC photo
        (EXE, None),
        (b"\x7fELF\x02\x01\x01", None),
        (b"PK\x03\x04 a zip or docx", None),
        (b"<html><script>", None),
        (b"GIF89a", None),
    ],
)
def test_content_type_is_read_from_the_bytes(head, expected):
    assert sniff_content_type(head) == expected


def sakit(people, *files, actor=None):
    return request_submit(
        actor=actor or people["budi_user"],
        kind="sakit",
        employee=people["budi"],
        first_day=date(2026, 3, 10),
        files=list(files),
        now=at("2026-03-10 08:00"),
    )


def test_a_video_and_a_pdf_are_accepted(people):
    request = sakit(people, upload(MP4, "wajah.mp4"), upload(PDF, "surat.pdf"))
    stored = {link.evidence.content_type for link in request.evidence.all()}
    assert stored == {"video/mp4", "application/pdf"}
    link = request.evidence.get(evidence__content_type="application/pdf")
    assert (link.filename, link.uploaded_by, link.evidence.size) == (
        "surat.pdf",
        people["budi_user"],
        len(PDF),
    )
    assert evidence_path(link.evidence.sha256).read_bytes() == PDF
    assert len(link.evidence.sha256) == 64


def test_a_program_renamed_jpg_is_refused(people):
    with translation.override("id"), pytest.raises(ValidationError) as error:
        sakit(people, upload(EXE, "foto.jpg"))
    assert error.value.messages == [
        "Berkas foto.jpg adalah program, bukan foto, PDF atau video, apa pun namanya. "
        "Berkas ditolak."
    ]
    assert not Evidence.objects.exists()
    with translation.override("id"), pytest.raises(ValidationError) as error:
        sakit(people, upload(b"just text, not a picture", "foto.jpg"))
    assert "isinya tidak dikenali" in error.value.messages[0]


@override_settings(HADIR_EVIDENCE_MAX_BYTES=1024)
def test_files_over_the_limit_are_refused(people):
    with translation.override("id"), pytest.raises(ValidationError) as error:
        sakit(people, upload(MP4 + b"\x00" * 2048, "video.mp4"))
    assert "lebih besar dari batas 1,0\xa0KB" in error.value.messages[0]


def test_the_same_file_twice_is_stored_once(people, settings, tmp_path):
    # A data directory of its own: other tests' files may share the two-letter folder.
    settings.DATA_DIR = tmp_path
    scan = png_bytes(3, 3)
    first = sakit(people, upload(scan, "a.png"))
    second = request_submit(
        actor=people["operator"],
        kind="sakit",
        employee=people["sari"],
        first_day=date(2026, 3, 10),
        files=[upload(scan, "b.png"), upload(scan, "c.png")],
        now=at("2026-03-10 09:00"),
    )
    assert Evidence.objects.count() == 1
    evidence = Evidence.objects.get()
    assert evidence.uploaded_by == people["budi_user"]
    assert RequestEvidence.objects.filter(evidence=evidence).count() == 2
    assert first.evidence.get().evidence == second.evidence.get().evidence
    assert [p.name for p in evidence_path(evidence.sha256).parent.iterdir()] == [evidence.sha256]


def test_evidence_is_shown_only_to_those_allowed(people, make_user):
    request = sakit(people, upload(PDF, "surat dokter.pdf"))
    link = request.evidence.get()
    url = f"/requests/{request.pk}/files/{link.pk}/"
    for who in ("budi_user", "head", "operator", "bkd"):
        response = logged_in(people[who]).get(url)
        assert response.status_code == 200, who
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        # a PDF is never rendered in the page: always downloaded
        assert response["Content-Disposition"] == 'attachment; filename="surat dokter.pdf"'
        assert "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content) == PDF
    assert logged_in(people["other_operator"]).get(url).status_code == 404
    assert logged_in(people["other_head"]).get(url).status_code == 404
    leadership = make_user("pimpinan", Role.LEADERSHIP)
    assert logged_in(leadership).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
    # never served from the media folder
    assert Client().get(f"/files/evidence/{link.evidence.sha256}").status_code == 404


def test_retention_purge_keeps_a_tombstone(people):
    request = sakit(people, upload(PDF, "surat.pdf"))
    evidence = request.evidence.get().evidence
    path = evidence_path(evidence.sha256)
    assert evidence.purge_after == date(2026, 3, 10) + timedelta(days=730)
    assert evidence_purge_expired(today=evidence.purge_after) == 0
    assert path.exists()
    assert evidence_purge_expired(today=evidence.purge_after + timedelta(days=1)) == 1
    evidence.refresh_from_db()
    assert evidence.purged_at is not None and evidence.sha256 and not path.exists()
    link = request.evidence.get()
    response = logged_in(people["head"]).get(f"/requests/{request.pk}/files/{link.pk}/")
    assert response.status_code == 404
    # the same content uploaded again is stored again under the same row
    request_submit(
        actor=people["operator"],
        kind="sakit",
        employee=people["sari"],
        first_day=date(2026, 3, 10),
        files=[upload(PDF, "lagi.pdf")],
        now=at("2026-03-10 09:00"),
    )
    evidence.refresh_from_db()
    assert evidence.purged_at is None and path.read_bytes() == PDF
    assert Evidence.objects.count() == 1
