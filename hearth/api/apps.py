from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hearth.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"
    # No menu link: the account page links to the access keys page (api:tokens).
    exporter = "hearth.api.export.collect"
    # A key that can download everything, until the person says they made it.
    home_panel = "hearth.api.panels.home"
    home_facts = "hearth.api.panels.facts"  # yes-or-no answers for the panel (core.facts)
