"""Evidence files and selfies: a PDF is always an attachment, never rendered in the page;
photos may be shown inline, never sniffed as something else; nothing in a file may run."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.utils import timezone

from hadir.accounts.tokens import api_token_create
from hadir.requests.services import Upload, request_submit
from tests.mobile.helpers import capture_without_position

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def filed(two_units, make_employee, make_user):
    budi = make_employee(two_units["DINKES"], name="Budi")
    user = make_user("budi", employee=budi)
    item = request_submit(
        actor=user,
        kind="sakit",
        employee=budi,
        first_day=timezone.localdate(),
        files=[
            Upload(stream=io.BytesIO(PDF), name="surat dokter.pdf"),
            Upload(stream=io.BytesIO(PNG), name="foto.png"),
        ],
    )
    token = api_token_create(user=user, name="t").plaintext
    client = Client(headers={"Authorization": f"Bearer {token}"})
    links = {link.filename: link.pk for link in item.evidence.all()}
    return {"user": user, "item": item, "client": client, "links": links}


def assert_safe(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("download", ["", "?download=1"])
def test_pdf_is_always_an_attachment_on_the_page_and_in_the_api(filed, download):
    item, pdf = filed["item"], filed["links"]["surat dokter.pdf"]
    web = Client()
    web.force_login(filed["user"])
    for response in (
        web.get(f"/requests/{item.pk}/files/{pdf}/{download}"),
        filed["client"].get(f"/api/v1/requests/{item.pk}/files/{pdf}{download}"),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="surat dokter.pdf"'
        assert_safe(response)


def test_photo_is_inline_unless_downloaded(filed):
    item, png = filed["item"], filed["links"]["foto.png"]
    web = Client()
    web.force_login(filed["user"])
    shown = web.get(f"/requests/{item.pk}/files/{png}/")
    assert shown["Content-Disposition"].startswith("inline;")
    assert_safe(shown)
    saved = web.get(f"/requests/{item.pk}/files/{png}/?download=1")
    assert saved["Content-Disposition"].startswith("attachment;")


def test_request_page_no_longer_embeds_the_pdf(filed):
    web = Client()
    web.force_login(filed["user"])
    html = web.get(f"/requests/{filed['item'].pk}/").content.decode()
    assert "<iframe" not in html
    assert "PDF: unduh untuk membukanya." in html


def test_selfie_is_an_image_never_sniffed(filed):
    now = timezone.now()
    capture = capture_without_position(user=filed["user"], now=now)
    response = filed["client"].get(f"/api/v1/captures/{capture.client_id}/photo")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")
    assert_safe(response)
