"""The wishes list: only items both marked yes or maybe show; a "no" is never revealed, not
even by inference: a partner's "no" looks exactly like "not answered yet"."""

from __future__ import annotations

import re

from django.test import Client

from hearth.checkins import access
from hearth.checkins.models import Wish
from hearth.couples.access import household
from tests.conftest import ClientFor, Personas, Response

URL = "/checkins/wishes/"


def matches(client: Client) -> list[str]:
    body = client.get(URL).content.decode()
    section = body.split('id="matches-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<li>([^<]+)</li>", section)


def mark(client: Client, **choices: str) -> Response:
    return client.post(URL, choices)


def test_items_both_marked_yes_or_maybe_are_shown_to_both(
    personas: Personas, client_for: ClientFor
) -> None:
    a, b = client_for(personas.partner_a), client_for(personas.partner_b)
    mark(a, hold_hands="yes", back_massage="maybe", slow_dance="yes")
    mark(b, hold_hands="maybe", back_massage="maybe", slow_dance="no")
    assert matches(a) == matches(b) == ["Holding hands", "A back massage"]


def page_without_token(client: Client) -> str:
    body = client.get(URL).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_a_no_looks_exactly_like_no_answer(personas: Personas, client_for: ClientFor) -> None:
    a, b = client_for(personas.partner_a), client_for(personas.partner_b)
    mark(a, hold_hands="yes", shared_bath="yes")
    a.get(URL)  # shows, and so clears, A's own "saved" message
    mark(b, hold_hands="yes")
    before = page_without_token(a)
    mark(b, hold_hands="yes", shared_bath="no")
    assert page_without_token(a) == before
    assert matches(a) == ["Holding hands"]


def test_the_answer_to_no_is_the_same_through_the_access_function(
    personas: Personas, client_for: ClientFor
) -> None:
    mark(client_for(personas.partner_a), hold_hands="yes")
    mark(client_for(personas.partner_b), hold_hands="no")
    home = household(personas.partner_a)
    assert home.is_couple and access.wish_matches(home) == []
    assert access.my_wishes(home) == {"hold_hands": "yes"}


def test_a_person_sees_their_own_choices_and_can_clear_them(
    personas: Personas, client_for: ClientFor
) -> None:
    a = client_for(personas.partner_a)
    mark(a, hold_hands="no")
    assert re.search(r'<option value="no" selected>', a.get(URL).content.decode())
    mark(a, hold_hands="")
    assert not Wish.objects.exists()


def test_a_made_up_choice_changes_nothing(personas: Personas, client_for: ClientFor) -> None:
    a = client_for(personas.partner_a)
    mark(a, hold_hands="yes")
    response = mark(a, hold_hands="always", cuddle="yes")
    assert response.status_code == 400
    assert "Please choose yes, maybe or no." in response.content.decode()
    assert list(Wish.objects.values_list("item_id", "choice")) == [("hold_hands", "yes")]


def test_another_couple_sees_none_of_it(personas: Personas, client_for: ClientFor) -> None:
    mark(client_for(personas.partner_a), hold_hands="yes")
    mark(client_for(personas.partner_b), hold_hands="yes")
    mark(client_for(personas.other_a), hold_hands="yes")
    assert matches(client_for(personas.other_a)) == []
    assert matches(client_for(personas.other_b)) == []
