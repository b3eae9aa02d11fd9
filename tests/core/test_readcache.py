"""Kept pages (hearth/core/readcache.py): a change shows on the very next load, whoever made
it; a kept page is never anyone else's; it is the page a fresh build gives, but for the
form tokens.

Each test first makes every browser it needs (signing in writes, and a write outside a
request gives everyone a new stamp), then proves the page is kept (its load takes only the
kept page's queries), then makes the change and loads the page again with the same browser.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from hearth.checkins.models import CheckIn
from hearth.clinic.models import CareLink
from hearth.core import readcache
from hearth.core.models import ReadStamp
from tests.clinic.conftest import confirmed
from tests.conftest import ClientFor, Personas, present
from tests.factories import care_link, sitting

KEPT = 1  # the session, read with the person and the stamps
KEPT_CLINICIAN = 2  # and the two-step check
TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
NOTE = "We cooked dinner together and laughed."


def strip_tokens(body: bytes) -> bytes:
    return TOKEN.sub(b"TOKEN", body)


def load(client: Client, url: str) -> tuple[str, int]:
    """The page's text and how many queries its load took."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode(), len(captured)


def kept_page(client: Client, url: str, queries: int = KEPT) -> str:
    """Load the page until it is kept, and prove it: the last load took the kept queries."""
    client.get(url)
    body, count = load(client, url)
    if count != queries:
        body, count = load(client, url)
    assert count == queries, f"{url} is not kept: {count} queries"
    return body


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    readcache.forget_all()


@pytest.fixture
def world(personas: Personas, client_for: ClientFor) -> dict[str, Client]:
    """Ada and Ben's therapist, and a browser for each of the three (made up front)."""
    care_link(personas.partner_a, personas.clinician, results=True, sessions=True)
    care_link(personas.partner_b, personas.clinician, results=True, sessions=True)
    return {
        "ada": client_for(personas.partner_a),
        "ben": client_for(personas.partner_b),
        "dr": client_for(personas.clinician),
    }


# --- The next load shows every kind of change ---------------------------------------------


def test_the_persons_own_write_shows_on_the_next_load(
    personas: Personas, world: dict[str, Client]
) -> None:
    ada = world["ada"]
    assert NOTE not in kept_page(ada, "/checkins/")
    assert ada.post("/checkins/", {"mood": "6", "note": NOTE}).status_code == 302
    ada.get("/checkins/")  # shows "saved" once
    body, _ = load(ada, "/checkins/")
    assert NOTE in body
    assert "Thank you. Your check-in for today is saved." not in body


def test_the_partners_write_shows_on_the_next_load(
    personas: Personas, world: dict[str, Client]
) -> None:
    ada = world["ada"]
    assert "Ben" in kept_page(ada, "/")
    assert world["ben"].post("/partner/leave/", {"confirm": "on"}).status_code == 302
    body, _ = load(ada, "/")
    assert "not linked with a partner any more" in body and "Ben" not in body


def test_the_therapists_write_shows_on_both_partners_next_load(
    personas: Personas, world: dict[str, Client]
) -> None:
    for who in ("ada", "ben"):
        assert "From your therapist" not in kept_page(world[who], "/")
    homework = {
        "stage": "couple-0",
        "exercises": ["hand-touch"],
        "instructions": "Try the hand massage twice this week.",
        "with_partner": "on",
    }
    url = f"/clinic/clients/{personas.partner_a.pk}/homework/"
    assert world["dr"].post(url, homework).status_code == 302
    for who in ("ada", "ben"):
        body, _ = load(world[who], "/")
        assert "Try the hand massage twice this week." in body


def test_a_clients_write_shows_on_the_therapists_next_load(
    personas: Personas, world: dict[str, Client]
) -> None:
    assert "Ada" in kept_page(world["dr"], "/clinic/", KEPT_CLINICIAN)
    care = CareLink.objects.get(client=personas.partner_a)
    ended = world["ada"].post(f"/clinic/my-care/{care.pk}/end/", {f"end{care.pk}-confirm": "on"})
    assert ended.status_code == 302
    body, _ = load(world["dr"], "/clinic/")
    assert "Ada" not in body and "Ben" in body


def test_a_write_outside_any_request_shows_on_the_next_load(
    personas: Personas, world: dict[str, Client]
) -> None:
    """As the hourly jobs, a command or a thread write: straight to the database."""
    ada = world["ada"]
    newest = sitting(personas.partner_a, "phq9", 4, days_ago=3)
    url = f"/questionnaires/sitting/{newest.pk}/result/"
    before = kept_page(ada, url)
    sitting(personas.partner_a, "phq9", 14, days_ago=20)  # a first score to compare with
    after, _ = load(ada, url)
    first = "This is your first score."
    assert first in before and first not in after
    assert NOTE not in kept_page(ada, "/checkins/")
    CheckIn.objects.create(user=personas.partner_a, day=timezone.localdate(), mood=3, note=NOTE)
    assert NOTE in load(ada, "/checkins/")[0]


