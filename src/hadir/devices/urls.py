"""URLs of the machines: the PUSH endpoints machines call, and the pages people use."""

from django.urls import path, re_path

from hadir.devices import machine_user_views, push_views, trust_views, views

# Machines call these; both with and without a trailing slash (firmware differs). The root
# URLconf puts them first: a poll is the busiest request and is resolved on the first try.
push_urlpatterns = [
    re_path(r"^iclock/cdata/?$", push_views.cdata, name="iclock-cdata"),
    re_path(r"^iclock/getrequest/?$", push_views.getrequest, name="iclock-getrequest"),
    re_path(r"^iclock/devicecmd/?$", push_views.devicecmd, name="iclock-devicecmd"),
    re_path(r"^iclock/ping/?$", push_views.ping, name="iclock-ping"),
    re_path(r"^iclock/registry/?$", push_views.registry, name="iclock-registry"),
    re_path(r"^iclock/push/?$", push_views.push, name="iclock-push"),
]

urlpatterns = [
    path("devices/", views.device_list, name="device-list"),
    path("devices/new/", views.device_register, name="device-register"),
    path("devices/pending/", views.device_pending_list, name="device-pending"),
    path("devices/issues/", views.device_issues_page, name="device-issues"),
    path("devices/usb/", views.usb_new, name="usb-new"),
    path("devices/usb/<int:pk>/", views.usb_detail, name="usb-detail"),
    path("devices/usb/<int:pk>/decide/", views.usb_decide, name="usb-decide"),
    path("devices/<str:sn>/", views.device_detail_page, name="device-detail"),
    path("devices/<str:sn>/users/", machine_user_views.device_users_page, name="device-users"),
    path(
        "devices/<str:sn>/users/<str:action>/",
        machine_user_views.device_users_action,
        name="device-users-action",
    ),
    path(
        "employees/<str:number>/pins/<int:pk>/remove/",
        machine_user_views.employee_pin_remove,
        name="employee-pin-remove",
    ),
    path("devices/<str:sn>/<str:action>/", views.device_action, name="device-action"),
    path(
        "devices/<str:sn>/trust/<str:action>/",
        trust_views.device_trust_action,
        name="device-trust-action",
    ),
]
