from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from hearth.accounts.roles import is_member
from hearth.checkins.access import checkin_on


def home(request: HttpRequest) -> str:
    """Today's check-in, done or not. No streaks and no counts: nothing to lose."""
    user = request.user
    if not is_member(user):
        return ""
    done = checkin_on(user, timezone.localdate()) is not None
    return render_to_string("checkins/panel.html", {"done": done}, request=request)
