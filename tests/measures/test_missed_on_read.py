"""A questionnaire whose time ran out reads as missed on every page, and opening a page
stores nothing: the next change, or `hearth housekeeping`, stores it (with its audit row)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.core.models import AuditEvent
from hearth.measures import actions
from hearth.measures.models import Administration, Schedule
from hearth.ops import housekeeping
from tests.api.conftest import Api, token_for
from tests.conftest import Personas
from tests.measures.web import form, start

EIGHT_DAYS_AGO = timezone.localdate() - timedelta(days=8)


def closed_sitting(client: Client, user: User) -> Administration:
    """A PHQ-9 started, one page answered, and its week over since yesterday."""
    sitting = start(client)
    client.post(
        f"/questionnaires/sitting/{sitting.pk}/", form({f"q{i}": 1 for i in range(1, 6)}, 0)
    )
    Administration.objects.filter(pk=sitting.pk).update(
        due_date=EIGHT_DAYS_AGO, window_end=EIGHT_DAYS_AGO + timedelta(days=7)
    )
    Schedule.objects.filter(user=user, instrument_id="phq9").update(next_due=EIGHT_DAYS_AGO)
    return sitting


def stored(user: User) -> tuple[Any, ...]:
    return (
        list(Administration.objects.filter(user=user).values_list("pk", "status")),
        sorted(Schedule.objects.filter(user=user).values_list("instrument_id", "next_due")),
        AuditEvent.objects.filter(kind=actions.MISSED).count(),
    )


def test_a_closed_window_reads_as_missed_and_opening_pages_stores_nothing(
    personas: Personas, client_for: Any
) -> None:
    client = client_for(personas.solo)
    sitting = closed_sitting(client, personas.solo)
    before = stored(personas.solo)

    response = client.get(f"/questionnaires/sitting/{sitting.pk}/", follow=True)
    assert response.redirect_chain == [("/questionnaires/", 302)]
    page = response.content.decode()
    assert "The time to finish this one has passed" in page
    assert "Carry on with PHQ-9" not in page and "Start PHQ-9" not in page
    assert client.get("/").status_code == 200
    api = Api(token_for(personas.solo))
    shown = api.get(f"/questionnaires/sittings/{sitting.pk}").json()
    assert shown["status"] == "missed"
    due = [d["instrument_id"] for d in api.get("/questionnaires/due").json()]
    assert "phq9" not in due

    assert stored(personas.solo) == before


def test_housekeeping_stores_what_the_pages_showed_once(
    personas: Personas, client_for: Any
) -> None:
    sitting = closed_sitting(client_for(personas.solo), personas.solo)
    assert {o.name: o.count for o in housekeeping.run()}["missed_questionnaires"] == 1
    sitting.refresh_from_db()
    assert sitting.status == "missed" and sitting.total is None
    schedule = Schedule.objects.get(user=personas.solo, instrument_id="phq9")
    assert schedule.next_due == EIGHT_DAYS_AGO + timedelta(days=14)  # the rhythm is kept
    missed = AuditEvent.objects.get(kind=actions.MISSED)
    assert (missed.actor_id, missed.detail) == (personas.solo.pk, {"administration": sitting.pk})
    after = stored(personas.solo)
    assert {o.name: o.count for o in housekeeping.run()}["missed_questionnaires"] == 0
    assert stored(personas.solo) == after


def test_a_first_visit_shows_the_baseline_without_storing_it(
    personas: Personas, client_for: Any
) -> None:
    """Before anything is started the list shows every offered questionnaire as due today;
    the schedules are stored when the person starts one."""
    client = client_for(personas.solo)
    page = client.get("/questionnaires/").content.decode()
    assert "Start PHQ-9" in page
    assert not Schedule.objects.filter(user=personas.solo).exists()
    start(client)
    assert Schedule.objects.filter(user=personas.solo, instrument_id="phq9").exists()


def test_the_clinician_sees_what_the_clients_own_list_shows_before_anything_is_stored(
    personas: Personas, client_for: Any
) -> None:
    """A client who opened their list but started nothing: the caseload and the client page
    show the same baseline questionnaires due today, though no schedule is stored yet."""
    from tests.clinic.test_caseload import cell, row_of
    from tests.factories import care_link

    care_link(personas.solo, personas.clinician, results=True)
    client_for(personas.solo).get("/questionnaires/")
    assert not Schedule.objects.filter(user=personas.solo).exists()
    clinician = client_for(personas.clinician)
    due = cell(row_of(clinician.get("/clinic/").content.decode(), personas.solo), "due")
    assert "PHQ-9" in due and "GAD-7" in due and "CSI-4" not in due
    page = clinician.get(f"/clinic/clients/{personas.solo.pk}/").content.decode()
    assert "PHQ-9" in page and timezone.localdate().isoformat() in page
