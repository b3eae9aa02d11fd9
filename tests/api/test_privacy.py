"""What the API shows one person of another: exactly what the web shows, through the same
functions. Prompt answers wait for both; a "no" on the wishes list is never revealed; one
person's safety answers never appear in anyone else's responses."""

from __future__ import annotations

from hearth.accounts.actions import EXPORTED
from hearth.checkins.content import prompts, wish_items
from hearth.clinic.models import CareLink
from hearth.core.models import AuditEvent
from hearth.couples import sharing
from hearth.safety.models import RiskEvent
from tests.api.conftest import ApiFor, World
from tests.conftest import Personas


def test_a_partner_s_prompt_answer_shows_only_once_both_have_answered(
    personas: Personas, api_for: ApiFor
) -> None:
    ada, ben = api_for(personas.partner_a), api_for(personas.partner_b)
    assert ada.put("/talk/good_moment", {"text": "Our walk on Sunday"}).status_code == 200
    waiting = next(p for p in ben.get("/talk").json() if p["id"] == "good_moment")
    assert waiting["partner_answered"] is True and waiting["partner_answer"] is None
    assert "Sunday" not in ben.get("/talk").content.decode()
    shown = ben.put("/talk/good_moment", {"text": "The rainy picnic"}).json()
    assert shown["partner_answer"] == "Our walk on Sunday"


def test_a_no_on_the_wishes_list_is_never_revealed(personas: Personas, api_for: ApiFor) -> None:
    ada, ben = api_for(personas.partner_a), api_for(personas.partner_b)
    items = ada.get("/wishes").json()
    assert items["matches"] == []
    item_ids = [w.id for w in wish_items()]
    first, second = item_ids[:2]
    ada.put("/wishes", {"choices": {first: "yes", second: "yes"}})
    ben.put("/wishes", {"choices": {first: "maybe", second: "no"}})
    seen_by_ada = ada.get("/wishes").json()
    assert [m["id"] for m in seen_by_ada["matches"]] == [first]
    assert seen_by_ada["mine"] == {first: "yes", second: "yes"}
    assert '"no"' not in ada.get("/wishes").content.decode()


def test_prompts_and_matches_come_in_each_person_s_language_matched_by_id(
    personas: Personas, api_for: ApiFor
) -> None:
    ada, ben = api_for(personas.partner_a), api_for(personas.partner_b)
    ada.headers["Accept-Language"] = "de"
    assert [p["text"] for p in ada.get("/talk").json()] == [p.text for p in prompts("de")]
    assert [p["id"] for p in ada.get("/talk").json()] == [p.id for p in prompts("en")]
    ada.put("/wishes", {"choices": {"hold_hands": "yes", "cuddle": "yes"}})
    ben.put("/wishes", {"choices": {"hold_hands": "maybe", "cuddle": "no"}})
    german = {w.id: w.label for w in wish_items("de")}
    english = {w.id: w.label for w in wish_items("en")}
    assert ada.get("/wishes").json()["matches"] == [
        {"id": "hold_hands", "label": german["hold_hands"]}
    ]
    assert ben.get("/wishes").json()["matches"] == [
        {"id": "hold_hands", "label": english["hold_hands"]}
    ]


def test_an_unsafe_check_in_helps_its_author_and_tells_the_partner_nothing(
    personas: Personas, api_for: ApiFor
) -> None:
    ada, ben = api_for(personas.partner_a), api_for(personas.partner_b)
    saved = ada.put("/checkins/today", {"mood": 1, "danger_from_someone": True}).json()
    assert saved["support"]["show_crisis_resources"] is True
    assert saved["support"]["danger_from_someone"] is True
    resources = saved["support"]["resources"]
    assert [r["kind"] for r in resources][:2] == ["abuse", "sexual_violence"]
    assert resources[0]["tel_url"] == "tel:18007997233" and resources[-1]["emergency"]
    assert RiskEvent.objects.filter(user=personas.partner_a).exists()  # respond() was called
    for path in ("/me", "/couple", "/checkins", "/insights/couple", "/talk", "/wishes"):
        body = ben.get(path).content.decode().lower()
        assert "unsafe" not in body and "crisis" not in body, path


def test_an_old_client_s_single_unsafe_box_still_gets_help_and_a_pause(
    personas: Personas, api_for: ApiFor
) -> None:
    saved = api_for(personas.partner_a).put("/checkins/today", {"feels_unsafe": True}).json()
    assert saved["checkin"]["feels_unsafe"] is True
    assert saved["support"]["danger_from_someone"] is True
    event = RiskEvent.objects.get(user=personas.partner_a)
    assert event.reasons == ["checkin_unsafe"] and event.pauses_couple


def test_bad_check_in_values_get_the_web_form_s_words_and_save_nothing(
    personas: Personas, api_for: ApiFor
) -> None:
    response = api_for(personas.solo).put("/checkins/today", {"mood": 11})
    assert response.status_code == 422
    assert response.json()["fields"] == {"mood": "Please enter a whole number from 0 to 10."}
    assert api_for(personas.solo).get("/checkins").json() == []


def test_the_relationship_safety_check_has_no_endpoint(personas: Personas) -> None:
    from hearth.api.v1.api import api

    paths = " ".join(api.get_openapi_schema(path_prefix="")["paths"])
    for word in ("screen", "safety", "coercion", "risk"):
        assert word not in paths


def test_a_clinician_sees_a_scope_only_while_it_is_granted(world: World, api_for: ApiFor) -> None:
    doctor = api_for(world.consented_clinician)
    a = world.people.partner_a.pk
    assert doctor.get(f"/clinic/clients/{a}/results").json()[0]["instrument_id"] == "phq9"
    care = CareLink.objects.get(client=world.people.partner_a)
    sharing.choose(world.people.partner_a, sharing.THERAPIST, "results", set(), link=care)
    response = doctor.get(f"/clinic/clients/{a}/results")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    reads = AuditEvent.objects.filter(actor=world.consented_clinician, subject_id=a)
    assert reads.filter(detail__what="api_results").count() == 1


def test_a_partner_never_sees_another_s_private_reflection(world: World, api_for: ApiFor) -> None:
    ben = api_for(world.people.partner_b)
    detail = ben.get(f"/program/sessions/{world.session.pk}").json()
    assert detail["partner_reflections"] == []
    own = ben.get(f"/program/sessions/{world.session.pk}/reflection")
    assert own.status_code == 404
    ada = api_for(world.people.partner_a)
    ada.put(f"/program/sessions/{world.session.pk}/reflection/sharing", {"partner": ["text"]})
    shared = ben.get(f"/program/sessions/{world.session.pk}").json()["partner_reflections"]
    assert shared == [{"numbers": None, "distractions": "", "text": "A quiet evening"}]


def test_the_export_is_the_accounts_export_and_leaves_an_audit_row(
    personas: Personas, api_for: ApiFor
) -> None:
    response = api_for(personas.partner_a).get("/me/export")
    assert response.status_code == 200
    data = response.json()
    assert (
        data["format"] == "hearth-export" and data["account"]["email"] == "partner_a@example.test"
    )
    assert "api" in data["apps"]
    assert AuditEvent.objects.filter(kind=EXPORTED, actor=personas.partner_a).count() == 1
    read_only = api_for(personas.partner_a, ("read",)).get("/me/export")
    assert read_only.status_code == 403
