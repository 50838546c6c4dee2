"""URLs of the schedule and roster pages."""

from django.urls import path

from hadir.schedules import ending_views, roster_views, views

urlpatterns = [
    path("schedules/", views.schedule_list, name="schedule-list"),
    path("schedules/new/", views.schedule_new, name="schedule-new"),
    path("schedules/shifts/", views.shift_save_view, name="shift-save"),
    path("schedules/ramadan/", views.override_page, name="schedule-overrides"),
    path(
        "schedules/ramadan/<int:pk>/<str:action>/",
        ending_views.override_action,
        name="schedule-override-action",
    ),
    path("schedules/<str:code>/", views.schedule_edit, name="schedule-edit"),
    path("units/<str:code>/schedules/", views.unit_schedules, name="unit-schedules"),
    path(
        "units/<str:code>/schedules/<int:pk>/<str:action>/",
        ending_views.assignment_action,
        name="unit-schedule-action",
    ),
    path("units/<str:code>/roster/", roster_views.roster_page, name="unit-roster"),
    path("units/<str:code>/roster.xlsx", roster_views.roster_export, name="unit-roster-export"),
    path(
        "units/<str:code>/roster/<str:action>/",
        roster_views.roster_action,
        name="unit-roster-action",
    ),
]
