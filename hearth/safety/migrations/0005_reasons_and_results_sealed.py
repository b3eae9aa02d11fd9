"""A risk event's reasons and a safety check's result are sealed for their own row
(hearth.core.crypto.RowBoundField).

Each column becomes text, then every existing value is sealed in place. Reversed, the
values are opened again before the columns go back to their old types.
"""

from django.db import migrations

import hearth.core.crypto


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0004_hark_results"),
    ]

    operations = [
        migrations.AlterField(
            model_name="riskevent",
            name="reasons",
            field=hearth.core.crypto.RowBoundField(default=list, json=True),
        ),
        hearth.core.crypto.seal_existing_rows("safety.RiskEvent", "reasons", json=True),
        migrations.AlterField(
            model_name="screening",
            name="result",
            field=hearth.core.crypto.RowBoundField(
                choices=[("clear", "Clear"), ("positive", "Positive"), ("declined", "Rather not say")]
            ),
        ),
        hearth.core.crypto.seal_existing_rows("safety.Screening", "result", json=False),
    ]
