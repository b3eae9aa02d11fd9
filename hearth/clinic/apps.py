from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hearth.core.registry import Hooks


class ClinicConfig(AppConfig):
    name = "hearth.clinic"
    label = "clinic"
    default_auto_field = "django.db.models.BigAutoField"
    nav = [
        (_("Caseload"), "clinic:caseload", {"clinician"}),
        (_("Therapist"), "clinic:my_care", {"member"}),
    ]

    def hooks(self) -> Hooks:
        from hearth.clinic import access, demo, export, panels

        return Hooks(
            home_panel=panels.home,
            home_facts=panels.facts,
            demo_loader=demo.load,
            exporter=export.collect,
            eraser=export.erase,
            care_of_people=access.care_counterparts,
            care_links=access.links_of_client,
        )
