from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "hearth.program"
    label = "program"
    default_auto_field = "django.db.models.BigAutoField"
