"""Helpers for tests that need two-step sign-in: turn it on, and read the app's code."""

from __future__ import annotations

import time

from hearth.accounts import actions, totp
from hearth.accounts.models import TwoFactor, User


def turn_on(user: User) -> list[str]:
    """Two-step sign-in on, as if the person scanned the code; returns the recovery codes."""
    setup = actions.start_two_factor(user)
    return actions.confirm_two_factor(user, app_code(setup.secret))


def app_code(secret: str, offset: float = 0) -> str:
    return totp.totp(totp.decode_secret(secret), time.time() + offset)


def next_code(user: User) -> str:
    """The code the app shows next: the current one was spent when turning it on."""
    return app_code(TwoFactor.objects.get(user=user).secret, totp.STEP_SECONDS)
