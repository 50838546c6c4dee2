"""Test-only URLs: Hadir's own URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from hadir.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def fails(request: HttpRequest, number: str = "") -> HttpResponse:
    raise RuntimeError("boom")


def refuses(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("bad")


urlpatterns = [
    path("test-errors/500/", fails),
    path("test-errors/500/<str:number>/", fails),
    path("test-errors/403/", refuses),
    path("test-errors/400/", suspicious),
    *urlpatterns,
]
