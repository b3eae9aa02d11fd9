"""Sign-up through an emailed link: the form is sealed into the link, nothing is stored.

A sign-up answers the same page whether or not the address has an account; the email
decides what happens next. A new address gets a link that holds the form (address, the
password already hashed, name, role, language, where to go afterwards and the time),
sealed with AES-256-GCM under a key derived from SECRET_KEY and a purpose label, so it can
be neither read nor changed. It works for 24 hours and once: only the button's POST on the
link's page makes the account (a mail scanner that opens links makes nothing), and a used
link is recorded by a keyed digest, so reopening it later (even after the account was
deleted) makes nothing. An address that already has an account gets a discreet note
instead ("sign in, or set a new password").
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PURPOSE = b"hearth:sign-up-link:v1"
LINK_SECONDS = 24 * 3600
NONCE_BYTES = 12


@dataclass(frozen=True)
class SignUp:
    """What a sign-up link carries."""

    email: str
    password_hash: str
    display_name: str
    role: str
    language: str
    next: str
    made_at: float


def _key() -> bytes:
    """32 bytes for this purpose only: the same SECRET_KEY signs sessions and more."""
    return hashlib.sha256(PURPOSE + b"\0" + settings.SECRET_KEY.encode()).digest()


def seal(signup: SignUp) -> str:
    data = json.dumps(
        [
            signup.email,
            signup.password_hash,
            signup.display_name,
            signup.role,
            signup.language,
            signup.next,
            int(signup.made_at),
        ],
        separators=(",", ":"),
    ).encode()
    nonce = os.urandom(NONCE_BYTES)
    sealed = nonce + AESGCM(_key()).encrypt(nonce, data, PURPOSE)
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def open_link(token: str, now: float | None = None) -> SignUp | None:
    """The sign-up in the link, or None: changed, made with another key, or over 24 hours
    old. (Whether it was used already is the database's to say: see actions.)"""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = AESGCM(_key()).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], PURPOSE)
        email, password_hash, name, role, language, next_url, made_at = json.loads(data)
    except (binascii.Error, ValueError, InvalidTag, TypeError):
        return None
    age = (time.time() if now is None else now) - made_at
    if not 0 <= age <= LINK_SECONDS:
        return None
    return SignUp(email, password_hash, name, role, language, next_url, float(made_at))


def link_id(token: str) -> str:
    """What the database keeps of a used link: a digest of its nonce (each link has its
    own), never the link."""
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    return hashlib.sha256(PURPOSE + raw[:NONCE_BYTES]).hexdigest()
