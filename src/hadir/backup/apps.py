from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "hadir.backup"
    label = "backup"

    def ready(self) -> None:
        from hadir.backup import schedule  # noqa: F401  (registers the idle task)
