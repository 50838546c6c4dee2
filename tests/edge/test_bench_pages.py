"""The page benchmark's crawl (``hadir.web.bench_pages``), so ``make bench`` does not rot:
which links it follows, and that it reaches pages and downloads on a real region. Timings
are never asserted."""

from __future__ import annotations

from django.test import Client

from hadir.web.bench_pages import crawl, page_kind, page_links


def test_only_same_site_pages_are_followed():
    html = (
        '<a href="/units/A/?month=2026-03#x">a</a><a href="https://example.org/">b</a>'
        '<a href="/logout/">c</a><a href="/static/x.css">d</a><a href="relative/">e</a>'
        '<a href="/me/">f</a><a>no href</a>'
    )
    assert page_links(html) == ["/units/A/?month=2026-03", "/me/"]


def test_one_page_per_route_and_query_keys(db):
    assert page_kind("/units/A/?month=2026-03") == page_kind("/units/B/?month=2026-04")
    assert page_kind("/units/A/") != page_kind("/units/A/?month=2026-03")


def test_the_crawl_reaches_pages_and_downloads_without_a_server_error(small_region):
    client = Client()
    client.force_login(small_region["users"]["bkd_admin"])
    pages = crawl("BKD", client, limit=40)
    assert len({p.path for p in pages}) == len(pages) > 10
    assert not [p.path for p in pages if p.status >= 500]
    assert all(p.queries > 0 for p in pages)  # the counts reset per request, never stale
    assert any(p.download for p in pages) and any(not p.download for p in pages)
