from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AttendanceConfig(AppConfig):
    name = "hadir.attendance"
    label = "attendance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hadir.attendance import parallel, services  # noqa: F401  (registers jobs, idle tasks)

        post_migrate.connect(_count_stored_months, sender=self)


def _count_stored_months(**kwargs: Any) -> None:
    """The month tallies of days stored before they existed (``tallies_fill``)."""
    from hadir.attendance.tallies import tallies_fill

    if kwargs.get("using", "default") == "default" and kwargs.get("plan") != []:
        tallies_fill()
