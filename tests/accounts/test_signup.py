import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, override_settings

from hearth.accounts.models import AccountEvent, User
from hearth.core.models import AuditEvent
from tests.conftest import Response

GOOD = {
    "email": "New.Person@Example.test",
    "display_name": "Nova",
    "password": "a long and unusual pass 7",
    "password_again": "a long and unusual pass 7",
    "adult": "on",
    "privacy": "on",
}


def finish_link(address: str) -> str:
    """The path of the one sign-up link emailed to ``address``."""
    letters = [m for m in mail.outbox if m.to == [address]]
    assert len(letters) == 1, [m.subject for m in mail.outbox]
    found = re.findall(r"https?://\S+(/signup/finish/\S+/)", str(letters[0].body))
    assert len(found) == 1, letters[0].body
    return str(found[0])


def sign_up_by_email(client: Client, data: dict[str, str], page: str = "/signup/") -> Response:
    """Send the form, open the emailed link, press its button: the final answer."""
    sent = client.post(page, data)
    assert sent.status_code == 302 and sent["Location"] == "/signup/sent/"
    link = finish_link(data["email"].lower())
    assert client.get(link).status_code == 200
    return client.post(link)


@pytest.mark.django_db
def test_the_signup_page_shows_the_privacy_notice_before_any_question(client: Client) -> None:
    body = client.get("/signup/").content.decode()
    assert body.index("your privacy") < body.index('name="email"')
    assert "sends nothing to other companies" in body


@pytest.mark.django_db
def test_a_person_signs_up_and_is_signed_in(client: Client) -> None:
    response = sign_up_by_email(client, GOOD)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.person@example.test"
    assert user.role == User.Role.MEMBER
    assert user.has_accepted_privacy and user.adult_attested_at is not None
    assert user.password.startswith("argon2$")
    assert client.get("/account/").status_code == 200
    assert AuditEvent.objects.filter(kind=AccountEvent.SIGNED_UP, actor=user).exists()


@pytest.mark.django_db
def test_nothing_is_made_until_the_button_on_the_link_is_pressed(client: Client) -> None:
    client.post("/signup/", GOOD)
    link = finish_link("new.person@example.test")
    assert User.objects.count() == 0
    # Opening the link (as a mail scanner would) shows the button and makes nothing.
    page = Client().get(link)
    assert "Create my account" in page.content.decode()
    assert User.objects.count() == 0
    assert Client().post(link).status_code == 302
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_a_link_works_once_even_after_the_account_is_deleted(client: Client) -> None:
    client.post("/signup/", GOOD)
    link = finish_link("new.person@example.test")
    assert client.post(link).status_code == 302
    again = Client().post(link)
    assert again.status_code == 410 and "no longer works" in again.content.decode()
    User.objects.get().delete()
    reopened = Client().post(link)
    assert reopened.status_code == 410
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_a_changed_or_old_link_makes_nothing(client: Client) -> None:
    from hearth.accounts import signup

    client.post("/signup/", GOOD)
    link = finish_link("new.person@example.test")
    token = link.rstrip("/").rsplit("/", 1)[1]
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    assert Client().post(f"/signup/finish/{flipped}/").status_code == 410
    made = signup.open_link(token)
    assert made is not None
    assert signup.open_link(token, now=made.made_at + 24 * 3600 + 1) is None
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_the_link_does_not_hold_the_password_in_the_clear(client: Client) -> None:
    client.post("/signup/", GOOD)
    body = mail.outbox[0].body
    assert GOOD["password"] not in body and "argon2" not in body and "Nova" not in body


@pytest.mark.django_db
def test_a_clinician_signs_up_as_a_clinician(client: Client) -> None:
    sign_up_by_email(client, GOOD, page="/signup/clinician/")
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
    """The second sign-up answers exactly as a new address does; only the owner's mailbox
    learns that the address has an account, and nothing new is made."""
    sign_up_by_email(client, GOOD)
    mail.outbox.clear()
    other = Client()
    response = other.post("/signup/", {**GOOD, "email": "NEW.PERSON@example.TEST"})
    fresh = Client().post("/signup/", {**GOOD, "email": "someone.else@example.test"})
    assert response.status_code == fresh.status_code == 302
    assert response["Location"] == fresh["Location"] == "/signup/sent/"
    assert "already has an account" not in other.get(response["Location"]).content.decode()
    (note,) = [m for m in mail.outbox if m.to == ["new.person@example.test"]]
    assert "You already have one" in note.body and "/password/reset/" in note.body
    assert "/signup/finish/" not in note.body
    assert User.objects.filter(email="new.person@example.test").count() == 1


