"""A sitting's item answers are sealed for their own row (hearth.core.crypto.RowBoundField).

The column becomes text, then every existing sitting's answers are sealed in place.
Reversed, the answers are opened again before the column goes back to JSON.
"""

from django.db import migrations

import hearth.core.crypto


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0003_shares_move_to_couples"),
    ]

    operations = [
        migrations.AlterField(
            model_name="administration",
            name="answers",
            field=hearth.core.crypto.RowBoundField(default=dict, json=True),
        ),
        hearth.core.crypto.seal_existing_rows("measures.Administration", "answers", json=True),
    ]
