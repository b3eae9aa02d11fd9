"""Everything a person reads in the safety area is plain: Flesch-Kincaid grade 8 or below."""

from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():
    # textstat 0.7.3 imports pkg_resources, which warns about its own deprecation.
    warnings.simplefilter("ignore", UserWarning)
    import textstat

from hearth.safety.coercion import load_screen
from hearth.safety.plan import STEPS
from hearth.safety.resources import load_all

MAX_GRADE = 8.0


def _texts() -> list[str]:
    texts = list(load_screen().user_facing_texts)
    texts += [t for s in STEPS for t in (s.title, s.help_text)]
    # The English texts of every help file (Flesch-Kincaid measures English only).
    for resources in load_all():
        for entry in resources.entries:
            texts += [w.get("en") for w in (entry.purpose, entry.hours, entry.tip) if w]
    return texts


@pytest.mark.parametrize("text", _texts())
def test_every_safety_text_reads_at_grade_eight_or_below(text: str) -> None:
    assert textstat.flesch_kincaid_grade(text) <= MAX_GRADE


def test_coercion_questions_are_short_sentences() -> None:
    for item in load_screen().items:
        assert len(item.text.split()) <= 15
        assert item.text.endswith("?")


def test_coercion_wording_is_not_explicit() -> None:
    explicit = ("genital", "penis", "vagina", "orgasm", "intercourse", "rape")
    for text in load_screen().user_facing_texts:
        assert not any(word in text.lower() for word in explicit)
