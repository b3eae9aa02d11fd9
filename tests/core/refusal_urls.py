"""The site's own addresses plus one that runs a real action the way a view would, without
catching its refusal (tests/core/test_refusals.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import path

from hearth.accounts import actions as account_actions
from hearth.accounts.models import User
from hearth.api import tokens
from hearth.checkins import actions as checkin_actions
from hearth.clinic import actions as clinic_actions
from hearth.couples import actions as couple_actions
from hearth.measures import actions as measure_actions
from hearth.program import actions as program_actions
from hearth.safety import actions as safety_actions
from hearth.urls import urlpatterns as site

# Each one is refused for a person with no partner, no pause and no two-step sign-in: the
# same calls the apps' own views and API make.
ACTIONS: dict[str, Callable[[User], object]] = {
    "couple": couple_actions.leave_couple,
    "safety": lambda user: safety_actions.end_own_pause(user, confirmed=True),
    "account": account_actions.new_recovery_codes,
    "token": lambda user: tokens.create_token(user, " ", ["read"], 30),
    "checkin": lambda user: checkin_actions.answer_prompt(user, "proud_of", "yes"),
    "clinic": lambda user: clinic_actions.check_homework("no-such-stage", [], "Talk."),
    "measure": lambda user: measure_actions.add_instrument(user, "phq9"),
    "program": lambda user: program_actions.answer_doctor_check(user, "perhaps"),
}


def refuse(request: HttpRequest, kind: str) -> HttpResponse:
    assert isinstance(request.user, User)
    ACTIONS[kind](request.user)
    return HttpResponse("done")


urlpatterns = [*site, path("test-refusal/<str:kind>/", refuse)]
