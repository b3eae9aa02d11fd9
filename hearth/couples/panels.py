"""The partner block on the home page: linked with whom, or on your own for now.

It comes first among the home page's blocks (couples is the first app that gives one), so
the page reads as before the block moved here from core.
"""

from __future__ import annotations

from django.db.models import Exists
from django.http import HttpRequest
from django.template.loader import render_to_string

from hearth.accounts.models import User
from hearth.core.facts import facts_of
from hearth.couples import actions
from hearth.couples.access import household


def facts(user: User) -> dict[str, Exists]:
    """For core.facts: has the person an open invitation to a partner?"""
    return {"couples_invitation_open": actions.invitation_waits()}


def home(request: HttpRequest) -> str:
    user = request.user
    if not isinstance(user, User) or user.is_clinician:
        return ""  # a clinician is never in a couple: their home page says what it is for
    partner = household(user).partner
    context = {
        "partner": partner,
        # Shown once, then cleared: the person learns the link ended on their next visit.
        "ended_notice": actions.pending_end_notice(user),
        # Only shown to someone not linked yet: a yes or no, asked with the other panels'
        # (core.facts), as the page says only that one waits.
        "invitation_waits": partner is None and facts_of(user)["couples_invitation_open"],
    }
    return render_to_string("couples/panel.html", context, request=request)
