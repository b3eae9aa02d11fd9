"""The look of the pages: like the device (the default), or always light or always dark."""

from __future__ import annotations

import json
import re

from django.test import Client

from hearth.accounts.models import User
from tests.accounts.twostep import confirm_payload
from tests.conftest import PASSWORD, ClientFor, Personas

DARK_LINK = re.compile(
    r'<link rel="stylesheet" href="[^"]*/hearth/dark\.[^"]*css"( media="[^"]*")?>'
)


def dark_links(client: Client, path: str = "/account/") -> list[str]:
    """The media of each low-light style sheet the page links ('' for unconditional)."""
    return [m.group(1) or "" for m in DARK_LINK.finditer(client.get(path).content.decode())]


def test_pages_follow_the_device_until_the_person_chooses(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    assert dark_links(client) == [' media="(prefers-color-scheme: dark)"']
    assert dark_links(Client(), "/login/") == [' media="(prefers-color-scheme: dark)"']


def test_choosing_dark_makes_every_page_dark_for_that_person_only(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    response = client.post("/account/look/", {"theme": "dark"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert "Your pages now look the way you chose." in client.get("/account/").content.decode()
    for path in ["/account/", "/", "/checkins/", "/support/help/"]:
        assert dark_links(client, path) == [""], path
    partner = client_for(personas.partner_b)
    assert dark_links(partner) == [' media="(prefers-color-scheme: dark)"']


def test_choosing_light_keeps_pages_light_even_on_a_dark_device(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    client.post("/account/look/", {"theme": "light"})
    assert dark_links(client) == []
    page = client.get("/account/").content.decode()
    assert re.search(r'value="light"[^>]*checked', page)
    client.post("/account/look/", {"theme": "system"})
    assert dark_links(client) == [' media="(prefers-color-scheme: dark)"']


def test_a_choice_that_is_not_offered_is_refused_with_a_message_and_changes_nothing(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    client.post("/account/look/", {"theme": "dark"})
    for bad in [{"theme": "neon"}, {}, {"theme": "x" * 5000}]:
        response = client.post("/account/look/", bad)
        assert response.status_code == 400
        assert "Please choose one of the looks." in response.content.decode()
    personas.partner_a.refresh_from_db()
    assert personas.partner_a.theme == User.Theme.DARK


def test_the_look_needs_a_signed_in_person_and_a_post(
    client: Client, personas: Personas, client_for: ClientFor
) -> None:
    response = client.post("/account/look/", {"theme": "dark"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client_for(personas.partner_a).get("/account/look/").status_code == 405


def test_the_look_is_applied_without_inline_style_or_script(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    client.post("/account/look/", {"theme": "dark"})
    page = client.get("/account/").content.decode()
    assert " style=" not in page and "<style" not in page
    assert all(" src=" in tag for tag in re.findall(r"<script[^>]*>", page))


def test_the_look_is_in_the_persons_download(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    client.post("/account/look/", {"theme": "dark"})
    assert client.post("/account/confirm/", confirm_payload(personas.partner_a, PASSWORD))
    data = json.loads(client.post("/account/my-data/json/").content)
    assert data["account"]["theme"] == "dark"
