"""Every API error as one JSON shape: a stable ``code`` for programs, a ``message`` for people.

``{"code": "not_found", "message": "...", "detail": "..."}``; ``message`` is in the request's
language (Bahasa Indonesia unless ``Accept-Language: en``) and ``detail`` repeats it for
clients written before the codes existed (the agent, the phone page). Validation errors add
``errors`` (each field's location and problem); server errors add ``reference``, the number
that the log line carries too. The table of codes is in docs/api.md.
"""

from __future__ import annotations

import logging
import secrets
import sys
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger("hadir.errors")

# Messages ninja and our code raise without a sentence of their own.
GENERIC_MESSAGES = {"Not Found", "Forbidden", "Unauthorized", "Too many requests."}
# Ninja's own English refusals, given a code and an Indonesian sentence here.
NINJA_CSRF_FAILED = "CSRF check Failed"
NINJA_UNPARSEABLE = "Cannot parse request body"

ERRORS: dict[str, tuple[int, str]] = {
    "bad_request": (
        400,
        gettext_noop("The request could not be understood. Check what was sent and try again."),
    ),
    "unauthorized": (
        401,
        gettext_noop(
            "Log in first: send Authorization: Bearer <token> (hadir token create USER) or "
            "use a logged-in browser session."
        ),
    ),
    "token_expired": (
        401,
        gettext_noop("This token has expired. Ask for a new one (hadir token create USER)."),
    ),
    "forbidden": (
        403,
        gettext_noop("This account may not do this. Ask your operator or BKD if you need to."),
    ),
    "unreadable_body": (
        400,
        gettext_noop(
            "The body of the request cannot be read: send valid UTF-8 JSON with "
            "Content-Type: application/json, or a whole multipart form."
        ),
    ),
    "csrf_failed": (
        403,
        gettext_noop(
            "The security check of the form failed (CSRF). Reload the page and try again."
        ),
    ),
    "not_found": (
        404,
        gettext_noop("Not found, or not in the units this account may see. Check the address."),
    ),
    "method_not_allowed": (
        405,
        gettext_noop("This address does not accept this method. See /api/v1/docs."),
    ),
    "payload_too_large": (
        413,
        gettext_noop("What was sent is too large. Send a smaller file or fewer records."),
    ),
    "validation_error": (
        422,
        gettext_noop("Some fields are missing or wrong: %(fields)s. Correct them and resend."),
    ),
    "rate_limited": (
        429,
        gettext_noop("Too many requests. Wait a moment and try again."),
    ),
    "server_error": (
        500,
        gettext_noop(
            "Something went wrong on the server; nothing was changed by this error. Try again "
            "later; if it happens again, give the reference %(reference)s to Diskominfo."
        ),
    ),
}
CODE_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    422: "validation_error",
    429: "rate_limited",
    500: "server_error",
}
# Every operation documents these (besides its own answers): any call may meet them.
DOCUMENTED_STATUSES = (400, 401, 403, 404, 422, 429, 500)


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ErrorOut(Schema):
    """The body of every API error."""

    code: str
    message: str
    detail: str
    errors: list[FieldError] | None = None
    reference: str | None = None


class ApiError(HttpError):
    """An HttpError with its stable code (and, optionally, a message of its own)."""

    def __init__(self, code: str, message: str | None = None) -> None:
        status, default = ERRORS[code]
        super().__init__(status, message or _(default))
        self.code = code


class TokenExpired(AuthenticationError):
    code = "token_expired"

    def __init__(self) -> None:
        super().__init__(401, _(ERRORS["token_expired"][1]))


def new_reference() -> str:
    """A short random number for one server error, shown to the user and logged."""
    return secrets.token_hex(4).upper()


def error_body(code: str, message: str | None = None, **extra: Any) -> dict[str, Any]:
    text = message or _(ERRORS.get(code, ERRORS["bad_request"])[1])
    return {"code": code, "message": text, "detail": text, **extra}


