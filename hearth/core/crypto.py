"""Field encryption at rest: AES-256-GCM with a key ring, so keys can be rotated.

Stored form: ``v1:<key id>:<base64 of nonce + ciphertext + tag>``. The associated data
binds each value to its model field, so a value copied into another field fails to open.
The current key encrypts; older keys (HEARTH_ENCRYPTION_OLD_KEYS) only decrypt, until
`hearth rotate_key` has re-encrypted everything with the current key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json as json_module
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import connections, models, router, transaction
from django.db.models.expressions import Col
from django.utils.functional import cached_property
from django.utils.translation import gettext_noop

from hearth.core.errors import Refused

M = TypeVar("M", bound=models.Model)

PREFIX = "v1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be opened: unknown key, or the value was changed."""


def new_key() -> str:
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def parse_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode())
    except (binascii.Error, ValueError) as exc:
        raise ValueError("an encryption key must be 32 bytes in URL-safe base64") from exc
    if len(raw) != 32:
        raise ValueError("an encryption key must be 32 bytes in URL-safe base64")
    return raw


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"hearth-key-id:" + key).hexdigest()[:12]


@dataclass(frozen=True)
class KeyRing:
    current: bytes
    older: tuple[bytes, ...] = ()

    @property
    def current_id(self) -> str:
        return key_id(self.current)

    def find(self, wanted: str) -> bytes:
        for key in (self.current, *self.older):
            if key_id(key) == wanted:
                return key
        raise DecryptionError("the value was encrypted with a key that is not configured")

    def encrypt(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.current).encrypt(nonce, plaintext.encode(), context.encode())
        body = base64.urlsafe_b64encode(nonce + sealed).decode()
        return f"{PREFIX}:{self.current_id}:{body}"

    def decrypt(self, stored: str, context: str) -> str:
        try:
            prefix, wanted, body = stored.split(":", 2)
            blob = base64.urlsafe_b64decode(body.encode())
        except (ValueError, binascii.Error) as exc:
            raise DecryptionError("the stored value is not in the encrypted format") from exc
        if prefix != PREFIX or len(blob) <= NONCE_BYTES:
            raise DecryptionError("the stored value is not in the encrypted format")
        try:
            plain = AESGCM(self.find(wanted)).decrypt(
                blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode()
            )
        except InvalidTag as exc:
            raise DecryptionError("the stored value was changed or belongs elsewhere") from exc
        return plain.decode()

    def needs_rotation(self, stored: str) -> bool:
        return not stored.startswith(f"{PREFIX}:{self.current_id}:")


@lru_cache(maxsize=4)
def _ring(current: str, older: tuple[str, ...]) -> KeyRing:
    return KeyRing(parse_key(current), tuple(parse_key(k) for k in older))


def keyring() -> KeyRing:
    """The configured key ring (settings.ENCRYPTION_KEY and ENCRYPTION_OLD_KEYS)."""
    return _ring(settings.ENCRYPTION_KEY, tuple(settings.ENCRYPTION_OLD_KEYS))


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored encrypted; reads give back the plain text. Not searchable by design."""

    def _context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        try:
            return keyring().decrypt(value, self._context())
        except DecryptionError as exc:
            # A clear 409 page or API error, as for a row-bound value, never a 500.
            raise Unreadable from exc

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None:
            return None
        if value == "":
            return ""
        return keyring().encrypt(str(value), self._context())


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) that holds encrypted text, for rotation and checks."""
    from django.apps import apps

    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, EncryptedTextField)
    ]


# --- values bound to their row ------------------------------------------------------------
#
# An ``EncryptedTextField`` value opens in any row of its column, so someone who can write
# to the database could move one person's answer onto another's row. A ``RowBoundField``
# also binds each value to its row: the associated data names the model, the field and the
# row's primary key. Reads select the primary key beside the value (``BoundCol``), so the
# key used to open a value is always the row's real one, in ``values_list`` too.


