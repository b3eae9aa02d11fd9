"""The English-sentence check the German browser walks use (tests/i18n/catalogue.py): it
names each English sentence, lets allowed text stay English, and never fires on our own
German (every German catalogue entry and every German content text)."""

from __future__ import annotations

import re

import pytest

from hearth.checkins.content import prompts, wish_items
from hearth.program.content import default_content
from tests.i18n.catalogue import (
    ROOT,
    english_sentences,
    english_words_in,
    parse_po,
    po_path,
    sentences_in,
)

APPS = sorted(p.parts[-5] for p in ROOT.glob("*/locale/de/LC_MESSAGES/django.po"))
# What the page puts in place of a placeholder, and markup a person never reads.
NOT_READ = re.compile(r"<[^>]+>|%\(\w+\)s|\{\w+\}")


def test_each_english_sentence_is_named_on_its_own() -> None:
    page = (
        "Runde 1 von 2\nSave my map\nNächste Runde\nNext turn\n"
        "Ihr Partner hat pausiert. Your partner paused. Welcome"
    )
    assert english_sentences(page) == [
        "Save my map",
        "Next turn",
        "Your partner paused.",
        "Welcome",
    ]


def test_a_sentence_in_the_allowed_text_may_stay_english() -> None:
    citation = "Sohal H, Eldridge S, Feder G (2007). The sensitivity and specificity of HARK."
    page = f"Quellen\n{citation}\nThe end of the page."
    assert english_sentences(page, exempt=citation) == ["The end of the page."]


def test_a_random_token_is_not_read_as_an_english_word() -> None:
    # A reset link's token or a key's last characters can hold "be" or "it" between digits.
    mail = "Guten Tag, hier ist Ihr Link: https://hearth.test/reset/k3be-9it_x/ Schlüssel …be4_"
    assert english_words_in(mail) == set()
    # Words in prose are still found, hyphenated ones too.
    assert english_words_in("Guten Tag, please sign hier. Weiter-Next turn") == {
        "please",
        "sign",
        "next",
        "turn",
    }


def test_the_text_is_split_at_line_breaks_and_after_each_sentence() -> None:
    assert sentences_in("Erst ankommen\n\nSind Sie bereit? Ja: gut.  Weiter") == [
        "Erst ankommen",
        "Sind Sie bereit?",
        "Ja:",
        "gut.",
        "Weiter",
    ]


@pytest.mark.parametrize("app", APPS)
def test_no_german_catalogue_entry_counts_as_english(app: str) -> None:
    found = [
        sentence
        for entry in parse_po(po_path(app))
        for text in entry.plurals or [entry.msgstr]
        for sentence in english_sentences(NOT_READ.sub(" ", text))
    ]
    assert found == []


def test_no_german_content_text_counts_as_english() -> None:
    content = default_content("de")
    texts = [f"{p.title}\n{p.body}" for p in content.pages.values()]
    texts += [stage.text() for stage in content.stages]
    texts += [exercise.text() for exercise in content.exercises]
    texts += [p.text for p in prompts("de")] + [w.label for w in wish_items("de")]
    assert [s for text in texts for s in english_sentences(text)] == []


def test_the_catalogues_of_the_walked_apps_are_among_those_checked() -> None:
    assert {"accounts", "couples", "program", "safety", "checkins", "core"} <= set(APPS)
