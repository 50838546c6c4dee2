from django.apps import AppConfig


class PunchesConfig(AppConfig):
    name = "hadir.punches"
    label = "punches"
    default_auto_field = "django.db.models.BigAutoField"