class Unreadable(Refused):
    """A stored value did not open: moved from another row or field, changed, or sealed
    with a key that is not configured. Answered as a 409 page or the API's JSON error."""

    code = "unreadable"

    def __init__(self) -> None:
        super().__init__(
            gettext_noop(
                "Part of this record could not be opened, so it is not shown. "
                "Nothing was changed. Please tell the team that runs this service."
            )
        )


class RowBoundError(Exception):
    """Code tried to write a row-bound value in a way that cannot bind it to its row."""


class Sealed(str):
    """A value already sealed for its row, ready to be written as it is."""


ROW_SEPARATOR = "#"


def row_context(model: type[models.Model], name: str, pk: object) -> str:
    return f"row:{model._meta.label_lower}.{name}:{pk}"


class BoundCol(Col):
    """The column, prefixed by its row's primary key: ``<pk>#<stored value>``."""

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        quote = compiler.quote_name_unless_alias
        pk = self.target.model._meta.pk
        assert pk is not None
        prefix = f"{quote(self.alias)}." if self.alias else ""
        column = f"{prefix}{quote(self.target.column)}"
        key = f"{prefix}{quote(pk.column)}"
        return f"(CAST({key} AS TEXT) || '{ROW_SEPARATOR}' || {column})", []


class RowBoundField(models.TextField):  # type: ignore[type-arg]
    """A value sealed with AES-GCM for one model, field and row (``json=True``: any JSON value).

    The primary key is known only after an insert, so a ``RowBoundModel`` writes a new row
    and then its sealed values, in one transaction; plain text never reaches the database.
    ``QuerySet.update()``, ``bulk_update()`` and plain ``bulk_create()`` cannot bind a value
    and are refused (use ``bulk_create_bound``), and so are lookups: nothing can filter on
    a sealed value. A value that does not open raises ``Unreadable``.
    """

    # For the type checker: a text value, or with json=True any JSON value.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def __init__(self, *args: Any, json: bool = False, **kwargs: Any) -> None:
        self.json = json
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.json:
            kwargs["json"] = True
        return name, path, args, kwargs

    def get_col(self, alias: str, output_field: Any = None) -> Col:
        return BoundCol(alias, self, output_field)

    @cached_property
    def cached_col(self) -> Col:
        return BoundCol(self.model._meta.db_table, self)

    def get_lookup(self, lookup_name: str) -> Any:
        raise RowBoundError(
            f"{self.model._meta.label}.{self.name} is sealed per row and cannot be filtered "
            f"('{lookup_name}'): load the rows and choose in Python"
        )

    def encode(self, value: Any) -> str:
        return json_module.dumps(value, sort_keys=True) if self.json else str(value)

    def decode(self, text: str) -> Any:
        return json_module.loads(text) if self.json else text

    def seal(self, value: Any, pk: object) -> Sealed:
        return Sealed(keyring().encrypt(self.encode(value), row_context(self.model, self.name, pk)))

    def open(self, stored: str, pk: object) -> Any:
        try:
            return self.decode(keyring().decrypt(stored, row_context(self.model, self.name, pk)))
        except (DecryptionError, ValueError) as exc:
            raise Unreadable from exc

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        pk, _, stored = value.partition(ROW_SEPARATOR)
        return self.open(stored, pk)

    def to_python(self, value: Any) -> Any:
        return value if self.json else super().to_python(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if value is None and self.null:
            return None
        if model_instance.pk is not None:
            return self.seal(value, model_instance.pk)
        pending = getattr(model_instance, "_row_bound_pending", None)
        if pending is None:
            raise RowBoundError(
                f"{self.model._meta.label}.{self.name} needs the row's key: save() the object "
                "or use hearth.core.crypto.bulk_create_bound"
            )
        pending.append(self)
        return Sealed("")  # a placeholder for the moment before the row's key exists

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        if isinstance(value, Sealed):
            return str(value)
        if value is None and self.null:
            return None
        raise RowBoundError(
            f"{self.model._meta.label}.{self.name} is sealed per row: change the object and "
            "save() it (QuerySet.update() and bulk_update() cannot bind a value to its row)"
        )


class RowBoundModel(models.Model):
    """A model with ``RowBoundField`` values: a new row and its sealed values are written in
    one transaction, so no row is ever left with a placeholder instead of its value."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            super().save(*args, **kwargs)
            return
        # No savepoint inside a caller's transaction: if sealing fails, the caller's whole
        # transaction is rolled back, so the placeholder row can never be committed.
        using = kwargs.get("using") or router.db_for_write(type(self))
        with transaction.atomic(using=using, savepoint=False):
            self._row_bound_pending: list[RowBoundField] = []
            try:
                super().save(*args, **kwargs)
                _seal_new_rows([self], self._row_bound_pending, kwargs.get("using"))
            finally:
                del self._row_bound_pending


def _seal_new_rows(
    rows: Sequence[models.Model], fields: Sequence[RowBoundField], using: str | None
) -> None:
    """Write the sealed values of rows just inserted, now that their keys exist."""
    chosen = list(dict.fromkeys(fields))
    if not rows or not chosen:
        return
    model = type(rows[0])
    connection = connections[using or router.db_for_write(model)]
    quote = connection.ops.quote_name
    pk = model._meta.pk
    assert pk is not None
    sets = ", ".join(f"{quote(f.column)} = %s" for f in chosen)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(pk.column)} = %s"  # noqa: S608
    params = [
        [*(str(f.seal(getattr(row, f.attname), row.pk)) for f in chosen), row.pk] for row in rows
    ]
    with connection.cursor() as cursor:
        if len(params) == 1:
            cursor.execute(sql, params[0])
        else:
            cursor.executemany(sql, params)


def bulk_create_bound(model: type[M], rows: Sequence[M], batch_size: int | None = None) -> list[M]:
    """``bulk_create`` for a model with row-bound values: insert, then seal, atomically.

    Needs a database that returns the new keys (PostgreSQL; SQLite 3.35 or newer).
    """
    using = router.db_for_write(model)
    with transaction.atomic(using=using, savepoint=False):
        pending: list[RowBoundField] = []
        for row in rows:
            row._row_bound_pending = pending  # type: ignore[attr-defined]
        try:
            made = model._base_manager.db_manager(using).bulk_create(rows, batch_size=batch_size)
        finally:
            for row in rows:
                del row._row_bound_pending  # type: ignore[attr-defined]
        if any(row.pk is None for row in made):
            raise RowBoundError("this database did not return the new rows' keys")
        _seal_new_rows(made, pending, using)
    return made


def row_bound_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) whose values are sealed per row."""
    from django.apps import apps

    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, RowBoundField)
    ]


