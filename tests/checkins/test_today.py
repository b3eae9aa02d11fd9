"""The daily check-in page: quick to fill in, editable today, bad input changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.utils import timezone

from hearth.checkins.models import CheckIn
from hearth.safety.models import RiskEvent
from tests.checkins.conftest import days_ago
from tests.conftest import ClientFor, Personas

GOOD = {"mood": "6", "stress": "4", "closeness": "7", "desire": "3", "sleep_hours": "7.5"}


def test_the_page_shows_each_scale_as_choices_to_tap_with_words_at_the_ends(
    personas: Personas, client_for: ClientFor
) -> None:
    body = client_for(personas.partner_a).get("/checkins/").content.decode()
    for label in ["Mood", "Stress", "Desire"]:
        assert f"<legend>{label}</legend>" in body
    assert body.count("<span>0 very low</span><span>10 very high</span>") == 4
    assert 'type="number"' not in body and "inputmode" not in body
    assert ">Hours of sleep last night</label>" in body
    assert '<option value="7.5">7½</option>' in body


def test_saved_answers_show_as_the_chosen_taps(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    client.post("/checkins/", {**GOOD, "stress": ""})
    body = client.get("/checkins/").content.decode()
    assert 'name="mood" value="6" id="id_mood_6" checked' in body
    assert 'name="stress" value="" id="id_stress_skip" checked' in body
    assert '<option value="7.5" selected>7½</option>' in body


def test_sleep_given_in_tenths_elsewhere_is_kept_on_the_page(
    personas: Personas, client_for: ClientFor, add_checkins: Callable[..., None]
) -> None:
    client = client_for(personas.partner_a)
    client.post("/checkins/", {"sleep_hours": "6.8"})
    body = client.get("/checkins/").content.decode()
    assert '<option value="6.8" selected>6.8</option>' in body
    client.post("/checkins/", {"sleep_hours": "6.8", "mood": "5"})
    assert CheckIn.objects.get(user=personas.partner_a).sleep_hours == Decimal("6.8")


def test_a_person_saves_todays_check_in(personas: Personas, client_for: ClientFor) -> None:
    response = client_for(personas.partner_a).post("/checkins/", {**GOOD, "note": "A calm day"})
    assert response.status_code == 302
    row = CheckIn.objects.get(user=personas.partner_a)
    assert (row.day, row.mood, row.stress, row.closeness, row.desire) == (
        timezone.localdate(),
        6,
        4,
        7,
        3,
    )
    assert row.sleep_hours == Decimal("7.5") and row.note == "A calm day"


def test_the_note_is_stored_encrypted(personas: Personas, client_for: ClientFor) -> None:
    client_for(personas.partner_a).post("/checkins/", {**GOOD, "note": "only mine to read"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM checkins_checkin")
        (stored,) = cursor.fetchone()
    assert "only mine" not in stored and stored.startswith("v1:")


def test_saving_again_the_same_day_changes_the_one_row(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    client.post("/checkins/", GOOD)
    client.post("/checkins/", {**GOOD, "mood": "2", "desire": ""})
    row = CheckIn.objects.get(user=personas.partner_a)
    assert (row.mood, row.desire) == (2, None)
    assert 'value="2"' in client.get("/checkins/").content.decode()


def test_missing_days_stay_missing(
    personas: Personas, client_for: ClientFor, add_checkins: Callable[..., None]
) -> None:
    add_checkins(personas.partner_a, {3: {"mood": 5}})
    client_for(personas.partner_a).post("/checkins/", GOOD)
    days = list(CheckIn.objects.filter(user=personas.partner_a).values_list("day", flat=True))
    assert sorted(days) == [days_ago(3), days_ago(0)]


def test_out_of_range_numbers_get_a_clear_message_and_nothing_is_saved(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    for bad in [{"mood": "11"}, {"stress": "-1"}, {"closeness": "five"}, {"sleep_hours": "25"}]:
        response = client.post("/checkins/", {**GOOD, **bad})
        assert response.status_code == 400
        assert "from 0 to" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_an_empty_check_in_is_refused(personas: Personas, client_for: ClientFor) -> None:
    response = client_for(personas.partner_a).post("/checkins/", {"note": "just a note"})
    assert response.status_code == 400
    assert "Please answer at least one question." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_danger_from_someone_shows_abuse_help_first_and_pauses_couple_exercises(
    personas: Personas, client_for: ClientFor
) -> None:
    response = client_for(personas.partner_a).post("/checkins/", {"danger_from_someone": "on"})
    body = response.content.decode()
    assert response.status_code == 200 and "Help is there right now" in body
    assert body.index("National Domestic Violence Hotline") < body.index("988 Suicide")
    assert "someone hurts, scares or controls you" in body
    event = RiskEvent.objects.get(user=personas.partner_a)
    assert event.source == "checkin" and event.pauses_couple and not event.alert_clinician
    assert event.reasons == ["checkin_danger"]
    assert event.ref == f"checkin:{CheckIn.objects.get().pk}"
    checkin = CheckIn.objects.get()
    assert checkin.danger_from_someone and not checkin.self_harm_thoughts
    assert not checkin.feels_unsafe
    # The person is told how the pause ends and exactly what Ben now sees.
    assert "after at least 7 days" in body and "What Ben sees" in body
    assert "“The couple part of the program is paused for now.”" in body


def test_thoughts_of_self_harm_show_crisis_lines_first_without_a_pause(
    personas: Personas, client_for: ClientFor
) -> None:
    response = client_for(personas.partner_a).post("/checkins/", {"self_harm_thoughts": "on"})
    body = response.content.decode()
    assert body.index("988 Suicide") < body.index("National Domestic Violence Hotline")
    assert "Write or read your safety plan" in body
    event = RiskEvent.objects.get(user=personas.partner_a)
    assert event.reasons == ["checkin_self_harm"] and event.alert_clinician
    assert not event.pauses_couple


def test_the_check_in_asks_two_plain_safety_questions(
    personas: Personas, client_for: ClientFor
) -> None:
    body = client_for(personas.partner_a).get("/checkins/").content.decode()
    assert "Someone is hurting me, scaring me or controlling me." in body
    assert "I am thinking about hurting myself." in body
    assert "feels_unsafe" not in body


def test_saving_the_same_unsafe_day_again_records_one_event_until_the_pause_ends(
    personas: Personas, client_for: ClientFor
) -> None:
    """One worrying day is one event for the clinician, however often the form is saved."""
    client = client_for(personas.partner_a)
    for _ in range(3):
        assert (
            client.post("/checkins/", {"danger_from_someone": "on", "mood": "3"}).status_code == 200
        )
    assert RiskEvent.objects.filter(user=personas.partner_a).count() == 1
    client.post(
        "/checkins/", {"danger_from_someone": "on", "mood": "1"}
    )  # still unsafe, other mood
    assert RiskEvent.objects.filter(user=personas.partner_a).count() == 1
    RiskEvent.objects.update(resolved_at=timezone.now())  # the pause ended
    client.post("/checkins/", {"danger_from_someone": "on", "mood": "3"})
    events = RiskEvent.objects.filter(user=personas.partner_a).order_by("pk")
    assert events.count() == 2
    assert events[0].resolved_at is not None and events[1].resolved_at is None


def test_three_low_days_in_a_row_offer_gentle_support(
    personas: Personas, client_for: ClientFor, add_checkins: Callable[..., None]
) -> None:
    add_checkins(personas.partner_a, {1: {"mood": 2}, 2: {"mood": 1}})
    body = client_for(personas.partner_a).post("/checkins/", {"mood": "2"}).content.decode()
    assert "Support if you want it" in body and "Help is there right now" not in body


def test_a_low_day_after_a_gap_is_not_a_streak(
    personas: Personas, client_for: ClientFor, add_checkins: Callable[..., None]
) -> None:
    add_checkins(personas.partner_a, {2: {"mood": 1}, 3: {"mood": 1}})
    response = client_for(personas.partner_a).post("/checkins/", {"mood": "1"})
    assert response.status_code == 302 and not RiskEvent.objects.exists()


def test_a_clinician_gets_a_404_and_a_visitor_is_sent_to_sign_in(
    personas: Personas, client_for: ClientFor, client: Client
) -> None:
    assert client_for(personas.clinician).get("/checkins/").status_code == 404
    assert client_for(personas.clinician).post("/checkins/", GOOD).status_code == 404
    assert client.get("/checkins/").status_code == 302
    assert not CheckIn.objects.exists()


def test_a_bad_update_keeps_the_saved_check_in(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    client.post("/checkins/", GOOD)
    response = client.post("/checkins/", {**GOOD, "mood": "12"})
    assert response.status_code == 400 and "Update my check-in" in response.content.decode()
    assert CheckIn.objects.get(user=personas.partner_a).mood == 6
