"""The partner block on the home page: linked with whom, or on your own for now.

It comes first among the home page's blocks (couples is the first app that gives one), so
the page reads as before the block moved here from core.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from hearth.accounts.models import User
from hearth.couples import actions
from hearth.couples.access import household


def home(request: HttpRequest) -> str:
    user = request.user
    if not isinstance(user, User) or user.is_clinician:
        return ""  # a clinician is never in a couple: their home page says what it is for
    partner = household(user).partner
    context = {
        "partner": partner,
        # Shown once, then cleared: the person learns the link ended on their next visit.
        "ended_notice": actions.pending_end_notice(user),
        # Only shown to someone not linked yet.
        "invitation": actions.open_invitation(user) if partner is None else None,
    }
    return render_to_string("couples/panel.html", context, request=request)
