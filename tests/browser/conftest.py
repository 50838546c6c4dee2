"""Real-browser tests: Playwright drives Debian's Chromium against the live test server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("HADIR_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                # A fake camera that needs no permission prompt (the phone page's selfie);
                # pages that never ask for the camera are not affected.
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


class _InFlight:
    """Requests the live server is still answering (its threads run in this process)."""

    def __init__(self) -> None:
        import threading

        self.count = 0
        self.lock = threading.Lock()

    def started(self, **_: object) -> None:
        with self.lock:
            self.count += 1

    def finished(self, **_: object) -> None:
        with self.lock:
            self.count = max(0, self.count - 1)


_in_flight = _InFlight()


@pytest.fixture(scope="session", autouse=True)
def _count_requests() -> Iterator[None]:
    from django.core.signals import request_finished, request_started

    request_started.connect(_in_flight.started, dispatch_uid="browser-in-flight-start")
    request_finished.connect(_in_flight.finished, dispatch_uid="browser-in-flight-finish")
    yield
    request_started.disconnect(dispatch_uid="browser-in-flight-start")
    request_finished.disconnect(dispatch_uid="browser-in-flight-finish")


@pytest.fixture(autouse=True)
def _quiet_server_before_flush(request: pytest.FixtureRequest) -> Iterator[None]:
    """A phone page keeps polling the server. When a test ends (passed or failed) every
    browser context it opened is closed and the live server's last requests are let finish
    BEFORE the database is emptied: a request still reading while the tables are flushed
    locked SQLite ('database table is locked') and left rows for the next test. Requesting
    transactional_db here makes its teardown wait for this one."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()
    import time

    deadline = time.monotonic() + 15
    while _in_flight.count and time.monotonic() < deadline:
        time.sleep(0.05)
