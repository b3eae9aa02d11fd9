from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "hearth.clinic"
    label = "clinic"
    default_auto_field = "django.db.models.BigAutoField"
    nav = [
        ("Caseload", "clinic:caseload", {"clinician"}),
        ("Therapist", "clinic:my_care", {"member"}),
    ]
    home_panel = "hearth.clinic.panels.home"
    demo_loader = "hearth.clinic.demo.load"
    exporter = "hearth.clinic.export.collect"
    eraser = "hearth.clinic.export.erase"
