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
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models

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
        return keyring().decrypt(value, self._context())

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