def seal_existing_rows(model_label: str, name: str, *, json: bool) -> Any:
    """A migration step that seals the plain values of one column in place, and opens them
    again when the migration is reversed. Run it after the column became text."""
    from django.db import migrations

    def rows(apps: Any, schema_editor: Any) -> tuple[type[models.Model], Any, str]:
        model = apps.get_model(model_label)
        quote = schema_editor.connection.ops.quote_name
        pk = model._meta.pk
        sql = f"UPDATE {quote(model._meta.db_table)} SET {quote(name)} = %s WHERE {quote(pk.column)} = %s"  # noqa: S608, E501
        cursor = schema_editor.connection.cursor()
        cursor.execute(
            f"SELECT {quote(pk.column)}, {quote(name)} FROM {quote(model._meta.db_table)} "  # noqa: S608
            f"WHERE {quote(name)} IS NOT NULL"
        )
        return model, cursor, sql

    def seal(apps: Any, schema_editor: Any) -> None:
        model, cursor, sql = rows(apps, schema_editor)
        found = cursor.fetchall()
        ring = keyring()
        for pk, value in found:
            text = json_module.dumps(json_module.loads(value), sort_keys=True) if json else value
            cursor.execute(sql, [ring.encrypt(text, row_context(model, name, pk)), pk])

    def unseal(apps: Any, schema_editor: Any) -> None:
        model, cursor, sql = rows(apps, schema_editor)
        found = cursor.fetchall()
        ring = keyring()
        for pk, value in found:
            cursor.execute(sql, [ring.decrypt(value, row_context(model, name, pk)), pk])

    return migrations.RunPython(seal, unseal, elidable=False)
