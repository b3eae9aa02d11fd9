"""The safety block on the home page: a gentle prompt when the private check is due."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from hearth.accounts.roles import is_member
from hearth.safety.access import screening_due


def home(request: HttpRequest) -> str:
    user = request.user
    if not is_member(user) or not screening_due(user):
        return ""
    return render_to_string("safety/panel.html", request=request)
