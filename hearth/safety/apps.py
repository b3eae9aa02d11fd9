from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hearth.core.registry import Hooks


class SafetyConfig(AppConfig):
    name = "hearth.safety"
    label = "safety"
    default_auto_field = "django.db.models.BigAutoField"
    # "Support" is deliberately neutral: the menu is seen by anyone who glances at a screen.
    nav = [(_("Support"), "safety:home", {"member"})]

    def ready(self) -> None:
        from hearth.safety import checks  # noqa: F401  (registers the system checks)

    def hooks(self) -> Hooks:
        from hearth.safety import demo, export, panels

        return Hooks(
            home_panel=panels.home,
            exporter=export.collect,
            eraser=export.erase,
            demo_loader=demo.load,
            demo_order=10,  # before the program's demo: couple exercises need the check taken
            leave_out_safety=export.leave_out,
        )
