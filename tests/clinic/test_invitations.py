"""Care invitations: a client invites a therapist or the other way round; one use, digests."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from hearth.accounts.models import User
from hearth.clinic.models import CareInvitation, CareLink
from hearth.core.models import AuditEvent
from tests.conftest import ClientFor, Personas


def invite(client: Client, page: str) -> tuple[str, str]:
    body = client.post("/clinic/invite/").content.decode()
    found_link = re.search(r'id="invite-link"[^>]*value="([^"]+)"', body)
    found_code = re.search(r'id="invite-code"[^>]*>([A-Z0-9-]+)<', body)
    assert found_link and found_code, page
    link = found_link.group(1)
    assert link.startswith(settings.SITE_URL + "/"), link
    return link.removeprefix(settings.SITE_URL), found_code.group(1)


@override_settings(SITE_URL="https://care.example.org", ALLOWED_HOSTS=["*"])
def test_care_invitation_links_come_from_the_site_address_never_the_host_header(
    personas: Personas, client_for: ClientFor
) -> None:
    """A care link is copied and sent on; one built from the Host header would send the
    other person, and the one-time token in it, to whatever server the request named."""
    for person in (personas.clinician, personas.partner_a):
        body = client_for(person).post("/clinic/invite/", HTTP_HOST="evil.example.net")
        text = body.content.decode()
        found = re.search(r'id="invite-link"[^>]*value="([^"]+)"', text)
        assert found, person
        assert found.group(1).startswith("https://care.example.org/clinic/join/"), found.group(1)
        assert "evil.example.net" not in text


def test_a_client_invites_a_therapist_with_a_code(
    personas: Personas, client_for: ClientFor
) -> None:
    _, code = invite(client_for(personas.partner_a), "my-care")
    response = client_for(personas.clinician).post("/clinic/code/", {"code": code.lower()})
    assert response.status_code == 302
    care = CareLink.objects.get()
    assert (care.client, care.clinician) == (personas.partner_a, personas.clinician)
    assert not care.shares.exists()  # a new link shares nothing
    assert AuditEvent.objects.filter(kind="clinic.linked", subject=personas.partner_a).exists()


def test_a_therapist_invites_a_client_who_reads_the_profile_first(
    personas: Personas, client_for: ClientFor
) -> None:
    client_for(personas.clinician).post(
        "/clinic/profile/",
        {
            "full_name": "Dr Kim Park",
            "profession": "Sex therapist",
            "registration_number": "R-1",
            "registration_body": "Board",
        },
    )
    path, _ = invite(client_for(personas.clinician), "caseload")
    person = client_for(personas.solo)
    page = person.get(path).content.decode()
    assert "Dr Kim Park" in page and "Sex therapist" in page and "R-1" in page
    assert not CareLink.objects.exists()
    assert person.post(path).status_code == 302
    assert CareLink.objects.get().client == personas.solo


def test_only_digests_are_stored(personas: Personas, client_for: ClientFor) -> None:
    path, code = invite(client_for(personas.partner_a), "my-care")
    token = path.rstrip("/").rsplit("/", 1)[1]
    row = CareInvitation.objects.get()
    stored = f"{row.token_digest} {row.code_digest}"
    assert token not in stored and code.replace("-", "") not in stored


def test_an_invitation_works_only_once(
    personas: Personas, second_clinician: User, client_for: ClientFor
) -> None:
    path, _ = invite(client_for(personas.partner_a), "my-care")
    assert client_for(personas.clinician).post(path).status_code == 302
    again = client_for(second_clinician).post(path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert CareLink.objects.count() == 1


def test_an_expired_invitation_is_refused(personas: Personas, client_for: ClientFor) -> None:
    _, code = invite(client_for(personas.partner_a), "my-care")
    CareInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client_for(personas.clinician).post("/clinic/code/", {"code": code})
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not CareLink.objects.exists()


def test_two_clients_cannot_link_with_each_other(personas: Personas, client_for: ClientFor) -> None:
    _, code = invite(client_for(personas.partner_a), "my-care")
    response = client_for(personas.stranger).post("/clinic/code/", {"code": code})
    assert response.status_code == 400
    assert "for a therapist to accept" in response.content.decode()
    assert not CareLink.objects.exists()


def test_two_therapists_cannot_link_with_each_other(
    personas: Personas, second_clinician: User, client_for: ClientFor
) -> None:
    _, code = invite(client_for(personas.clinician), "caseload")
    response = client_for(second_clinician).post("/clinic/code/", {"code": code})
    assert response.status_code == 400
    assert "for a client to accept" in response.content.decode()


def test_a_wrong_code_gets_a_clear_message(personas: Personas, client_for: ClientFor) -> None:
    response = client_for(personas.partner_a).post("/clinic/code/", {"code": "NOPE-NOPE"})
    assert response.status_code == 400
    assert "This invitation is not valid." in response.content.decode()


def test_an_unknown_link_is_a_404(personas: Personas, client_for: ClientFor) -> None:
    assert Client().get("/clinic/join/not-a-real-token/").status_code == 404


def test_a_new_invitation_replaces_the_old_one(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    old_path, _ = invite(client, "my-care")
    invite(client, "my-care")
    assert client_for(personas.clinician).post(old_path).status_code == 410
