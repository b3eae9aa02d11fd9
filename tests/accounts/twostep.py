"""Helpers for tests that need two-step sign-in: turn it on, and read the app's code."""

from __future__ import annotations

import time

from hearth.accounts import actions, totp
from hearth.accounts.models import RecoveryCode, TwoFactor, User


def without_two_step(user: User) -> User:
    """Two-step sign-in off (the clinician persona starts with it on)."""
    TwoFactor.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    return user


def turn_on(user: User) -> list[str]:
    """Two-step sign-in on with a fresh secret, as if the person scanned the code; returns
    the recovery codes."""
    setup = actions.start_two_factor(without_two_step(user))
    return actions.confirm_two_factor(user, app_code(setup.secret)).recovery_codes


def app_code(secret: str, offset: float = 0) -> str:
    return totp.totp(totp.decode_secret(secret), time.time() + offset)


def next_code(user: User) -> str:
    """The code the app shows next: the current one was spent when turning it on."""
    return app_code(TwoFactor.objects.get(user=user).secret, totp.STEP_SECONDS)


def confirm_payload(user: User, password: str) -> dict[str, str]:
    """What the person types on the confirm page: the password, and a code when 2FA is on."""
    if actions.two_factor_on(user):
        return {"password": password, "code": next_code(user)}
    return {"password": password}
