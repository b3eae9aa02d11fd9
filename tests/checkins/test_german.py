"""Talk prompts and the wishes list in German: every English text has a German one, the
German reads plainly, speaks to the person with Sie and names nothing explicit, and the
reveal rules match by id, so two partners reading in two languages see the same things.

Readability: each prompt is a page of its own (its heading on /checkins/talk/<id>/), so
each is held to the program pages' bounds, Wiener Sachtextformel grade 8 or below and
Amstad 60 or above; so is the whole prompt list as /checkins/talk/ shows it. A wish is a
label of two to six words, too short for either formula (tests/german.py explains), so the
list is measured as the page shows it: all labels together.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.test import Client

from hearth.checkins.content import (
    DATA,
    library,
    load_library,
    missing_translations,
    prompts,
)
from tests.checkins.test_wishes import mark, matches, page_without_token
from tests.conftest import ClientFor, Personas
from tests.german import DU, MAX_GRADE, MIN_AMSTAD, amstad, sentences, wstf

GERMAN, ENGLISH = library("de"), library("en")
GERMAN_PROMPTS = {p.id: p.text for p in GERMAN.prompts}
GERMAN_WISHES = {w.id: w.label for w in GERMAN.wishes}
ENGLISH_WISHES = {w.id: w.label for w in ENGLISH.wishes}
ALL_GERMAN = [*GERMAN_PROMPTS.values(), *GERMAN_WISHES.values()]

# The German for the words checkins/test_content.py keeps out of the English.
EXPLICIT_DE = re.compile(
    r"\b(sex\w*|geschlecht\w*|genital\w*|orgasm\w*|nackt\w*|brust|brüste\w*|busen|"
    r"erreg\w*|erotisch\w*|penis|vagina\w*|scheide|vorspiel\w*|porno\w*|fetisch\w*|"
    r"befriedig\w*|intim\w*)\b",
    re.IGNORECASE,
)
SIE = re.compile(r"\b(Sie|Ihnen|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres)\b")


# --- completeness and structure ---------------------------------------------------------------


def test_every_english_prompt_and_wish_has_a_german_one() -> None:
    assert missing_translations("de") == ()


def test_the_german_keeps_the_english_ids_and_order_and_changes_every_text() -> None:
    assert [p.id for p in GERMAN.prompts] == [p.id for p in ENGLISH.prompts]
    assert [w.id for w in GERMAN.wishes] == [w.id for w in ENGLISH.wishes]
    for de, en in zip(GERMAN.prompts, ENGLISH.prompts, strict=True):
        assert de.text != en.text, de.id
    for de_w, en_w in zip(GERMAN.wishes, ENGLISH.wishes, strict=True):
        assert de_w.label != en_w.label, de_w.id


def test_an_interface_language_with_no_content_gets_the_english() -> None:
    assert prompts("de-at") == GERMAN.prompts
    assert prompts("fr") == prompts() == ENGLISH.prompts


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_missing_translation_is_reported_and_shows_the_english(data_copy: Path) -> None:
    _edit(data_copy / "de" / "wishes.toml", '[item.cuddle]\nlabel = "Auf dem Sofa kuscheln"', "")
    (data_copy / "de" / "prompts.toml").unlink()
    found = load_library(data_copy, "de")
    assert "item cuddle" in found.untranslated and "prompt good_moment" in found.untranslated
    assert len(found.untranslated) == 1 + len(ENGLISH.prompts)
    assert {w.id: w.label for w in found.wishes}["cuddle"] == ENGLISH_WISHES["cuddle"]
    assert {w.id: w.label for w in found.wishes}["hold_hands"] == GERMAN_WISHES["hold_hands"]
    assert found.prompts == ENGLISH.prompts


def test_a_german_text_for_an_id_the_english_lacks_is_refused(data_copy: Path) -> None:
    with (data_copy / "de" / "wishes.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[item.no_such_item]\nlabel = "Etwas"\n')
    with pytest.raises(ValueError, match=r"wishes.toml: no English item with the id"):
        load_library(data_copy, "de")


@pytest.mark.parametrize(
    "old,new",
    [
        ('text = "Worauf sind Sie als Paar stolz?"', 'text = ""'),
        ('text = "Worauf sind Sie als Paar stolz?"', 'txt = "Worauf?"'),
        ('text = "Worauf sind Sie als Paar stolz?"', 'text = "Worauf?"\nid = "x"'),
    ],
)
def test_a_malformed_german_entry_is_refused_with_its_file_and_id(
    data_copy: Path, old: str, new: str
) -> None:
    _edit(data_copy / "de" / "prompts.toml", old, new)
    with pytest.raises(ValueError, match=r"prompts.toml: \[prompt.proud_of\]:? needs exactly text"):
        load_library(data_copy, "de")


# --- readability, form and tone ---------------------------------------------------------------


@pytest.mark.parametrize("prompt_id", GERMAN_PROMPTS)
def test_every_german_prompt_reads_at_grade_8_or_below(prompt_id: str) -> None:
    text = GERMAN_PROMPTS[prompt_id]
    assert wstf(text) <= MAX_GRADE, text
    assert amstad(text) >= MIN_AMSTAD, text


@pytest.mark.parametrize("texts", [GERMAN_PROMPTS, GERMAN_WISHES], ids=["prompts", "wishes"])
def test_each_german_list_reads_at_grade_8_or_below_as_a_whole(texts: dict[str, str]) -> None:
    text = sentences(texts.values())
    assert wstf(text) <= MAX_GRADE
    assert amstad(text) >= MIN_AMSTAD


def test_every_prompt_speaks_to_the_person_with_sie_and_nothing_uses_du() -> None:
    assert [t for t in GERMAN_PROMPTS.values() if not SIE.search(t)] == []
    assert [t for t in ALL_GERMAN if DU.search(t)] == []


@pytest.mark.parametrize("text", ALL_GERMAN)
def test_every_german_text_is_non_explicit(text: str) -> None:
    assert not EXPLICIT_DE.search(text), text


# --- the reveal rules, with partners reading in two languages ---------------------------------


def german(client: Client) -> Client:
    client.cookies["django_language"] = "de"
    return client


def test_matches_are_made_by_id_and_shown_in_each_persons_language(
    personas: Personas, client_for: ClientFor
) -> None:
    a, b = german(client_for(personas.partner_a)), client_for(personas.partner_b)
    mark(a, hold_hands="yes", back_massage="maybe", slow_dance="yes")
    mark(b, hold_hands="maybe", back_massage="maybe", slow_dance="no")
    ids = ["hold_hands", "back_massage"]
    assert matches(a) == [GERMAN_WISHES[i] for i in ids]
    assert matches(b) == [ENGLISH_WISHES[i] for i in ids]


def test_in_german_a_no_still_looks_exactly_like_no_answer(
    personas: Personas, client_for: ClientFor
) -> None:
    a, b = german(client_for(personas.partner_a)), client_for(personas.partner_b)
    mark(a, hold_hands="yes", shared_bath="yes")
    a.get("/checkins/wishes/")  # shows, and so clears, A's own "saved" message
    mark(b, hold_hands="yes")
    before = page_without_token(a)
    mark(b, hold_hands="yes", shared_bath="no")
    assert page_without_token(a) == before
    assert matches(a) == [GERMAN_WISHES["hold_hands"]]
    assert GERMAN_WISHES["shared_bath"] in before  # A's own form lists it, in German


def test_the_wishes_form_is_labelled_in_german(personas: Personas, client_for: ClientFor) -> None:
    body = german(client_for(personas.partner_a)).get("/checkins/wishes/").content.decode()
    for wish_id, label in GERMAN_WISHES.items():
        assert re.search(rf'<label for="id_{wish_id}">{re.escape(label)}', body), wish_id
    assert not any(label in body for label in ENGLISH_WISHES.values())


def test_a_prompt_answered_in_two_languages_is_revealed_to_both(
    personas: Personas, client_for: ClientFor
) -> None:
    url = "/checkins/talk/good_moment/"
    a, b = german(client_for(personas.partner_a)), client_for(personas.partner_b)
    assert f"<h1>{GERMAN_PROMPTS['good_moment']}</h1>" in a.get(url).content.decode()
    a.post(url, {"text": "Der Spaziergang am Fluss"})
    assert "Der Spaziergang am Fluss" not in b.get(url).content.decode()
    b.post(url, {"text": "Cooking on Friday"})
    for client in (a, b):
        body = client.get(url).content.decode()
        assert "Der Spaziergang am Fluss" in body and "Cooking on Friday" in body
    listing = a.get("/checkins/talk/").content.decode()
    assert all(text in listing for text in GERMAN_PROMPTS.values())
