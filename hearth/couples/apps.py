from django.apps import AppConfig


class CouplesConfig(AppConfig):
    name = "hearth.couples"
    label = "couples"
    default_auto_field = "django.db.models.BigAutoField"
    home_panel = "hearth.couples.panels.home"
    eraser = "hearth.couples.export.erase"
    partners_of_people = "hearth.couples.access.partners_ever"
