"""While the couple part is paused, talk prompts and the wishes list treat each person's
answers as not given yet: the other learns nothing new, and nothing nudges either of them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from hearth.checkins import access, providers
from hearth.checkins.models import Wish
from hearth.couples.access import household
from hearth.program.models import Program, Session
from hearth.safety import actions
from hearth.safety.models import RiskEvent, Screening
from tests.api.conftest import Api, token_for
from tests.conftest import ClientFor, Personas

PROMPT = "/checkins/talk/good_moment/"
PAUSED = "The couple part of the program is paused for now."
HOLD = "Until it ends, neither of you sees anything new here."
POSITIVE = {"humiliated": "no", "afraid": "yes", "raped": "no", "kicked": "no"}


def both_answer(personas: Personas, client_for: ClientFor) -> None:
    client_for(personas.partner_a).post(PROMPT, {"text": "The walk by the river"})
    client_for(personas.partner_b).post(PROMPT, {"text": "Cooking on Friday"})


def both_wish(personas: Personas) -> None:
    for user in (personas.partner_a, personas.partner_b):
        Wish.objects.create(user=user, couple=personas.couple, item_id="hold_hands", choice="yes")


def test_a_pause_hides_even_answers_already_shown_and_says_why_in_neutral_words(
    personas: Personas, client_for: ClientFor
) -> None:
    both_answer(personas, client_for)
    actions.record_screening(personas.partner_b, POSITIVE)
    ada = client_for(personas.partner_a)
    body = ada.get(PROMPT).content.decode()
    assert "Cooking on Friday" not in body
    assert f"{PAUSED} {HOLD}" in body
    listing = ada.get("/checkins/talk/").content.decode()
    assert f"{PAUSED} {HOLD}" in listing
    assert "Ben answered" not in listing and "Read the answers" not in listing
    # Ben, who paused it, sees the same: nothing of Ada's.
    assert (
        "The walk by the river" not in client_for(personas.partner_b).get(PROMPT).content.decode()
    )


def test_answers_given_during_the_pause_stay_unseen_until_it_ends(
    personas: Personas, client_for: ClientFor
) -> None:
    actions.record_screening(personas.partner_b, POSITIVE)
    client_for(personas.partner_b).post(PROMPT, {"text": "Cooking on Friday"})
    client_for(personas.partner_a).post(PROMPT, {"text": "The walk by the river"})
    assert "Cooking on Friday" not in client_for(personas.partner_a).get(PROMPT).content.decode()
    RiskEvent.objects.update(resolved_at=timezone.now())
    assert "Cooking on Friday" in client_for(personas.partner_a).get(PROMPT).content.decode()


def test_the_wishes_list_shows_no_matches_while_paused(
    personas: Personas, client_for: ClientFor
) -> None:
    both_wish(personas)
    assert (
        "Holding hands" in client_for(personas.partner_a).get("/checkins/wishes/").content.decode()
    )
    actions.record_screening(personas.partner_b, POSITIVE)
    home = household(personas.partner_a)
    assert home.is_couple and access.wish_matches(home) == []
    body = client_for(personas.partner_a).get("/checkins/wishes/").content.decode()
    assert f"{PAUSED} {HOLD}" in body


def test_a_safety_pause_and_a_check_that_is_due_look_exactly_the_same_to_the_partner(
    personas: Personas, client_for: ClientFor
) -> None:
    """Ada's partner paused for safety; Cleo's partner simply has a check due. Their pages
    read the same, so the words do not say which it is."""
    both_answer(personas, client_for)
    client_for(personas.other_a).post(PROMPT, {"text": "The walk by the river"})
    client_for(personas.other_b).post(PROMPT, {"text": "Cooking on Friday"})
    actions.record_screening(personas.partner_b, POSITIVE)
    Screening.objects.filter(user=personas.other_b).delete()  # Dev's check is due
    for path in ("/checkins/talk/", PROMPT, "/checkins/wishes/"):
        ada = client_for(personas.partner_a).get(path).content.decode()
        cleo = client_for(personas.other_a).get(path).content.decode()
        assert _without_names(ada) == _without_names(cleo), path


def _without_names(body: str) -> str:
    import re

    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    for name in ("Ada", "Ben", "Cleo", "Dev"):
        body = body.replace(name, "NAME")
    return body


def test_the_api_shows_the_same_as_the_pages(personas: Personas, client_for: ClientFor) -> None:
    """Over the API too, the partner's answers count as not given while it is paused, and
    they come back when it ends."""
    both_answer(personas, client_for)
    both_wish(personas)
    ada = Api(token_for(personas.partner_a))

    def good_moment() -> dict[str, Any]:
        return next(p for p in ada.get("/talk").json() if p["id"] == "good_moment")

    assert good_moment()["partner_answer"] == "Cooking on Friday"
    assert [m["id"] for m in ada.get("/wishes").json()["matches"]] == ["hold_hands"]
    actions.record_screening(personas.partner_b, POSITIVE)
    paused = good_moment()
    assert paused["my_answer"] == "The walk by the river"
    assert paused["partner_answer"] is None and paused["partner_answered"] is False
    assert ada.get("/wishes").json()["matches"] == []
    assert "Cooking on Friday" not in ada.get("/talk").content.decode()
    RiskEvent.objects.update(resolved_at=timezone.now())
    assert good_moment()["partner_answer"] == "Cooking on Friday"


def test_no_reminder_or_calendar_entry_nudges_either_partner_towards_a_session(
    personas: Personas,
) -> None:
    program = Program.objects.create(
        couple=personas.couple, stage="couple-0", stage_since=date.today()
    )
    Session.objects.create(
        program=program,
        planned_for=timezone.now(),
        stage="couple-0",
        exercise="hands",
        turn_minutes=10,
        turns=2,
        status=Session.Status.SCHEDULED,
    )
    today = timezone.localdate()
    assert "session" in providers.reminder_items(personas.partner_a, today)
    actions.record_screening(personas.partner_b, POSITIVE)
    for person in (personas.partner_a, personas.partner_b):
        assert "session" not in providers.reminder_items(person, today)
        assert providers.calendar_items(person) == []
