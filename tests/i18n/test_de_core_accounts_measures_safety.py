"""German for core, couples, accounts, measures and safety: every entry translated, the
compiled catalogues match the sources, and the pages read in German with no English left.

Questionnaire items, crisis resources and the relationship check's questions are data files
that stay English until validated translations exist; the pages that show them say so.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from tests.conftest import ClientFor, Personas
from tests.i18n import catalogue
from tests.i18n.catalogue import parse_po, po_path, visible_text

APPS = ["core", "couples", "accounts", "measures", "safety"]


@pytest.mark.parametrize("app", APPS)
def test_every_entry_of_the_app_is_translated_and_none_is_fuzzy(app: str) -> None:
    entries = parse_po(po_path(app))
    assert entries, f"{app} has no messages"
    untranslated = [e.msgid for e in entries if e.fuzzy or not (e.msgstr or all(e.plurals or [""]))]
    assert untranslated == []


@pytest.mark.parametrize("app", APPS)
def test_the_compiled_catalogue_matches_the_source(app: str) -> None:
    with translation.override("de"):
        for e in parse_po(po_path(app)):
            if e.msgid_plural is not None:
                got = [translation.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
                assert got == e.plurals[:2], e.msgid
            elif e.msgctxt is not None:
                assert translation.pgettext(e.msgctxt, e.msgid) == e.msgstr, e.msgid
            else:
                assert translation.gettext(e.msgid) == e.msgstr, e.msgid


@pytest.mark.parametrize("app", APPS)
def test_placeholders_are_kept_in_the_translation(app: str) -> None:
    pattern = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}|<[^>]+>")
    for e in parse_po(po_path(app)):
        for text in e.plurals or [e.msgstr]:
            assert sorted(pattern.findall(text)) == sorted(pattern.findall(e.msgid)), e.msgid


def test_the_german_says_sie_never_du() -> None:
    du = re.compile(r"\b(du|dich|dir|dein\w*)\b", re.IGNORECASE)
    found = [e.msgstr for app in APPS for e in parse_po(po_path(app)) if du.search(e.msgstr)]
    assert found == []


# Grade 8 "in spirit" for German: short sentences, as in a clinic handout.
LONGEST_GERMAN_SENTENCE = 20


@pytest.mark.parametrize("app", APPS)
def test_german_sentences_stay_short(app: str) -> None:
    too_long = []
    for e in parse_po(po_path(app)):
        for text in e.plurals or [e.msgstr]:
            plain = re.sub(r"<[^>]+>|%\(\w+\)s", "X", text)
            too_long += [
                s
                for s in re.split(r"(?<=[.!?:])\s+", plain)
                if len(s.split()) > LONGEST_GERMAN_SENTENCE
            ]
    assert too_long == []


def english_words_in(text: str, ignore: tuple[str, ...] = ()) -> set[str]:
    for fragment in ignore:
        text = text.replace(fragment, " ")
    return catalogue.english_words_in(text)


def german_client(client: Client) -> Client:
    client.cookies["django_language"] = "de"
    return client


@dataclass
class Page:
    persona: str  # a persona of tests/conftest.py, or "" for someone not signed in
    url: str
    english: str  # a sentence the English page shows
    german: str  # the same sentence in German
    status: int = 200
    ignore: tuple[str, ...] = ()  # data-file content that stays English


PAGES = [
    Page("", "/", "You go at your own pace.", "Sie gehen in Ihrem eigenen Tempo vor."),
    Page("", "/privacy/", "Who can see it", "Wer es sehen kann"),
    Page("", "/offline/", "You are offline", "Sie sind offline"),
    Page("", "/away/", "Weather", "Wetter"),
    Page("", "/home-screen/", "Add to your home screen", "Zum Startbildschirm hinzufügen"),
    Page("partner_a", "/", "Your partner", "Ihre Partnerin oder Ihr Partner"),
    Page("solo", "/", "On your own for now", "Vorerst allein"),
    Page("clinician", "/", "appear in your caseload.", "erscheinen in Ihrer Klientenliste."),
    Page("partner_a", "/no-such-page/", "Page not found", "Seite nicht gefunden", 404),
    Page("partner_a", "/partner/", "End the link", "Verbindung beenden"),
    Page("solo", "/partner/", "Join your partner with a code", "Mit einem Code verbinden"),
    Page("", "/join/not-a-real-token/", "This invitation is not valid.", "nicht gültig", 404),
    Page("", "/support/help/", "Get help now", "Jetzt Hilfe holen"),
    Page("partner_a", "/support/", "Exercises for two", "Übungen zu zweit"),
    Page("partner_a", "/support/check/", "Save my answers", "Meine Antworten speichern"),
    Page("partner_a", "/support/plan/", "My safety plan", "Mein Sicherheitsplan"),
    Page("partner_a", "/support/plan/print/", "Nothing written yet.", "Noch nichts geschrieben."),
    Page("", "/login/", "Forgot your password?", "Passwort vergessen?"),
    Page("", "/signup/", "Before you start: your privacy", "Bevor Sie beginnen: Ihr Datenschutz"),
    Page(
        "", "/signup/clinician/", "never takes part", "Fachleute nehmen nie selbst an Übungen teil."
    ),
    Page("", "/password/reset/", "Send the link", "Link senden"),
    Page("partner_a", "/account/", "Activity on your account", "Aktivität in Ihrem Konto"),
    Page("partner_a", "/account/", "Sign out everywhere", "Überall abmelden"),
    Page("partner_a", "/account/activity/", "Nothing is left out.", "Nichts wird ausgelassen."),
    Page("partner_a", "/account/sign-ins/", "never a place", "nie einen Ort"),
    Page("partner_a", "/account/password/", "Change my password", "Mein Passwort ändern"),
    Page("partner_a", "/account/confirm/", "Confirm it is you", "Bestätigen Sie, dass Sie es sind"),
]


@pytest.fixture
def only_our_panels(monkeypatch: pytest.MonkeyPatch) -> None:
    """The home page also shows other apps' panels; their German is tested with them. The
    partner block (a couples panel since it left core) stays: this file has always read it."""
    from hearth.core import views
    from hearth.couples import panels as couples_panels
    from hearth.measures import panels as measures_panels
    from hearth.safety import panels as safety_panels

    chosen = [couples_panels.home, measures_panels.home, safety_panels.home]
    monkeypatch.setattr(views, "home_panels", lambda: chosen)


def open_page(personas: Personas, page: Page, german: bool) -> str:
    client = Client()
    if page.persona:
        client.force_login(getattr(personas, page.persona))
    if german:
        german_client(client)
    response = client.get(page.url)
    assert response.status_code == page.status
    return visible_text(response.content.decode())


@pytest.mark.usefixtures("only_our_panels")
@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.persona or 'visitor'}{p.url}")
def test_the_page_reads_in_german_with_no_english_left(personas: Personas, page: Page) -> None:
    text = open_page(personas, page, german=True)
    assert page.german in text
    assert english_words_in(text, page.ignore + data_content()) == set()


def test_a_refused_invitation_code_is_explained_in_german(personas: Personas) -> None:
    client = german_client(Client())
    client.force_login(personas.solo)
    response = client.post("/partner/join/", {"code": "ABCD-2345"})
    assert response.status_code == 400
    text = visible_text(response.content.decode())
    assert "Diese Einladung ist nicht gültig." in text
    assert english_words_in(text) == set()


def test_a_new_invitation_is_explained_in_german(personas: Personas) -> None:
    client = german_client(Client())
    client.force_login(personas.solo)
    text = visible_text(client.post("/partner/invite/").content.decode())
    assert "Sie sehen beides nur dieses eine Mal." in text
    assert english_words_in(text) == set()


@pytest.mark.usefixtures("only_our_panels")
@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.persona or 'visitor'}{p.url}")
def test_the_page_still_reads_in_english_by_default(personas: Personas, page: Page) -> None:
    text = open_page(personas, page, german=False)
    assert page.english in text
    assert page.german not in text


# ---------------------------------------------------------------------------------------------
# Questionnaires: the interface is German, the questionnaires themselves stay English.


@functools.cache
def data_content() -> tuple[str, ...]:
    """Words from the instrument files, the crisis resource files and the relationship check's
    file: data that stays English for now, not interface."""
    from django.conf import settings

    from hearth.measures import catalog
    from hearth.safety.coercion import load_screen
    from hearth.safety.resources import load_resources

    # The HARK questions stay word for word as published (no tested German version).
    texts: list[str] = [item.text for item in load_screen().items]
    for i in catalog.instruments().values():
        texts += [i.title, i.short_title, i.stem, i.attribution, *i.stem_examples]
        texts += [i.gate.lead] if i.gate else []
        texts += [item.text for item in (*i.items, *i.extras)]
        texts += [option.label for item in (*i.items, *i.extras) for option in item.options]
        texts += [f"{b.label}." for b in i.bands] + [b.meaning for b in i.bands]
        texts += [f"{f.label}." for f in i.flags] + [f.meaning for f in i.flags]
        texts += [b.label for b in i.bands] + [s.title for s in i.subscales]
    # Help files: the services' own names stay as they are; their purposes are in German.
    for entry in load_resources(settings.REGION).entries:
        texts += [entry.name, entry.text_word or ""]
    # Longest first, so a title is removed whole before any shorter text inside it.
    return tuple(sorted({" ".join(t.split()) for t in texts if t}, key=len, reverse=True))


ENGLISH_NOTE = "Diese Fragebögen sind auf Englisch: CSI-4, PC-PTSD-5, PGIC."
WHY_ENGLISH = "nur in einer geprüften, veröffentlichten Übersetzung"


@pytest.fixture
def ada_in_german(personas: Personas) -> Client:
    """Ada has taken the PHQ-9 twice, shares it with Ben, and has the GAD-7 open."""
    from tests.measures.web import PHQ9_LOW, PHQ9_MID, make_due_again, start, take

    client = german_client(Client())
    client.force_login(personas.partner_a)
    take(client, PHQ9_MID)
    make_due_again(personas.partner_a)
    take(client, PHQ9_LOW)
    client.post("/questionnaires/phq9/share/", {"share": "on"})
    start(client, "gad7")
    return client


def questionnaire_pages(user: Any) -> dict[str, str]:
    from hearth.measures.models import Administration

    done = Administration.objects.filter(user=user, instrument_id="phq9").latest("pk")
    open_one = Administration.objects.get(user=user, instrument_id="gad7")
    return {
        "index": "/questionnaires/",
        "take": f"/questionnaires/sitting/{open_one.pk}/",
        "result": f"/questionnaires/sitting/{done.pk}/result/",
        "history": "/questionnaires/phq9/",
    }


def test_the_questionnaire_pages_read_in_german_and_name_those_still_in_english(
    personas: Personas, ada_in_german: Client
) -> None:
    ignore = data_content()
    for name, url in questionnaire_pages(personas.partner_a).items():
        response = ada_in_german.get(url)
        assert response.status_code == 200, name
        text = visible_text(response.content.decode())
        assert english_words_in(text, ignore) == set(), name
        # The PHQ-9 and GAD-7 are German; only the index names the others, still English.
        assert (ENGLISH_NOTE in text) == (name == "index"), name
        assert (WHY_ENGLISH in text) == (name == "index"), name


def test_a_questionnaire_without_a_german_version_says_so_on_its_pages(
    personas: Personas, ada_in_german: Client
) -> None:
    from tests.measures.web import start

    sitting = start(ada_in_german, "csi4")
    text = visible_text(
        ada_in_german.get(f"/questionnaires/sitting/{sitting.pk}/").content.decode()
    )
    assert "Dieser Fragebogen ist auf Englisch." in text and WHY_ENGLISH in text
    assert english_words_in(text, data_content()) == set()


def test_the_result_explains_the_change_in_german(
    personas: Personas, ada_in_german: Client
) -> None:
    url = questionnaire_pages(personas.partner_a)["result"]
    text = visible_text(ada_in_german.get(url).content.decode())
    assert "Ihr erster Wert war 12. Jetzt ist er 0, also 12 Punkte niedriger." in text
    assert "2 PHQ-9-Werte vom" in text  # the chart's caption, with the German plural


def test_the_partner_reads_shared_scores_in_german(
    personas: Personas, ada_in_german: Client
) -> None:
    ben = german_client(Client())
    ben.force_login(personas.partner_b)
    text = visible_text(ben.get("/questionnaires/partner/").content.decode())
    assert "Werte, die Ada mit Ihnen teilt" in text
    assert english_words_in(text, data_content()) == set()
    panel = visible_text(ben.get("/").content.decode())
    assert "Fragebögen" in panel


def test_missing_answers_are_explained_in_german_with_the_right_plural(
    personas: Personas, ada_in_german: Client
) -> None:
    url = questionnaire_pages(personas.partner_a)["take"]
    response = ada_in_german.post(url, {"page": "0", "then": "next"})
    assert response.status_code == 400
    text = visible_text(response.content.decode())
    assert "Fragen auf dieser Seite brauchen noch eine Antwort." in text
    assert "Bitte wählen Sie eine Antwort." in text


def test_in_english_the_questionnaire_pages_do_not_mention_a_translation(
    personas: Personas, client_for: ClientFor
) -> None:
    from tests.measures.web import PHQ9_MID, take

    client = client_for(personas.solo)
    take(client, PHQ9_MID)
    text = visible_text(client.get("/questionnaires/").content.decode())
    assert "Short question lists help you see how you feel over time." in text
    assert "in English" not in text


# ---------------------------------------------------------------------------------------------
# Safety: the pages are German; the relationship check's questions stay English for now.


def check_answers(answer: str) -> dict[str, str]:
    from hearth.safety.coercion import load_screen

    return {item.id: answer for item in load_screen().items}


def test_the_private_check_says_in_german_that_its_questions_stay_english(
    personas: Personas, client_for: ClientFor
) -> None:
    german = german_client(client_for(personas.solo))
    assert "Von diesen vier Fragen gibt es noch keine getestete deutsche Fassung." in visible_text(
        german.get("/support/check/").content.decode()
    )
    english = visible_text(client_for(personas.solo).get("/support/check/").content.decode())
    assert "Save my answers" in english and "tested German version" not in english


def test_an_unanswered_check_is_explained_in_german(personas: Personas) -> None:
    client = german_client(Client())
    client.force_login(personas.solo)
    response = client.post("/support/check/", {})
    assert response.status_code == 400
    text = visible_text(response.content.decode())
    assert "Bitte beantworten Sie jede Frage." in text
    assert english_words_in(text, data_content()) == set()


def test_a_positive_check_and_its_pause_read_in_german(personas: Personas) -> None:
    client = german_client(Client())
    client.force_login(personas.partner_a)
    text = visible_text(client.post("/support/check/", check_answers("yes")).content.decode())
    assert "Hilfe ist jetzt für Sie da" in text
    assert "Niemand liest Ihre Antworten mit, wenn sie eingehen." in text
    assert (
        "Auf der Startseite und im Programm: „Der Teil für Paare ist im Moment pausiert.“" in text
    )
    assert english_words_in(text, data_content()) == set()
    home = visible_text(client.get("/support/").content.decode())
    assert "Übungen zu zweit sind vorerst aus, auf Ihren Wunsch." in home
    assert english_words_in(home, data_content()) == set()


def test_the_plan_offers_crisis_lines_in_german_words(personas: Personas) -> None:
    client = german_client(Client())
    client.force_login(personas.solo)
    text = visible_text(client.get("/support/plan/").content.decode())
    assert "Krisendienste, die Sie in diesen Schritt übernehmen können:" in text
    assert "anrufen:" in text
    response = client.post("/support/plan/", {"warning_signs": "x" * 2001})
    assert response.status_code == 400
    assert "Bitte halten Sie diesen Schritt unter 2000 Zeichen (jetzt sind es 2001)." in (
        visible_text(response.content.decode())
    )


# ---------------------------------------------------------------------------------------------
# Accounts: signing in, the protected pages, the activity log and the reset email in German.


def signed_in_in_german(user: Any) -> Client:
    """Signs in through the form, as a person would: that also counts as a fresh confirmation."""
    from tests.conftest import PASSWORD

    client = german_client(Client())
    response = client.post("/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_wrong_password_is_explained_in_german(personas: Personas) -> None:
    client = german_client(Client())
    response = client.post("/login/", {"email": personas.solo.email, "password": "wrong one 1"})
    text = visible_text(response.content.decode())
    assert "Diese E-Mail-Adresse und dieses Passwort passen zu keinem Konto." in text
    assert english_words_in(text) == set()


def test_the_activity_log_names_events_in_german(personas: Personas) -> None:
    client = signed_in_in_german(personas.partner_a)
    text = visible_text(client.get("/account/").content.decode())
    assert "Angemeldet" in text
    assert english_words_in(text) == set()
    english = Client()
    english.force_login(personas.partner_a)
    assert "Signed in" in visible_text(english.get("/account/").content.decode())


@pytest.mark.parametrize("url", ["/account/my-data/", "/account/delete/", "/account/two-step/"])
def test_the_protected_account_pages_read_in_german(personas: Personas, url: str) -> None:
    response = signed_in_in_german(personas.partner_a).get(url)
    assert response.status_code == 200
    assert english_words_in(visible_text(response.content.decode())) == set()


def test_a_wrong_word_to_delete_is_explained_in_german_and_keeps_the_account(
    personas: Personas,
) -> None:
    client = signed_in_in_german(personas.solo)
    response = client.post("/account/delete/", {"confirm": "LÖSCHEN"})
    assert response.status_code == 400
    assert "Bitte geben Sie zur Bestätigung DELETE ein." in response.content.decode()
    personas.solo.refresh_from_db()


def test_the_password_reset_email_is_written_in_german(personas: Personas) -> None:
    from django.core import mail

    german_client(Client()).post("/password/reset/", {"email": personas.solo.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Ihr Anmeldelink"
    assert message.body.startswith("Guten Tag,")
    assert english_words_in(str(message.body)) == set()