@pytest.mark.django_db
def test_signup_returns_to_the_invitation_it_came_from(client: Client) -> None:
    response = sign_up_by_email(client, {**GOOD, "next": "/join/abc/"})
    assert response["Location"] == "/join/abc/"


@pytest.mark.django_db
def test_signup_never_redirects_to_another_site(client: Client) -> None:
    response = sign_up_by_email(client, {**GOOD, "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_new_accounts_from_one_address_are_limited(client: Client) -> None:
    with override_settings(SIGNUP_RATE_PER_IP=2):
        for n in range(2):
            answer = Client().post("/signup/", {**GOOD, "email": f"p{n}@example.test"})
            assert answer.status_code == 302
        refused = Client().post("/signup/", {**GOOD, "email": "p9@example.test"})
    assert "Too many new accounts" in refused.content.decode()
    assert not [m for m in mail.outbox if m.to == ["p9@example.test"]]
    assert not User.objects.filter(email="p9@example.test").exists()


@pytest.mark.django_db
def test_every_sign_up_try_counts_against_the_limit_valid_or_not(client: Client) -> None:
    """Probing with forms that fail (a short password, no consent) used to cost nothing."""
    with override_settings(SIGNUP_RATE_PER_IP=3):
        for change in ({"password": "short"}, {"adult": ""}, {"email": "not-an-email"}):
            assert Client().post("/signup/", {**GOOD, **change}).status_code == 200
        refused = Client().post("/signup/", GOOD)
    assert refused.status_code == 429
    assert "Too many new accounts" in refused.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_at_most_three_sign_up_emails_an_hour_go_to_one_address(client: Client) -> None:
    for n in range(5):
        answer = Client().post("/signup/", GOOD, REMOTE_ADDR=f"10.3.{n}.1")
        assert answer.status_code == 302 and answer["Location"] == "/signup/sent/"
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_a_sign_up_in_german_gets_german_pages_and_email(client: Client) -> None:
    client.cookies["django_language"] = "de"
    sent = client.post("/signup/", GOOD, follow=True)
    assert "Sehen Sie in Ihre E-Mails" in sent.content.decode()
    (letter,) = mail.outbox
    assert letter.subject == "Konto fertig anlegen"
    assert "öffnen Sie diesen Link" in letter.body
    page = client.get(finish_link("new.person@example.test"))
    assert "Mein Konto anlegen" in page.content.decode()
    client.post(finish_link("new.person@example.test"))
    assert User.objects.get().language == "de"


@pytest.mark.django_db
def test_the_note_to_a_known_address_is_in_the_owners_language_not_the_senders(
    client: Client,
) -> None:
    """Whoever fills in the form chooses its language; the note goes to the owner, who reads
    it in the language they chose for their account."""
    german = Client()
    german.cookies["django_language"] = "de"
    sign_up_by_email(german, GOOD)
    assert User.objects.get().language == "de"
    mail.outbox.clear()
    client.cookies["django_language"] = "en"
    answer = client.post("/signup/", GOOD)
    assert answer.status_code == 302 and answer["Location"] == "/signup/sent/"
    (note,) = mail.outbox
    assert note.subject == "Konto fertig anlegen"
    assert "Sie haben schon eines" in note.body
    assert "You already have one" not in note.body


@pytest.mark.django_db
def test_two_links_for_one_address_pressed_at_once_answer_clearly_not_with_an_error() -> None:
    """Two sign-ups for a new address send two links. If the second link's account is
    made between the first link's check and its insert (two presses at the same moment),
    the first answers "already has an account", not a server error. (The other press runs
    on the same database connection here, so it is rolled back with the first: only the
    answer is checked.)"""
    first, second = Client(), Client()
    first.post("/signup/", GOOD)
    (letter,) = mail.outbox
    mail.outbox.clear()
    second.post("/signup/", GOOD)
    later = finish_link("new.person@example.test")
    mail.outbox[:] = [letter]
    sooner = finish_link("new.person@example.test")

    def other_press_lands_after_the_check(execute: Any, sql: str, *args: Any) -> Any:
        result = execute(sql, *args)
        if "accounts_user" in sql and sql.lstrip().upper().startswith("SELECT") and not pressed:
            pressed.append(True)
            assert second.post(later).status_code == 302  # the other press made the account
        return result

    pressed: list[bool] = []
    with connection.execute_wrapper(other_press_lands_after_the_check):
        response = first.post(sooner)
    assert pressed and response.status_code == 410  # as when pressed after the other one
    assert "already has an account" in response.content.decode()
