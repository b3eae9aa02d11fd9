"""The comfort map and the touch lists over the API: the same rules and the same privacy as
the pages (a person's own map only; lists name "you" and "partner" and open areas only)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hearth.program import actions
from hearth.program.content import AREAS
from hearth.program.state import situation
from tests.api.conftest import ApiFor
from tests.conftest import Personas
from tests.program.helpers import give_intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def couple(personas: Personas, api_for: ApiFor) -> Any:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    actions.ensure_program(situation(personas.partner_a))
    return personas


def everything(mark: str = "welcome") -> dict[str, dict[str, str]]:
    return {d: dict.fromkeys(AREAS, mark) for d in ("receive", "give")}


def test_a_person_reads_and_changes_only_their_own_map(couple: Any, api_for: ApiFor) -> None:
    ada, ben = api_for(couple.partner_a), api_for(couple.partner_b)
    saved = ada.put("/program/comfort-map", {"receive": {"hands": "no", "feet": "not_yet"}})
    assert saved.status_code == 200
    body = saved.json()
    assert body["receive"]["hands"] == "no" and body["receive"]["feet"] == "not_yet"
    assert body["receive"]["arms"] == "welcome" and body["new_areas_chosen"] is False
    assert ben.get("/program/comfort-map").json()["receive"]["hands"] == "welcome"


@pytest.mark.parametrize(
    "payload",
    [{"receive": {"elbows": "welcome"}}, {"give": {"hands": "maybe"}}, {"receive": ["hands"]}],
)
def test_a_map_with_an_unknown_area_or_mark_is_refused_and_changes_nothing(
    couple: Any, api_for: ApiFor, payload: dict[str, Any]
) -> None:
    ada = api_for(couple.partner_a)
    before = ada.get("/program/comfort-map").json()
    response = ada.put("/program/comfort-map", payload)
    assert response.status_code == 422
    assert ada.get("/program/comfort-map").json() == before


def test_the_new_areas_choice_takes_only_chest_and_genitals(couple: Any, api_for: ApiFor) -> None:
    ada = api_for(couple.partner_a)
    assert (
        ada.post("/program/comfort-map/new-areas", {"receive": {"hands": "no"}}).status_code == 422
    )
    chosen = ada.post("/program/comfort-map/new-areas", {"receive": {"chest": "welcome"}})
    assert chosen.status_code == 200 and chosen.json()["new_areas_chosen"] is True


def started_session(couple: Any, api_for: ApiFor) -> int:
    a, b = couple.partner_a, couple.partner_b
    session = actions.propose_session(a, timezone.now() + timedelta(minutes=5), "whole-body-touch")
    actions.answer_session(b, session.pk, accept=True)
    for person in (a, b):
        actions.record_readiness(person, session.pk, "ready")
    return session.pk


def test_session_lists_over_the_api_follow_both_maps_and_reveal_no_marks(
    couple: Any, api_for: ApiFor
) -> None:
    actions.save_comfort_map(couple.partner_a, {**everything(), "receive": {"legs": "no"}})
    ben_marks = everything()
    ben_marks["give"]["head"] = "not_yet"
    actions.save_comfort_map(couple.partner_b, ben_marks)
    sid = started_session(couple, api_for)
    ben = api_for(couple.partner_b)
    refused = ben.post(f"/program/sessions/{sid}/start", {})
    assert refused.status_code == 409 and "stop word" in refused.json()["message"]
    body = ben.post(
        f"/program/sessions/{sid}/start", {"stop_signal_agreed": True, "first_giver": "me"}
    ).json()
    assert body["status"] == "running" and body["first_giver"] == "you"
    first, second = body["touch_lists"]
    assert (first["turn"], first["giver"], first["receiver"], first["current"]) == (
        1,
        "you",
        "partner",
        True,
    )
    assert "legs" not in first["areas"] and "head" not in first["areas"]
    assert "hands" in first["areas"] and "chest" not in first["areas"]
    assert (second["giver"], second["receiver"]) == ("partner", "you")
    assert "legs" in second["areas"]  # Ada's "no" is about being touched, not touching
    raw = json.dumps(body)
    assert "not_yet" not in raw and '"no"' not in raw
    ada_view = api_for(couple.partner_a).get(f"/program/sessions/{sid}").json()
    assert ada_view["first_giver"] == "partner"
    assert ada_view["touch_lists"][0]["areas"] == first["areas"]


def test_the_pause_belongs_to_whoever_pressed_it_over_the_api(couple: Any, api_for: ApiFor) -> None:
    sid = started_session(couple, api_for)
    ada, ben = api_for(couple.partner_a), api_for(couple.partner_b)
    ada.post(f"/program/sessions/{sid}/start", {"stop_signal_agreed": True})
    paused = ben.post(f"/program/sessions/{sid}/pause").json()
    assert paused["paused_by_you"] is True and paused["can_go_on"] is True
    seen = ada.get(f"/program/sessions/{sid}").json()
    assert seen["paused_by_you"] is False and seen["can_go_on"] is False
    refused = ada.post(f"/program/sessions/{sid}/resume")
    assert refused.status_code == 409 and "Your partner paused." in refused.json()["message"]
    assert ben.post(f"/program/sessions/{sid}/resume").json()["status"] == "running"


def test_not_sure_over_the_api_waits_for_a_choice(couple: Any, api_for: ApiFor) -> None:
    a, b = couple.partner_a, couple.partner_b
    session = actions.propose_session(a, timezone.now() + timedelta(minutes=5), "whole-body-touch")
    actions.answer_session(b, session.pk, accept=True)
    ada, ben = api_for(a), api_for(b)
    ada.post(f"/program/sessions/{session.pk}/readiness", {"answer": "ready"})
    body = ben.post(f"/program/sessions/{session.pk}/readiness", {"answer": "not_sure"}).json()
    assert body["not_sure_choices"] == ["settle", "switch", "call_off"]
    assert {o["id"] for o in body["switch_options"]} >= {"holding-hands"}
    assert ada.get(f"/program/sessions/{session.pk}").json()["not_sure_choices"] == []
    assert ada.get(f"/program/sessions/{session.pk}").json()["everyone_checked_in"] is False
    switched = ben.post(
        f"/program/sessions/{session.pk}/not-sure",
        {"choice": "switch", "exercise_id": "holding-hands"},
    ).json()
    assert switched["exercise"] == "holding-hands" and switched["everyone_checked_in"] is True


def test_an_exercise_over_the_api_shows_its_lists_and_an_unknown_one_is_404(
    couple: Any, api_for: ApiFor
) -> None:
    actions.save_comfort_map(couple.partner_a, everything())
    actions.save_comfort_map(couple.partner_b, everything())
    ada = api_for(couple.partner_a)
    body = ada.get("/program/exercises/whole-body-touch").json()
    assert body["in_plan"] is True and len(body["touch_lists"]) == 2
    assert all(lst["turn"] is None for lst in body["touch_lists"])
    assert ada.get("/program/exercises/no-such-thing").status_code == 404


def test_a_change_toward_no_over_the_api_reaches_a_running_session_at_once(
    couple: Any, api_for: ApiFor
) -> None:
    """Ada closes her arms mid-session over the API: Ben's list loses them at once. The feet
    she opens at the same time wait for the next session, as on the pages."""
    feet_closed = everything()
    feet_closed["receive"]["feet"] = "not_yet"
    actions.save_comfort_map(couple.partner_a, feet_closed)
    actions.save_comfort_map(couple.partner_b, everything())
    sid = started_session(couple, api_for)
    ada, ben = api_for(couple.partner_a), api_for(couple.partner_b)
    ben.post(f"/program/sessions/{sid}/start", {"stop_signal_agreed": True, "first_giver": "me"})

    def ben_touches_ada() -> list[str]:
        lists = ben.get(f"/program/sessions/{sid}").json()["touch_lists"]
        return next(t["areas"] for t in lists if t["giver"] == "you")

    assert "arms" in ben_touches_ada() and "feet" not in ben_touches_ada()
    saved = ada.put("/program/comfort-map", {"receive": {"arms": "no", "feet": "welcome"}})
    assert saved.status_code == 200
    now = ben_touches_ada()
    assert "arms" not in now and "feet" not in now and "hands" in now
