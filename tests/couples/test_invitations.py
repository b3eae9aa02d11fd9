import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.core import readcache
from hearth.couples import actions
from hearth.couples.access import household
from hearth.couples.models import Couple, Invitation, Membership
from tests import factories
from tests.conftest import ClientFor, Personas


@pytest.fixture
def alone(personas: Personas, password_hash: str) -> tuple[User, User]:
    """Two people with accounts, each alone (the solo persona and a new person)."""
    return personas.solo, factories.person(
        "newcomer@example.test", "Nia", password_hash=password_hash
    )


def invite_through_the_page(client: Client) -> tuple[str, str]:
    body = client.post("/partner/invite/").content.decode()
    link = re.search(r'id="invite-link"[^>]*value="([^"]+)"', body)
    code = re.search(r'id="invite-code"[^>]*>([A-Z0-9-]+)<', body)
    assert link and code
    return link.group(1), code.group(1)


def state() -> tuple[int, int, int]:
    return (
        Couple.objects.filter(ended_at__isnull=True).count(),
        Membership.objects.filter(left_at__isnull=True).count(),
        Invitation.objects.filter(used_at__isnull=False).count(),
    )


def test_an_invitation_stores_only_digests_of_its_link_and_code(
    alone: tuple[User, User], client_for: ClientFor
) -> None:
    inviter, _ = alone
    link, code = invite_through_the_page(client_for(inviter))
    token = link.rstrip("/").rsplit("/", 1)[1]
    row = Invitation.objects.get(inviter=inviter)
    stored = f"{row.token_digest} {row.code_digest}"
    assert token not in stored and code.replace("-", "") not in stored
    assert row.expires_at - row.created_at == timedelta(hours=72)


def test_a_partner_accepts_through_the_link_and_both_see_each_other(
    alone: tuple[User, User], client_for: ClientFor
) -> None:
    inviter, invited = alone
    link, _ = invite_through_the_page(client_for(inviter))
    path = urlsplit(link).path
    invited_client = client_for(invited)
    assert "Sol" in invited_client.get(path).content.decode()
    response = invited_client.post(path)
    assert response.status_code == 302
    assert household(inviter).partner == invited and household(invited).partner == inviter
    assert "Nia" in client_for(inviter).get("/").content.decode()
    assert "Sol" in invited_client.get("/").content.decode()


def test_a_partner_joins_with_the_code_in_any_case_and_spacing(
    alone: tuple[User, User], client_for: ClientFor
) -> None:
    inviter, invited = alone
    _, code = invite_through_the_page(client_for(inviter))
    typed = " " + code.lower().replace("-", " ") + " "
    response = client_for(invited).post("/partner/join/", {"code": typed})
    assert response.status_code == 302
    assert household(invited).partner == inviter


def test_someone_without_an_account_is_asked_to_sign_up_first(
    alone: tuple[User, User], client_for: ClientFor
) -> None:
    link, _ = invite_through_the_page(client_for(alone[0]))
    path = urlsplit(link).path
    body = Client().get(path).content.decode()
    assert f"/signup/?next={path}" in body
    assert Client().post(path).status_code == 200  # shown again, nothing accepted
    assert Couple.objects.filter(memberships__user=alone[0]).count() == 0


def test_an_invitation_works_only_once(
    alone: tuple[User, User], personas: Personas, client_for: ClientFor, password_hash: str
) -> None:
    inviter, invited = alone
    link, _ = invite_through_the_page(client_for(inviter))
    path = urlsplit(link).path
    client_for(invited).post(path)
    before = state()
    third = factories.person("third@example.test", "Tia", password_hash=password_hash)
    response = client_for(third).post(path)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert state() == before


def test_an_expired_invitation_is_refused_clearly(
    alone: tuple[User, User], client_for: ClientFor
) -> None:
    inviter, invited = alone
    _, code = invite_through_the_page(client_for(inviter))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client_for(invited).post("/partner/join/", {"code": code})
    assert "has expired" in response.content.decode()
    assert household(invited).partner is None


def test_a_withdrawn_or_replaced_invitation_no_longer_works(
    alone: tuple[User, User], client_for: ClientFor
) -> None:
    inviter, invited = alone
    inviter_client = client_for(inviter)
    _, first_code = invite_through_the_page(inviter_client)
    _, second_code = invite_through_the_page(inviter_client)
    response = client_for(invited).post("/partner/join/", {"code": first_code})
    assert "was withdrawn" in response.content.decode()
    inviter_client.post("/partner/withdraw/")
    response = client_for(invited).post("/partner/join/", {"code": second_code})
    assert "was withdrawn" in response.content.decode()
    assert household(invited).partner is None


