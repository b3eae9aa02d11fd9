"""Taking a questionnaire: pages, stop and resume, bad input, due and missed windows."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hearth.measures import access, actions
from hearth.measures.models import Administration, Schedule
from tests.conftest import ClientFor, Personas
from tests.measures.web import PHQ9_MID, form, start, take


def test_phq9_and_gad7_are_due_at_first_use_and_the_csi4_only_for_a_couple(
    personas: Personas, client_for: ClientFor
) -> None:
    couple_page = client_for(personas.partner_a).get("/questionnaires/").content.decode()
    solo_page = client_for(personas.solo).get("/questionnaires/").content.decode()
    for page in (couple_page, solo_page):
        assert "Start PHQ-9" in page and "Start GAD-7" in page
    assert "Start CSI-4" in couple_page
    assert "Start CSI-4" not in solo_page


def test_a_person_can_stop_after_one_page_and_carry_on_later(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    sitting = start(client)
    first_page = {k: PHQ9_MID[k] for k in ("q1", "q2", "q3", "q4", "q5")}
    response = client.post(f"/questionnaires/sitting/{sitting.pk}/", form(first_page, 0, "stop"))
    assert response["Location"] == "/questionnaires/"
    sitting.refresh_from_db()
    assert sitting.status == "in_progress" and sitting.answers == first_page

    index = client.get("/questionnaires/").content.decode()
    assert "Carry on with PHQ-9" in index
    resumed = start(client)
    assert resumed.pk == sitting.pk
    page = client.get(f"/questionnaires/sitting/{sitting.pk}/").content.decode()
    assert "Page 2 of 2" in page and "Feeling bad about yourself" in page
    back = client.get(f"/questionnaires/sitting/{sitting.pk}/?page=1").content.decode()
    assert 'value="2" checked' in back  # the saved answer is shown again


def test_finishing_scores_the_sitting_and_moves_the_next_due_day_on(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    response = take(client, PHQ9_MID)
    sitting = Administration.objects.get(user=personas.solo, instrument_id="phq9")
    assert response["Location"] == f"/questionnaires/sitting/{sitting.pk}/result/"
    assert sitting.status == "completed" and sitting.total == 12 and sitting.band_id == "moderate"
    assert sitting.derived == {"phq2": 4}
    schedule = Schedule.objects.get(user=personas.solo, instrument_id="phq9")
    assert schedule.next_due == timezone.localdate() + timedelta(days=14)
    assert "Start PHQ-9" not in client.get("/questionnaires/").content.decode()
    # A finished sitting cannot be answered again.
    again = client.post(f"/questionnaires/sitting/{sitting.pk}/", form(PHQ9_MID, 0))
    assert again["Location"].endswith("/result/")


def test_a_missing_answer_is_named_and_nothing_is_saved(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    sitting = start(client)
    response = client.post(
        f"/questionnaires/sitting/{sitting.pk}/", form({"q1": 1, "q2": 1, "q3": 1, "q4": 1}, 0)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "1 question(s) on this page need an answer." in page
    assert "Please choose an answer." in page
    assert 'value="1" checked' in page  # what was chosen is kept on the page
    sitting.refresh_from_db()
    assert sitting.answers == {}


def test_an_answer_off_the_scale_is_refused(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.solo)
    sitting = start(client)
    for bad in ("4", "-1", "two", "1.5", "²"):
        answers = form({"q1": 1, "q2": 1, "q3": 1, "q4": 1}, 0) | {"item-q5": bad}
        response = client.post(f"/questionnaires/sitting/{sitting.pk}/", answers)
        assert response.status_code == 400
        assert "not one of the choices" in response.content.decode()
    sitting.refresh_from_db()
    assert sitting.answers == {}


def test_tampered_question_ids_and_pages_are_refused(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    sitting = start(client)
    first = {k: 1 for k in ("q1", "q2", "q3", "q4", "q5")}
    for posted in (
        form({**first, "q99": 1}, 0),  # no such question
        form({**first, "q9": 0}, 0),  # a question from another page
        form({"q6": 1, "q7": 1, "q8": 1, "q9": 0}, 1),  # skipping ahead
        form(first, 7),  # no such page
        {**form(first, 0), "page": "x"},
    ):
        response = client.post(f"/questionnaires/sitting/{sitting.pk}/", posted)
        assert response.status_code == 400
        assert "did not match the questions" in response.content.decode()
    sitting.refresh_from_db()
    assert sitting.answers == {}


def test_nobody_can_answer_someone_elses_sitting(personas: Personas, client_for: ClientFor) -> None:
    sitting = start(client_for(personas.partner_a))
    for person in (personas.partner_b, personas.other_a, personas.solo, personas.clinician):
        client = client_for(person)
        assert client.get(f"/questionnaires/sitting/{sitting.pk}/").status_code == 404
        response = client.post(f"/questionnaires/sitting/{sitting.pk}/", form(PHQ9_MID, 0))
        assert response.status_code == 404
    sitting.refresh_from_db()
    assert sitting.answers == {}


def test_a_sitting_can_be_finished_until_the_last_day_of_its_window(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    sitting = start(client)
    seven_days_ago = timezone.localdate() - timedelta(days=7)
    Administration.objects.filter(pk=sitting.pk).update(
        due_date=seven_days_ago, window_end=timezone.localdate()
    )
    Schedule.objects.filter(user=personas.solo, instrument_id="phq9").update(
        next_due=seven_days_ago
    )
    take(client, PHQ9_MID)
    sitting.refresh_from_db()
    assert sitting.status == "completed"


def test_after_its_window_a_started_sitting_is_missed_and_cannot_be_filled_late(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    sitting = start(client)
    first = {k: 1 for k in ("q1", "q2", "q3", "q4", "q5")}
    client.post(f"/questionnaires/sitting/{sitting.pk}/", form(first, 0))
    eight_days_ago = timezone.localdate() - timedelta(days=8)
    Administration.objects.filter(pk=sitting.pk).update(
        due_date=eight_days_ago, window_end=eight_days_ago + timedelta(days=7)
    )
    Schedule.objects.filter(user=personas.solo, instrument_id="phq9").update(
        next_due=eight_days_ago
    )
    response = client.post(
        f"/questionnaires/sitting/{sitting.pk}/", form({"q6": 1, "q7": 1, "q8": 1, "q9": 0}, 1)
    )
    assert response["Location"] == "/questionnaires/"
    sitting.refresh_from_db()
    assert sitting.status == "missed" and sitting.total is None
    schedule = Schedule.objects.get(user=personas.solo, instrument_id="phq9")
    assert schedule.next_due == eight_days_ago + timedelta(days=14)  # the rhythm is kept
    page = client.get("/questionnaires/").content.decode()
    assert "Start PHQ-9" not in page and "Carry on with PHQ-9" not in page


def test_marking_missed_is_idempotent(personas: Personas) -> None:
    actions.refresh(personas.solo)
    long_ago = timezone.localdate() - timedelta(days=60)
    Schedule.objects.filter(user=personas.solo).update(next_due=long_ago)
    Administration.objects.create(
        user=personas.solo,
        instrument_id="phq9",
        instrument_version="2001",
        due_date=long_ago,
        window_end=long_ago + timedelta(days=7),
        started_at=timezone.now(),
    )
    assert actions.mark_missed(personas.solo) == 1
    due_days = dict(Schedule.objects.values_list("instrument_id", "next_due"))
    assert actions.mark_missed(personas.solo) == 0
    assert dict(Schedule.objects.values_list("instrument_id", "next_due")) == due_days
    assert due_days["phq9"] == long_ago + timedelta(days=56)  # today is in its window


def test_what_is_due_moves_on_with_the_rhythm_when_no_sitting_was_started(
    personas: Personas, client_for: ClientFor
) -> None:
    """A window that closed without anyone starting: the page shows the next due day in the
    rhythm, never the closed one. Reading stores nothing; the next change (or housekeeping)
    stores that same day."""
    actions.refresh(personas.solo)
    long_ago = timezone.localdate() - timedelta(days=60)
    Schedule.objects.filter(user=personas.solo).update(next_due=long_ago)

    def stored() -> dict[str, object]:
        rows = Schedule.objects.filter(user=personas.solo)
        return dict(rows.values_list("instrument_id", "next_due"))

    outlook = access.outlook(personas.solo)
    assert set(stored().values()) == {long_ago}
    actions.mark_missed(personas.solo)
    assert stored()["phq9"] == long_ago + timedelta(days=56)
    shown = {d.instrument.id: d.due_date for d in outlook.due}
    assert shown["phq9"] == stored()["phq9"]
    assert all(d.window_end >= timezone.localdate() for d in outlook.due)


def test_nothing_can_be_started_before_it_is_due(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.solo)
    take(client, PHQ9_MID)
    response = client.post("/questionnaires/phq9/start/", follow=True)
    assert "not due right now" in response.content.decode()
    assert Administration.objects.filter(user=personas.solo).count() == 1
    assert client.post("/questionnaires/nope/start/").status_code == 404
    assert client.post("/questionnaires/phq2/start/").status_code == 404  # derived only


def test_optional_questionnaires_can_be_added_and_removed(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    assert "Start PC-PTSD-5" not in client.get("/questionnaires/").content.decode()
    client.post("/questionnaires/pcptsd5/choose/", {"add": "yes"})
    assert "Start PC-PTSD-5" in client.get("/questionnaires/").content.decode()
    client.post("/questionnaires/pcptsd5/choose/", {"add": "no"})
    assert "Start PC-PTSD-5" not in client.get("/questionnaires/").content.decode()
    response = client.post("/questionnaires/phq9/choose/", {"add": "no"}, follow=True)
    assert "cannot be added or removed" in response.content.decode()


def test_a_no_to_the_first_pc_ptsd5_question_ends_it_at_once(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    client.post("/questionnaires/pcptsd5/choose/", {"add": "yes"})
    sitting = start(client, "pcptsd5")
    response = client.post(f"/questionnaires/sitting/{sitting.pk}/", form({"exposure": 0}, 0))
    assert response["Location"].endswith("/result/")
    sitting.refresh_from_db()
    assert sitting.total == 0 and sitting.band_id == "negative"


def test_the_home_pages_glance_names_what_the_outlook_does_with_a_sitting_started(
    personas: Personas, client_for: ClientFor
) -> None:
    """The home panel reads the schedules alone (no sittings): what it names, in which order,
    and the next day must be the questionnaires page's, also with a sitting started."""
    client = client_for(personas.partner_a)
    start(client)  # PHQ-9 started, not finished
    later = timezone.localdate() + timedelta(days=9)
    Schedule.objects.filter(user=personas.partner_a, instrument_id="gad7").update(next_due=later)
    outlook, seen = access.outlook(personas.partner_a), access.glance(personas.partner_a)
    assert [d.instrument.id for d in outlook.due] == ["phq9", "csi4"]
    assert outlook.due[0].started is not None
    assert seen.due == [d.instrument for d in outlook.due]
    assert seen.coming_up == outlook.coming_up == [(outlook.coming_up[0][0], later)]
    home = client.get("/").content.decode()
    assert "PHQ-9, CSI-4 are ready when you have a few minutes." in home
