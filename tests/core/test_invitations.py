"""The invitation mechanism partners and therapists share: each kind's links are its own."""

from __future__ import annotations

import pytest

from hearth.clinic import actions as clinic
from hearth.couples import actions as couples
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_a_partner_invitation_never_opens_a_care_link_and_back(personas: Personas) -> None:
    partner_link = couples.create_invitation(personas.solo)
    care_link = clinic.create_invitation(personas.clinician)
    assert couples.find_by_token(partner_link.token) == partner_link.invitation
    assert couples.find_by_code(partner_link.code.lower()) == partner_link.invitation
    assert clinic.find_by_token(partner_link.token) is None
    assert clinic.find_by_code(partner_link.code) is None
    assert couples.find_by_token(care_link.token) is None
    assert clinic.find_by_code(care_link.pretty_code) == care_link.invitation


def test_a_new_invitation_withdraws_only_the_same_kind(personas: Personas) -> None:
    first = clinic.create_invitation(personas.solo)
    partner_link = couples.create_invitation(personas.solo)
    second = clinic.create_invitation(personas.solo)
    first.invitation.refresh_from_db()
    partner_link.invitation.refresh_from_db()
    assert first.invitation.revoked_at is not None
    assert partner_link.invitation.revoked_at is None
    assert clinic.open_invitation(personas.solo) == second.invitation
    assert couples.open_invitation(personas.solo) == partner_link.invitation
