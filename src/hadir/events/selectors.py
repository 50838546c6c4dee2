"""Reads of events: which events a user sees, and how an event's days read."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hadir.accounts.scope import Scope
from hadir.events.forms import WEEKDAYS
from hadir.events.models import Event, Recurrence
from hadir.org.selectors import region_timezone
from hadir.words import day_long


def region_today() -> date:
    return timezone.now().astimezone(region_timezone()).date()


def events_visible(scope: Scope) -> QuerySet[Event]:
    """Every event for region-wide roles; for a unit's people, events of all units and those
    their units take part in."""
    events = Event.objects.prefetch_related("units")
    if scope.all_units:
        return events
    return events.filter(Q(all_units=True) | Q(units__in=scope.unit_ids)).distinct()


def event_or_404(scope: Scope, pk: int) -> Event:
    event = events_visible(scope).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def event_when(event: Event) -> str:
    """How the event's days read: a date, some weekdays, or every working day."""
    if event.recurrence == Recurrence.ONCE and event.day is not None:
        return day_long(event.day)
    if event.recurrence == Recurrence.WEEKLY:
        names = dict(WEEKDAYS)
        return _("every %(days)s") % {"days": ", ".join(str(names[d]) for d in event.weekdays)}
    return _("every working day")
