"""A wish's yes, maybe or no is sealed for its own row (hearth.core.crypto.RowBoundField).

The column becomes text, then every existing choice is sealed in place. Reversed, the
choices are opened again before the column goes back to its old type.
"""

from django.db import migrations

import hearth.core.crypto


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0004_shares_move_to_couples"),
    ]

    operations = [
        migrations.AlterField(
            model_name="wish",
            name="choice",
            field=hearth.core.crypto.RowBoundField(
                choices=[("yes", "Yes"), ("maybe", "Maybe"), ("no", "No")]
            ),
        ),
        hearth.core.crypto.seal_existing_rows("checkins.Wish", "choice", json=False),
    ]
