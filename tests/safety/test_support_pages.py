"""The public crisis page, the "Your safety" page and the boxes other apps include."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from hearth.safety import access, actions
from hearth.safety.boxes import box_context, resource_dirs
from hearth.safety.models import RiskEvent
from hearth.safety.rules import CheckinSignal, CoercionSignal, QuestionnaireSignal
from tests.conftest import ClientFor, Personas

CRISIS = reverse("safety:crisis")
HOME = reverse("safety:home")
LIFT = reverse("safety:lift")
UNSAFE = CheckinSignal(day=date(2026, 11, 20), danger_from_someone=True)

OPERATOR_FILE = """
region = "us"
name = "Our clinic town"

[[entries]]
kind = "crisis"
name = "Riverside support line"
phone = "5550100"
phone_shown = "555 0100"
purpose = "Call to talk to someone."

[[entries]]
kind = "emergency"
name = "Emergency"
phone = "911"
purpose = "Call in danger."
"""


@pytest.mark.django_db
def test_the_crisis_page_opens_without_signing_in(client: Client) -> None:
    response = client.get(CRISIS)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="tel:988"' in body and 'href="tel:911"' in body
    assert 'href="tel:18007997233"' in body and 'href="sms:88788?body=START"' in body
    # A checked entry shows its day; one nobody could check says so.
    assert 'Last checked: <time datetime="2026-12-02">' in body
    assert "Not yet checked by us." in body
    assert "Nobody watches your answers as they come in." in body
    assert 'id="quick-exit"' in body


@pytest.mark.django_db
def test_the_crisis_page_follows_the_operator_region(client: Client) -> None:
    with override_settings(REGION="gb"):
        body = client.get(CRISIS).content.decode()
    assert "Samaritans" in body and 'href="tel:116123"' in body and "988" not in body
    assert 'href="tel:999"' in body and "press 55" in body


@pytest.mark.django_db
def test_an_unknown_region_gets_the_generic_list_without_any_number(client: Client) -> None:
    with override_settings(REGION="zz"):
        body = client.get(CRISIS).content.decode()
    assert "Your local emergency number" in body and "tel:" not in body
    assert "If you are in danger now, call your local emergency number." in body


@pytest.mark.django_db
def test_an_operator_folder_replaces_the_shipped_list(client: Client, tmp_path: Path) -> None:
    (tmp_path / "us.toml").write_text(OPERATOR_FILE)
    with override_settings(RESOURCES_DIR=str(tmp_path)):
        assert resource_dirs() == (tmp_path,)
        body = client.get(CRISIS).content.decode()
    assert "Riverside support line" in body and 'href="tel:5550100"' in body
    assert "988" not in body


def test_every_safety_page_is_for_members_only(personas: Personas, client_for: ClientFor) -> None:
    clinician = client_for(personas.clinician)
    for name in ["home", "screen", "plan", "plan_print"]:
        assert clinician.get(reverse(f"safety:{name}")).status_code == 404
    assert clinician.post(LIFT, {"confirm": "yes"}).status_code == 404
    assert clinician.get(CRISIS).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "screen", "plan", "plan_print"])
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, name: str) -> None:
    response = client.get(reverse(f"safety:{name}"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_an_anonymous_visitor_cannot_end_a_pause(client: Client) -> None:
    assert client.post(LIFT, {"confirm": "yes"}).status_code == 302


def age(user: Any, days: int) -> None:
    RiskEvent.objects.filter(user=user).update(created_at=timezone.now() - timedelta(days=days))


def test_the_support_page_says_only_what_is_needed_behind_one_more_tap(
    personas: Personas, client_for: ClientFor
) -> None:
    actions.respond(personas.partner_b, UNSAFE, source="checkin")
    body = client_for(personas.partner_b).get(HOME).content.decode()
    shown, folded = body.split('<details class="pause-details">', 1)
    assert "Exercises for two are off for now, at your request." in shown
    # The day it started, when it can end and what the partner sees: one tap further.
    assert "Off since" not in shown and "Off since" in folded
    assert "What Ada sees" in folded
    # Neutral words only, on the page anyone may glance at.
    for word in ("unsafe", "danger", "abuse", "risk", "pause for safety"):
        assert word not in shown.split('id="lines-heading"')[0].lower()
    for who in ["partner_a", "other_a"]:
        other = client_for(getattr(personas, who)).get(HOME).content.decode()
        assert "Nothing is off." in other and "Off since" not in other


def test_the_person_ends_their_pause_by_an_explicit_choice_after_seven_days(
    personas: Personas, client_for: ClientFor
) -> None:
    actions.respond(personas.partner_b, UNSAFE, source="checkin")
    client = client_for(personas.partner_b)
    assert "Turn them back on" not in client.get(HOME).content.decode()
    refused = client.post(LIFT, {"confirm": "yes"}, follow=True).content.decode()
    assert "You can turn them back on from" in refused
    age(personas.partner_b, 7)
    assert "Turn them back on" in client.get(HOME).content.decode()
    unticked = client.post(LIFT, {}, follow=True).content.decode()
    assert "Please tick the box to say this is your choice." in unticked
    assert not access.couple_exercises_allowed(personas.partner_a)
    client.post(LIFT, {"confirm": "yes"})
    assert access.couple_exercises_allowed(personas.partner_a)
    assert "Nothing is off." in client.get(HOME).content.decode()


def test_the_partner_cannot_end_someone_else_s_pause(
    personas: Personas, client_for: ClientFor
) -> None:
    actions.respond(personas.partner_b, UNSAFE, source="checkin")
    age(personas.partner_b, 30)
    response = client_for(personas.partner_a).post(LIFT, {"confirm": "yes"}, follow=True)
    assert "Nothing is paused." in response.content.decode()
    assert not access.couple_exercises_allowed(personas.partner_a)


@pytest.mark.parametrize("confirm", ["", "no", "<b>", "x" * 5000])
def test_anything_but_a_clear_yes_ends_nothing(
    personas: Personas, client_for: ClientFor, confirm: str
) -> None:
    actions.respond(personas.partner_b, CoercionSignal({"afraid": "yes"}), source="coercion")
    age(personas.partner_b, 30)
    client_for(personas.partner_b).post(LIFT, {"confirm": confirm})
    assert RiskEvent.objects.get().resolved_at is None


def test_the_crisis_box_shows_the_lines_and_the_plan_link_when_asked(
    personas: Personas,
) -> None:
    item9 = QuestionnaireSignal("phq9", {"q9": 2}, frozenset({"self_harm"}), 2)
    outcome = actions.respond(personas.partner_a, item9, source="questionnaire")
    html = render_to_string("safety/crisis_box.html", box_context(None, outcome))
    assert "Help is there right now" in html and 'href="tel:988"' in html
    assert 'href="/support/plan/"' in html
    # Crisis lines first after thoughts of self-harm; the emergency number last.
    assert html.index("988 Suicide") < html.index("National Domestic Violence Hotline")
    assert html.rindex("Emergency services") > html.index("RAINN")
    assert "Nobody watches your answers as they come in" in html
    assert 'If you are in danger now, call <a href="tel:911">911</a>.' in html


def test_the_support_box_is_gentle_and_folds_the_lines_away(personas: Personas) -> None:
    severe = QuestionnaireSignal("phq9", {"q9": 0}, frozenset(), 22)
    outcome = actions.respond(personas.partner_a, severe, source="questionnaire")
    assert outcome.offer_support_resources and not outcome.show_crisis_resources
    html = render_to_string("safety/support_box.html", box_context(None, outcome))
    assert "Support if you want it" in html and "<details>" in html
    assert "/support/plan/" not in html
