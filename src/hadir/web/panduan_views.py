"""The guides inside Hadir (``hadir.web.panduan``): the index, one guide, its screenshots.
Every logged-in person may read every guide; nothing here comes from outside the intranet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hadir.accounts.scope import scope_for
from hadir.web.panduan import GUIDES, guide_for, guide_image, guide_render, guide_title


@login_required
@require_GET
def panduan_index(request: HttpRequest) -> HttpResponse:
    try:
        guides = [(slug, guide_title(slug)) for slug in GUIDES]
    except FileNotFoundError as missing:
        raise Http404 from missing
    mine = guide_for(scope_for(request.user))
    return render(request, "web/panduan_index.html", {"guides": guides, "mine": mine})


@login_required
@require_GET
def panduan_guide(request: HttpRequest, guide: str) -> HttpResponse:
    try:
        rendered = guide_render(guide)
    except FileNotFoundError as missing:
        raise Http404 from missing
    return render(request, "web/panduan_guide.html", {"guide": rendered})


@login_required
@require_GET
def panduan_image(request: HttpRequest, name: str) -> FileResponse:
    path = guide_image(name)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
