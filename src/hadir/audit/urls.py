from django.urls import path

from hadir.audit import views

urlpatterns = [path("audit/", views.audit_trail, name="audit-trail")]
