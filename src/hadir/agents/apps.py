from django.apps import AppConfig


class AgentsConfig(AppConfig):
    name = "hadir.agents"
    label = "agents"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "LAN agents"
