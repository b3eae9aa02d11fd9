"""Sending a partner invitation by email: only when the person asks, in discreet words,
to an address that is used once and kept nowhere."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.test import Client, override_settings

from hearth.accounts.models import User
from hearth.core.models import AuditEvent
from hearth.couples.models import Invitation
from tests.checkins.test_reminders import TELLING
from tests.conftest import ClientFor, Personas
from tests.couples.test_invitations import alone  # noqa: F401  (fixture)

ADDRESS = "ben.private@example.test"


def invite(client: Client, email: str = ADDRESS) -> str:
    response = client.post("/partner/invite/", {"email": email}, follow=True)
    return str(response.content.decode())


def test_without_an_address_nothing_is_sent(
    alone: tuple[User, User],  # noqa: F811
    client_for: ClientFor,
) -> None:
    body = client_for(alone[0]).post("/partner/invite/").content.decode()
    assert 'id="invite-link"' in body and mail.outbox == []


def test_the_invitation_goes_to_the_address_in_discreet_words(
    alone: tuple[User, User],  # noqa: F811
    client_for: ClientFor,
) -> None:
    sol, nia = alone
    body = invite(client_for(sol))
    assert "on its way by email" in body
    link = re.search(r'id="invite-link"[^>]*value="([^"]+)"', body)
    assert link
    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    assert message.subject == "Sol sent you a link"
    assert not TELLING.search(str(message.subject)) and not TELLING.search(str(message.body))
    assert link.group(1) in message.body  # the same link as on the page
    # From the site's own address, never from the Host header a request carries.
    assert link.group(1).startswith(settings.SITE_URL + "/"), link.group(1)

    path = urlsplit(link.group(1)).path
    partner = client_for(nia)
    assert partner.post(path).status_code == 302
    assert Invitation.objects.get().used_by == nia


def test_the_address_is_kept_nowhere(alone: tuple[User, User], client_for: ClientFor) -> None:  # noqa: F811
    invite(client_for(alone[0]))
    event = AuditEvent.objects.get(kind="couple.invitation_emailed")
    stored = json.dumps([event.detail, list(Invitation.objects.values())], default=str)
    assert ADDRESS not in stored and "ben.private" not in stored


def test_a_wrong_address_is_explained_and_makes_no_invitation(
    alone: tuple[User, User],  # noqa: F811
    client_for: ClientFor,
) -> None:
    response = client_for(alone[0]).post("/partner/invite/", {"email": "not an address"})
    assert response.status_code == 400 and "valid email" in response.content.decode()
    assert not Invitation.objects.exists() and mail.outbox == []


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=9,  # nothing listens there: the mail server is down
    EMAIL_TIMEOUT=2,
)
def test_when_the_mail_server_is_down_the_link_is_still_shown(
    alone: tuple[User, User],  # noqa: F811
    client_for: ClientFor,
) -> None:
    body = invite(client_for(alone[0]))
    assert "could not be sent" in body and 'id="invite-link"' in body
    assert not AuditEvent.objects.filter(kind="couple.invitation_emailed").exists()


def test_a_person_sends_at_most_five_invitation_emails_a_day(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    for _ in range(5):
        invite(client)
    assert "share the link yourself" in invite(client)
    assert len(mail.outbox) == 5
