from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "hadir.attendance"
    label = "attendance"
    default_auto_field = "django.db.models.BigAutoField"
