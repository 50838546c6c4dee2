from django.apps import AppConfig


class MobileConfig(AppConfig):
    name = "hadir.mobile"
    label = "mobile"
    default_auto_field = "django.db.models.BigAutoField"
