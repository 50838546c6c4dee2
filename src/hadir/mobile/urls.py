"""URLs of the phone page (scope /m/)."""

from django.urls import path

from hadir.mobile import views

urlpatterns = [
    path("m/", views.mobile_page, name="mobile"),
    path("m/sw.js", views.service_worker, name="mobile-sw"),
    path("m/manifest.webmanifest", views.manifest, name="mobile-manifest"),
]
