"""Clinicians must use two-step sign-in before they can open anything.

A middleware rather than a decorator, so that clinician pages added later by other apps are
covered without each having to remember it. Only the set-up itself, the password
confirmation it may need, sign-out, the quick exit and static files stay open.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from hearth.accounts.actions import two_factor_on
from hearth.accounts.models import User

OPEN_URL_NAMES = (
    "accounts:two_factor",
    "accounts:two_factor_start",
    "accounts:two_factor_confirm",
    "accounts:confirm",
    "accounts:logout",
    "core:away",
    "core:quick_exit",
)

Handler = Callable[[HttpRequest], HttpResponse]


@cache
def open_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in OPEN_URL_NAMES)


def is_open(path: str) -> bool:
    return path in open_paths() or path.startswith(settings.STATIC_URL)


class ClinicianTwoFactorMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and user.is_clinician
            and not is_open(request.path_info)
            and not two_factor_on(user)
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)
