from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    name = "hadir.schedules"
    label = "schedules"
    default_auto_field = "django.db.models.BigAutoField"
