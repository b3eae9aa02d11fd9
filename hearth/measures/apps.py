from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "hearth.measures"
    label = "measures"
    default_auto_field = "django.db.models.BigAutoField"
