"""Every API route, for every persona: the right people reach it, everyone else gets the same
404 as for a missing object, and nobody without a key gets anything but a 401.

The routes come from the NinjaAPI itself, so a new endpoint without a line in ROUTES fails
``test_every_route_has_an_access_rule``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hearth.api.v1.api import api
from hearth.api.v1.errors import error_body
from tests.api.conftest import Api, World, token_for
from tests.factories import care_link

# Who may reach a route:
#   anyone     every signed-up person, clinicians too (their own account)
#   member     people using Hearth for themselves; clinicians get 404
#   couple     partner A's couple's object: partners A and B only
#   own        partner A's own object: partner A only (not even partner B)
#   clinician  both clinicians (their own caseload); members get 404
#   consented  the clinician A linked with and gave consent to; everyone else 404
#   log        the same, once partner B lets that clinician see the session log too (it is
#              about both); until then, A's own session days ("consented", /participation)
SOON = (timezone.now() + timedelta(days=2)).isoformat()
REFLECTION = {"comfort": 5, "closeness": 5, "anxiety": 1}
ROUTES: dict[tuple[str, str], tuple[str, Any]] = {
    ("GET", "/me"): ("anyone", None),
    ("GET", "/me/export"): ("anyone", None),
    ("GET", "/couple"): ("member", None),
    ("GET", "/couples/{couple_id}/members"): ("couple", None),
    ("POST", "/couple/invitation"): ("member", None),
    ("DELETE", "/couple/invitation"): ("member", None),
    ("POST", "/couple/leave"): ("member", {"confirm": True}),
    ("POST", "/couple/join"): ("member", {"code": "ZZZZ-ZZZZ"}),
    ("GET", "/questionnaires/due"): ("member", None),
    ("POST", "/questionnaires/{instrument_id}/start"): ("member", None),
    ("GET", "/questionnaires/sittings/{administration_id}"): ("own", None),
    ("POST", "/questionnaires/sittings/{administration_id}/pages/{page}"): (
        "own",
        {"answers": {"phq9_1": 0}},
    ),
    ("GET", "/questionnaires/sittings/{administration_id}/result"): ("own", None),
    ("GET", "/questionnaires/{instrument_id}/history"): ("member", None),
    ("GET", "/program"): ("member", None),
    ("POST", "/program/advance/propose"): ("member", None),
    ("POST", "/program/advance/accept"): ("member", None),
    ("POST", "/program/advance/decline"): ("member", None),
    ("POST", "/program/step-back"): ("member", None),
    ("POST", "/program/pause"): ("member", None),
    ("POST", "/program/resume"): ("member", None),
    ("POST", "/program/doctor-check"): ("member", {"answer": "yes"}),
    ("GET", "/program/comfort-map"): ("member", None),
    ("PUT", "/program/comfort-map"): ("member", {"receive": {"hands": "welcome"}}),
    ("POST", "/program/comfort-map/new-areas"): ("member", {"receive": {"chest": "no"}}),
    ("GET", "/program/exercises/{exercise_id}"): ("member", None),
    ("GET", "/program/sessions"): ("member", None),
    ("POST", "/program/sessions"): (
        "member",
        {"planned_for": SOON, "exercise_id": "holding-hands"},
    ),
    ("GET", "/program/sessions/{session_id}"): ("couple", None),
    ("POST", "/program/sessions/{session_id}/answer"): ("couple", {"accept": True}),
    ("POST", "/program/sessions/{session_id}/cancel"): ("couple", None),
    ("POST", "/program/sessions/{session_id}/readiness"): ("couple", {"answer": "ready"}),
    ("POST", "/program/sessions/{session_id}/not-sure"): ("couple", {"choice": "settle"}),
    ("POST", "/program/sessions/{session_id}/start"): ("couple", {"stop_signal_agreed": True}),
    ("POST", "/program/sessions/{session_id}/settled"): ("couple", None),
    ("POST", "/program/sessions/{session_id}/body-check"): ("couple", {"turn": 1}),
    ("POST", "/program/sessions/{session_id}/turn"): ("couple", {"turn": 1}),
    ("POST", "/program/sessions/{session_id}/pause"): ("couple", None),
    ("POST", "/program/sessions/{session_id}/resume"): ("couple", None),
    ("POST", "/program/sessions/{session_id}/end"): ("couple", None),
    ("GET", "/program/sessions/{session_id}/reflection"): ("own", None),
    ("POST", "/program/sessions/{session_id}/reflection"): ("couple", REFLECTION),
    ("PUT", "/program/sessions/{session_id}/reflection/sharing"): (
        "couple",
        {"partner": ["text"]},
    ),
    ("GET", "/checkins"): ("member", None),
    ("PUT", "/checkins/today"): ("member", {"mood": 6}),
    ("GET", "/insights"): ("member", None),
    ("GET", "/insights/couple"): ("member", None),
    ("PUT", "/insights/sharing"): ("member", {"measures": ["mood"]}),
    ("GET", "/talk"): ("member", None),
    ("PUT", "/talk/{prompt_id}"): ("member", {"text": "A walk by the river"}),
    ("GET", "/wishes"): ("member", None),
    ("PUT", "/wishes"): ("member", {"choices": {}}),
    ("GET", "/clinic/clients"): ("clinician", None),
    ("GET", "/clinic/clients/{client_id}"): ("consented", None),
    ("GET", "/clinic/clients/{client_id}/results"): ("consented", None),
    ("GET", "/clinic/clients/{client_id}/sessions"): ("log", None),
    ("GET", "/clinic/clients/{client_id}/participation"): ("consented", None),
    ("GET", "/clinic/clients/{client_id}/checkins"): ("consented", None),
    ("GET", "/clinic/clients/{client_id}/reflections"): ("consented", None),
    ("GET", "/clinic/clients/{client_id}/alerts"): ("consented", None),
}
MEMBERS = {"partner_a", "partner_b", "other_a", "solo", "stranger"}
ALLOWED = {
    "anyone": MEMBERS | {"clinician", "consented"},
    "member": MEMBERS,
    "couple": {"partner_a", "partner_b"},
    "own": {"partner_a"},
    "clinician": {"clinician", "consented"},
    "consented": {"consented"},
    "log": {"consented"},
}
PERSONAS = ["partner_a", "partner_b", "other_a", "solo", "stranger", "clinician", "consented"]


def api_routes() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="")
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
    }


def fill(path: str, world: World) -> str:
    return path.format(
        couple_id=world.people.couple.pk,
        administration_id=world.administration.pk,
        page=0,
        session_id=world.session.pk,
        client_id=world.people.partner_a.pk,
        instrument_id="phq9",
        exercise_id="hand-touch",
        prompt_id="good_moment",
    )


def persona(world: World, name: str) -> Any:
    return world.consented_clinician if name == "consented" else getattr(world.people, name)


def scope_for(method: str, path: str) -> str:
    if path == "/me/export":
        return "export"
    return "read" if method == "GET" else "write"


def test_every_route_has_an_access_rule() -> None:
    assert api_routes() == set(ROUTES)


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_each_persona_reaches_only_what_is_theirs(
    world: World, route: tuple[str, str], who: str
) -> None:
    method, path = route
    rule, body = ROUTES[route]
    if rule == "log":
        care_link(world.people.partner_b, world.consented_clinician, sessions=True)
    response = Api(token_for(persona(world, who))).call(method, fill(path, world), body)
    if who in ALLOWED[rule]:
        assert response.status_code not in (401, 403, 404), response.content
        assert response.status_code < 500
    else:
        assert response.status_code == 404, response.content
        assert response.json() == error_body(404)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_without_a_key_every_route_answers_401_in_json(
    world: World, route: tuple[str, str]
) -> None:
    method, path = route
    response = Api(None).call(method, fill(path, world), ROUTES[route][1])
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_a_key_without_the_needed_permission_gets_403(world: World, route: tuple[str, str]) -> None:
    method, path = route
    needed = scope_for(method, path)
    others = tuple(s for s in ("read", "write", "export") if s != needed)
    response = Api(token_for(world.people.partner_a, others)).call(
        method, fill(path, world), ROUTES[route][1]
    )
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
