"""The PUSH (ADMS/iclock) endpoints machines call. No login and no CSRF: a machine is known
by its SN. Bodies are read raw (``request.body``), whatever the Content-Type says.

Replies are plain text. An upload is answered ``OK: n`` only after its commit; any error
answers 500 so that the machine sends the batch again (never a bare ``OK``, which one
firmware took as "resend").
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from hadir.devices import receiver
from hadir.protocols.push import (
    REPLY_OK,
    PushQuery,
    PushQueryError,
    PushTable,
    parse_push_query,
    render_upload_reply,
)

logger = logging.getLogger(__name__)
TEXT = "text/plain; charset=utf-8"


def _reply(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type=TEXT)


def _query(request: HttpRequest) -> PushQuery | HttpResponse:
    try:
        return parse_push_query(request.META.get("QUERY_STRING", ""))
    except PushQueryError as error:
        return _reply(str(error), status=400)


def _failed(what: str, query: PushQuery) -> HttpResponse:
    logger.exception("%s from %s failed; the machine will send it again", what, query.sn)
    return _reply("ERROR", status=500)


@csrf_exempt
def cdata(request: HttpRequest) -> HttpResponse:
    """``GET`` = handshake; ``POST`` = an upload, by ``table``."""
    query = _query(request)
    if isinstance(query, HttpResponse):
        return query
    now = timezone.now()
    if request.method != "POST":
        response = _reply(receiver.push_handshake(query=query, now=now))
        response["Date"] = http_date(now.timestamp())  # the machine sets its clock from this
        return response
    table = query.table_kind
    if table is PushTable.ATTLOG:
        try:
            processed = receiver.push_attlog(query=query, body=request.body, now=now)
        except Exception:
            return _failed("ATTLOG upload", query)
        return _reply(render_upload_reply(processed))
    if table is PushTable.OPERLOG:
        try:
            processed = receiver.push_operlog(query=query, body=request.body, now=now)
        except Exception:
            return _failed("OPERLOG upload", query)
        return _reply(render_upload_reply(processed))
    logger.info("%s sent table %r; nothing kept", query.sn, (query.table or "")[:20])
    return _reply(REPLY_OK)


@csrf_exempt
def getrequest(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    if isinstance(query, HttpResponse):
        return query
    try:
        return _reply(receiver.push_poll(query=query, now=timezone.now()))
    except Exception:
        return _failed("poll", query)


@csrf_exempt
def devicecmd(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    if isinstance(query, HttpResponse):
        return query
    try:
        receiver.push_command_results(query=query, body=request.body, now=timezone.now())
    except Exception:
        return _failed("command results", query)
    return _reply(REPLY_OK)


@csrf_exempt
def ping(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    if isinstance(query, HttpResponse):
        return query
    receiver.push_ping(query=query, now=timezone.now())
    return _reply(REPLY_OK)
