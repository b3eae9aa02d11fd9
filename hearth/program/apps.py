from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "hearth.program"
    label = "program"
    default_auto_field = "django.db.models.BigAutoField"
    nav = [("Program", "program:home", {"member"})]
    home_panel = "hearth.program.panels.home"
    demo_loader = "hearth.program.demo.load"
    exporter = "hearth.program.export.collect"
    eraser = "hearth.program.export.erase"
