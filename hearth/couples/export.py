"""The couples part of deleting an account (AppConfig.eraser)."""

from __future__ import annotations

from hearth.accounts.models import User
from hearth.couples import sharing
from hearth.couples.access import household
from hearth.couples.actions import leave_couple


def erase(user: User) -> None:
    """End the partner link first, exactly as when a person leaves, so the partner sees the
    same neutral notice; then remove everything the person shared. Couples is the first app
    that erases, so the link ends before any other app's data goes, as it always has."""
    if household(user).membership is not None:
        leave_couple(user)
    sharing.erase(user)
