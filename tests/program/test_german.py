"""The program in German: every English text has a German one, the German reads plainly,
uses the Sie-form, and keeps the same structure checks as the English.

Every German page, stage and exercise reads at grade 8 or below by the Wiener
Sachtextformel; pages, long enough for it, also at Amstad 60 or above. The bounds and why
they fit are explained in tests/german.py, shared with the check-ins' German.
"""

from __future__ import annotations

import re

import pytest

from hearth.program.content import (
    Content,
    Exercise,
    Stage,
    default_content,
    missing_translations,
)
from tests.german import DU, MAX_GRADE, MIN_AMSTAD, amstad, wstf
from tests.program.test_content import EXPLICIT_WORDS

GERMAN = default_content("de")
ENGLISH = default_content("en")
# German names of the areas a stage may leave out (tags from content.AREAS).
AREA_WORDS_DE = {"chest": ("brust", "brüste"), "genitals": ("genital",)}
LEFT_OUT_DE = ("ausgespart", "ausgenommen", "bleiben draußen")


def test_every_english_text_has_a_german_one() -> None:
    assert missing_translations("de") == ()


def test_a_missing_or_outdated_translation_is_reported_and_falls_back_to_english(
    tmp_path: object,
) -> None:
    import shutil
    from pathlib import Path

    from hearth.program.content import CONTENT_DIR, load_content

    target = Path(str(tmp_path)) / "content"
    shutil.copytree(CONTENT_DIR, target)
    (target / "de" / "pages" / "setbacks.md").unlink()
    toml = target / "de" / "program.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            '  "Schmerz heißt Stopp. Machen Sie nie trotz Schmerzen weiter.",\n]\n\n'
            "[stages.couple-1]",
            "]\n\n[stages.couple-1]",
            1,
        ),
        encoding="utf-8",
    )
    content = load_content(target, "de")
    assert "page setbacks" in content.untranslated
    assert "stage couple-0: ground_rules" in content.untranslated
    assert content.page("setbacks").title == ENGLISH.page("setbacks").title
    assert content.stage("couple-0").ground_rules == ENGLISH.stage("couple-0").ground_rules
    assert content.stage("couple-0").title == "Nähe ohne Druck"


# What Hearth itself adds to a citation in English: on a German page it is in German.
OUR_ENGLISH_IN_CITATIONS = re.compile(
    r"no date|, read \d{4}|\(web page\)|\(in German\)|published online|medically reviewed|"
    r"\d(st|nd|rd|th) edition"
)


def test_a_german_page_cites_in_german_what_hearth_adds_to_a_source() -> None:
    cited = {r.key: r.full for p in GERMAN.pages.values() for r in p.references}
    english = {k: ENGLISH.references[k].full for k in cited}
    assert [k for k, full in english.items() if OUR_ENGLISH_IN_CITATIONS.search(full)]
    assert [full for full in cited.values() if OUR_ENGLISH_IN_CITATIONS.search(full)] == []
    assert "(ohne Datum, abgerufen " in cited["familienplanung"]
    # The published words stay as they were published.
    assert "Treating vaginismus." in cited["nhsvaginismus"]


def test_every_content_language_can_show_every_citation() -> None:
    from hearth.program.content import LANGUAGES

    for language in LANGUAGES:
        assert all(r.full for r in default_content(language).references.values())


@pytest.mark.parametrize(
    ("addition", "error"),
    [
        ('[references.nosuchkey]\ntitle = "Ein Titel"\n', "no reference with the key"),
        ("[references.masters1970]\nyear = 1999\n", "year"),
    ],
)
def test_a_german_reference_may_change_words_only_of_a_known_source(
    tmp_path: object, addition: str, error: str
) -> None:
    import shutil
    from pathlib import Path

    from hearth.program.content import CONTENT_DIR, ContentError, load_content

    target = Path(str(tmp_path)) / "content"
    shutil.copytree(CONTENT_DIR, target)
    toml = target / "de" / "program.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n" + addition, encoding="utf-8")
    with pytest.raises(ContentError, match=error):
        load_content(target, "de")


