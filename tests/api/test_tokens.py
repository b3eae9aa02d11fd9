"""Personal access keys: bad keys get stable JSON errors, limits per key, and the keys page
(making a key needs the password again; shown once; stored only as a digest; turned off)."""

from __future__ import annotations

import time
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from hearth.accounts.sudo import SESSION_KEY
from hearth.api import tokens
from hearth.api.models import ApiToken
from hearth.core.models import AuditEvent
from tests.api.conftest import Api
from tests.conftest import ClientFor, Personas, Response


def confirmed(client: Client) -> Client:
    session = client.session
    session[SESSION_KEY] = time.time()
    session.save()
    return client


def code_of(response: Response) -> tuple[int, str]:
    code: str = response.json()["code"]
    return response.status_code, code


def test_a_good_key_reads_the_person_s_own_profile(personas: Personas) -> None:
    secret = tokens.create_token(personas.partner_a, "notes", ["read"], 30).secret
    response = Api(secret).get("/me")
    assert response.status_code == 200
    assert response.json()["email"] == "partner_a@example.test"
    assert response.json()["partner"] == {"display_name": "Ben"}


def test_an_expired_key_is_refused_with_invalid_token(personas: Personas) -> None:
    new = tokens.create_token(personas.partner_a, "old", ["read"], 1)
    ApiToken.objects.filter(pk=new.token.pk).update(expires_at=timezone.now() - timedelta(1))
    assert code_of(Api(new.secret).get("/me")) == (401, "invalid_token")


def test_a_revoked_key_stops_working_at_once(personas: Personas) -> None:
    new = tokens.create_token(personas.partner_a, "lost phone", ["read"], 30)
    assert Api(new.secret).get("/me").status_code == 200
    tokens.revoke_token(personas.partner_a, new.token.pk)
    assert code_of(Api(new.secret).get("/me")) == (401, "invalid_token")


def test_an_unknown_key_and_a_malformed_header_get_401(personas: Personas) -> None:
    assert code_of(Api("hth_not-a-real-key").get("/me")) == (401, "invalid_token")
    client = Client()
    for header in ("Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "hth_abc", "Token x"):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert code_of(response) == (401, "not_authenticated"), header


def test_a_read_only_key_cannot_change_anything(personas: Personas) -> None:
    secret = tokens.create_token(personas.partner_a, "reader", ["read"], 30).secret
    response = Api(secret).post("/couple/leave", {"confirm": True})
    assert code_of(response) == (403, "insufficient_scope")
    assert Api(secret).get("/couple").json()["linked"] is True


def test_a_key_of_a_deactivated_account_is_refused(personas: Personas) -> None:
    secret = tokens.create_token(personas.partner_a, "notes", ["read"], 30).secret
    personas.partner_a.is_active = False
    personas.partner_a.save()
    assert code_of(Api(secret).get("/me")) == (401, "invalid_token")


def test_each_key_has_its_own_rate_limit(personas: Personas) -> None:
    slow = tokens.create_token(personas.partner_a, "slow", ["read"], 30)
    ApiToken.objects.filter(pk=slow.token.pk).update(rate_per_minute=2)
    other = tokens.create_token(personas.partner_a, "other", ["read"], 30).secret
    api = Api(slow.secret)
    assert [api.get("/me").status_code for _ in range(2)] == [200, 200]
    limited = api.get("/me")
    assert code_of(limited) == (429, "rate_limited")
    assert Api(other).get("/me").status_code == 200


def test_only_a_digest_of_the_key_is_stored(personas: Personas) -> None:
    new = tokens.create_token(personas.partner_a, "notes", ["read"], 30)
    row = ApiToken.objects.get(pk=new.token.pk)
    assert new.secret not in (row.digest, row.name, row.hint)
    assert row.digest == tokens.digest(new.secret) and row.hint == new.secret[-4:]


def test_a_key_must_have_a_name_a_permission_and_at_most_a_year(personas: Personas) -> None:
    for name, scopes, days in [("", ["read"], 30), ("x", [], 30), ("x", ["read"], 366)]:
        try:
            tokens.create_token(personas.partner_a, name, scopes, days)
        except tokens.TokenError:
            continue
        raise AssertionError(f"accepted {name!r} {scopes} {days}")
    assert not ApiToken.objects.exists()


# --- the keys page ---------------------------------------------------------------------------


def test_the_keys_page_needs_a_signed_in_person(personas: Personas, client: Client) -> None:
    response = client.get("/api/tokens/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_making_a_key_asks_for_the_password_again(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    response = client.post("/api/tokens/new/", {"name": "n", "scopes": ["read"], "days": "30"})
    assert response.status_code == 302 and "/account/confirm/" in response["Location"]
    assert not ApiToken.objects.exists()


def test_a_new_key_is_shown_once_and_works(personas: Personas, client_for: ClientFor) -> None:
    client = confirmed(client_for(personas.partner_a))
    response = client.post(
        "/api/tokens/new/", {"name": "My notes app", "scopes": ["read"], "days": "30"}
    )
    assert response.status_code == 200
    secret = response.context["new_secret"]
    assert secret in response.content.decode()
    assert secret not in client.get("/api/tokens/").content.decode()
    assert Api(secret).get("/me").status_code == 200
    event = AuditEvent.objects.get(kind=tokens.CREATED)
    assert event.subject == personas.partner_a and secret not in str(event.detail)


def test_a_bad_form_shows_the_problems_and_makes_nothing(
    personas: Personas, client_for: ClientFor
) -> None:
    client = confirmed(client_for(personas.partner_a))
    response = client.post("/api/tokens/new/", {"name": "", "days": "9999"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please give the key a name." in page
    assert "Please choose at least one thing the key may do." in page
    assert not ApiToken.objects.exists()


def test_turning_a_key_off_from_the_page(personas: Personas, client_for: ClientFor) -> None:
    new = tokens.create_token(personas.partner_a, "notes", ["read"], 30)
    client = client_for(personas.partner_a)
    assert client.post(f"/api/tokens/{new.token.pk}/revoke/").status_code == 302
    assert Api(new.secret).get("/me").status_code == 401
    assert AuditEvent.objects.filter(kind=tokens.REVOKED).count() == 1


def test_nobody_can_turn_off_someone_else_s_key(personas: Personas, client_for: ClientFor) -> None:
    new = tokens.create_token(personas.partner_a, "Ada's diary sync", ["read"], 30)
    response = client_for(personas.partner_b).post(f"/api/tokens/{new.token.pk}/revoke/")
    assert response.status_code == 404
    assert Api(new.secret).get("/me").status_code == 200
    assert "diary sync" not in client_for(personas.partner_b).get("/api/tokens/").content.decode()


def test_the_keys_page_and_its_messages_are_easy_to_read(
    personas: Personas, client_for: ClientFor
) -> None:
    import re

    from hearth.api.forms import TokenForm
    from tests.reading import MAX_GRADE, grade

    page = client_for(personas.partner_a).get("/api/tokens/").content.decode()
    main = page.split("<main", 1)[-1].split("</main>", 1)[0]
    text = re.sub(r"<[^>]+>", " ", main)
    messages = [str(m) for f in TokenForm().fields.values() for m in f.error_messages.values()]
    for passage in (text, " ".join(messages)):
        assert grade(passage) <= MAX_GRADE, passage
