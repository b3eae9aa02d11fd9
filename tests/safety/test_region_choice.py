"""A person chooses the country whose help lines they see, on their account page."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.core.models import AuditEvent
from hearth.safety.models import HelpRegion
from tests.conftest import ClientFor, Personas

URL = "/support/country/"


def test_the_account_page_offers_every_shipped_country_and_the_usual_choice(
    personas: Personas, client_for: ClientFor
) -> None:
    body = client_for(personas.partner_a).get("/account/").content.decode()
    assert "Country for help lines" in body
    for name in ("United Kingdom", "Ireland", "Germany", "Austria", "Switzerland"):
        assert f">{name}</option>" in body
    assert "The usual choice here (United States)" in body


def test_choosing_a_country_changes_the_help_lines_that_person_sees(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    response = client.post(URL, {"region": "de"}, follow=True)
    assert "Saved. The help lines you see now fit that country." in response.content.decode()
    assert HelpRegion.objects.get(user=personas.partner_a).region == "de"
    body = client.get("/support/help/").content.decode()
    assert 'href="tel:116016"' in body and "988" not in body
    assert "selected>Germany</option>" in client.get("/account/").content.decode()
    # The partner's lines are their own business.
    assert "988" in client_for(personas.partner_b).get("/support/help/").content.decode()
    event = AuditEvent.objects.filter(subject=personas.partner_a).latest("pk")
    assert event.kind == "safety.region_set"


def test_the_usual_choice_goes_back_to_the_operator_s_region(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    client.post(URL, {"region": "gb"})
    client.post(URL, {"region": ""})
    assert not HelpRegion.objects.filter(user=personas.partner_a).exists()
    assert "988" in client.get("/support/help/").content.decode()


@pytest.mark.parametrize("region", ["zz", "../us", "default", "x" * 500, "<b>"])
def test_a_country_that_is_not_in_the_list_is_refused_and_nothing_is_saved(
    personas: Personas, client_for: ClientFor, region: str
) -> None:
    response = client_for(personas.partner_a).post(URL, {"region": region}, follow=True)
    assert "Please choose a country from the list." in response.content.decode()
    assert not HelpRegion.objects.exists()


@pytest.mark.django_db
def test_someone_signed_out_cannot_choose(client: Client) -> None:
    assert client.post(URL, {"region": "gb"}).status_code == 302
    assert not HelpRegion.objects.exists()


def test_the_choice_is_in_the_person_s_export_and_erased_with_them(
    personas: Personas, client_for: ClientFor
) -> None:
    from hearth.core.registry import erasers, exporters

    client_for(personas.partner_a).post(URL, {"region": "ie"})
    assert dict(exporters())["safety"](personas.partner_a)["help_region"] == "ie"
    for erase in erasers():
        erase(personas.partner_a)
    assert not HelpRegion.objects.exists()
