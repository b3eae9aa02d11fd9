from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "hearth.safety"
    label = "safety"
    default_auto_field = "django.db.models.BigAutoField"
