"""No access key hides or outlives a reset.

The scenario from the security test: someone with the password (or an unlocked session)
makes a one-year key that can download everything, then makes and turns off 100 decoys so
that the key drops off the keys page and its creation off the activity list. The owner
resets the password. The key must stop working, the keys page must have shown it first, and
the activity log must page back to the moment it was made. Also: a key that can download
everything is announced by a discreet email and on the home page until the owner says they
made it.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from hearth.accounts.models import User
from hearth.api import tokens
from hearth.api.models import ApiToken
from hearth.core.models import AuditEvent
from tests.accounts.test_sign_out_everywhere import confirmed, reset_password, signed_in
from tests.api.conftest import Api
from tests.conftest import ClientFor, Personas
from tests.i18n.catalogue import visible_text

DECOYS = 100


def make_key(client: Client, name: str, scopes: list[str], days: int = 365) -> str:
    response = client.post("/api/tokens/new/", {"name": name, "scopes": scopes, "days": days})
    assert response.status_code == 200, response.content[:500]
    return str(response.context["new_secret"])


def turn_off_newest(client: Client, user: User) -> None:
    newest = ApiToken.objects.filter(user=user).latest("created_at", "pk")
    assert client.post(f"/api/tokens/{newest.pk}/revoke/").status_code == 302


def working_section(page: str) -> str:
    return page.split('id="working-keys"', 1)[1].split("</ul>", 1)[0]


def activity_pages(client: Client) -> list[str]:
    """Every page of the activity log, following the "Older activity" links from the account
    page as a person would."""
    pages = [client.get("/account/").content.decode()]
    while match := re.search(r'<a href="([^"]+)">Older activity</a>', pages[-1]):
        url = match.group(1).replace("&amp;", "&")
        if url.startswith("?"):
            url = "/account/activity/" + url
        pages.append(client.get(url).content.decode())
        assert len(pages) < 50
    return pages


def test_a_hidden_one_year_export_key_is_listed_found_in_the_log_and_dies_with_a_reset(
    personas: Personas, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    ada = personas.partner_a
    intruder = confirmed(signed_in(ada))  # with the password, or an unlocked session
    with django_capture_on_commit_callbacks(execute=True):
        secret = make_key(intruder, "backup", ["read", "export"])
    assert Api(secret).get("/me/export").status_code == 200
    for n in range(DECOYS):
        make_key(intruder, f"decoy {n}", ["read"], days=7)
        turn_off_newest(intruder, ada)

    # The owner looks: the working key is listed first, ahead of all 100 turned-off ones.
    owner = signed_in(ada)
    page = owner.get("/api/tokens/").content.decode()
    listed = working_section(page)
    assert "backup" in listed and "decoy" not in listed
    assert page.index("backup") < page.index("decoy")
    assert "1 key works now." in visible_text(page)
    # The activity log pages back to the key's making, past the 200 decoy events.
    pages = activity_pages(owner)
    made = [i for i, p in enumerate(pages) if "An app access key was made" in p]
    assert len(pages) >= 5 and made
    first = AuditEvent.objects.filter(subject=ada, kind=tokens.CREATED).order_by("id").first()
    assert first is not None and first.detail["scopes"] == ["export", "read"]
    oldest_page = visible_text(pages[-1])
    assert "An app access key was made" in oldest_page and "Signed in" in oldest_page
    # The owner was told by email and on the home page.
    assert len(mail.outbox) == 1
    assert "Did you make this key?" in owner.get("/").content.decode()

    reset_password(ada)

    answer = Api(secret).get("/me/export")
    assert answer.status_code in (401, 403)
    assert answer.json()["code"] == "invalid_token"
    assert intruder.get("/account/").status_code == 302


def test_the_keys_page_lists_every_working_key_twenty_a_page_then_the_newest_ended(
    personas: Personas,
) -> None:
    ada = personas.partner_a
    working = [tokens.create_token(ada, f"live {n:02}", ["read"], 30).token for n in range(25)]
    for n in range(30):
        tokens.revoke_token(ada, tokens.create_token(ada, f"old {n:02}", ["read"], 30).token.pk)
    client = Client()
    client.force_login(ada)

    first = client.get("/api/tokens/")
    second = client.get("/api/tokens/?page=2")

    shown = [t.name for t in first.context["working"]] + [t.name for t in second.context["working"]]
    assert sorted(shown) == sorted(t.name for t in working)  # every one, none twice
    assert len(first.context["working"]) == 20
    assert "25 keys work now." in visible_text(first.content.decode())
    assert 'href="?page=2"' in first.content.decode()
    ended = [t.name for t in first.context["ended"]]
    assert ended == [f"old {n:02}" for n in range(29, 9, -1)]  # the newest 20, newest first


def test_a_key_that_can_download_everything_is_announced_by_a_discreet_email(
    personas: Personas,
    client_for: ClientFor,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = confirmed(client_for(personas.partner_a))
    with django_capture_on_commit_callbacks(execute=True):
        make_key(client, "read only", ["read"])
    assert mail.outbox == []  # only keys that can download everything
    with django_capture_on_commit_callbacks(execute=True):
        make_key(client, "sync", ["export"])
    [message] = mail.outbox
    assert message.to == ["partner_a@example.test"]
    assert message.from_email.startswith("Notifications <")
    text = (message.subject + " " + message.body).lower()
    for word in ["sex", "intima", "therap", "couple", "hearth", "depress", "partner", "health"]:
        assert word not in text
    assert "can download all of your data" in text and "sign out everywhere" in text


def test_the_home_page_shows_the_new_key_until_the_person_says_they_made_it(
    personas: Personas, client_for: ClientFor
) -> None:
    ada = personas.partner_a
    new = tokens.create_token(ada, "sync", ["read", "export"], 365)
    client = client_for(ada)
    home = client.get("/").content.decode()
    assert "Did you make this key?" in home and "sync" in home
    # Not on anyone else's home page, and nobody else can make it go away.
    assert "Did you make this key?" not in client_for(personas.partner_b).get("/").content.decode()
    assert (
        client_for(personas.partner_b).post(f"/api/tokens/{new.token.pk}/made-by-me/").status_code
        == 404
    )
    assert "Did you make this key?" in client.get("/").content.decode()

    assert client.post(f"/api/tokens/{new.token.pk}/made-by-me/").status_code == 302

    assert "Did you make this key?" not in client.get("/").content.decode()
    assert AuditEvent.objects.filter(kind=tokens.NOTICE_CLOSED, subject=ada).count() == 1


def test_a_key_turned_off_is_still_announced_until_the_person_answers(
    personas: Personas, client_for: ClientFor
) -> None:
    ada = personas.partner_a
    new = tokens.create_token(ada, "sync", ["export"], 365)
    tokens.revoke_token(ada, new.token.pk)
    home = visible_text(client_for(ada).get("/").content.decode())
    assert "Did you make this key?" in home and "It does not work any more." in home


@pytest.mark.parametrize("scopes", [["read"], ["read", "write"]])
def test_keys_that_cannot_download_everything_are_not_announced(
    personas: Personas, client_for: ClientFor, scopes: list[str]
) -> None:
    tokens.create_token(personas.partner_a, "notes", scopes, 30)
    assert "Did you make this key?" not in client_for(personas.partner_a).get("/").content.decode()


def test_the_notice_and_its_email_are_easy_to_read(
    personas: Personas, client_for: ClientFor
) -> None:
    from tests.reading import MAX_GRADE, grade

    tokens.create_token(personas.partner_a, "sync", ["export"], 365)
    home = client_for(personas.partner_a).get("/").content.decode()
    notice = home.split('id="new-export-key"', 1)[1].split("</section>", 1)[0]
    for text in (visible_text(notice), tokens.notice_body(timezone.now())):
        assert grade(text) <= MAX_GRADE, text