def test_the_home_page_says_an_invitation_waits_only_while_one_is_open(
    alone: tuple[User, User], client_for: ClientFor
) -> None:
    """The home page asks core.facts whether an invitation is open (it names no more): yes
    after one is made, no once it is withdrawn or has expired, and never for someone else."""
    inviter, other = alone
    inviter_client, other_client = client_for(inviter), client_for(other)
    waiting = "Your invitation is waiting for your partner."

    def home(client: Client) -> str:
        readcache.forget_all()  # built afresh, as the facts are read
        return client.get("/").content.decode()

    assert waiting not in home(inviter_client)
    invite_through_the_page(inviter_client)
    assert waiting in home(inviter_client) and waiting not in home(other_client)
    inviter_client.post("/partner/withdraw/")
    assert waiting not in home(inviter_client)
    invite_through_the_page(inviter_client)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert waiting not in home(inviter_client)


def test_a_made_up_code_or_link_is_refused_without_a_hint(
    alone: tuple[User, User], client_for: ClientFor
) -> None:
    invited_client = client_for(alone[1])
    response = invited_client.post("/partner/join/", {"code": "ABCD-EFGH"})
    assert "is not valid" in response.content.decode()
    assert invited_client.get("/join/made-up-token/").status_code == 404


def test_nobody_can_accept_their_own_invitation(
    alone: tuple[User, User], client_for: ClientFor
) -> None:
    inviter_client = client_for(alone[0])
    _, code = invite_through_the_page(inviter_client)
    response = inviter_client.post("/partner/join/", {"code": code})
    assert "your own invitation" in response.content.decode()
    assert household(alone[0]).partner is None


def test_a_person_already_in_a_couple_cannot_join_another(
    alone: tuple[User, User], personas: Personas, client_for: ClientFor
) -> None:
    _, code = invite_through_the_page(client_for(alone[0]))
    before = state()
    response = client_for(personas.other_a).post("/partner/join/", {"code": code}, follow=True)
    assert "already linked" in response.content.decode()
    assert state() == before and household(personas.other_a).partner == personas.other_b


def test_a_person_in_a_couple_cannot_make_an_invitation(
    personas: Personas, client_for: ClientFor
) -> None:
    client_for(personas.partner_a).post("/partner/invite/")
    assert Invitation.objects.count() == 0


def test_an_invitation_dies_when_its_maker_links_with_someone_else(
    alone: tuple[User, User], personas: Personas, client_for: ClientFor, password_hash: str
) -> None:
    inviter, invited = alone
    _, code = invite_through_the_page(client_for(inviter))
    # Meanwhile the inviter joins someone else's invitation.
    other = factories.person("other@example.test", "Oli", password_hash=password_hash)
    _, other_code = invite_through_the_page(client_for(other))
    client_for(inviter).post("/partner/join/", {"code": other_code})
    response = client_for(invited).post("/partner/join/", {"code": code})
    assert (
        "can no longer be used" in response.content.decode()
        or "was withdrawn" in response.content.decode()
    )
    assert household(invited).partner is None


def test_a_clinician_can_never_be_linked_as_a_partner(
    alone: tuple[User, User], personas: Personas, client_for: ClientFor
) -> None:
    _, code = invite_through_the_page(client_for(alone[0]))
    response = client_for(personas.clinician).post("/partner/join/", {"code": code})
    assert "Clinician accounts cannot be linked" in response.content.decode()
    with pytest.raises(actions.CoupleError):
        actions.create_invitation(personas.clinician)


def test_guessing_codes_is_throttled(alone: tuple[User, User], client_for: ClientFor) -> None:
    client = client_for(alone[1])
    for _ in range(actions.CODE_LENGTH + 2):
        client.post("/partner/join/", {"code": "ZZZZ-ZZZZ"})
    response = client.post("/partner/join/", {"code": "ZZZZ-ZZZZ"})
    assert "Too many tries" in response.content.decode()


def test_an_empty_code_gets_a_clear_message(
    alone: tuple[User, User], client_for: ClientFor
) -> None:
    response = client_for(alone[1]).post("/partner/join/", {"code": ""})
    assert response.status_code == 400
    assert "required" in response.content.decode()
