from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "hearth.measures"
    label = "measures"
    default_auto_field = "django.db.models.BigAutoField"
    reminder_items = "hearth.measures.providers.reminder_items"
    nav = [("Questionnaires", "measures:index", {"member"})]
    home_panel = "hearth.measures.panels.home"
    demo_loader = "hearth.measures.demo.load"
    exporter = "hearth.measures.export.collect"
    eraser = "hearth.measures.export.erase"
