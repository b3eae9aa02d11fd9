import pytest
from django.test import Client

from hearth.accounts.models import AccountEvent, User
from hearth.core.models import AuditEvent

GOOD = {
    "email": "New.Person@Example.test",
    "display_name": "Nova",
    "password": "a long and unusual pass 7",
    "password_again": "a long and unusual pass 7",
    "adult": "on",
    "privacy": "on",
}


@pytest.mark.django_db
def test_the_signup_page_shows_the_privacy_notice_before_any_question(client: Client) -> None:
    body = client.get("/signup/").content.decode()
    assert body.index("your privacy") < body.index('name="email"')
    assert "sends nothing to other companies" in body


@pytest.mark.django_db
def test_a_person_signs_up_and_is_signed_in(client: Client) -> None:
    response = client.post("/signup/", GOOD)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.person@example.test"
    assert user.role == User.Role.MEMBER
    assert user.has_accepted_privacy and user.adult_attested_at is not None
    assert user.password.startswith("argon2$")
    assert client.get("/account/").status_code == 200
    assert AuditEvent.objects.filter(kind=AccountEvent.SIGNED_UP, actor=user).exists()


@pytest.mark.django_db
def test_a_clinician_signs_up_as_a_clinician(client: Client) -> None:
    client.post("/signup/clinician/", GOOD)
    assert User.objects.get().role == User.Role.CLINICIAN


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"adult": ""}, "adult", "only for adults"),
        ({"privacy": ""}, "privacy", "privacy notice"),
        ({"password": "short", "password_again": "short"}, "password", "too short"),
        ({"password": "password123", "password_again": "password123"}, "password", "too common"),
        ({"password_again": "something else 99"}, "password_again", "not the same"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"display_name": "   "}, "display_name", "required"),
    ],
)
def test_bad_signups_say_what_is_wrong_and_create_nothing(
    client: Client, change: dict[str, str], field: str, message: str
) -> None:
    response = client.post("/signup/", {**GOOD, **change})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors.lower() or message in errors
    assert User.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_an_email_can_have_only_one_account_whatever_its_case(client: Client) -> None:
    client.post("/signup/", GOOD)
    other = Client()
    response = other.post("/signup/", {**GOOD, "email": "NEW.PERSON@example.TEST"})
    assert "already has an account" in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_signup_returns_to_the_invitation_it_came_from(client: Client) -> None:
    response = client.post("/signup/?next=/join/abc/", GOOD)
    assert response["Location"] == "/join/abc/"


@pytest.mark.django_db
def test_signup_never_redirects_to_another_site(client: Client) -> None:
    response = client.post("/signup/", {**GOOD, "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_new_accounts_from_one_address_are_limited(client: Client) -> None:
    from django.test import override_settings

    with override_settings(SIGNUP_RATE_PER_IP=2):
        for n in range(2):
            assert (
                Client().post("/signup/", {**GOOD, "email": f"p{n}@example.test"}).status_code
                == 302
            )
        refused = Client().post("/signup/", {**GOOD, "email": "p9@example.test"})
    assert "Too many new accounts" in refused.content.decode()
    assert not User.objects.filter(email="p9@example.test").exists()
