"""The API follows the same sharing rules as the pages: partner and therapist apart, the
session log only with both partners' yes, and each clinician read in the client's log."""

from __future__ import annotations

from django.utils import timezone

from hearth.core.models import AuditEvent
from hearth.program.models import Readiness
from tests.api.conftest import ApiFor, World
from tests.factories import care_link


def test_while_the_log_waits_the_clinician_gets_only_the_clients_own_session_days(
    world: World, api_for: ApiFor
) -> None:
    a = world.people.partner_a
    Readiness.objects.create(session=world.session, user=a, answer="ready")
    doctor = api_for(world.consented_clinician)
    response = doctor.get(f"/clinic/clients/{a.pk}/participation")
    assert response.status_code == 200
    assert response.json() == {
        "days": [timezone.localdate(world.session.readiness.get().created_at).isoformat()]
    }
    assert doctor.get(f"/clinic/clients/{a.pk}/sessions").status_code == 404
    client = doctor.get(f"/clinic/clients/{a.pk}").json()
    assert client["scopes"]["participation"] and not client["scopes"]["sessions"]
    # The caseload (read with EXISTS columns) says exactly what shared_with says.
    listed = {row["client_id"]: row["scopes"] for row in doctor.get("/clinic/clients").json()}
    assert listed[a.pk] == client["scopes"]
    assert client["scopes"]["reflections"] and client["scopes"]["checkins"]
    reads = AuditEvent.objects.filter(
        kind="clinic.viewed", subject=a, detail__what="api_participation"
    )
    assert reads.count() == 1 and reads.get().actor == world.consented_clinician
    # Ben says yes to the same clinician: now the log itself, and no longer only the days.
    care_link(world.people.partner_b, world.consented_clinician, sessions=True)
    sessions = doctor.get(f"/clinic/clients/{a.pk}/sessions")
    assert sessions.status_code == 200 and sessions.json()[0]["exercise"]
    assert doctor.get(f"/clinic/clients/{a.pk}/participation").status_code == 404


def test_reflection_parts_go_to_the_partner_or_the_therapist_apart(
    world: World, api_for: ApiFor
) -> None:
    a, b = world.people.partner_a, world.people.partner_b
    ada, ben, doctor = api_for(a), api_for(b), api_for(world.consented_clinician)
    sharing = f"/program/sessions/{world.session.pk}/reflection/sharing"
    reflections = f"/clinic/clients/{a.pk}/reflections"
    made = ada.put(sharing, {"therapist": ["text"]})
    assert made.status_code == 200
    assert made.json()["shared"] == {"partner": [], "therapist": ["text"]}
    assert ben.get(f"/program/sessions/{world.session.pk}").json()["partner_reflections"] == []
    assert [r["text"] for r in doctor.get(reflections).json()] == ["A quiet evening"]
    ada.put(sharing, {"partner": ["text"]})
    shared = ben.get(f"/program/sessions/{world.session.pk}").json()["partner_reflections"]
    assert shared == [{"numbers": None, "distractions": "", "text": "A quiet evening"}]
    assert doctor.get(reflections).status_code == 404  # nothing shared with them any more


def test_a_safety_alert_cannot_be_asked_for_a_partner_over_the_api(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.people.partner_a).put(
        f"/program/sessions/{world.session.pk}/reflection/sharing", {"partner": ["risk_alerts"]}
    )
    assert response.status_code == 422  # only reflection parts exist here


def test_checkin_numbers_go_to_the_therapist_only_when_chosen_for_them(
    world: World, api_for: ApiFor
) -> None:
    a = world.people.partner_a
    ada, doctor = api_for(a), api_for(world.consented_clinician)
    ada.put("/checkins/today", {"mood": 4, "stress": 7})
    chosen = ada.put("/insights/sharing", {"measures": ["stress"], "therapist": []})
    assert chosen.json() == {"measures": ["stress"], "therapist": []}
    assert doctor.get(f"/clinic/clients/{a.pk}/checkins").status_code == 404
    chosen = ada.put("/insights/sharing", {"therapist": ["mood"]})
    assert chosen.json() == {"measures": ["stress"], "therapist": ["mood"]}
    table = doctor.get(f"/clinic/clients/{a.pk}/checkins").json()
    assert table["measures"] == ["mood"]
    assert table["rows"][0]["mood"] == 4 and "stress" not in table["rows"][0]
