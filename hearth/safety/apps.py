from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "hearth.safety"
    label = "safety"
    default_auto_field = "django.db.models.BigAutoField"
    # "Support" is deliberately neutral: the menu is seen by anyone who glances at a screen.
    nav = [(_("Support"), "safety:home", {"member"})]

    home_panel = "hearth.safety.panels.home"
    exporter = "hearth.safety.export.collect"
    eraser = "hearth.safety.export.erase"
    demo_loader = "hearth.safety.demo.load"
    demo_order = 10  # before the program's demo: couple exercises need the check taken

    def ready(self) -> None:
        from hearth.safety import checks  # noqa: F401  (registers the system checks)
