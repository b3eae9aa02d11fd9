from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "hearth.clinic"
    label = "clinic"
    default_auto_field = "django.db.models.BigAutoField"
    nav = [
        (_("Caseload"), "clinic:caseload", {"clinician"}),
        (_("Therapist"), "clinic:my_care", {"member"}),
    ]
    home_panel = "hearth.clinic.panels.home"
    home_facts = "hearth.clinic.panels.facts"  # yes-or-no answers for the panel (core.facts)
    demo_loader = "hearth.clinic.demo.load"
    exporter = "hearth.clinic.export.collect"
    eraser = "hearth.clinic.export.erase"
    care_of_people = "hearth.clinic.access.care_counterparts"
