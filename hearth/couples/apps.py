from django.apps import AppConfig


class CouplesConfig(AppConfig):
    name = "hearth.couples"
    label = "couples"
    default_auto_field = "django.db.models.BigAutoField"
    eraser = "hearth.couples.sharing.erase"
