"""How long the pages take on the demo, as each role opens them (``make bench``; never asserted).

Run on a built demo (``HADIR_DATA_DIR`` of ``hadir demo --no-serve``): for every role's
demo account, start at the home page and follow the links it shows, breadth first, one page per
route and set of query keys (190 unit pages are one page), up to ``--pages`` (120) per role.
Each HTML page is fetched three times through Django's test client (the whole middleware
stack, sessions and templates; no network) and its median and query count are kept; a
download (PDF, XLSX, CSV) is fetched once. The floor is the guide index (``/panduan/``) for
the same account: the layout, the session and the menu, nothing read from attendance.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

SKIP_PREFIXES = ("/logout/", "/i18n/", "/static/", "/api/v1/docs", "/panduan/img/", "/media/")
REPEAT = 3
FLOOR_PATH = "/panduan/"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def page_links(html: str) -> list[str]:
    """Same-site paths (with their query) linked from a page, in page order."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        href, _ = urldefrag(href)
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIP_PREFIXES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def page_kind(path: str) -> tuple[str, tuple[str, ...]]:
    """One page per route and set of query keys: ``/units/DINKES/`` and ``/units/SD1/`` are one."""
    from django.urls import Resolver404, resolve

    parts = urlsplit(path)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    keys = tuple(sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair}))
    return route, keys


@dataclass
class PageTime:
    role: str
    path: str
    seconds: float
    queries: int
    status: int
    download: bool


def _timed_get(client, path: str) -> tuple[float, int, object]:  # type: ignore[no-untyped-def]
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the log keeps 9,000 queries; a crawl makes more, so each starts empty
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        if getattr(response, "streaming", False):
            for _ in response.streaming_content:
                pass
        seconds = time.perf_counter() - started
    return seconds, len(queries.captured_queries), response


def crawl(role: str, client, limit: int) -> list[PageTime]:  # type: ignore[no-untyped-def]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    queue: list[str] = ["/"]
    timed: list[PageTime] = []
    while queue and len(timed) < limit:
        path = queue.pop(0)
        kind = page_kind(path)
        if kind in seen:
            continue
        seen.add(kind)
        first, queries, response = _timed_get(client, path)
        content_type = response.get("Content-Type", "")  # type: ignore[attr-defined]
        status = response.status_code  # type: ignore[attr-defined]
        if status in (301, 302):
            queue.append(response["Location"])  # type: ignore[index]
            continue
        if "text/html" not in content_type:
            timed.append(PageTime(role, path, first, queries, status, download=True))
            continue
        times = [first] + [_timed_get(client, path)[0] for _ in range(REPEAT - 1)]
        timed.append(PageTime(role, path, statistics.median(times), queries, status, False))
        queue += page_links(response.content.decode(errors="replace"))  # type: ignore[attr-defined]
    return timed


def floor_seconds(client) -> float:  # type: ignore[no-untyped-def]
    return statistics.median(_timed_get(client, FLOOR_PATH)[0] for _ in range(5))


def demo_accounts() -> dict[str, object]:
    """The demo's printed logins, one account per role."""
    from hadir.accounts.models import Role, RoleGrant, User

    def holder(role: str) -> object:
        grant = RoleGrant.objects.filter(role=role).order_by("pk").select_related("user").first()
        if grant is None:
            raise SystemExit(f"the demo has no {role} account: build it with `hadir demo`")
        return grant.user

    accounts = {
        "BKD": User.objects.get(username="bkd"),
        "Diskominfo": User.objects.get(username="diskominfo"),
        "Pimpinan": User.objects.get(username="bupati"),
        "Operator": User.objects.filter(username__startswith="operator.").order_by("pk").first()
        or holder(Role.OPERATOR),
        "Kepala": User.objects.filter(username__startswith="kepala.").order_by("pk").first()
        or holder(Role.HEAD),
        "Pegawai": User.objects.filter(username__startswith="pegawai.").order_by("pk").first(),
    }
    return {role: user for role, user in accounts.items() if user is not None}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=120, help="at most this many pages per role")
    parser.add_argument("--slowest", type=int, default=8)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hadir.settings")
    import django

    django.setup()
    from django.test import Client

    everything: list[PageTime] = []
    for role, user in demo_accounts().items():
        client = Client()
        client.force_login(user)  # type: ignore[arg-type]
        floor = floor_seconds(client)
        pages = crawl(role, client, args.pages)
        everything += pages
        html = [p for p in pages if not p.download]
        worst = max(html, key=lambda p: p.seconds)
        errors = [p for p in pages if p.status >= 500]
        print(
            f"  {role}: {len(html)} pages, median {statistics.median(p.seconds for p in html):.3f}"
            f" s, slowest {worst.seconds:.2f} s ({worst.path}); {len(pages) - len(html)} "
            f"downloads; floor {floor:.3f} s (the guide index, same account)"
            + (f"; SERVER ERRORS: {', '.join(p.path for p in errors)}" if errors else "")
        )
    print(f"  slowest pages (median of {REPEAT}; queries of one request):")
    slowest = sorted(everything, key=lambda p: -p.seconds)[: args.slowest]
    for page in slowest:
        kind = "download" if page.download else "page"
        print(f"    {page.seconds:6.2f} s  {page.queries:4} queries  {page.role:<10} {kind} "
              f"{page.path}")  # fmt: skip


if __name__ == "__main__":
    main()
