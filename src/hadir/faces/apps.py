from django.apps import AppConfig


class FacesConfig(AppConfig):
    name = "hadir.faces"
    label = "faces"
    verbose_name = "Face match"

    def ready(self) -> None:
        from hadir.faces import jobs  # noqa: F401  (registers the job handlers)
