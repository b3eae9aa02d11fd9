from __future__ import annotations

from django.apps import AppConfig

from hearth.core.registry import Hooks


class CouplesConfig(AppConfig):
    name = "hearth.couples"
    label = "couples"
    default_auto_field = "django.db.models.BigAutoField"

    def hooks(self) -> Hooks:
        from hearth.couples import access, export, panels

        return Hooks(
            home_panel=panels.home,
            home_facts=panels.facts,
            eraser=export.erase,
            partners_of_people=access.partners_ever,
        )
