"""Every page that shows help takes it from one function, so an operator's own list (their
HEARTH_RESOURCES_DIR) shows on all of them: the PHQ-9 result, the check-in, the relationship
check, "Your safety", the safety plan and the public help page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

from hearth.measures.models import Administration
from hearth.safety.models import HelpRegion
from hearth.safety.resources import load_file
from tests.conftest import ClientFor, Personas
from tests.measures.web import PHQ9_RISK, take
from tests.safety.test_screen_page import AFRAID as POSITIVE

OPERATOR = Path(__file__).parent / "operator"
OURS = ("Riverside Safe Homes", "Riverside Crisis Line", 'href="tel:+15555550100"')
SHIPPED = ("988 Suicide", "National Domestic Violence Hotline")


@pytest.fixture
def operator_folder() -> Any:
    with override_settings(REGION="us", RESOURCES_DIR=str(OPERATOR)):
        yield


def shows_operator_list(body: str) -> bool:
    return all(text in body for text in OURS) and not any(text in body for text in SHIPPED)


@pytest.mark.usefixtures("operator_folder")
def test_phq9_item_9_shows_the_operator_s_entries_crisis_line_first(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    take(client, PHQ9_RISK)
    sitting = Administration.objects.get(user=personas.partner_a, instrument_id="phq9")
    body = client.get(f"/questionnaires/sitting/{sitting.pk}/result/").content.decode()
    assert shows_operator_list(body)
    assert body.index("Riverside Crisis Line") < body.index("Riverside Safe Homes")


@pytest.mark.usefixtures("operator_folder")
def test_an_unsafe_check_in_shows_the_operator_s_abuse_help_first(
    personas: Personas, client_for: ClientFor
) -> None:
    body = (
        client_for(personas.partner_a)
        .post("/checkins/", {"danger_from_someone": "on"})
        .content.decode()
    )
    assert shows_operator_list(body)
    assert body.index("Riverside Safe Homes") < body.index("Riverside Crisis Line")


@pytest.mark.usefixtures("operator_folder")
def test_a_positive_relationship_check_shows_the_operator_s_entries(
    personas: Personas, client_for: ClientFor
) -> None:
    body = client_for(personas.partner_a).post("/support/check/", POSITIVE).content.decode()
    assert shows_operator_list(body)


@pytest.mark.usefixtures("operator_folder")
@pytest.mark.parametrize("path", ["/support/", "/support/plan/print/"])
def test_the_support_pages_show_the_operator_s_entries(
    personas: Personas, client_for: ClientFor, path: str
) -> None:
    assert shows_operator_list(client_for(personas.partner_a).get(path).content.decode())


@pytest.mark.django_db
@pytest.mark.usefixtures("operator_folder")
def test_the_public_help_page_shows_the_operator_s_entries(client: Client) -> None:
    assert shows_operator_list(client.get("/support/help/").content.decode())


@pytest.mark.usefixtures("operator_folder")
def test_a_person_s_own_country_wins_over_the_operator_s_region(
    personas: Personas, client_for: ClientFor
) -> None:
    HelpRegion.objects.create(user=personas.partner_a, region="gb")
    mine = client_for(personas.partner_a).get("/support/").content.decode()
    assert "Samaritans" in mine and "Riverside" not in mine
    theirs = client_for(personas.partner_b).get("/support/").content.decode()
    assert shows_operator_list(theirs)


def shown_entries(body: str) -> set[tuple[str, tuple[str, ...]]]:
    """Each service a page lists, with the call and text links under it."""
    found = set()
    for item in body.split('<li class="resource resource-')[1:]:
        name = re.search(r'class="resource-name">([^<]+)<', item)
        assert name, item
        found.add((name.group(1), tuple(re.findall(r'href="((?:tel|sms):[^"]+)"', item))))
    return found


@pytest.mark.usefixtures("operator_folder")
def test_the_four_pages_that_answer_a_risk_show_the_same_operator_entries(
    personas: Personas, client_for: ClientFor
) -> None:
    """The PHQ-9 result, the check-in, the relationship check and /support/help/ list the
    same services with the same links: exactly the operator's file, whatever the order."""
    operator = load_file(OPERATOR / "us.toml")
    expected = {(e.name, tuple(u for u in (e.tel_url, e.sms_url) if u)) for e in operator.entries}
    client = client_for(personas.partner_a)
    take(client, PHQ9_RISK)
    sitting = Administration.objects.get(user=personas.partner_a, instrument_id="phq9")
    pages = {
        "phq9": client.get(f"/questionnaires/sitting/{sitting.pk}/result/"),
        "check-in": client.post("/checkins/", {"danger_from_someone": "on"}),
        "relationship check": client_for(personas.partner_b).post("/support/check/", POSITIVE),
        "help": Client().get("/support/help/"),
    }
    for name, response in pages.items():
        assert shown_entries(response.content.decode()) == expected, name
