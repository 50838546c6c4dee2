"""The phone page, its service worker and manifest, and the menu link."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_page_for_the_employee(people):
    response = _client(people["budi_user"]).get("/m/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Absen masuk" in text and "Absen pulang" in text
    assert (
        'href="/m/"' in text
        or "Absen dari ponsel" in _client(people["budi_user"]).get("/").content.decode()
    )
    texts = json.loads(
        text.split('id="mobile-texts" type="application/json">')[1].split("</script>")[0]
    )
    assert texts["queued"].startswith("Tersimpan di ponsel ini")


def test_menu_link_for_employees(people):
    assert "Absen dari ponsel" in _client(people["budi_user"]).get("/").content.decode()


def test_page_needs_login_and_an_employee(people):
    assert Client().get("/m/").status_code == 302
    text = _client(people["head"]).get("/m/").content.decode()
    assert "tidak terhubung dengan pegawai" in text


def test_service_worker_and_manifest(people):
    client = Client()
    worker = client.get("/m/sw.js")
    assert worker["Content-Type"].startswith("application/javascript")
    assert worker["Service-Worker-Allowed"] == "/m/"
    assert '"/m/"' in worker.content.decode()
    manifest = json.loads(client.get("/m/manifest.webmanifest").content)
    assert (manifest["start_url"], manifest["display"]) == ("/m/", "standalone")
