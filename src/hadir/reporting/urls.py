from django.urls import path

from hadir.reporting import dashboard_views, verification_views, views

urlpatterns = [
    path("units/<str:code>/report/", views.unit_report, name="unit-report"),
    path(
        "units/<str:code>/report/<str:action>/",
        views.unit_report_action,
        name="unit-report-action",
    ),
    path(
        "units/<str:code>/export/<str:kind>.<str:fmt>",
        views.unit_export,
        name="unit-export",
    ),
    path("monitoring/", dashboard_views.monitoring, name="monitoring"),
    path("monitoring/tpp.<str:fmt>", dashboard_views.region_tpp_export, name="region-tpp-export"),
    path(
        "monitoring/verification/",
        verification_views.verification_page,
        name="verification-report",
    ),
    path(
        "monitoring/verification.xlsx",
        verification_views.verification_export,
        name="verification-export",
    ),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("units/<str:code>/today/", dashboard_views.unit_today_page, name="unit-today"),
    path("notifications/", dashboard_views.notifications, name="notifications"),
]
