"""API for requests (the phone page and integrations): create with files (multipart), list,
read, decide, cancel, download evidence. Scoped like the pages: what a user may not see
answers 404; what they may see but not decide answers 403."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from hadir.api.schemas import LocalTime
from hadir.edge import EdgeError, time_of_day_value
from hadir.edge.api_types import FreeText, Offset, Parameter, RowId, SupportedDate
from hadir.people.models import Employee
from hadir.people.selectors import employee_by_number
from hadir.requests import decisions
from hadir.requests.evidence import evidence_file, evidence_response
from hadir.requests.models import FILED_BY_HADIR, Request, RequestKind, RequestState
from hadir.requests.permissions import RequestAccess, request_access
from hadir.requests.selectors import requests_visible, todo_for
from hadir.requests.services import EntryIn, Upload, manual_sheet_submit, request_submit
from hadir.requests.window import Deadline, deadlines_for

router = Router(tags=["requests"])
LIST_LIMIT = 200
MAX_OFFSET = 10_000_000  # larger overflowed the database's integers (a 500)

NO_EMPLOYEE = gettext_noop("Give the employee's number: this account is not an employee.")
BAD_ENTRIES = gettext_noop(
    'entries must be a JSON list like [{"employee": "NIP", "check_in": "07:30", '
    '"check_out": "16:00"}].'
)
NO_UNIT = gettext_noop("Give the unit code of the manual sheet.")
BAD_KIND = gettext_noop("“%(value)s” is not a kind of request. Send one of: %(kinds)s.")
BAD_STATE = gettext_noop(
    "“%(value)s” is not a state of a request. Leave state out for every request, or send "
    "one of: %(states)s."
)
# ``state`` of the list: nothing (every request), a state, or the ones BKD must verify.
LIST_STATES = ("", *RequestState.values, "waiting_verification")


class EntryOut(Schema):
    employee: str
    name: str
    day: date
    check_in: LocalTime | None
    check_out: LocalTime | None


class FileOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    purged: bool


class RequestOut(Schema):
    id: int
    kind: str
    state: str
    state_label: str
    unit: str
    employee: str | None
    first_day: date
    last_day: date
    leave_type: str
    child_order: int | None
    reason: str
    spt_number: str
    needs_verification: bool
    # A configured approval chain: the steps after the head, and whose step it is now.
    later_steps: list[str]
    next_step: str
    submitted_at: datetime
    submitted_by: str
    decided_at: datetime | None
    verified_at: datetime | None
    closed_reason: str
    deadline: str
    entries: list[EntryOut]
    files: list[FileOut]


class RequestIn(Schema):
    kind: Parameter
    employee: Parameter | None = None
    unit: Parameter | None = None
    first_day: SupportedDate
    last_day: SupportedDate | None = None
    leave_type: Parameter = ""
    # Maternity leave: which birth while an ASN (the leave rules allow the first three).
    child_order: Annotated[int, Field(ge=1, le=20)] | None = None
    reason: FreeText = ""
    spt_number: Parameter = ""
    check_in: LocalTime | None = None
    check_out: LocalTime | None = None
    entries: str | None = None


class ReasonIn(Schema):
    reason: FreeText = ""


def _outs(items: Sequence[Request], access: RequestAccess) -> list[RequestOut]:
    """Requests as JSON, with their entries and files: a fixed number of queries for any
    number of requests."""
    place = {r.pk: n for n, r in enumerate(items)}
    rows = sorted(
        Request.objects.filter(pk__in=list(place))
        .select_related("employee", "unit", "submitted_by")
        .prefetch_related("entries__employee", "evidence__evidence"),
        key=lambda r: place[r.pk],
    )
    deadlines = deadlines_for([(r.first_day, r.unit.code) for r in rows])
    return [_out(r, access, d) for r, d in zip(rows, deadlines, strict=True)]


def _out(item: Request, access: RequestAccess, deadline: Deadline) -> RequestOut:
    files = list(item.evidence.all()) if access.can_view_evidence(item) else []
    return RequestOut(
        id=item.pk,
        kind=item.kind,
        state=item.state,
        state_label=item.state_label,
        unit=item.unit.code,
        employee=item.employee.id_number if item.employee else None,
        first_day=item.first_day,
        last_day=item.last_day,
        leave_type=item.leave_type,
        child_order=item.child_order,
        reason=item.reason,
        spt_number=item.spt_number,
        needs_verification=item.needs_verification,
        later_steps=list(item.later_steps),
        next_step=item.next_step,
        submitted_at=item.submitted_at,
        submitted_by=item.submitted_by.get_username(),
        decided_at=item.decided_at,
        verified_at=item.verified_at,
        closed_reason=item.closed_reason,
        deadline=deadline.text,
        entries=[
            EntryOut(
                employee=e.employee.id_number,
                name=e.employee.name,
                day=e.day,
                check_in=e.check_in,
                check_out=e.check_out,
            )
            for e in item.entries.all()
        ],
        files=[
            FileOut(
                id=f.pk,
                filename=f.filename,
                content_type=f.evidence.content_type,
                size=f.evidence.size,
                sha256=f.evidence.sha256,
                uploaded_at=f.uploaded_at,
                purged=f.evidence.purged_at is not None,
            )
            for f in files
        ],
    )


def _request_out(item: Request, access: RequestAccess) -> RequestOut:
    return _outs([item], access)[0]


def _employee(access: RequestAccess, number: str | None) -> Employee:
    if number:
        employee = employee_by_number(number)
        if employee is None or not access.scope.can_see_employee(employee):
            raise HttpError(404, "Not Found")
        return employee
    if access.scope.employee_id is None:
        raise HttpError(400, _(NO_EMPLOYEE))
    return Employee.objects.select_related("unit").get(pk=access.scope.employee_id)


def _entries(access: RequestAccess, text: str | None) -> list[EntryIn]:
    try:
        rows = json.loads(text or "")
        if not isinstance(rows, list):
            raise TypeError(rows)
        return [
            EntryIn(
                _employee(access, str(row["employee"])),
                time_of_day_value(row["check_in"]) if row.get("check_in") else None,
                time_of_day_value(row["check_out"]) if row.get("check_out") else None,
            )
            for row in rows
        ]
    except (ValueError, TypeError, KeyError, AttributeError, EdgeError, RecursionError) as exc:
        raise HttpError(400, _(BAD_ENTRIES)) from exc


def _submit(request: HttpRequest, data: RequestIn, files: list[UploadedFile]) -> Request:
    access = request_access(request.user)
    uploads = [Upload(stream=f, name=f.name or "") for f in files]
    if data.kind == RequestKind.MANUAL_ATTENDANCE:
        if not data.unit:
            raise HttpError(400, _(NO_UNIT))
        unit = access.sheet_units().filter(code=data.unit).first()
        if unit is None:
            raise HttpError(404, "Not Found")
        return manual_sheet_submit(
            actor=request.user,
            unit=unit,
            day=data.first_day,
            entries=_entries(access, data.entries),
            reason=data.reason,
            files=uploads,
        )
    if data.kind not in RequestKind.values:  # a kind Hadir files itself is refused below
        filed = ", ".join(k.value for k in RequestKind if k not in FILED_BY_HADIR)
        raise HttpError(400, _(BAD_KIND) % {"value": data.kind[:40], "kinds": filed})
    return request_submit(
        actor=request.user,
        kind=data.kind,
        employee=_employee(access, data.employee),
        first_day=data.first_day,
        last_day=data.last_day,
        leave_type=data.leave_type,
        child_order=data.child_order,
        reason=data.reason,
        spt_number=data.spt_number,
        check_in=data.check_in,
        check_out=data.check_out,
        files=uploads,
    )


def _call(action: Callable[[], Any]) -> Any:
    try:
        return action()
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, "Forbidden") from exc


@router.post("/requests", response={201: RequestOut})
def request_create(
    request: HttpRequest,
    data: Form[RequestIn],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[RequestOut]:
    """Create a request (multipart form). ``employee`` is a NIP/PPPK number/NIK (default: the
    account's own employee). A manual sheet (``kind=manual_attendance``) gives ``unit`` and
    ``entries`` as JSON; ``files`` carries the evidence (photo, PDF, video)."""
    try:
        created = _call(lambda: _submit(request, data, list(files or [])))
    except HttpError as exc:
        if exc.status_code == 403:
            raise HttpError(404, "Not Found") from exc
        raise
    return Status(201, _request_out(created, request_access(request.user)))


@router.get("/requests", response=list[RequestOut])
def request_list(
    request: HttpRequest, state: Parameter = "", offset: Offset = 0
) -> list[RequestOut]:
    """Requests this account may see, newest first (``state``: pending, approved, verified,
    rejected, cancelled, waiting_verification); 200 at a time from ``offset``."""
    if state not in LIST_STATES:
        raise HttpError(
            422, _(BAD_STATE) % {"value": state[:40], "states": ", ".join(LIST_STATES[1:])}
        )
    access = request_access(request.user)
    rows = requests_visible(access, state)[offset : offset + LIST_LIMIT]
    return _outs(list(rows), access)


@router.get("/requests/todo", response=list[RequestOut])
def request_todo(request: HttpRequest) -> list[RequestOut]:
    """What waits for this account's decision or verification."""
    access = request_access(request.user)
    return _outs(list(todo_for(access)[:LIST_LIMIT]), access)


@router.get("/requests/{pk}", response=RequestOut)
def request_detail(request: HttpRequest, pk: RowId) -> RequestOut:
    access = request_access(request.user)
    return _request_out(access.request_or_404(pk), access)


def _decide(request: HttpRequest, pk: RowId, act: Callable[[Request], Request]) -> RequestOut:
    access = request_access(request.user)
    item = access.request_or_404(pk)
    done = _call(lambda: act(item))
    return _request_out(done, request_access(request.user))


@router.post("/requests/{pk}/approve", response=RequestOut)
def request_approve(request: HttpRequest, pk: RowId) -> RequestOut:
    """The head of the unit approves (BKD may too); it counts at once unless BKD verifies."""
    user = request.user
    return _decide(request, pk, lambda item: decisions.request_approve(request=item, actor=user))


@router.post("/requests/{pk}/verify", response=RequestOut)
def request_verify(request: HttpRequest, pk: RowId) -> RequestOut:
    """BKD verifies an approved request where the verification level applies."""
    user = request.user
    return _decide(request, pk, lambda item: decisions.request_verify(request=item, actor=user))


@router.post("/requests/{pk}/reject", response=RequestOut)
def request_reject(request: HttpRequest, pk: RowId, body: ReasonIn) -> RequestOut:
    """Reject with a reason (required): the head of the unit, or BKD at verification."""
    user = request.user
    return _decide(
        request,
        pk,
        lambda item: decisions.request_reject(request=item, actor=user, reason=body.reason),
    )


@router.post("/requests/{pk}/cancel", response=RequestOut)
def request_cancel(request: HttpRequest, pk: RowId, body: ReasonIn) -> RequestOut:
    """Withdraw a pending request (its submitter; body ``{}``), or revoke an approved one
    (the head or BKD, with a reason)."""
    user = request.user
    return _decide(
        request,
        pk,
        lambda item: decisions.request_cancel(request=item, actor=user, reason=body.reason),
    )


@router.get("/requests/{pk}/files/{file_id}")
def request_file(request: HttpRequest, pk: RowId, file_id: RowId) -> FileResponse:
    """The evidence file itself, for those allowed to see it."""
    access = request_access(request.user)
    item = access.request_or_404(pk)
    link = item.evidence.select_related("evidence").filter(pk=file_id).first()
    path = evidence_file(link.evidence) if link is not None else None
    if link is None or path is None or not access.can_view_evidence(item):
        raise HttpError(404, "Not Found")
    return evidence_response(path, content_type=link.evidence.content_type, filename=link.filename)
