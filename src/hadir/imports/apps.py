from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "hadir.imports"
    label = "imports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hadir.imports import services  # noqa: F401  (registers the job handler)
