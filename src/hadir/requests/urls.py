"""URLs of the request pages."""

from django.urls import path

from hadir.requests import ask_views, views

urlpatterns = [
    path("requests/", views.request_list, name="request-list"),
    path("requests/new/", views.request_new, name="request-new"),
    path("requests/sheet/", views.sheet_new, name="sheet-new"),
    path("requests/dispensations/", views.dispensation_list, name="dispensation-list"),
    path("requests/dispensations/ask/", ask_views.dispensation_ask, name="dispensation-ask"),
    path(
        "requests/dispensations/<int:pk>/end/",
        views.dispensation_revoke_view,
        name="dispensation-revoke",
    ),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/files/<int:link_pk>/", views.evidence_view, name="request-evidence"),
    path("requests/<int:pk>/<str:action>/", views.request_act, name="request-act"),
]
