from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinsConfig(AppConfig):
    name = "hearth.checkins"
    label = "checkins"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Check-ins")

    nav = [(_("Check-in"), "checkins:today", {"member"})]
    home_panel = "hearth.checkins.panels.home"
    home_facts = "hearth.checkins.panels.facts"  # yes-or-no answers for the panel (core.facts)
    demo_loader = "hearth.checkins.demo.load"
    exporter = "hearth.checkins.export.collect"
    eraser = "hearth.checkins.export.erase"
    # Provider contracts this app reads from others (see providers.py): session_dates,
    # reminder_items, calendar_items. It provides none of them itself.
