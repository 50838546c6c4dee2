"""Hadir's own error pages: Indonesian, in the normal layout, with what to do and a link home;
the 500 page with a reference number that the log line carries too."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client

from hadir.accounts.models import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.urls("tests.security.error_urls")


@pytest.fixture
def operator(two_units, make_user):
    return make_user("op", Role.OPERATOR, two_units["DINKES"])


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("method", "url", "status", "title"),
    [
        ("get", "/test-errors/400/", 400, "Permintaan tidak dapat dipahami"),
        ("get", "/test-errors/403/", 403, "Anda tidak boleh membuka halaman ini"),
        ("get", "/tidak-ada/", 404, "Halaman tidak ditemukan"),
        ("get", "/units/NOPE/", 404, "Halaman tidak ditemukan"),
        ("get", "/logout/", 405, "Tindakan ini tidak dapat dilakukan di sini"),
        ("get", "/test-errors/500/", 500, "Terjadi kesalahan di server"),
    ],
)
def test_error_page_in_indonesian_with_layout_and_way_home(operator, method, url, status, title):
    response = getattr(_client(operator), method)(url)
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert 'class="topbar"' in html and "hadir.css" in html  # the normal layout
    assert 'href="/">Kembali ke beranda</a>' in html
    assert f"Kode kesalahan {status}" in html
    assert response["Content-Type"].startswith("text/html")


def test_404_for_anonymous_visitors_too(db):
    response = _client().get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_405_keeps_the_allow_header(operator):
    response = _client(operator).get("/logout/")
    assert response.status_code == 405
    assert "POST" in response["Allow"]


def test_csrf_failure_page(operator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    response = client.post("/accounts/locked/unlock/", {"username": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulir sudah kedaluwarsa" in html
    assert "muat ulang halaman" in html
    assert 'href="/">Kembali ke beranda</a>' in html


def test_500_shows_a_reference_that_the_log_carries(operator, caplog):
    nip = "198001012005011001"
    with caplog.at_level(logging.ERROR, logger="hadir.errors"):
        response = _client(operator).get(f"/test-errors/500/{nip}/")
    assert response.status_code == 500
    html = response.content.decode()
    reference = re.search(r'data-testid="error-reference">([0-9A-F]{8})<', html)
    assert reference, html
    records = [r for r in caplog.records if r.name == "hadir.errors"]
    assert len(records) == 1
    line = records[0].getMessage()
    assert f"ref={reference.group(1)}" in line
    assert "route=test-errors/500/<str:number>/" in line  # the pattern, not the NIP
    assert nip not in line
    assert records[0].exc_info and records[0].exc_info[0] is RuntimeError


def test_500_page_needs_neither_the_database_nor_context_processors(operator, monkeypatch):
    """The navigation context processor (which reads the database) may be what failed."""

    def broken() -> None:
        raise RuntimeError("database down")

    monkeypatch.setattr("hadir.web.context.region_get", broken)
    response = _client(operator).get("/test-errors/500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan di server" in html
    assert "Nomor referensi" in html


def test_error_page_in_english_when_asked(operator):
    client = _client(operator)
    response = client.get("/tidak-ada/", headers={"Accept-Language": "en"})
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_lockout_page_is_429_in_the_layout(two_units, make_user):
    make_user("siti")
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "siti", "password": "salah"})
    response = client.post("/login/", {"username": "siti", "password": PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Akun dikunci sementara" in html and 'class="topbar"' in html
    assert "operator unit Anda dapat membukanya" in html and "administrator Diskominfo" in html


def test_500_page_survives_a_broken_layout(operator, monkeypatch, caplog):
    def broken(name: str) -> None:
        raise RuntimeError("template missing")

    monkeypatch.setattr("hadir.web.errors.loader.get_template", broken)
    with caplog.at_level(logging.ERROR, logger="hadir.errors"):
        response = _client(operator).get("/test-errors/500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan di server" in html
    (record,) = [r for r in caplog.records if r.name == "hadir.errors"]
    assert record.getMessage().split("ref=")[1][:8] in html
