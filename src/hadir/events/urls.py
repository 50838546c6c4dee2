from django.urls import path

from hadir.events import views

urlpatterns = [
    path("events/", views.event_list, name="events"),
    path("events/new/", views.event_new, name="event-new"),
    path("events/<int:pk>/", views.event_edit, name="event-edit"),
    path("events/<int:pk>/attendance/", views.event_attendance, name="event-attendance"),
]
