from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "hadir.requests"
    label = "requests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hadir.requests import jobs  # noqa: F401  (registers the idle tasks)
