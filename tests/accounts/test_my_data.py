"""My data: the export (JSON and FHIR) and deleting an account for good."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client

from hearth.accounts import actions
from hearth.accounts.models import AccountEvent, User
from hearth.core import audit
from hearth.core.models import AuditEvent
from hearth.couples import actions as couple_actions
from hearth.couples.models import Couple, Invitation, Membership
from hearth.measures import actions as measure_actions
from hearth.measures.models import Schedule
from tests.accounts.twostep import next_code, turn_on
from tests.conftest import PASSWORD, ClientFor, Personas


def confirmed(client: Client) -> Client:
    client.post("/account/confirm/", {"password": PASSWORD})
    return client


@pytest.fixture
def ada(personas: Personas, client_for: ClientFor) -> Client:
    return confirmed(client_for(personas.partner_a))


# --- Export ---------------------------------------------------------------------------------


def test_the_account_page_offers_export_and_deletion(
    personas: Personas, client_for: ClientFor
) -> None:
    page = client_for(personas.partner_a).get("/account/").content.decode()
    assert "My data" in page
    assert 'href="/account/my-data/"' in page and 'href="/account/delete/"' in page


def test_the_json_export_holds_the_account_activity_and_each_app(
    personas: Personas, ada: Client
) -> None:
    measure_actions.ensure_schedules(personas.partner_a)
    response = ada.post("/account/my-data/json/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "partner_a@example.test"
    assert data["account"]["display_name"] == "Ada"
    assert "measures" in data["apps"] and data["apps"]["measures"]
    assert any(event["kind"] == "account.confirmed" for event in data["activity"])


def test_the_export_never_holds_the_password_hash_or_secrets(
    personas: Personas, client_for: ClientFor
) -> None:
    turn_on(personas.partner_a)
    client = client_for(personas.partner_a)
    client.post("/account/confirm/", {"password": PASSWORD, "code": next_code(personas.partner_a)})
    body = client.post("/account/my-data/json/").content.decode()
    secret = personas.partner_a.two_factor.secret
    assert personas.partner_a.password not in body and "argon2" not in body
    assert secret not in body and '"two_step_sign_in": true' in body


def test_the_fhir_export_is_a_bundle(ada: Client) -> None:
    response = ada.post("/account/my-data/fhir/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    bundle = json.loads(response.content)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"


def test_each_download_is_written_to_the_activity_log(personas: Personas, ada: Client) -> None:
    ada.post("/account/my-data/json/")
    ada.post("/account/my-data/fhir/")
    events = AuditEvent.objects.filter(kind="account.exported", subject=personas.partner_a)
    assert sorted(e.detail["format"] for e in events) == ["fhir", "json"]
    assert "Your data was downloaded" in ada.get("/account/").content.decode()


@pytest.mark.parametrize("path", ["/account/my-data/json/", "/account/my-data/fhir/"])
def test_downloads_need_a_recent_password(
    personas: Personas, client_for: ClientFor, path: str
) -> None:
    response = client_for(personas.partner_a).post(path)
    assert response.status_code == 302 and response["Location"].startswith("/account/confirm/")
    assert not AuditEvent.objects.filter(kind="account.exported").exists()


@pytest.mark.parametrize("path", ["/account/my-data/json/", "/account/my-data/fhir/"])
def test_downloads_are_form_posts_only(ada: Client, path: str) -> None:
    assert ada.get(path).status_code == 405


def test_the_export_holds_only_the_persons_own_data(personas: Personas, ada: Client) -> None:
    body = ada.post("/account/my-data/json/").content.decode()
    assert "partner_b@example.test" not in body and "Cleo" not in body


# --- Deletion -------------------------------------------------------------------------------


def references_to(user_id: int) -> list[str]:
    """Every row in any table whose foreign key still points at this user id."""
    user_model = get_user_model()
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey | models.OneToOneField) and (
                field.related_model is user_model
            ):
                rows = model._default_manager.filter(**{field.attname: user_id}).count()
                if rows:
                    found.append(f"{model._meta.label}.{field.name}: {rows}")
    return found


def test_deleting_needs_the_typed_word_and_keeps_everything_otherwise(
    personas: Personas, ada: Client
) -> None:
    for typed in ["", "delete me", "x" * 5000, "<b>DELETE</b>"]:
        response = ada.post("/account/delete/", {"confirm": typed})
        assert response.status_code == 400
        assert "Please type DELETE to confirm." in response.content.decode()
    assert User.objects.filter(pk=personas.partner_a.pk).exists()
    assert not AuditEvent.objects.filter(kind="account.deleted").exists()


def test_deleting_needs_a_recent_password(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    response = client.post("/account/delete/", {"confirm": "DELETE"})
    assert response["Location"].startswith("/account/confirm/")
    assert User.objects.filter(pk=personas.partner_a.pk).exists()


def test_deleting_removes_the_person_and_signs_them_out(personas: Personas, ada: Client) -> None:
    response = ada.post("/account/delete/", {"confirm": "delete"})
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert not User.objects.filter(pk=personas.partner_a.pk).exists()
    assert ada.get("/account/").status_code == 302
    refused = Client().post("/login/", {"email": "partner_a@example.test", "password": PASSWORD})
    assert "do not match an account" in refused.content.decode()


def test_after_deletion_no_table_points_at_the_person(personas: Personas, ada: Client) -> None:
    ada_id = personas.partner_a.pk
    turn_on(personas.partner_a)
    couple_actions.leave_couple(personas.partner_a)
    invitation = couple_actions.create_invitation(personas.partner_a)
    couple_actions.accept_invitation(personas.partner_b, invitation.invitation.pk)
    other = couple_actions.create_invitation(personas.solo)
    Invitation.objects.filter(pk=other.invitation.pk).update(used_by=personas.partner_a)
    measure_actions.ensure_schedules(personas.partner_a)
    audit.record(AccountEvent.SIGNED_IN, actor=personas.partner_a)
    assert len(references_to(ada_id)) >= 5  # the scan does see what there is

    actions.delete_account(personas.partner_a)
    assert references_to(ada_id) == []
    assert not Schedule.objects.filter(user_id=ada_id).exists()


def test_activity_rows_stay_with_a_pseudonym_only(personas: Personas) -> None:
    ada_id = personas.partner_a.pk
    actions.delete_account(personas.partner_a)
    deleted = AuditEvent.objects.get(kind="account.deleted")
    assert deleted.actor_id is None and deleted.actor_ref == f"user-{ada_id}"
    assert not AuditEvent.objects.filter(actor_ref__contains="@").exists()


def test_the_partner_sees_the_neutral_notice_and_keeps_their_data(
    personas: Personas, client_for: ClientFor
) -> None:
    measure_actions.ensure_schedules(personas.partner_b)
    kept = Schedule.objects.filter(user=personas.partner_b).count()
    actions.delete_account(personas.partner_a)
    assert not Membership.objects.filter(user=personas.partner_b, left_at__isnull=True).exists()
    assert Couple.objects.get(pk=personas.couple.pk).ended_at is not None
    home = client_for(personas.partner_b).get("/").content.decode()
    assert "You are not linked with a partner any more." in home
    assert Schedule.objects.filter(user=personas.partner_b).count() == kept
    assert User.objects.filter(pk=personas.partner_b.pk).exists()


def test_deleting_one_person_leaves_everyone_else_alone(personas: Personas) -> None:
    before = User.objects.count()
    actions.delete_account(personas.solo)
    assert User.objects.count() == before - 1
    assert (
        Membership.objects.filter(couple=personas.other_couple, left_at__isnull=True).count() == 2
    )
