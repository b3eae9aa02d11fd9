"""Every text a person reads is at US grade 8 or below (Flesch-Kincaid, textstat 0.7.3).

Pages are measured without their References section; headings and list items count as
sentences of their own (see content.plain_text).
"""

from __future__ import annotations

import pytest
import textstat

from hearth.program.content import Content, default_content

MAX_GRADE = 8.0
_CONTENT = default_content()


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


@pytest.mark.parametrize("page_id", sorted(_CONTENT.pages))
def test_every_page_reads_at_grade_8_or_below(content: Content, page_id: str) -> None:
    assert grade(content.page(page_id).plain_text()) <= MAX_GRADE


@pytest.mark.parametrize("exercise_id", [e.id for e in _CONTENT.exercises])
def test_every_exercise_reads_at_grade_8_or_below(content: Content, exercise_id: str) -> None:
    assert grade(content.exercise(exercise_id).text()) <= MAX_GRADE


@pytest.mark.parametrize("stage_id", [s.id for s in _CONTENT.stages])
def test_every_stage_reads_at_grade_8_or_below(content: Content, stage_id: str) -> None:
    assert grade(content.stage(stage_id).text()) <= MAX_GRADE


def test_the_measured_page_text_excludes_references(content: Content) -> None:
    page = content.page("how-touch-may-help")
    assert "Holt-Lunstad" not in page.plain_text()
    assert page.plain_text().startswith(page.title)
