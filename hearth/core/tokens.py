"""Secrets handed to people once (invitation links and codes, calendar links, API keys) and
the keyed digests that are all the database keeps of them.

A digest is an HMAC-SHA256 under a key derived from SECRET_KEY and a purpose, so the same
secret used for two purposes never gives the same digest, and a copy of the database alone
cannot be used to check guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

# No 0/O, 1/I/L: a code is read aloud or typed from another phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def keyed_digest(purpose: str, value: str) -> str:
    key = hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def new_secret() -> str:
    """A link secret: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


def new_code() -> str:
    """A short code to read out: 8 characters, about 40 bits."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """What a person typed, in any case and spacing, as the code it stands for."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def pretty_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"
