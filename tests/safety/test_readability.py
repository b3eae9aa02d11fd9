"""Everything a person reads in the safety area is plain: Flesch-Kincaid grade 8 or below."""

from __future__ import annotations

import re
import warnings

import pytest

with warnings.catch_warnings():
    # textstat 0.7.3 imports pkg_resources, which warns about its own deprecation.
    warnings.simplefilter("ignore", UserWarning)
    import textstat

from hearth.safety.coercion import load_screen
from hearth.safety.plan import STEPS
from hearth.safety.resources import load_all
from tests.i18n.catalogue import parse_po, po_path

MAX_GRADE = 8.0
# Flesch-Kincaid is noise on a label of a few words ("Continue" scores 20): sentences from
# this many words up are measured.
MEASURED_WORDS = 6


def _page_texts() -> list[str]:
    """Every English text of the safety pages: the msgids of the app's catalogue (makemessages
    collects them from the templates and the code), placeholders read as a word."""
    texts = [re.sub(r"<[^>]+>|%\(\w+\)[sd]", "X", e.msgid) for e in parse_po(po_path("safety"))]
    return [t for t in texts if len(t.split()) >= MEASURED_WORDS]


def _texts() -> list[str]:
    texts = _page_texts()
    texts += [t for s in STEPS for t in (s.title, s.help_text)]
    # The English texts of every help file (Flesch-Kincaid measures English only).
    for resources in load_all():
        for entry in resources.entries:
            texts += [w.get("en") for w in (entry.purpose, entry.hours, entry.tip) if w]
    return texts


@pytest.mark.parametrize("text", _texts())
def test_every_safety_text_reads_at_grade_eight_or_below(text: str) -> None:
    assert textstat.flesch_kincaid_grade(text) <= MAX_GRADE


def test_the_pages_new_texts_are_measured() -> None:
    measured = " ".join(_page_texts())
    assert "Nobody watches your answers as they come in." in measured
    assert "What happens to you matters." in measured


def test_the_hark_questions_are_the_published_wording_not_held_to_grade_eight() -> None:
    """A validated questionnaire ships word for word: its cut-off was tested on that wording.
    They are the only safety texts above grade 8, and they are not in the catalogue."""
    catalogue = {e.msgid for e in parse_po(po_path("safety"))}
    for item in load_screen().items:
        assert item.text not in catalogue
        assert item.text.startswith("Within the last year, have you been ")
