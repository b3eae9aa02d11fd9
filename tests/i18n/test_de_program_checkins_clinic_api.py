"""German for program, check-ins, clinic and the API keys page: every entry translated, the
compiled catalogues match their sources, and the pages read in German with no English left.

The pages' content is checked too: program stages, exercises and reading pages, talk
prompts and wishes come in German from their data files (content/de/, data/de/). Only a
reading page's list of sources is left out: citations keep their original titles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation

from hearth.accounts.models import User
from tests.conftest import Personas
from tests.german import DU
from tests.i18n.catalogue import Entry, english_words_in, parse_po, po_path, visible_text

APPS = ["program", "checkins", "clinic", "api"]

# --- the catalogues ---------------------------------------------------------------------------


@pytest.mark.parametrize("app", APPS)
def test_every_entry_is_translated_and_none_is_fuzzy(app: str) -> None:
    entries = parse_po(po_path(app))
    assert len(entries) > 10
    assert [e.msgid for e in entries if e.fuzzy or not all(e.plurals or [e.msgstr])] == []


@pytest.mark.parametrize("app", APPS)
def test_the_compiled_catalogue_matches_the_source(app: str) -> None:
    with translation.override("de"):
        entries = parse_po(po_path(app))
        wrong = [e.msgid for e in entries if _translated(e) != (e.plurals or e.msgstr)]
    assert wrong == []


def _translated(entry: Entry) -> str | list[str]:
    if entry.msgid_plural is not None:
        return [translation.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
    if entry.msgctxt is not None:
        return translation.pgettext(entry.msgctxt, entry.msgid)
    return translation.gettext(entry.msgid)


@pytest.mark.parametrize("app", APPS)
def test_placeholders_and_tags_are_kept(app: str) -> None:
    pattern = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>")
    for e in parse_po(po_path(app)):
        for text in e.plurals or [e.msgstr]:
            assert sorted(pattern.findall(text)) == sorted(pattern.findall(e.msgid)), e.msgid


def test_the_german_uses_sie_never_du() -> None:
    found = [e.msgid for app in APPS for e in parse_po(po_path(app)) if DU.search(e.msgstr)]
    assert found == []


# --- the pages --------------------------------------------------------------------------------


@dataclass
class Page:
    persona: str
    url: str | Callable[[Personas], str]
    english: str  # a sentence the English page shows
    german: str  # the same sentence in German
    status: int = 200
    data: str = ""  # a pattern for HTML holding citations (left out of the check)


def _session_url(personas: Personas) -> str:
    from tests.program.helpers import propose

    return f"/program/sessions/{propose(personas.partner_a).pk}/"


def _client_url(personas: Personas) -> str:
    return f"/clinic/clients/{personas.partner_a.pk}/"


def _report_url(personas: Personas) -> str:
    return f"/clinic/clients/{personas.partner_a.pk}/report/"


def _keys_url(personas: Personas) -> str:
    """A working key, a turned-off one and a key that can download everything."""
    from hearth.api import tokens
    from hearth.api.models import ApiToken

    tokens.create_token(personas.partner_a, "notes", ["read"], 30)
    old = tokens.create_token(personas.partner_a, "old", ["read"], 30)
    tokens.revoke_token(personas.partner_a, old.token.pk)
    tokens.create_token(personas.partner_a, "sync", ["read", "export"], 365)
    # A key's last four characters are random and could spell an English word ("-no-").
    ApiToken.objects.filter(user=personas.partner_a).update(hint="7k2q")
    return "/api/tokens/"


def _home_with_new_key(personas: Personas) -> str:
    _keys_url(personas)
    return "/"


PAGES = [
    Page("partner_a", "/program/", "Your program", "Ihr Programm"),
    Page("partner_a", "/program/plan/", "Only for you", "Nur für Sie"),
    Page("solo", "/program/plan/", "About your plan", "Über Ihren Plan"),
    Page("partner_a", "/program/intake/", "What brings you here?", "Was führt Sie hierher?"),
    Page("partner_a", "/program/sessions/", "Plan a session", "Sitzung planen"),
    Page("partner_a", "/program/comfort/", "Your comfort map", "Ihre Wohlfühlkarte"),
    Page(
        "partner_a",
        "/program/comfort/new-areas/",
        "Chest and genitals: your choice",
        "Brust und Genitalien: Ihre Wahl",
    ),
    Page(
        "partner_a",
        "/program/exercises/whole-body-touch-supported/",
        "Where touch is open",
        "Wo Berührung offen ist",
    ),
    Page("partner_a", _session_url, "Waiting for your partner", "Warten auf die Antwort"),
    Page("partner_a", "/program/reading/", "All pages", "Alle Seiten"),
    Page(
        "partner_a",
        "/program/reading/spectatoring/",
        "All reading",
        "Alle Leseseiten",
        # Its sources (citations, in their original language); the page itself is checked.
        data=r"(?<=</h2>)\s*<ul>(?:(?!</ul>).)*</ul>(?=\s*</section>\s*</article>)",
    ),
    Page("partner_a", "/checkins/", "Today's check-in", "Heutiger Check-in"),
    Page("partner_a", "/checkins/insights/", "Your insights", "Ihre Einblicke"),
    Page("partner_a", "/checkins/insights/couple/", "Check-ins together", "Gemeinsame Check-ins"),
    Page("solo", "/checkins/insights/couple/", "This is for two", "Das ist für zwei"),
    Page("partner_a", "/checkins/talk/", "Talk prompts", "Gesprächsfragen"),
    Page("partner_a", "/checkins/talk/good_moment/", "Answer in private.", "Antworten Sie"),
    Page("partner_a", "/checkins/wishes/", "Ideas you both like", "Ideen, die Sie beide mögen"),
    Page("partner_a", "/checkins/reminders/", "Private calendar link", "Privater Kalender-Link"),
    Page("clinician", "/clinic/", "Invite a client", "Eine Klientin oder einen Klienten einladen"),
    Page("clinician", "/clinic/profile/", "Full name", "Vollständiger Name"),
    Page("clinician", _client_url, "Shared reflections", "Geteilte Rückblicke"),
    Page("clinician", _report_url, "Confidential.", "Vertraulich."),
    Page("partner_a", "/clinic/my-care/", "Your therapist", "Ihre Therapie"),
    Page("partner_a", "/api/tokens/", "Access keys", "Zugangsschlüssel"),
    Page("partner_a", _keys_url, "Keys that no longer work", "Schlüssel, die nicht mehr gelten"),
    Page("partner_a", _home_with_new_key, "I made this key", "Ich habe diesen Schlüssel erstellt"),
]


@pytest.fixture
def world(personas: Personas) -> Personas:
    """People with answers and plans, so that the pages show their fullest text."""
    from tests.program.helpers import give_intake

    concerns = {"depression", "anxiety", "pain", "communication", "low_desire"}
    for user in (personas.partner_a, personas.partner_b, personas.solo):
        give_intake(
            user,
            concerns=concerns,
            physical={"tires_easily", "mobility_limits"},
            off_limit_areas={"feet"},
            pain_areas={"back"},
            off_limit_activities={"lying_face_down"},
            pace="slow",
            session_minutes=20,
            times={"evening", "weekend"},
        )
    _check_ins(personas)
    _care(personas)
    return personas


def _care(personas: Personas) -> None:
    """Partner A shares everything with the clinician; partner B shares nothing yet."""
    from hearth.clinic.models import CareLink, ClinicianProfile
    from tests.factories import care_link

    care_link(
        personas.partner_a,
        personas.clinician,
        results=True,
        sessions=True,
        reflections=True,
        risk_alerts=True,
    )
    CareLink.objects.create(client=personas.partner_b, clinician=personas.clinician)
    ClinicianProfile.objects.create(user=personas.clinician, full_name="Dr Kim Lee")


def _check_ins(personas: Personas) -> None:
    """Three weeks of check-ins for the couple, all of them shared."""
    from datetime import timedelta

    from django.utils import timezone

    from hearth.checkins import actions
    from hearth.checkins.models import CheckIn
    from hearth.checkins.stats import Measure

    today = timezone.localdate()
    for user in (personas.partner_a, personas.partner_b):
        for n in range(1, 22):
            day = today - timedelta(days=n)
            CheckIn.objects.create(user=user, day=day, mood=4 + n % 5, stress=3, closeness=6)
        actions.set_sharing(user, list(Measure))


def open_page(personas: Personas, page: Page, german: bool) -> str:
    client = Client()
    user: User = getattr(personas, page.persona)
    client.force_login(user)
    if german:
        client.cookies["django_language"] = "de"
    url = page.url if isinstance(page.url, str) else page.url(personas)
    response = client.get(url)
    assert response.status_code == page.status
    html = response.content.decode()
    return visible_text(re.sub(page.data, "", html, flags=re.S) if page.data else html)


def _id(page: Page) -> str:
    return f"{page.persona}{page.url if isinstance(page.url, str) else page.url.__name__}"


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_the_page_reads_in_german_with_no_english_left(world: Personas, page: Page) -> None:
    text = open_page(world, page, german=True)
    assert page.german in text
    assert english_words_in(text) == set()


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_the_page_still_reads_in_english_by_default(world: Personas, page: Page) -> None:
    text = open_page(world, page, german=False)
    assert page.english in text
    assert page.german not in text
