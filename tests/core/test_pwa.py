"""The installable web app keeps nothing private on the device."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.conftest import ClientFor, Personas, present


@pytest.mark.django_db
def test_the_manifest_names_the_app_and_its_icons_exist(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    body = response.json()
    assert body["name"] == "Hearth" and body["display"] == "standalone"
    for icon in body["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))


@pytest.mark.django_db
def test_the_discreet_manifest_hides_the_real_name(client: Client) -> None:
    body = client.get("/manifest.webmanifest?discreet=1").json()
    assert body["name"] == body["short_name"] == "Notes"
    assert all("neutral" in icon["src"] for icon in body["icons"])
    assert "Hearth" not in json.dumps(body)


@pytest.mark.django_db
def test_the_service_worker_caches_only_the_static_shell(client: Client) -> None:
    response = client.get("/sw.js")
    assert response["Content-Type"] == "application/javascript"
    script = response.content.decode()
    shell = json.loads(present(re.search(r"const SHELL = (\[.*?\]);", script)).group(1))
    assert shell and all(p.startswith("/static/") or p == "/offline/" for p in shell)
    assert "__SHELL__" not in script


@pytest.mark.django_db
def test_the_offline_page_is_plain(client: Client) -> None:
    body = client.get("/offline/").content.decode()
    assert "You are offline" in body and "quick-exit" not in body


def test_a_device_can_choose_the_neutral_name(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    client.post("/home-screen/", {"discreet": "on"})
    body = client.get("/").content.decode()
    assert "<title>Home · Notes</title>" in body
    assert "/manifest.webmanifest?discreet=1" in body
    assert "Hearth" not in body
    client.post("/home-screen/", {})
    assert "Hearth" in client.get("/").content.decode()
