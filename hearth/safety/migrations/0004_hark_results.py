"""The relationship check becomes HARK; a check's result is clear, positive or declined.

Old checks were the project's own four questions about "ever", and counted "I'd rather not
say" as positive. Their answers were never stored, so a positive cannot be split into
"said yes" and "did not answer": old rows keep it as "positive" (their pauses stay, and
now end by the person's own choice), old clear rows stay "clear", and every old row is
marked with the questions it came from.
"""

from django.db import migrations, models

OLD_CHECK = "hearth_relationship_safety"


def forwards(apps, schema_editor):
    Screening = apps.get_model("safety", "Screening")
    Screening.objects.filter(positive=True).update(result="positive", instrument=OLD_CHECK)
    Screening.objects.filter(positive=False).update(result="clear", instrument=OLD_CHECK)


def backwards(apps, schema_editor):
    Screening = apps.get_model("safety", "Screening")
    # "Rather not say" was a positive result under the old rule.
    Screening.objects.exclude(result="clear").update(positive=True)
    Screening.objects.filter(result="clear").update(positive=False)


class Migration(migrations.Migration):

    dependencies = [
        ("safety", "0003_helpregion"),
    ]

    operations = [
        migrations.AddField(
            model_name="screening",
            name="instrument",
            field=models.CharField(default=OLD_CHECK, max_length=40),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="screening",
            name="result",
            field=models.CharField(
                choices=[
                    ("clear", "Clear"),
                    ("positive", "Positive"),
                    ("declined", "Rather not say"),
                ],
                default="clear",
                max_length=16,
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="screening",
            name="positive",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="screening", name="positive"),
    ]
