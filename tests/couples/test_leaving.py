import pytest
from django.http import Http404

from hearth.core.models import AuditEvent
from hearth.couples.access import access_couple, household
from hearth.couples.models import CoupleEvent, Membership
from tests.conftest import ClientFor, Personas


def test_either_partner_can_leave_and_both_are_alone_again(
    personas: Personas, client_for: ClientFor
) -> None:
    response = client_for(personas.partner_b).post("/partner/leave/", {"confirm": "on"})
    assert response.status_code == 302
    assert (
        household(personas.partner_a).partner is None
        and household(personas.partner_b).partner is None
    )
    personas.couple.refresh_from_db()
    assert personas.couple.ended_at is not None
    # The other couple is untouched.
    assert household(personas.other_a).partner == personas.other_b


def test_the_partner_who_stayed_sees_a_neutral_notice_once(
    personas: Personas, client_for: ClientFor
) -> None:
    client_for(personas.partner_b).post("/partner/leave/", {"confirm": "on"})
    client = client_for(personas.partner_a)
    first = client.get("/").content.decode()
    assert "not linked with a partner any more" in first
    assert "Ben" not in first
    assert "not linked with a partner any more" not in client.get("/").content.decode()


def test_leaving_needs_the_confirmation_box(personas: Personas, client_for: ClientFor) -> None:
    response = client_for(personas.partner_a).post("/partner/leave/", {})
    assert response.status_code == 400
    assert "tick the box" in response.content.decode()
    assert household(personas.partner_a).partner == personas.partner_b


def test_after_leaving_each_can_link_with_someone_new(
    personas: Personas, client_for: ClientFor
) -> None:
    client_for(personas.partner_a).post("/partner/leave/", {"confirm": "on"})
    client_for(personas.partner_a).post("/partner/invite/")
    assert Membership.objects.filter(user=personas.partner_a).count() == 1


def test_leaving_is_written_in_both_partners_logs(
    personas: Personas, client_for: ClientFor
) -> None:
    client_for(personas.partner_a).post("/partner/leave/", {"confirm": "on"})
    subjects = set(
        AuditEvent.objects.filter(kind=CoupleEvent.COUPLE_LEFT).values_list("subject", flat=True)
    )
    assert subjects == {personas.partner_a.pk, personas.partner_b.pk}


def test_someone_alone_cannot_leave(personas: Personas, client_for: ClientFor) -> None:
    response = client_for(personas.solo).post("/partner/leave/", {"confirm": "on"}, follow=True)
    assert "not linked with a partner" in response.content.decode()


@pytest.mark.parametrize("who", ["other_a", "solo", "clinician", "stranger"])
def test_a_couple_is_not_found_for_anyone_outside_it(personas: Personas, who: str) -> None:
    assert access_couple(personas.partner_a, personas.couple.pk) == personas.couple
    with pytest.raises(Http404):
        access_couple(getattr(personas, who), personas.couple.pk)
    with pytest.raises(Http404):
        access_couple(personas.partner_a, 999_999)


def test_partners_pages_never_show_another_couples_names(
    personas: Personas, client_for: ClientFor
) -> None:
    body = client_for(personas.partner_a).get("/partner/").content.decode()
    assert "Ben" in body
    for name in ["Cleo", "Dev", "Sol", "Dr Kim", "Stan"]:
        assert name not in body


def test_deleting_an_account_ends_the_partner_link_before_any_other_app_erases() -> None:
    """The partner link ends first, as when a person leaves, before other apps' data goes."""
    from hearth.core import registry
    from hearth.couples import export

    assert registry.erasers()[0] is export.erase
