from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hearth.core.registry import Hooks


class CheckinsConfig(AppConfig):
    name = "hearth.checkins"
    label = "checkins"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Check-ins")

    nav = [(_("Check-in"), "checkins:today", {"member"})]

    def ready(self) -> None:
        from hearth.checkins import checks  # noqa: F401  (registers the start-up check)

    def hooks(self) -> Hooks:
        # This app reads session_dates, reminder_items and calendar_items from others
        # (providers.py) and provides none of them itself.
        from hearth.checkins import demo, export, panels

        return Hooks(
            home_panel=panels.home,
            home_facts=panels.facts,
            demo_loader=demo.load,
            exporter=export.collect,
            eraser=export.erase,
        )
