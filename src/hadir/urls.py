from django.contrib.auth import views as auth_views
from django.urls import include, path

from hadir.api.urls import api
from hadir.devices.urls import push_urlpatterns
from hadir.monitoring import views as monitoring_views
from hadir.web import (
    attendance_views,
    calendar_views,
    employee_add_views,
    health_views,
    import_views,
    lockout_views,
    panduan_views,
    parked_views,
    password_views,
    policy_views,
    punch_views,
    todo_views,
    tpp_views,
    views,
)
from hadir.web.forms import LoginForm

urlpatterns = [
    *push_urlpatterns,  # the machines' PUSH endpoints first (hadir.devices.urls)
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", views.home, name="home"),
    path("todo/problems/", todo_views.problem_list, name="todo-problems"),
    path("todo/submit/", todo_views.submit_clean, name="todo-submit"),
    path("units/", views.unit_list, name="unit-list"),
    path("units/<str:code>/", views.unit_detail, name="unit-detail"),
    path("employees/", views.employee_list, name="employee-list"),
    path("employees/new/", employee_add_views.employee_new, name="employee-new"),
    path("employees/<str:number>/", views.employee_detail, name="employee-detail"),
    path("employees/<str:number>/tpp/", tpp_views.employee_tpp, name="employee-tpp"),
    path("units/<str:code>/tpp/", tpp_views.unit_tpp, name="unit-tpp"),
    path("tpp/payroll.<str:fmt>", tpp_views.payroll_export, name="tpp-payroll"),
    path("me/", views.my_profile, name="my-profile"),
    path("me/attendance/", attendance_views.my_attendance, name="my-attendance"),
    path(
        "employees/<str:number>/attendance/",
        attendance_views.employee_attendance,
        name="employee-attendance",
    ),
    path("units/<str:code>/attendance/", attendance_views.unit_attendance, name="unit-attendance"),
    path("policy/", policy_views.policy_page, name="policy"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("calendar/<str:day>/remove/", calendar_views.calendar_remove, name="calendar-remove"),
    path("imports/", import_views.import_list, name="import-list"),
    path("imports/new/", import_views.import_new, name="import-new"),
    path(
        "imports/template/<slug:kind>.<slug:fmt>",
        import_views.import_template,
        name="import-template",
    ),
    path("imports/<int:pk>/", import_views.import_detail, name="import-detail"),
    path("imports/<int:pk>/decide/", import_views.import_decide, name="import-decide"),
    path("accounts/password/", password_views.password_change, name="password-change"),
    path("accounts/locked/", lockout_views.lockout_list, name="lockout-list"),
    path("accounts/locked/unlock/", lockout_views.lockout_unlock, name="lockout-unlock"),
    path("health/", health_views.health, name="health"),
    path("metrics", monitoring_views.metrics, name="metrics"),
    path("attendance/parked/", parked_views.parked_list, name="parked-days"),
    path("attendance/parked/retry/", parked_views.parked_retry, name="parked-days-retry"),
    path("attendance/parked/dismiss/", parked_views.parked_dismiss, name="parked-days-dismiss"),
    path("punches/held/", punch_views.held_punches_page, name="held-punches"),
    path("region/records-start/", punch_views.records_start_page, name="records-start"),
    path("panduan/", panduan_views.panduan_index, name="panduan"),
    path("panduan/img/<str:name>", panduan_views.panduan_image, name="panduan-image"),
    path("panduan/<str:guide>/", panduan_views.panduan_guide, name="panduan-guide"),
    path("api/v1/", api.urls),
    path("", include("hadir.devices.urls")),
    path("", include("hadir.mobile.urls")),
    path("", include("hadir.events.urls")),
    path("", include("hadir.requests.urls")),
    path("", include("hadir.reporting.urls")),
    path("", include("hadir.faces.urls")),
    path("", include("hadir.audit.urls")),
    path("", include("hadir.schedules.urls")),
]

# Hadir's own error pages (hadir.web.errors); 405 and CSRF failures: settings.py.
handler400 = "hadir.web.errors.bad_request"
handler403 = "hadir.web.errors.permission_denied"
handler404 = "hadir.web.errors.page_not_found"
handler500 = "hadir.web.errors.server_error"
