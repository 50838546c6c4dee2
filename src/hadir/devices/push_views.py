"""The PUSH (ADMS/iclock) endpoints machines call. No login and no CSRF: a machine is known
by its SN, and trusted only from the addresses it is bound to and, once it registered
(security PUSH), with its session token (docs/security.md). Bodies are read raw, at most
``HADIR_PUSH_MAX_BODY_BYTES``, whatever the Content-Type says.

Replies are plain text. An upload is answered ``OK: n`` only after its commit; any error
answers 500 so that the machine sends the batch again (never a bare ``OK``, which one
firmware took as "resend"). Limits answer 413 (too large, too many lines) or 503 (too many
new machines from one address), each recorded for Diskominfo.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from hadir.devices import receiver, secure_push
from hadir.devices.alerts import device_alert_raise
from hadir.devices.contact import NewMachineRefused, PushSource
from hadir.devices.models import AlertKind, Device
from hadir.devices.push_limits import BodyTooLarge, read_body
from hadir.devices.trust import client_address, cookie_token
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
RETRY_AFTER_SECONDS = 3600


def _reply(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type=TEXT)


def _query(request: HttpRequest) -> PushQuery | HttpResponse:
    try:
        return parse_push_query(request.META.get("QUERY_STRING", ""))
    except PushQueryError as error:
        return _reply(str(error), status=400)


def _source(request: HttpRequest) -> PushSource:
    return PushSource(address=client_address(request), token=cookie_token(request))


def _failed(what: str, query: PushQuery) -> HttpResponse:
    logger.exception("%s from %s failed; the machine will send it again", what, query.sn)
    return _reply("ERROR", status=500)


def _too_many_new(query: PushQuery, request: HttpRequest) -> HttpResponse:
    logger.warning("new machine %s refused: too many new machines from its address", query.sn)
    device_alert_raise(
        device=None,
        kind=AlertKind.NEW_MACHINE_LIMIT,
        address=client_address(request),
        now=timezone.now(),
        detail=f"SN {query.sn}",
    )
    response = _reply("ERROR", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _body(request: HttpRequest, query: PushQuery, source: PushSource) -> bytes | HttpResponse:
    try:
        return read_body(request)
    except BodyTooLarge as error:
        logger.warning("%s sent %d bytes; refused, nothing stored", query.sn, error.size)
        device = Device.objects.filter(sn=query.sn).first()
        device_alert_raise(
            device=device,
            kind=AlertKind.BODY_TOO_LARGE,
            address=source.address,
            now=timezone.now(),
            detail=f"{error.size} bytes" + ("" if device else f", SN {query.sn}"),
        )
        response = _reply("ERROR", status=413)
        response["Connection"] = "close"  # the rest of the body is never read
        return response


@csrf_exempt
def cdata(request: HttpRequest) -> HttpResponse:
    """``GET`` = handshake; ``POST`` = an upload, by ``table``."""
    query = _query(request)
    if isinstance(query, HttpResponse):
        return query
    now = timezone.now()
    source = _source(request)
    if request.method != "POST":
        try:
            response = _reply(receiver.push_handshake(query=query, now=now, source=source))
        except NewMachineRefused:
            return _too_many_new(query, request)
        response["Date"] = http_date(now.timestamp())  # the machine sets its clock from this
        return response
    body = _body(request, query, source)
    if isinstance(body, HttpResponse):
        return body
    table = query.table_kind
    upload = {PushTable.ATTLOG: receiver.push_attlog, PushTable.OPERLOG: receiver.push_operlog}
    store = upload.get(table) if table is not None else None
    if store is None:
        logger.info("%s sent table %r; nothing kept", query.sn, (query.table or "")[:20])
        return _reply(REPLY_OK)
    try:
        processed = store(query=query, body=body, now=now, source=source)
    except NewMachineRefused:
        return _too_many_new(query, request)
    except receiver.TooManyLines:
        return _reply("ERROR", status=413)
    except Exception:
        return _failed(f"{table} upload", query)
    return _reply(render_upload_reply(processed))


@csrf_exempt
def getrequest(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    if isinstance(query, HttpResponse):
        return query
    try:
        return _reply(receiver.push_poll(query=query, now=timezone.now(), source=_source(request)))
    except NewMachineRefused:
        return _too_many_new(query, request)
    except Exception:
        return _failed("poll", query)


@csrf_exempt
def devicecmd(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    if isinstance(query, HttpResponse):
        return query
    source = _source(request)
    body = _body(request, query, source)
    if isinstance(body, HttpResponse):
        return body
    try:
        receiver.push_command_results(query=query, body=body, now=timezone.now(), source=source)
    except NewMachineRefused:
        return _too_many_new(query, request)
    except Exception:
        return _failed("command results", query)
    return _reply(REPLY_OK)


@csrf_exempt
def ping(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    if isinstance(query, HttpResponse):
        return query
    try:
        receiver.push_ping(query=query, now=timezone.now(), source=_source(request))
    except NewMachineRefused:
        return _too_many_new(query, request)
    return _reply(REPLY_OK)


@csrf_exempt
def registry(request: HttpRequest) -> HttpResponse:
    """``POST /iclock/registry`` (security PUSH): a registry code, or 406."""
    query = _query(request)
    if isinstance(query, HttpResponse):
        return query
    source = _source(request)
    body = _body(request, query, source)
    if isinstance(body, HttpResponse):
        return body
    now = timezone.now()
    try:
        result = secure_push.push_registry(query=query, body=body, now=now, source=source)
    except NewMachineRefused:
        return _too_many_new(query, request)
    response = _reply(result.body, status=result.status)
    if result.session_id:
        response["Set-Cookie"] = f"JSESSIONID={result.session_id}; Path=/; HttpOnly"
    response["Date"] = http_date(now.timestamp())
    return response


@csrf_exempt
def push(request: HttpRequest) -> HttpResponse:
    """``/iclock/push`` (security PUSH): the configuration, for a valid session only."""
    query = _query(request)
    if isinstance(query, HttpResponse):
        return query
    now = timezone.now()
    config = secure_push.push_config(query=query, now=now, source=_source(request))
    if config is None:
        return _reply("ERROR", status=401)
    response = _reply(config)
    response["Date"] = http_date(now.timestamp())
    return response
