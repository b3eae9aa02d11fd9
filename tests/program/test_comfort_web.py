"""The comfort map page: private, encrypted, the same choices with or without JavaScript."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection

from hearth.core.models import AuditEvent
from hearth.program import maps
from hearth.program.content import AREAS
from hearth.program.export import collect, erase
from hearth.program.models import ComfortMap
from tests.conftest import ClientFor, Personas
from tests.program.helpers import give_intake, url

pytestmark = pytest.mark.django_db


def full_map(default: str = "welcome", **marks: str) -> dict[str, str]:
    """Form data for every area and direction; ``marks`` as ``receive_hands="no"``."""
    data = {f"{d}-{a}": default for d in ("receive", "give") for a in AREAS}
    data |= {k.replace("_", "-", 1): v for k, v in marks.items()}
    return data


def checked(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="(\w+)"[^>]*checked', page)
    assert found, name
    return found.group(1)


def test_a_person_saves_their_map_and_it_is_encrypted_at_rest(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    client = client_for(personas.partner_a)
    response = client.post(url("comfort"), full_map(receive_hands="no", give_back="not_yet"))
    assert response.status_code == 302
    page = client.get(url("comfort")).content.decode()
    assert checked(page, "receive-hands") == "no"
    assert checked(page, "give-back") == "not_yet"
    assert checked(page, "receive-feet") == "welcome"
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM program_comfortmap")
        raw = str(cursor.fetchone()[0])
    assert "hands" not in raw and "welcome" not in raw and "not_yet" not in raw
    own = maps.own_map(personas.partner_a)
    assert own.receive["hands"] == "no" and own.give["back"] == "not_yet"


def test_the_outline_links_every_area_to_its_choices_with_a_label(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    client = client_for(personas.partner_a)
    client.post(url("comfort"), full_map(receive_hands="no"))
    page = client.get(url("comfort")).content.decode()
    for direction in ("receive", "give"):
        for area in AREAS:
            link = re.search(rf'<a href="#mark-{direction}-{area}" class="region mark-(\w+)"', page)
            assert link, (direction, area)
            assert f'id="mark-{direction}-{area}"' in page
    assert 'class="region mark-no" data-area="hands" data-direction="receive"' in page
    assert 'aria-label="Hands, Being touched: No"' in page
    assert "<text " in page and ">Hands</text>" in page
    assert "style=" not in page and "<script>" not in page


def test_a_gentle_plan_starts_every_area_at_not_yet_for_both_partners(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_a, concerns={"trauma_history"})
    give_intake(personas.partner_b)
    for person in (personas.partner_a, personas.partner_b):
        page = client_for(person).get(url("comfort")).content.decode()
        assert {checked(page, f"{d}-{a}") for d in ("receive", "give") for a in AREAS} == {
            "not_yet"
        }
        assert "Every place starts as not yet." in page
        # The page says nothing about why: the partner cannot tell whose answers did it.
        assert "trauma" not in page.lower() and "past hurt" not in page.lower()


def test_outside_a_gentle_plan_the_map_starts_from_the_persons_own_answers(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_a, off_limit_areas={"feet"})
    give_intake(personas.partner_b)
    page = client_for(personas.partner_a).get(url("comfort")).content.decode()
    assert checked(page, "receive-feet") == "no"
    assert checked(page, "receive-hands") == "welcome"
    assert checked(page, "receive-chest") == checked(page, "give-genitals") == "not_yet"
    partner = client_for(personas.partner_b).get(url("comfort")).content.decode()
    assert checked(partner, "receive-feet") == "welcome"  # A's answers shape only A's map


def test_alone_the_map_asks_only_about_touch_on_ones_own_body(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.solo)
    page = client_for(personas.solo).get(url("comfort")).content.decode()
    assert "Touch on your own body" in page
    assert "Touching your partner" not in page and 'name="give-hands"' not in page
    data = {f"receive-{a}": "welcome" for a in AREAS}
    assert client_for(personas.solo).post(url("comfort"), data).status_code == 302


@pytest.mark.parametrize(
    "change",
    [
        {"receive-hands": None},  # a place left without a choice
        {"receive-hands": "maybe"},  # a choice that does not exist
    ],
)
def test_a_map_with_a_missing_or_unknown_choice_is_refused_and_nothing_is_saved(
    personas: Personas, client_for: ClientFor, change: dict[str, str | None]
) -> None:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    data = {k: v for k, v in {**full_map(), **change}.items() if v is not None}
    response = client_for(personas.partner_a).post(url("comfort"), data)
    assert response.status_code == 400
    assert "Please choose welcome, not yet or no" in response.content.decode()
    assert not ComfortMap.objects.exists()


def test_saving_writes_an_audit_row_without_any_mark(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    client_for(personas.partner_a).post(url("comfort"), full_map(receive_hands="no"))
    event = AuditEvent.objects.get(kind="program.comfort_map_saved")
    assert "hands" not in json.dumps(event.detail) and "no" not in event.detail.values()


def test_new_areas_stay_out_until_the_person_chooses_on_purpose(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    client = client_for(personas.partner_a)
    client.post(url("comfort"), full_map())  # the whole map says welcome, chest included
    mine = maps.own_map(personas.partner_a)
    assert mine.receive["chest"] == "welcome" and "chest" not in mine.welcome("receive")
    page = client.get(url("new_areas")).content.decode()
    assert 'name="receive-chest"' in page and 'name="give-genitals"' in page
    assert 'name="receive-hands"' not in page
    data = {
        "receive-chest": "welcome",
        "give-chest": "welcome",
        "receive-genitals": "not_yet",
        "give-genitals": "no",
    }
    assert client.post(url("new_areas"), data).status_code == 302
    mine = maps.own_map(personas.partner_a)
    assert mine.new_areas_chosen and "chest" in mine.welcome("receive")
    assert "genitals" not in mine.welcome("receive") | mine.welcome("give")


def test_a_saved_map_goes_back_to_the_program_page_it_came_from(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    client = client_for(personas.partner_a)
    back = client.post(url("comfort"), {**full_map(), "next": "/program/sessions/"})
    assert back["Location"] == "/program/sessions/"
    away = client.post(url("comfort"), {**full_map(), "next": "https://example.test/"})
    assert away["Location"] == url("comfort")


def test_the_map_is_in_the_persons_export_and_goes_with_their_account(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    client_for(personas.partner_a).post(url("comfort"), full_map(receive_feet="no"))
    assert collect(personas.partner_a)["comfort_map"]["receive"]["feet"] == "no"
    assert collect(personas.partner_b)["comfort_map"] is None
    erase(personas.partner_a)
    assert not ComfortMap.objects.filter(user=personas.partner_a).exists()
