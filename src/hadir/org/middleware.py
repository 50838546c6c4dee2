"""Activate the region's time zone (WIB/WITA/WIT) for every request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from hadir.org.selectors import region_timezone


class RegionTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.activate(region_timezone())
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