def error_json(status: int, code: str, message: str | None = None, **extra: Any) -> JsonResponse:
    return JsonResponse(error_body(code, message, **extra), status=status)


def server_error_json(request: HttpRequest, exc: BaseException | None = None) -> JsonResponse:
    """Log the exception (default: the one being handled) with a fresh reference, answer 500
    with it."""
    reference = new_reference()
    log_server_error(request, reference, exc)
    message = _(ERRORS["server_error"][1]) % {"reference": reference}
    return error_json(500, "server_error", message, reference=reference)


def log_server_error(
    request: HttpRequest, reference: str, exc: BaseException | None = None
) -> None:
    """The route pattern, never the path: paths carry NIPs."""
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else sys.exc_info()
    match = getattr(request, "resolver_match", None)
    route = match.route if match is not None else "?"
    logger.error(
        "server error ref=%s method=%s route=%s",
        reference,
        request.method,
        route,
        exc_info=exc_info,
    )


def _ninja_code(exc: HttpError) -> str | None:
    """The code of an error ninja raises with an English sentence of its own."""
    if exc.status_code == 403 and exc.message == NINJA_CSRF_FAILED:
        return "csrf_failed"
    if exc.status_code == 400 and exc.message.startswith(NINJA_UNPARSEABLE):
        return "unreadable_body"
    return None


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    ninja_code = _ninja_code(exc)
    if ninja_code is not None:
        return error_json(exc.status_code, ninja_code)
    code = getattr(exc, "code", None) or CODE_BY_STATUS.get(exc.status_code, "bad_request")
    message = None if exc.message in GENERIC_MESSAGES else exc.message
    response = error_json(exc.status_code, code, message)
    wait = getattr(exc, "wait", None)
    if wait is not None:
        response["Retry-After"] = str(int(wait) + 1)
    return response


def _fields(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "loc": [str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]


def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = _fields(exc.errors)
    names = sorted({".".join(str(p) for p in f["loc"][1:]) or str(f["loc"][0]) for f in fields})
    message = _(ERRORS["validation_error"][1]) % {"fields": ", ".join(names) or "-"}
    return error_json(422, "validation_error", message, errors=fields)


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_json(404, "not_found")


def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_json(403, "forbidden")


def _too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_json(413, "payload_too_large")


def _suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_json(400, "bad_request")


def _unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_json(400, "unreadable_body")


def _unhandled(request: HttpRequest, exc: Exception) -> HttpResponse:
    if settings.DEBUG:
        raise exc  # the developer's traceback page
    return server_error_json(request, exc)


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(HttpError, _http_error)  # type: ignore[arg-type]
    api.add_exception_handler(ValidationError, _validation_error)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, _not_found)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionDenied, _forbidden)  # type: ignore[arg-type]
    api.add_exception_handler(RequestDataTooBig, _too_large)  # type: ignore[arg-type]
    api.add_exception_handler(SuspiciousOperation, _suspicious)  # type: ignore[arg-type]
    api.add_exception_handler(MultiPartParserError, _unreadable)  # type: ignore[arg-type]
    api.add_exception_handler(Exception, _unhandled)  # type: ignore[arg-type]


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers to every operation of an OpenAPI document (in place)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["FieldError"] = FieldError.model_json_schema()
    error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    error_schema.pop("$defs", None)
    components["ErrorOut"] = error_schema
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            statuses = DOCUMENTED_STATUSES + ((413,) if "requestBody" in operation else ())
            for status in statuses:
                code = CODE_BY_STATUS[status]
                own = responses.get(status) or responses.get(str(status))
                if own is not None:
                    # The operation answers this status itself (a refused capture is 422):
                    # its own body, or the error body when the error handlers answer.
                    body = own.setdefault("content", {}).setdefault("application/json", {})
                    body["schema"] = {"anyOf": [body["schema"], ref]} if "schema" in body else ref
                    continue
                responses[status] = {  # int keys, like ninja's own
                    "description": f"Error ({code}, …): see docs/api.md",
                    "content": {"application/json": {"schema": ref}},
                }
    return schema
