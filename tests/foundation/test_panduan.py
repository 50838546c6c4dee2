"""The guides served inside Hadir: rendered from docs/panduan/, their pictures present, and
every page's help link pointing at a section that exists in the guide of its reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.org.services import unit_create
from hadir.web.panduan import GUIDES, guide_render, heading_anchor, panduan_dir

SRC = Path(__file__).resolve().parents[2] / "src" / "hadir"
HELP_BLOCK = re.compile(r"\{% block help %\}#([\w-]+)\{% endblock %\}")
# Pages an account without a role reaches; the employee's guide covers their sections.
EMPLOYEE_SECTIONS = {"mencari-hari-yang-perlu-dijelaskan", "koreksi-absen-pulang-yang-terlewat"}


def anchors(guide: str) -> set[str]:
    return set(re.findall(r'<h[1-6] id="([^"]+)"', guide_render(guide).html))


def help_anchors() -> dict[str, str]:
    found = {}
    for template in SRC.rglob("templates/**/*.html"):
        for anchor in HELP_BLOCK.findall(template.read_text()):
            found[str(template.relative_to(SRC))] = anchor
    return found


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Laporan bulanan", "laporan-bulanan"),
        ("Setelah batas 3 hari lewat", "setelah-batas-3-hari-lewat"),
        ("Absen dari HP", "absen-dari-hp"),
        ("Arti kode (TAM, TAP)", "arti-kode-tam-tap"),
    ],
)
def test_headings_get_the_forges_anchors(heading, anchor):
    assert heading_anchor(heading) == anchor


@pytest.mark.parametrize("guide", GUIDES)
def test_every_picture_of_a_guide_exists_and_is_small(guide):
    source = (panduan_dir() / f"{guide}.md").read_text()
    pictures = re.findall(r"!\[[^\]]*\]\(img/([^)]+)\)", source)
    for name in pictures:
        path = panduan_dir() / "img" / name
        assert path.is_file(), f"{guide}.md shows img/{name}: run `make panduan`"
        assert path.stat().st_size < 200_000, f"img/{name} is too large for the guide"
    assert "<img" not in source  # pictures are Markdown, never raw HTML


def test_every_help_link_opens_an_existing_section():
    used = help_anchors()
    assert len(used) >= 15
    for template, anchor in used.items():
        for guide in ("operator", "kepala"):
            assert anchor in anchors(guide), f"{template}: #{anchor} missing in {guide}.md"
    for anchor in EMPLOYEE_SECTIONS | {"absen-dari-hp"}:
        assert anchor in anchors("pegawai")


@pytest.mark.parametrize(
    ("role", "guide"),
    [(Role.OPERATOR, "operator"), (Role.HEAD, "kepala"), (Role.BKD_ADMIN, "")],
)
def test_pages_link_the_guide_of_the_readers_role(db, role, guide):
    unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    user = user_create(username="someone", password="Rahasia#2026")
    role_grant(user=user, role=role, unit=None if role == Role.BKD_ADMIN else unit)
    client = Client()
    client.force_login(user)
    page = client.get("/requests/").content.decode()
    target = f"/panduan/{guide}/#memutuskan-permohonan" if guide else "/panduan/#memutuskan"
    assert f'href="{target}' in page
    index = client.get("/panduan/")
    assert index.status_code == 200 and "Panduan Operator" in index.content.decode()


def test_a_guide_is_rendered_with_its_pictures_served_by_hadir(db):
    user = user_create(username="someone", password="Rahasia#2026")
    client = Client()
    client.force_login(user)
    page = client.get("/panduan/operator/").content.decode()
    assert '<h2 id="laporan-bulanan">' in page
    assert 'src="/panduan/img/operator-laporan.png"' in page
    assert 'href="/panduan/pegawai/#absen-dari-hp"' in page  # links between guides
    picture = client.get("/panduan/img/operator-laporan.png")
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    assert b"".join(picture.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "url",
    [
        "/panduan/tidak-ada/",
        "/panduan/img/tidak-ada.png",
        "/panduan/img/..%2Fkepala.md",
        "/panduan/img/masuk.PNG",
        "/panduan/img/.masuk.png",
    ],
)
def test_unknown_guides_and_pictures_are_not_found(db, url):
    client = Client()
    client.force_login(user_create(username="someone", password="Rahasia#2026"))
    assert client.get(url).status_code == 404


def test_the_guides_need_a_login(db):
    assert Client().get("/panduan/operator/").status_code == 302
