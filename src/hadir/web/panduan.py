"""The guides (Panduan) served inside Hadir: the Markdown files of ``docs/panduan/`` rendered
to HTML on the server, their screenshots served from ``docs/panduan/img/``.

The same files read well on the code forge, so headings get the anchors the forge gives them
(lowercase, punctuation dropped, spaces to hyphens) and images and links stay relative
(``img/x.png``, ``kepala.md#bagian``); here they are rewritten to Hadir's own addresses.
Raw HTML in the Markdown is not rendered: a guide is text, pictures and links only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from markdown_it import MarkdownIt
from markdown_it.token import Token

from hadir.accounts.models import Role
from hadir.accounts.scope import Scope

# The guides, in the order the index lists them; the file is docs/panduan/<slug>.md.
GUIDES = ("operator", "kepala", "pegawai")
IMAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.png$")
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    html: str


def panduan_dir() -> Path:
    return Path(settings.PANDUAN_DIR)


def heading_anchor(text: str) -> str:
    """The anchor the forge gives a heading: ``Laporan bulanan`` -> ``laporan-bulanan``."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def guide_for(scope: Scope) -> str | None:
    """The guide written for this person's main role; None sends them to the index."""
    if scope.has_role(Role.OPERATOR):
        return "operator"
    if scope.has_role(Role.HEAD):
        return "kepala"
    if scope.all_units or scope.unit_ids:
        return None
    return "pegawai" if scope.employee_id else None


def guide_title(slug: str) -> str:
    """The guide's first-level heading, or its slug when the file has none."""
    for line in _source(slug).splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return slug


def guide_render(slug: str) -> Guide:
    source = _source(slug)
    env: dict[str, object] = {}
    tokens = _without_title(_MARKDOWN.parse(source, env))
    _add_anchors(tokens)
    for token in tokens:
        for child in token.children or ():
            _point_inside_hadir(child)
    html = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, env)
    return Guide(slug=slug, title=guide_title(slug), html=html)


def guide_image(name: str) -> Path | None:
    """The screenshot's file, for a plain ``name.png`` that exists in the guides' img/."""
    if not IMAGE_NAME.match(name):
        return None
    path = panduan_dir() / "img" / name
    return path if path.is_file() else None


def _source(slug: str) -> str:
    if slug not in GUIDES:
        raise FileNotFoundError(slug)
    return (panduan_dir() / f"{slug}.md").read_text(encoding="utf-8")


def _without_title(tokens: list[Token]) -> list[Token]:
    """The page shows the title as its own heading: the guide's ``# Title`` is dropped."""
    if len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        return tokens[3:]
    return tokens


def _add_anchors(tokens: list[Token]) -> None:
    for opening, inline in pairwise(tokens):
        if opening.type == "heading_open" and inline.type == "inline":
            opening.attrSet("id", heading_anchor(inline.content))


def _point_inside_hadir(token: Token) -> None:
    if token.type == "image":
        src = str(token.attrGet("src") or "")
        if src.startswith("img/"):
            token.attrSet("src", reverse("panduan-image", args=[src.removeprefix("img/")]))
            token.attrSet("loading", "lazy")
    elif token.type == "link_open":
        href = str(token.attrGet("href") or "")
        page, _, anchor = href.partition("#")
        if page.removesuffix(".md") in GUIDES and page.endswith(".md"):
            target = reverse("panduan-guide", args=[page.removesuffix(".md")])
            token.attrSet("href", f"{target}#{anchor}" if anchor else target)
