"""Re-encrypt every encrypted value with the current key.

Rotation: make a key (`hearth new_key`), set it as HEARTH_ENCRYPTION_KEY, move the old one
to HEARTH_ENCRYPTION_OLD_KEYS, run `hearth rotate_key`, then drop the old key.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from hearth.core.crypto import (
    EncryptedTextField,
    RowBoundField,
    encrypted_fields,
    keyring,
    row_bound_fields,
    row_context,
)

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the current HEARTH_ENCRYPTION_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        ring = keyring()
        total = 0
        fields = [(m, n, False) for m, n in encrypted_fields()]
        fields += [(m, n, True) for m, n in row_bound_fields()]
        for model, name, bound in fields:
            field = model._meta.get_field(name)
            assert isinstance(field, EncryptedTextField | RowBoundField)
            label = f"{model._meta.label_lower}.{name}"
            table, column = model._meta.db_table, str(field.column)
            pk = str(model._meta.pk.column if model._meta.pk else "id")
            quote = connection.ops.quote_name
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} "  # noqa: S608
                    f"WHERE {quote(column)} IS NOT NULL AND {quote(column)} <> ''"
                )
                stale = [
                    (key, value) for key, value in cursor.fetchall() if ring.needs_rotation(value)
                ]
                for key, value in stale:
                    # A row-bound value opens only with its own row's key in the context.
                    context = row_context(model, name, key) if bound else label
                    fresh = ring.encrypt(ring.decrypt(value, context), context)
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s "  # noqa: S608
                        f"WHERE {quote(pk)} = %s",
                        [fresh, key],
                    )
            total += len(stale)
            if stale:
                self.stdout.write(f"{label}: {len(stale)} re-encrypted")
        self.stdout.write(f"Done: {total} values now use key {ring.current_id}.")
