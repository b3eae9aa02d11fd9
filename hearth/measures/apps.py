from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hearth.core.registry import Hooks


class MeasuresConfig(AppConfig):
    name = "hearth.measures"
    label = "measures"
    default_auto_field = "django.db.models.BigAutoField"
    nav = [(_("Questionnaires"), "measures:index", {"member"})]

    def ready(self) -> None:
        from hearth.measures import checks  # noqa: F401  (registers the start-up check)

    def hooks(self) -> Hooks:
        from hearth.measures import demo, export, panels, providers, results

        return Hooks(
            home_panel=panels.home,
            demo_loader=demo.load,
            exporter=export.collect,
            eraser=export.erase,
            reminder_items=providers.reminder_items,
            fhir_bundle=results.fhir_bundle,
        )
