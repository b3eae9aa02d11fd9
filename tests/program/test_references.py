"""Every reading page cites its sources in full, and says only what those sources say.

A page cites a source by starting a bullet of its references section with the source's
``cite`` text (content.parse_page). These tests check the other side: every source in the
list is complete (authors, year, title, where it appeared), and the claims the issue found
wrong stay fixed.
"""

from __future__ import annotations

import re

import pytest

from hearth.program.content import (
    LANGUAGES,
    Content,
    ContentError,
    Reference,
    default_content,
    parse_page,
)

NEW_PAGES = (
    "setbacks",
    "different-desire",
    "arousal-and-erections",
    "orgasm-worries",
    "pain-with-penetration",
    "dryness-and-lubricants",
    "after-a-baby",
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_cites_a_source_missing_from_the_reference_list(language: str) -> None:
    content = default_content(language)
    for page in content.pages.values():
        assert page.references, page.id
        for reference in page.references:
            assert content.references[reference.key] is reference, (page.id, reference.key)
    for exercise in content.exercises:
        assert all(r.key in content.references for r in exercise.references), exercise.id


def test_a_bullet_naming_an_unlisted_source_is_refused(content: Content) -> None:
    text = "# T\n\nBody.\n\n## Quellen\n\n- Nagoski 2016: a book that is not in the list."
    with pytest.raises(ContentError, match="not a known source"):
        parse_page("x", text, content.references, "x.md")


@pytest.mark.parametrize("key", sorted(default_content().references))
def test_every_source_has_authors_a_year_a_title_and_where_it_appeared(key: str) -> None:
    reference = default_content().references[key]
    assert reference.authors and reference.title and reference.source
    assert 1900 <= reference.year <= 2100
    assert str(reference.year) in reference.full and reference.source in reference.full
    named_by_year = reference.cite.endswith(str(reference.year))
    assert named_by_year or reference.undated or ":" in reference.cite


@pytest.mark.parametrize("key", sorted(default_content().references))
def test_every_source_says_where_its_citation_was_confirmed(key: str) -> None:
    reference = default_content().references[key]
    assert reference.checked.startswith(("http://", "https://")), key


def test_a_journal_article_gives_volume_and_pages_or_a_doi(content: Content) -> None:
    for reference in content.references.values():
        is_article = re.search(r"\d+\(\d+\)|\d+, \d", reference.source)
        if is_article:
            assert re.search(r"\d+-\d+|\.e\d", reference.source) or reference.doi, reference.key


def test_an_undated_web_page_says_so_and_when_it_was_read(content: Content) -> None:
    page = content.references["nhsafterbirth"]
    assert page.undated
    assert f"(no date, read {page.year})" in page.full
    assert page.url in page.full


def test_no_page_cites_a_project_choice_as_if_it_were_a_source(content: Content) -> None:
    assert not any("hearth" in key for key in content.references)


# --- the claims the issue found wrong ---------------------------------------------------


def test_the_depression_page_keeps_the_honest_claim_and_drops_the_serotonin_sentence(
    content: Content,
) -> None:
    page = content.page("depression-and-desire")
    text = page.plain_text().lower()
    assert "serotonin" not in text and "chemical" not in text and "imbalance" not in text
    assert "it is not a treatment for depression" in text
    assert "do not stop your medicine on your own" in text
    assert "moncrieff2022" not in {r.key for r in page.references}


def test_no_page_cites_the_serotonin_review(content: Content) -> None:
    assert not [p.id for p in content.pages.values() if "moncrieff2022" in _keys(p.references)]


def test_the_touch_studies_say_who_took_part(content: Content) -> None:
    text = content.page("how-touch-may-help").plain_text()
    assert "Only women took part." in text
    assert "Blood pressure was lower in the husbands only." in text


def test_the_accelerator_and_brakes_wording_is_credited_to_nagoski(content: Content) -> None:
    page = content.page("accelerator-and-brakes")
    text = page.plain_text()
    assert "Emily Nagoski" in text and "Come As You Are" in text
    assert "nagoski2015" in _keys(page.references)


def test_never_feeling_desire_is_a_reason_to_see_someone_only_if_it_troubles_you(
    content: Content,
) -> None:
    text = " ".join(content.page("responsive-desire").plain_text().split())
    assert "If you never feel desire, even once things are calm and close, and it troubles" in text


def test_the_last_stage_names_a_sex_therapist_for_specific_problems(content: Content) -> None:
    text = content.page("stage-couple-4").plain_text()
    assert "the next step is a sex therapist" in text


# --- the new pages --------------------------------------------------------------------


@pytest.mark.parametrize("page_id", NEW_PAGES)
def test_each_new_page_says_when_to_get_help_and_cites_its_sources(
    content: Content, page_id: str
) -> None:
    page = content.page(page_id)
    assert "## When to get help" in page.body
    help_text = page.body.split("## When to get help")[1].lower()
    assert any(who in help_text for who in ("doctor", "therapist", "midwife"))
    assert len(page.references) >= 2


@pytest.mark.parametrize("page_id", NEW_PAGES)
def test_each_new_page_is_on_some_reading_list(content: Content, page_id: str) -> None:
    assert any(page_id in pages for pages in content.reading.values())


def test_the_pain_page_names_the_problem_plainly_and_points_to_a_doctor_and_physiotherapy(
    content: Content,
) -> None:
    text = content.page("pain-with-penetration").plain_text().lower()
    assert "penetration hurts" in text
    assert "see a doctor" in text and "pelvic-floor physiotherapy" in text


def _keys(references: tuple[Reference, ...]) -> set[str]:
    return {r.key for r in references}
