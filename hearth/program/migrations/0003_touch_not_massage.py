"""Stage 0 exercises are hand and back touch, not massage: their ids change with their names.

Sessions and a clinician's homework keep pointing at the same exercise under its new id.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

RENAMED = {
    "hand-massage": "hand-touch",
    "back-massage": "back-touch",
    "back-massage-seated": "back-touch-seated",
    "shoulder-massage-facing": "shoulder-touch-facing",
}


def _rename(apps: Any, names: dict[str, str]) -> None:
    Session = apps.get_model("program", "Session")
    for old, new in names.items():
        Session.objects.filter(exercise=old).update(exercise=new)
    Homework = apps.get_model("clinic", "Homework")
    for item in Homework.objects.all():
        renamed = [names.get(e, e) for e in item.exercises]
        if renamed != item.exercises:
            item.exercises = renamed
            item.save(update_fields=["exercises"])


def forwards(apps: Any, schema_editor: Any) -> None:
    _rename(apps, RENAMED)


def backwards(apps: Any, schema_editor: Any) -> None:
    _rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("program", "0002_intake_medicines"),
        ("clinic", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
