"""Every English text of every catalogue reads at US grade 8 or below: one bound, one way of
measuring (tests/reading.py), one place.

The catalogues: the program's pages, stages and exercises; the check-in prompts and wishes;
the safety plan's steps and every region's help entries; the questionnaires' own words (what
a band or a flag means); and the msgids of every app's German catalogue, which makemessages
collects from the templates and the code, so every page text and message is among them.

Each text is measured as the catalogue holds it: a page as a whole (without its References),
an exercise step, a message. Texts under six words are measured together per catalogue (see
tests/reading.py for why).

Not measured, on purpose (the only exceptions):
- Published questionnaire wording: titles, stems, questions, answer labels and band names
  of the measures, and the HARK questions of the private safety check. A validated
  questionnaire ships word for word, because its cut-offs were tested on that wording.
- Reference lists and citations: an author's title is quoted as published.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hearth.checkins.content import prompts, wish_items
from hearth.measures.definitions import load_instruments
from hearth.program.content import default_content
from hearth.safety.coercion import load_screen
from hearth.safety.plan import STEPS
from hearth.safety.resources import load_all
from tests.i18n.catalogue import ROOT, parse_po, po_path
from tests.reading import MAX_GRADE, grade, measure, too_hard

APPS = sorted(p.parts[-5] for p in ROOT.glob("*/locale/de/LC_MESSAGES/django.po"))


def program_pages() -> list[str]:
    return [page.plain_text() for page in default_content().pages.values()]


def program_stages() -> list[str]:
    stages = default_content().stages
    return [t for s in stages for t in (s.title, s.summary, *s.ground_rules)]


def program_exercises() -> list[str]:
    exercises = default_content().exercises
    return [
        t for e in exercises for t in (e.title, e.summary, *e.plain_steps, *e.reflection_prompts)
    ]


def checkin_prompts() -> list[str]:
    return [p.text for p in prompts()]


def checkin_wishes() -> list[str]:
    return [w.label for w in wish_items()]


def safety_plan() -> list[str]:
    return [t for s in STEPS for t in (s.title, s.help_text)]


def safety_resources() -> list[str]:
    texts = []
    for region in load_all():
        for entry in region.entries:
            texts += [w.get("en") or "" for w in (entry.purpose, entry.hours, entry.tip) if w]
    return texts


def measure_meanings() -> list[str]:
    texts = []
    for instrument in load_instruments().values():
        texts += [b.meaning for b in instrument.bands] + [f.meaning for f in instrument.flags]
    return texts


def msgids(app: str) -> Callable[[], list[str]]:
    def texts() -> list[str]:
        entries = parse_po(po_path(app))
        return [t for e in entries for t in (e.msgid, e.msgid_plural) if t]

    return texts


CATALOGUES: dict[str, Callable[[], list[str]]] = {
    "program pages": program_pages,
    "program stages": program_stages,
    "program exercises": program_exercises,
    "check-in prompts": checkin_prompts,
    "check-in wishes": checkin_wishes,
    "safety plan": safety_plan,
    "safety resources": safety_resources,
    "measure meanings": measure_meanings,
    **{f"{app} messages": msgids(app) for app in APPS},
}


@pytest.mark.parametrize("catalogue", sorted(CATALOGUES))
def test_every_text_of_the_catalogue_reads_at_grade_8_or_below(catalogue: str) -> None:
    texts = CATALOGUES[catalogue]()
    assert texts, f"{catalogue}: no texts found, so nothing was measured"
    assert too_hard(texts) == []


def test_every_app_with_a_german_catalogue_is_measured() -> None:
    assert len(APPS) >= 10 and {"core", "program", "safety", "clinic"} <= set(APPS)


def test_a_long_text_is_measured_alone_and_short_ones_together() -> None:
    hard = "Psychotherapeutic interventions necessitate considerable organisational coordination."
    assert too_hard([hard, "We are here."]) == [(grade(hard), hard)]
    labels = ["Continue", "Save", "Go back"]
    assert [text for text, _ in measure(labels)] == ["Continue. Save. Go back."]
    assert too_hard(["Organisational responsibilities", "Administrative considerations"])


def test_a_placeholder_reads_as_one_short_word_and_markup_not_at_all() -> None:
    (text, _), *_ = measure(["You have %(count)s new <strong>notes</strong> from {name} today."])
    assert text == "You have X new notes from X today."


def test_page_texts_and_messages_are_among_those_measured() -> None:
    measured = " ".join(t for app in APPS for t in msgids(app)())
    assert "Nobody watches your answers as they come in." in measured
    assert "What happens to you matters." in measured
    assert "This is not proof." in measured
    assert "Take a moment" in " ".join(program_pages() + msgids("program")())


def test_a_page_is_measured_without_its_references() -> None:
    page = default_content().page("how-touch-may-help")
    assert "Holt-Lunstad" not in page.plain_text()
    assert page.plain_text().startswith(page.title)


def test_the_published_questionnaires_are_not_in_the_catalogues() -> None:
    """The exemption above holds only while their wording stays out of the measured texts:
    the HARK questions and the measures' items are not msgids."""
    catalogued = {t for app in APPS for t in msgids(app)()}
    for item in load_screen().items:
        assert item.text.startswith("Within the last year, have you been ")
        assert item.text not in catalogued
    for instrument in load_instruments().values():
        assert not {item.text for item in instrument.items} & catalogued


def test_the_bound_is_grade_8() -> None:
    assert MAX_GRADE == 8.0
