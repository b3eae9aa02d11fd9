from __future__ import annotations

from django.apps import AppConfig

from hearth.core.registry import Hooks


class ApiConfig(AppConfig):
    name = "hearth.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"
    # No menu link: the account page links to the access keys page (api:tokens).

    def hooks(self) -> Hooks:
        from hearth.api import export, panels, tokens

        # The home block: a key that can download everything, until the person says they
        # made it; facts are its yes-or-no answers (core.facts). Ending every sign-in
        # (accounts.actions.end_everywhere) turns off every key too.
        return Hooks(
            home_panel=panels.home,
            home_facts=panels.facts,
            exporter=export.collect,
            revoke_access=tokens.revoke_all,
        )
