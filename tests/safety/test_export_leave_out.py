"""The export page lets a person leave their safety answers out of the file; what is left then
reads the same whatever they answered."""

from __future__ import annotations

import json
import re
from typing import Any

from django.test import Client
from django.utils import timezone

from hearth.checkins import actions as checkin_actions
from hearth.safety import actions
from tests.conftest import PASSWORD, ClientFor, Personas
from tests.measures.web import PHQ9_LOW, PHQ9_RISK, take

YES = {"humiliated": "no", "afraid": "yes", "raped": "no", "kicked": "no"}
CLEAR = {"humiliated": "no", "afraid": "no", "raped": "no", "kicked": "no"}


def confirmed(client: Client) -> Client:
    client.post("/account/confirm/", {"password": PASSWORD})
    return client


def export(client: Client, leave_out: bool) -> dict[str, Any]:
    data = {"leave_out_safety": "yes"} if leave_out else {}
    response = client.post("/account/my-data/json/", data)
    assert response.status_code == 200
    return dict(json.loads(response.content))


def live_a_hard_week(user: Any, client: Client, answers: dict[str, str], risk: bool) -> None:
    actions.record_screening(user, answers)
    actions.save_plan(user, {"people_to_ask": "Ruth"} if risk else {})
    safety = checkin_actions.Safety(danger_from_someone=risk, self_harm_thoughts=risk)
    checkin_actions.save_checkin(
        user, timezone.localdate(), checkin_actions.Values(mood=4), safety=safety
    )
    take(client, PHQ9_RISK if risk else PHQ9_LOW)


def test_the_page_offers_the_choice_and_says_what_it_means(
    personas: Personas, client_for: ClientFor
) -> None:
    body = confirmed(client_for(personas.partner_a)).get("/account/my-data/").content.decode()
    assert "Leave out my safety answers" in body
    assert "question 9 of the PHQ-9" in body and "not a full copy of your data" in body
    assert "cannot tell what you answered there" in body


def test_leaving_them_out_removes_every_safety_answer(
    personas: Personas, client_for: ClientFor
) -> None:
    client = confirmed(client_for(personas.partner_b))
    live_a_hard_week(personas.partner_b, client, YES, risk=True)
    full = export(client, leave_out=False)
    assert full["apps"]["safety"]["safety_checks"][-1]["result"] == "positive"
    assert full["apps"]["checkins"]["checkins"][0]["danger_from_someone"] is True
    lean = export(client, leave_out=True)
    assert "safety" not in lean["apps"] and lean["left_out"] == ["safety_answers"]
    checkin = lean["apps"]["checkins"]["checkins"][0]
    assert checkin["mood"] == 4 and "danger_from_someone" not in checkin
    assert "self_harm_thoughts" not in checkin and "feels_unsafe" not in checkin
    phq9 = next(a for a in lean["apps"]["measures"]["administrations"] if a["instrument"] == "phq9")
    assert "q9" not in phq9["answers"] and "q1" in phq9["answers"]
    assert "self_harm" not in phq9["flags"]
    assert not [row for row in lean["activity"] if row["kind"].startswith("safety.")]
    text = json.dumps(lean)
    for word in ("positive", "checkin_danger", "coercion", "Ruth", "self_harm"):
        assert word not in text


def _shape(data: dict[str, Any]) -> str:
    """The export with what differs between any two people blanked: ids, times, names."""
    data.pop("account", None)
    text = json.dumps(data, sort_keys=True)
    text = re.sub(r'"\d{4}-\d\d-\d\d[T ][^"]*"', '"TIME"', text)
    text = re.sub(r'"\d{4}-\d\d-\d\d"', '"DAY"', text)
    text = re.sub(r'"user-\d+"', '"USER"', text)
    text = re.sub(r'("(?:id|couple|checkin|screening|administration)"): \d+', r"\1: 0", text)
    return text


def test_with_safety_left_out_a_hard_week_and_a_calm_one_read_the_same(
    personas: Personas, client_for: ClientFor
) -> None:
    ben = confirmed(client_for(personas.partner_b))
    dev = confirmed(client_for(personas.other_b))
    live_a_hard_week(personas.partner_b, ben, YES, risk=True)
    live_a_hard_week(personas.other_b, dev, CLEAR, risk=False)
    ben_file, dev_file = export(ben, leave_out=True), export(dev, leave_out=True)
    # The questionnaire answers differ (a PHQ-9 is not a safety answer) and so may its score:
    # compare everything but the sittings' answers and scores.
    for data in (ben_file, dev_file):
        for sitting in data["apps"]["measures"]["administrations"]:
            for key in ("answers", "total", "band", "derived", "flags"):
                sitting.pop(key, None)
    assert _shape(ben_file) == _shape(dev_file)


def test_the_api_export_can_leave_them_out_too(personas: Personas, client_for: ClientFor) -> None:
    """The same choice over the API (a key with the export permission): the same file."""
    from tests.api.conftest import Api, token_for

    client = confirmed(client_for(personas.partner_b))
    live_a_hard_week(personas.partner_b, client, YES, risk=True)
    api = Api(token_for(personas.partner_b))
    full = api.get("/me/export").json()
    assert full["apps"]["safety"]["safety_checks"][-1]["result"] == "positive"
    lean = api.get("/me/export?leave_out_safety=true").json()
    assert "safety" not in lean["apps"] and lean["left_out"] == ["safety_answers"]
    web = export(client, leave_out=True)
    assert sorted(lean["apps"]) == sorted(web["apps"])
    assert lean["apps"]["checkins"] == web["apps"]["checkins"]
