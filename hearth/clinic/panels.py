"""The clinic block on the home page: homework for a client, the caseload for a clinician."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext

from hearth.accounts.models import User
from hearth.clinic.access import active_links, homework_for, homework_waits
from hearth.core.facts import facts_of
from hearth.program.actions import COUPLE_PAUSED
from hearth.program.content import default_content
from hearth.program.localized import localized_content
from hearth.safety.access import couple_exercises_allowed

HOMEWORK_SHOWN = 3


def facts(user: User) -> dict[str, Exists]:
    """For core.facts: has the person homework from a clinician on an active link?"""
    return {"clinic_homework": homework_waits()}


def home(request: HttpRequest) -> str:
    user = request.user
    if not isinstance(user, User):
        return ""
    if user.is_clinician:
        context: dict[str, Any] = {"clinician": True, "count": active_links(user).count()}
        return render_to_string("clinic/panel.html", context, request=request)
    if user.role != User.Role.MEMBER:
        return ""
    # Most people have no homework waiting (most have no clinician): a yes or no, asked with
    # the other panels' (core.facts), settles that before the three-table homework query.
    if not facts_of(user)["clinic_homework"]:
        return ""
    items = list(homework_for(user)[:HOMEWORK_SHOWN])
    if not items:
        return ""
    shown = items if couple_exercises_allowed(user) else [i for i in items if not _couple(i)]
    context = {"homework": [_describe(item) for item in shown]}
    if len(shown) < len(items):
        # While the couple part is paused (a safety pause, or a check that is due: both
        # partners see the same), homework for couple exercises would nudge them towards
        # one. It waits, and the panel says so in the words the program panel uses.
        context["couple_paused_text"] = gettext(COUPLE_PAUSED)
    return render_to_string("clinic/panel.html", context, request=request)


def _couple(item: Any) -> bool:
    """Homework that names a stage or an exercise of the couple track."""
    content = default_content()
    stages = {s.id: s.track for s in content.stages}
    exercises = {e.id: stages.get(e.stage) for e in content.exercises}
    tracks = {stages.get(item.stage)} | {exercises.get(e) for e in item.exercises}
    return "couple" in tracks


def _describe(item: Any) -> dict[str, Any]:
    content = localized_content()
    stages = {s.id: s.title for s in content.stages}
    exercises = {e.id: e.title for e in content.exercises}
    profile = getattr(item.link.clinician, "clinician_profile", None)
    name = profile.full_name if profile and profile.full_name else item.link.clinician.display_name
    return {
        "item": item,
        "from_name": name,
        "stage": stages.get(item.stage, ""),
        "exercises": [exercises[e] for e in item.exercises if e in exercises],
    }
