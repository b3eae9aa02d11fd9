from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "hearth.measures"
    label = "measures"
    default_auto_field = "django.db.models.BigAutoField"
    reminder_items = "hearth.measures.providers.reminder_items"
    nav = [(_("Questionnaires"), "measures:index", {"member"})]

    home_panel = "hearth.measures.panels.home"
    demo_loader = "hearth.measures.demo.load"
    exporter = "hearth.measures.export.collect"
    eraser = "hearth.measures.export.erase"

    def ready(self) -> None:
        from hearth.measures import checks  # noqa: F401  (registers the start-up check)
