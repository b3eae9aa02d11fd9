from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "hearth.program"
    label = "program"
    default_auto_field = "django.db.models.BigAutoField"
    session_dates = "hearth.program.providers.session_dates"
    reminder_items = "hearth.program.providers.reminder_items"
    calendar_items = "hearth.program.providers.calendar_items"
    nav = [(_("Program"), "program:home", {"member"})]
    home_panel = "hearth.program.panels.home"
    demo_loader = "hearth.program.demo.load"
    exporter = "hearth.program.export.collect"
    eraser = "hearth.program.export.erase"
