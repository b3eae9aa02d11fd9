"""Every check-in page: a visitor is sent to sign in, and a person alone gets a friendly page
rather than an error. (A clinician's 404 on each of them: tests/test_access_matrix.py.)"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import ClientFor, Personas

PAGES = [
    "/checkins/",
    "/checkins/insights/",
    "/checkins/insights/couple/",
    "/checkins/talk/",
    "/checkins/talk/good_moment/",
    "/checkins/wishes/",
    "/checkins/reminders/",
]
POSTS = ["/checkins/insights/sharing/", "/checkins/calendar/new/", "/checkins/calendar/off/"]


@pytest.mark.parametrize("path", PAGES + POSTS)
def test_a_visitor_is_sent_to_sign_in(personas: Personas, client: Client, path: str) -> None:
    response = client.post(path) if path in POSTS else client.get(path)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_for_a_partner_and_a_person_alone(
    personas: Personas, client_for: ClientFor, path: str
) -> None:
    for person in (personas.partner_a, personas.solo):
        assert client_for(person).get(path).status_code == 200


@pytest.mark.parametrize("path", POSTS)
def test_changes_need_a_post(personas: Personas, client_for: ClientFor, path: str) -> None:
    assert client_for(personas.partner_a).get(path).status_code == 405
