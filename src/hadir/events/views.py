"""Pages of events: the list, the form (new and change) and the head's attendance list."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hadir.accounts.scope import scope_for
from hadir.edge import EdgeError, date_value
from hadir.edge.values import posted_ids
from hadir.events.forms import EventForm, initial_of
from hadir.events.models import Event
from hadir.events.selectors import event_or_404, event_when, events_visible, region_today
from hadir.events.services import (
    event_attendance_save,
    event_list_people,
    event_save,
    event_writer_units,
)
from hadir.org.models import Unit


def _writer_units_or_403(request: HttpRequest) -> frozenset[int] | None:
    return event_writer_units(request.user)  # PermissionDenied for every other role


def _may_write(request: HttpRequest) -> bool:
    try:
        event_writer_units(request.user)
    except PermissionDenied:
        return False
    return True


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.roles - {"employee"} and not request.user.is_superuser:
        raise PermissionDenied
    events = list(events_visible(scope))
    return render(
        request,
        "events/event_list.html",
        {
            "rows": [(event, event_when(event)) for event in events],
            "can_write": _may_write(request),
            "today": region_today(),
        },
    )


def _form_page(request: HttpRequest, event: Event | None) -> HttpResponse:
    writable = _writer_units_or_403(request)
    units = Unit.objects.order_by("code")
    if writable is not None:
        units = units.filter(pk__in=writable)
    initial = initial_of(event) if event is not None else {"valid_from": region_today()}
    form = EventForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = event_save(actor=request.user, data=form.data_for_service(), event=event)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Saved. The days it changes are recomputed."))
            return redirect("event-edit", pk=saved.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, event_or_404(scope_for(request.user), pk))


def _day(request: HttpRequest, today: date) -> date:
    raw = request.GET.get("day") or ""
    if not raw:
        return today
    try:
        return date_value(raw)
    except EdgeError as error:
        messages.warning(request, error.text)
        return today


@login_required
def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The head's list: tick who attended the event on a day (default today)."""
    event = event_or_404(scope_for(request.user), pk)
    _writer_units_or_403(request)
    today = region_today()
    day = _day(request, today)
    if request.method == "POST":
        present = posted_ids(request.POST.getlist("present"), limit=20_000)
        try:
            count = event_attendance_save(
                actor=request.user, event=event, day=day, present=present, today=today
            )
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(
                request,
                _("Saved: %(count)s present. Their days are recomputed.") % {"count": count},
            )
            return redirect(f"{request.path}?day={day.isoformat()}")
    people = event_list_people(actor=request.user, event=event, day=day)
    ticked = set(event.ticks.filter(day=day).values_list("employee_id", flat=True))
    return render(
        request,
        "events/event_attendance.html",
        {
            "event": event,
            "when": event_when(event),
            "day": day,
            "people": [(person, person.pk in ticked) for person in people],
            "future": day > today,
        },
    )
