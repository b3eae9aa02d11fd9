"""Insights: charts with sessions marked, the next-day comparison once there is enough data,
and sharing with the partner that is explicit, revocable and never includes notes."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from hearth.accounts.models import User
from hearth.core.models import AuditEvent
from hearth.couples.models import Share
from tests.checkins.conftest import days_ago
from tests.conftest import ClientFor, Personas


def three_weeks(user: User, add_checkins: Callable[..., None], providers: dict[str, Any]) -> None:
    """21 days of check-ins; every third day a session, mood higher the day after."""
    sessions = {days_ago(n) for n in range(1, 22) if n % 3 == 0}
    providers["sessions"][user.pk] = sessions
    add_checkins(
        user,
        {
            n: {"mood": 8 if days_ago(n + 1) in sessions else 4, "stress": 5, "note": "secret"}
            for n in range(21)
        },
    )


def test_nothing_is_compared_before_there_is_enough_data(
    personas: Personas,
    client_for: ClientFor,
    add_checkins: Callable[..., None],
    providers: dict[str, Any],
) -> None:
    add_checkins(personas.partner_a, {n: {"mood": 5} for n in range(4)})
    body = client_for(personas.partner_a).get("/checkins/insights/").content.decode()
    mood = body.split('id="m-mood"', 1)[1].split("</section>", 1)[0]
    assert "Not enough check-ins yet to compare." in mood
    # 4 of the 14 days so far, none of them after a session.
    assert (
        "About 10 more days of check-ins needed, with at least 5 of them on the day after a "
        "session." in mood
    )
    assert "went together with" not in body and "Difference" not in body


def test_with_enough_data_it_shows_the_comparison_in_honest_words(
    personas: Personas,
    client_for: ClientFor,
    add_checkins: Callable[..., None],
    providers: dict[str, Any],
) -> None:
    three_weeks(personas.partner_a, add_checkins, providers)
    body = client_for(personas.partner_a).get("/checkins/insights/").content.decode()
    mood = body.split('id="m-mood"', 1)[1].split("</section>", 1)[0]
    assert "8.0 on average, over 7 days" in mood and "4.0 on average, over 14 days" in mood
    assert "Difference</dt><dd>4.0 (likely range 4.0 to 4.0)" in mood
    assert "a higher mood went together with the day after a session" in mood
    assert not re.search(r"\bcaus", body)


def test_charts_are_svg_without_inline_styles_and_mark_sessions(
    personas: Personas,
    client_for: ClientFor,
    add_checkins: Callable[..., None],
    providers: dict[str, Any],
) -> None:
    three_weeks(personas.partner_a, add_checkins, providers)
    body = client_for(personas.partner_a).get("/checkins/insights/").content.decode()
    mood = body.split('id="m-mood"', 1)[1].split("</section>", 1)[0]
    assert "<svg" in mood and 'role="img"' in mood and "style=" not in body
    assert mood.count('fill="#efe6da"') == 7  # one band per session day in the window
    assert mood.count("<circle") == 21
    assert "<table>" in body and "<caption>Your check-ins, last six weeks</caption>" in body


def partner_shares() -> list[str]:
    return list(Share.objects.filter(to="partner").values_list("detail", flat=True))


def test_a_person_shares_measures_and_can_take_them_back(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    client.post("/checkins/insights/sharing/", {"partner": ["mood", "stress"]})
    assert set(partner_shares()) == {
        "mood",
        "stress",
    }
    client.post("/checkins/insights/sharing/", {"partner": ["mood"]})
    assert set(partner_shares()) == {"mood"}
    client.post("/checkins/insights/sharing/", {})
    assert not Share.objects.exists()


def test_an_unknown_measure_changes_nothing(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    client.post("/checkins/insights/sharing/", {"partner": ["mood"]})
    response = client.post("/checkins/insights/sharing/", {"partner": ["note"]}, follow=True)
    assert "Please choose from the list." in response.content.decode()
    assert list(partner_shares()) == ["mood"]


def test_a_person_alone_cannot_share(personas: Personas, client_for: ClientFor) -> None:
    response = client_for(personas.solo).post(
        "/checkins/insights/sharing/", {"partner": ["mood"]}, follow=True
    )
    assert "This needs a linked partner." in response.content.decode()
    assert not Share.objects.exists()


def test_the_couple_view_shows_only_what_both_share_and_never_notes(
    personas: Personas, client_for: ClientFor, add_checkins: Callable[..., None]
) -> None:
    a, b = personas.partner_a, personas.partner_b
    add_checkins(a, {1: {"mood": 3, "desire": 2, "note": "a's secret"}})
    add_checkins(b, {1: {"mood": 9, "desire": 7, "note": "b's secret"}})
    client_for(a).post("/checkins/insights/sharing/", {"partner": ["mood", "desire"]})
    client_for(b).post("/checkins/insights/sharing/", {"partner": ["mood"]})
    body = client_for(a).get("/checkins/insights/couple/").content.decode()
    assert 'id="c-mood"' in body and 'id="c-desire"' not in body
    assert "<td>9</td>" in body and "<td>7</td>" not in body
    assert "secret" not in body


def test_the_couple_view_shows_nothing_until_both_share(
    personas: Personas, client_for: ClientFor, add_checkins: Callable[..., None]
) -> None:
    a, b = personas.partner_a, personas.partner_b
    add_checkins(b, {1: {"mood": 9}})
    client_for(b).post("/checkins/insights/sharing/", {"partner": ["mood"]})
    body = client_for(a).get("/checkins/insights/couple/").content.decode()
    assert "Nothing is shared by you both yet." in body and "<td>9</td>" not in body


def test_looking_at_shared_check_ins_is_in_the_partners_audit_log(
    personas: Personas, client_for: ClientFor
) -> None:
    a, b = personas.partner_a, personas.partner_b
    for person in (a, b):
        client_for(person).post("/checkins/insights/sharing/", {"partner": ["mood"]})
    client_for(a).get("/checkins/insights/couple/")
    assert AuditEvent.objects.filter(kind="checkins.partner_viewed", actor=a, subject=b).exists()


def test_another_couple_never_sees_these_check_ins(
    personas: Personas, client_for: ClientFor, add_checkins: Callable[..., None]
) -> None:
    a, b = personas.partner_a, personas.partner_b
    add_checkins(a, {1: {"mood": 3}})
    for person in (a, b, personas.other_a, personas.other_b):
        client_for(person).post("/checkins/insights/sharing/", {"partner": ["mood"]})
    for person in (personas.other_a, personas.stranger, personas.solo):
        body = client_for(person).get("/checkins/insights/couple/").content.decode()
        assert "<td>3</td>" not in body
        assert "<td>3</td>" not in client_for(person).get("/checkins/insights/").content.decode()


def test_sharing_ends_with_the_couple(
    personas: Personas, client_for: ClientFor, add_checkins: Callable[..., None]
) -> None:
    from hearth.couples.actions import leave_couple
    from tests import factories

    a, b = personas.partner_a, personas.partner_b
    add_checkins(a, {1: {"mood": 3}})
    client_for(a).post("/checkins/insights/sharing/", {"partner": ["mood"]})
    leave_couple(a)
    factories.couple(a, personas.stranger)
    client_for(personas.stranger).post("/checkins/insights/sharing/", {"partner": ["mood"]})
    body = client_for(personas.stranger).get("/checkins/insights/couple/").content.decode()
    assert "<td>3</td>" not in body and "Nothing is shared by you both yet." in body
    assert "This is for two" in client_for(b).get("/checkins/insights/couple/").content.decode()


def test_clinicians_get_a_404_on_every_insights_page(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.clinician)
    for path in ["/checkins/insights/", "/checkins/insights/couple/"]:
        assert client.get(path).status_code == 404
    assert client.post("/checkins/insights/sharing/", {"partner": ["mood"]}).status_code == 404


def test_the_sharing_boxes_are_the_reflection_s_two_choices_ticked_as_saved(
    personas: Personas, client_for: ClientFor
) -> None:
    """The check-in page shows the same two fieldsets as the reflection (one include), with
    its own words under each; what was saved comes back ticked, and a person with neither
    a partner nor a therapist gets no sharing form at all."""
    from tests.factories import care_link

    care_link(personas.partner_a, personas.clinician)
    client = client_for(personas.partner_a)
    client.post("/checkins/insights/sharing/", {"partner": ["stress"], "therapist": ["mood"]})
    page = client.get("/checkins/insights/").content.decode()
    for legend, name, ticked, words in (
        ("Share with my partner", "partner", "stress", "Ben sees your numbers for what you tick."),
        ("Share with my therapist", "therapist", "mood", "Your partner does not see this."),
    ):
        start = page.index(f'<fieldset class="field choices">\n  <legend>{legend}</legend>')
        box = page[start : page.index("</fieldset>", start)]
        assert words in box
        assert re.findall(r'name="(\w+)" value="(\w+)"[^>]*checked', box) == [(name, ticked)]
    assert (
        "Share with my" not in client_for(personas.solo).get("/checkins/insights/").content.decode()
    )
