from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "hadir.attendance"
    label = "attendance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hadir.attendance import parallel, services  # noqa: F401  (registers jobs, idle tasks)
