from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from hearth.accounts.roles import is_member
from hearth.checkins.models import CheckIn
from hearth.core.facts import facts_of


def facts(user: Any) -> dict[str, Exists]:
    """For core.facts: has the person checked in today?"""
    today = CheckIn.objects.filter(user=OuterRef("pk"), day=timezone.localdate())
    return {"checkins_today": Exists(today)}


def home(request: HttpRequest) -> str:
    """Today's check-in, done or not. No streaks and no counts: nothing to lose."""
    user = request.user
    if not is_member(user):
        return ""
    done = facts_of(user)["checkins_today"]
    return render_to_string("checkins/panel.html", {"done": done}, request=request)
