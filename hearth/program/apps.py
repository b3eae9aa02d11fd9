from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hearth.core.registry import Hooks


class ProgramConfig(AppConfig):
    name = "hearth.program"
    label = "program"
    default_auto_field = "django.db.models.BigAutoField"
    nav = [(_("Program"), "program:home", {"member"})]

    def ready(self) -> None:
        from hearth.program import checks  # noqa: F401  (registers the start-up check)

    def hooks(self) -> Hooks:
        from hearth.program import demo, export, panels, providers

        return Hooks(
            home_panel=panels.home,
            demo_loader=demo.load,
            exporter=export.collect,
            eraser=export.erase,
            session_dates=providers.session_dates,
            reminder_items=providers.reminder_items,
            calendar_items=providers.calendar_items,
        )
