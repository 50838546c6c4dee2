"""The headers a government web app sends, no inline script on any page of any role, and
production settings that refuse to start half-configured."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from hadir.accounts.models import Role

ROOT = Path(__file__).resolve().parents[2]


class InlineCode(HTMLParser):
    """Collects executable inline script and on* handler attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, _value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
        # JSON data blocks (json_script) are inert: the browser never runs them.
        inert = values.get("type") == "application/json"
        if tag == "script" and not values.get("src") and not inert:
            self.problems.append("<script> without src")
        if tag == "a" and (values.get("href") or "").startswith("/"):
            self.links.append(values["href"] or "")


@pytest.fixture
def accounts(two_units, make_employee, make_user):
    budi = make_employee(two_units["DINKES"], name="Budi")
    return {
        "employee": make_user("budi", employee=budi),
        "operator": make_user("op", Role.OPERATOR, two_units["DINKES"]),
        "head": make_user("kepala", Role.HEAD, two_units["DINKES"]),
        "bkd_admin": make_user("bkd", Role.BKD_ADMIN),
        "leadership": make_user("pimpinan", Role.LEADERSHIP),
        "diskominfo": make_user("kominfo", Role.DISKOMINFO_ADMIN),
    }


def assert_security_headers(response) -> None:
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_login_page_has_the_headers_and_no_inline_code(db):
    response = Client().get("/login/")
    assert_security_headers(response)
    parser = InlineCode()
    parser.feed(response.content.decode())
    assert parser.problems == []


@pytest.mark.parametrize(
    "role", ["employee", "operator", "head", "bkd_admin", "leadership", "diskominfo"]
)
def test_no_inline_code_on_any_page_of_each_role(accounts, role):
    """Every page the role reaches from home (the menu and the links on those pages)."""
    client = Client()
    client.force_login(accounts[role])
    seen: set[str] = set()
    queue = [reverse("home"), reverse("mobile")]
    while queue and len(seen) < 40:
        url = queue.pop(0)
        if url in seen or url.startswith(("/api/", "/static/", "/logout")):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        assert_security_headers(response)
        parser = InlineCode()
        parser.feed(response.content.decode())
        assert parser.problems == [], url
        queue.extend(link.split("#")[0] for link in parser.links)
    assert len(seen) >= 4


def test_error_pages_carry_the_headers_too(db):
    assert_security_headers(Client().get("/tidak-ada/"))


def _settings_in_subprocess(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HADIR_", "DJANGO_"))}
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", f"import hadir.settings as s\n{code}"],
        env={**clean, "PYTHONPATH": str(ROOT / "src"), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    done = _settings_in_subprocess(
        {"HADIR_SECRET_KEY": "x" * 50, "HADIR_DATA_DIR": str(tmp_path)}, "print('started')"
    )
    assert done.returncode != 0
    assert "HADIR_ALLOWED_HOSTS is not set" in done.stderr
    assert "started" not in done.stdout


def test_production_starts_with_allowed_hosts_and_https(tmp_path):
    done = _settings_in_subprocess(
        {
            "HADIR_SECRET_KEY": "x" * 50,
            "HADIR_DATA_DIR": str(tmp_path),
            "HADIR_ALLOWED_HOSTS": "presensi.example.go.id, localhost",
            "HADIR_HTTPS": "1",
        },
        "print(s.ALLOWED_HOSTS, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_REDIRECT_EXEMPT)",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "['presensi.example.go.id', 'localhost'] 31536000 True True True ['^iclock/']"
    )


def test_https_redirect_spares_the_machines_plain_http_push(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^iclock/"]
    assert Client().get("/login/").status_code == 301
    assert Client().get("/iclock/cdata?SN=X&options=all").status_code != 301


def test_hsts_header_when_served_over_https(db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = Client().get("/login/", headers={"X-Forwarded-Proto": "https"})
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in Client().get("/login/")