def test_a_stamp_changed_in_the_database_alone_rebuilds_the_page(
    personas: Personas, world: dict[str, Client]
) -> None:
    """What another app server does: its new stamp is only in the database. This process
    has no other way to learn of it, and still builds the page afresh."""
    ada = world["ada"]
    kept_page(ada, "/")
    table = connection.ops.quote_name(ReadStamp._meta.db_table)
    with connection.cursor() as cursor:
        # Past the ORM's cursor wrapper on purpose: no new stamp but this one.
        cursor.cursor.execute(
            f"UPDATE {table} SET stamp = stamp + 1 WHERE person = 0"  # noqa: S608
        )
    assert load(ada, "/")[1] > KEPT


def test_a_kept_page_ends_with_its_minute(
    personas: Personas, world: dict[str, Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    kept_page(world["ada"], "/")
    later = readcache.minute() + 1
    monkeypatch.setattr(readcache, "minute", lambda: later)
    assert load(world["ada"], "/")[1] > KEPT


# --- Never someone else's -------------------------------------------------------------------


def test_a_kept_page_is_never_given_to_anyone_else(
    personas: Personas, world: dict[str, Client]
) -> None:
    ada, ben = world["ada"], world["ben"]
    own = sitting(personas.partner_a, "phq9", 14, days_ago=2)
    url = f"/questionnaires/sitting/{own.pk}/result/"
    kept_page(ada, url)
    assert ben.get(url).status_code == 404
    kept_page(ada, "/checkins/")
    CheckIn.objects.create(user=personas.partner_b, day=timezone.localdate(), mood=3, note=NOTE)
    kept_page(ada, "/checkins/")
    assert NOTE in load(ben, "/checkins/")[0]
    assert NOTE not in load(ada, "/checkins/")[0]


def test_language_and_the_discreet_device_choice_each_get_their_own_page(
    personas: Personas, world: dict[str, Client]
) -> None:
    ada = world["ada"]
    english = kept_page(ada, "/")
    assert 'lang="en"' in english and "<title>Home · Hearth</title>" in english
    german = ada.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'lang="de"' in german
    ada.cookies["hearth_discreet"] = "1"
    assert "<title>Home · Notes</title>" in ada.get("/").content.decode()


def test_a_page_with_a_message_is_neither_kept_nor_given_from_the_kept_pages(
    personas: Personas, world: dict[str, Client]
) -> None:
    ada = world["ada"]
    kept_page(ada, "/checkins/")
    ada.post("/checkins/", {"mood": "6"})
    shown, _ = load(ada, "/checkins/")
    assert "Your check-in for today is saved." in shown
    again, _ = load(ada, "/checkins/")
    assert "Your check-in for today is saved." not in again


# --- The same bytes as a fresh build --------------------------------------------------------

PAGES = {"home": "/", "check-in": "/checkins/", "result": None, "caseload": "/clinic/"}


@pytest.mark.parametrize("page", PAGES)
def test_a_kept_page_is_byte_for_byte_the_fresh_one_but_for_new_tokens(
    personas: Personas, world: dict[str, Client], page: str
) -> None:
    url = PAGES[page]
    if url is None:
        url = f"/questionnaires/sitting/{sitting(personas.partner_a, 'phq9', 9, 1).pk}/result/"
    client = world["dr"] if page == "caseload" else world["ada"]
    queries = KEPT_CLINICIAN if page == "caseload" else KEPT
    client.get(url)
    readcache.forget_all()
    fresh, built = load(client, url)
    kept, count = load(client, url)
    assert count == queries < built
    assert strip_tokens(kept.encode()) == strip_tokens(fresh.encode())
    fresh_tokens, kept_tokens = TOKEN.findall(fresh.encode()), TOKEN.findall(kept.encode())
    assert fresh_tokens and len(kept_tokens) == len(fresh_tokens)
    assert not set(kept_tokens) & set(fresh_tokens)  # every answer gets its own tokens
    # A fresh build masks the secret once and shows that token in every form; so does a
    # kept answer, which does not pay for a new mask per form.
    assert len(set(kept_tokens)) == len(set(fresh_tokens)) == 1


@pytest.mark.parametrize("page", ["home", "check-in", "caseload"])
def test_a_kept_page_has_the_fresh_ones_headers(
    personas: Personas, world: dict[str, Client], page: str
) -> None:
    url = present(PAGES[page])  # pages at a fixed address only
    client = world["dr"] if page == "caseload" else world["ada"]
    client.get(url)
    readcache.forget_all()
    fresh = client.get(url)
    kept = client.get(url)
    differs = {"X-Request-ID"}  # each answer's own
    assert {k: v for k, v in kept.items() if k not in differs} == {
        k: v for k, v in fresh.items() if k not in differs
    }
    assert sorted(kept.cookies) == sorted(fresh.cookies)


def test_a_kept_pages_form_token_is_accepted(personas: Personas, client_for: ClientFor) -> None:
    ada = Client(enforce_csrf_checks=True)
    ada.force_login(personas.partner_a)
    ada.get("/checkins/")
    body = kept_page(ada, "/checkins/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert token is not None
    saved = ada.post("/checkins/", {"mood": "5", "csrfmiddlewaretoken": token.group(1)})
    assert saved.status_code == 302


@override_settings(READ_CACHE_MB=0)
def test_with_no_memory_given_nothing_is_kept(personas: Personas, world: dict[str, Client]) -> None:
    ada = world["ada"]
    ada.get("/")
    assert load(ada, "/")[1] > KEPT


# --- Who gets a new stamp -------------------------------------------------------------------


def test_the_circle_is_the_couple_their_therapists_and_for_a_therapist_the_clients(
    personas: Personas, world: dict[str, Client], password_hash: str
) -> None:
    a, b, dr = personas.partner_a.pk, personas.partner_b.pk, personas.clinician.pk
    others = {personas.other_a.pk, personas.other_b.pk, personas.solo.pk, personas.stranger.pk}
    assert readcache.circle(a) == {a, b, dr}
    assert readcache.circle(dr) == {dr, a, b}
    care_link(personas.other_a, personas.clinician)
    # Ada's therapist also sees Cleo: Cleo's pages do not show Ada's data.
    assert readcache.circle(a) == {a, b, dr}
    assert readcache.circle(dr) == {dr, a, b, personas.other_a.pk, personas.other_b.pk}
    assert not readcache.circle(personas.solo.pk) & (others - {personas.solo.pk} | {a, b, dr})


def test_a_request_that_writes_nothing_gives_no_stamps(
    personas: Personas, world: dict[str, Client]
) -> None:
    kept_page(world["ada"], "/")
    stamps = dict(ReadStamp.objects.values_list("person", "stamp"))
    for url in ("/", "/checkins/", "/program/", "/privacy/"):
        world["ada"].get(url)
    assert dict(ReadStamp.objects.values_list("person", "stamp")) == stamps


def test_a_write_gives_new_stamps_to_the_circle_and_no_one_else(
    personas: Personas, world: dict[str, Client]
) -> None:
    world["ada"].get("/")
    before = dict(ReadStamp.objects.values_list("person", "stamp"))
    world["ben"].post("/checkins/", {"mood": "4"})
    after = dict(ReadStamp.objects.values_list("person", "stamp"))
    changed = {p for p in after if after[p] != before.get(p)}
    assert changed == {personas.partner_a.pk, personas.partner_b.pk, personas.clinician.pk}


def test_a_partner_from_before_stays_in_the_circle(
    personas: Personas, world: dict[str, Client]
) -> None:
    a, b = personas.partner_a.pk, personas.partner_b.pk
    world["ben"].post("/partner/leave/", {"confirm": "on"})
    assert readcache.circle(b) == {a, b, personas.clinician.pk}


def test_deleting_an_account_shows_on_the_partners_next_load(
    personas: Personas, world: dict[str, Client]
) -> None:
    """The deleted person's links are gone after the write: the circle is also looked up
    just before the request's first write."""
    ada = world["ada"]
    assert "Ben" in kept_page(ada, "/")
    deleted = confirmed(world["ben"]).post("/account/delete/", {"confirm": "delete"})
    assert "Your account is deleted" in deleted.content.decode()
    body, _ = load(ada, "/")
    assert "Ben" not in body


@pytest.mark.parametrize(
    ("sql", "write"),
    [
        ('SELECT "x" FROM "y"', False),
        ("SAVEPOINT s1", False),
        ('INSERT INTO "checkins_checkin" ("mood") VALUES (1)', True),
        ('UPDATE "accounts_signin" SET "session_data" = 1', False),
        ('INSERT INTO "core_readstamp" ("person", "stamp") VALUES (0, 1)', False),
        ('DELETE FROM "couples_membership"', True),
        ("WITH gone AS (DELETE FROM x RETURNING 1) SELECT 1", True),
        ("COPY checkins_checkin FROM STDIN", True),
        ("SOMETHING NEW", True),
        ('CREATE DATABASE "test_hearth"', False),
        ('TRUNCATE "checkins_checkin"', True),
    ],
)
def test_any_statement_not_known_to_read_counts_as_a_write(sql: str, write: bool) -> None:
    assert readcache._is_write(sql) is write