def test_the_german_keeps_every_id_area_and_duration_of_the_english() -> None:
    assert [s.id for s in GERMAN.stages] == [s.id for s in ENGLISH.stages]
    for de, en in zip(GERMAN.exercises, ENGLISH.exercises, strict=True):
        assert (de.id, de.areas, de.optional_areas, de.durations) == (
            en.id,
            en.areas,
            en.optional_areas,
            en.durations,
        )
        assert de.title != en.title, de.id
    assert set(GERMAN.pages) == set(ENGLISH.pages)


def test_german_steps_link_to_the_touch_list_where_the_english_ones_do() -> None:
    """The words "the included areas" link to the list of where touch is open, in German too:
    a German reader never gets the words without the list behind them."""
    link = "](#touch-areas)"
    for de, en in zip(GERMAN.exercises, ENGLISH.exercises, strict=True):
        for german, english in zip(de.steps, en.steps, strict=True):
            assert (link in german) == (link in english), (de.id, german)
        for raw, plain in zip(de.steps, de.plain_steps, strict=True):
            if "einbezogen" in plain:
                assert link in raw, (de.id, raw)
    assert sum(link in step for e in GERMAN.exercises for step in e.steps) >= 10


@pytest.mark.parametrize("page_id", sorted(GERMAN.pages))
def test_every_german_page_has_its_sources_under_quellen(page_id: str) -> None:
    page = GERMAN.page(page_id)
    assert page.references
    assert page.title != ENGLISH.page(page_id).title


@pytest.mark.parametrize("page_id", sorted(GERMAN.pages))
def test_every_german_page_reads_at_grade_8_or_below(page_id: str) -> None:
    text = GERMAN.page(page_id).plain_text()
    assert wstf(text) <= MAX_GRADE
    assert amstad(text) >= MIN_AMSTAD


@pytest.mark.parametrize("item", [*GERMAN.stages, *GERMAN.exercises], ids=lambda i: i.id)
def test_every_german_stage_and_exercise_reads_at_grade_8_or_below(
    item: Stage | Exercise,
) -> None:
    text = item.text()
    assert wstf(text) <= MAX_GRADE


def _all_german_texts(content: Content) -> dict[str, str]:
    texts = {f"page {p.id}": f"{p.title}\n{p.body}" for p in content.pages.values()}
    texts |= {f"exercise {e.id}": e.text() for e in content.exercises}
    texts |= {f"stage {s.id}": s.text() for s in content.stages}
    return texts


def test_the_german_uses_sie_never_du() -> None:
    # Quoted examples of what one partner says to the other, and book titles (names).
    quoted = re.compile(r"„[^“]*“|\*[^*]+\*")
    found = [
        name for name, text in _all_german_texts(GERMAN).items() if DU.search(quoted.sub("", text))
    ]
    assert found == []


@pytest.mark.parametrize("word", [*EXPLICIT_WORDS, "scheide", "penis", "vagina", "masturb"])
def test_no_german_text_uses_explicit_words(word: str) -> None:
    pattern = re.compile(rf"\b{re.escape(word)}", re.IGNORECASE)
    assert [n for n, t in _all_german_texts(GERMAN).items() if pattern.search(t)] == []


def test_no_german_exercise_names_an_area_its_stage_leaves_out() -> None:
    for exercise in GERMAN.exercises:
        stage = GERMAN.stage(exercise.stage)
        for area in stage.excluded_areas:
            for sentence in re.split(r"(?<=[.!?])\s", exercise.text().lower()):
                named = any(w in sentence for w in AREA_WORDS_DE.get(area, ()))
                assert not named or any(w in sentence for w in LEFT_OUT_DE), (
                    exercise.id,
                    sentence,
                )


def test_the_early_german_stages_keep_the_no_intercourse_rule() -> None:
    for stage in GERMAN.track_stages("couple")[:4]:
        assert any("kein geschlechtsverkehr" in r.lower() for r in stage.ground_rules), stage.id
