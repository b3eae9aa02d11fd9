from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from hearth.program.content import (
    ACTIVITIES,
    ADAPTATION_TAGS,
    AREAS,
    CONCERNS,
    CONTENT_DIR,
    Content,
    ContentError,
    load_content,
    parse_page,
    plain_text,
)

TOPIC_PAGES = {
    "responsive-desire",
    "accelerator-and-brakes",
    "spectatoring",
    "depression-and-desire",
    "trauma-and-touch",
    "body-changes",
    "talking-about-sex",
    "when-to-see-a-professional",
}

# Graphic or slang words that have no place in a clinical, non-explicit handout.
EXPLICIT_WORDS = (
    "penis",
    "vagina",
    "vulva",
    "clitoris",
    "clit",
    "nipple",
    "anus",
    "anal",
    "ejaculat",
    "masturbat",
    "porn",
    "oral sex",
    "horny",
    "naked",
    "nude",
    "erotic",
    "sexy",
    "thrust",
    "cum",
    "foreplay",
    "kinky",
)
OVERCLAIMS = ("cure", "fixes", "chemical imbalance is", "proven", "guarantee")
PRESSURE_WORDS = ("streak", "penalt", "you must", "failed", "don't break")


def all_texts(content: Content) -> dict[str, str]:
    texts = {f"page {p.id}": f"{p.title}\n{p.body}" for p in content.pages.values()}
    texts |= {f"exercise {e.id}": e.text() for e in content.exercises}
    texts |= {f"stage {s.id}": s.text() for s in content.stages}
    return texts


def test_it_loads_the_shipped_content(content: Content) -> None:
    assert len(content.track_stages("couple")) >= 5
    assert len(content.track_stages("solo")) >= 4
    assert set(content.pages) >= TOPIC_PAGES


def test_it_has_the_stage_sequence_from_holding_hands_to_mutual_touch(content: Content) -> None:
    couple = content.track_stages("couple")
    first, stage_1, stage_2, stage_3, stage_4 = couple[:5]
    assert {"holding-hands", "hand-touch", "back-touch"} <= {
        e.id for e in content.base_exercises(first.id)
    }
    for stage in (first, stage_1, stage_2):
        assert {"chest", "genitals"} <= stage.excluded_areas
    assert any("guiding_hands" in e.activities for e in content.base_exercises(stage_2.id))
    assert not stage_3.excluded_areas
    assert any(e.format == "together" for e in content.base_exercises(stage_4.id))


def test_it_has_a_solo_sequence_with_body_mapping_and_self_focus(content: Content) -> None:
    solo_ids = {e.id for s in content.track_stages("solo") for e in content.base_exercises(s.id)}
    assert {"solo-comfort-map", "solo-self-focus", "solo-reading"} <= solo_ids


def test_every_page_ends_with_references_to_known_sources(content: Content) -> None:
    for path in sorted((CONTENT_DIR / "pages").glob("*.md")):
        text = path.read_text(encoding="utf-8").strip()
        headings = re.findall(r"^## .*$", text, flags=re.MULTILINE)
        assert headings[-1] == "## References", path
        assert content.pages[path.stem].references, path


def test_every_exercise_names_valid_stages_areas_and_tags(content: Content) -> None:
    stage_ids = {s.id for s in content.stages}
    for exercise in content.exercises:
        assert exercise.stage in stage_ids
        assert exercise.areas | exercise.optional_areas <= set(AREAS)
        assert exercise.activities <= set(ACTIVITIES)
        assert exercise.adaptations <= set(ADAPTATION_TAGS)
        assert exercise.references
        assert all(exercise.turn_minutes(d) * exercise.turns == d for d in exercise.durations)


def test_every_stage_has_ground_rules_and_a_page(content: Content) -> None:
    for stage in content.stages:
        assert stage.ground_rules
        assert stage.page in content.pages


def test_early_stages_keep_the_no_intercourse_ground_rule(content: Content) -> None:
    for stage in content.track_stages("couple")[:4]:
        assert any("no intercourse" in rule.lower() for rule in stage.ground_rules), stage.id


def test_every_stage_says_stepping_back_is_fine(content: Content) -> None:
    for stage in content.stages:
        if stage.order > 0:
            assert "back" in stage.text().lower(), stage.id


def test_every_couple_stage_asks_for_a_stop_signal(content: Content) -> None:
    for stage in content.track_stages("couple"):
        assert any("stop word or a hand signal" in rule for rule in stage.ground_rules), stage.id


def test_every_stage_says_pain_means_stop(content: Content) -> None:
    for stage in content.stages:
        assert "Pain means stop. Never push through pain." in stage.ground_rules, stage.id


def test_stage_0_is_hand_and_back_touch_not_massage(content: Content) -> None:
    first = content.track_stages("couple")[0]
    texts = [first.text(), *(e.text() for e in content.exercises if e.stage == first.id)]
    assert not any("massage" in text.lower() for text in texts)
    titles = {e.title for e in content.exercises if e.stage == first.id}
    assert {"Hand and arm touch", "Back touch"} <= titles


def test_stage_0_leaves_lotion_for_later_and_the_receiver_speaks_up(content: Content) -> None:
    for exercise in content.exercises:
        steps = " ".join(exercise.plain_steps)
        # The one receiving says when pressure is too much; the giver does not check in.
        assert "checks in" not in steps, exercise.id
        if exercise.stage == "couple-0" and exercise.format == "take_turns":
            assert "says when the pressure is too much" in steps, exercise.id
            assert "Leave lotion out" in steps or "lotion" not in steps, exercise.id
    later = content.exercise("whole-body-touch")
    assert any("lotion" in step for step in later.steps)


def test_steps_that_name_the_included_areas_link_to_the_touch_list(content: Content) -> None:
    for exercise in content.exercises:
        for raw, plain in zip(exercise.steps, exercise.plain_steps, strict=True):
            if "included" in plain:
                assert "](#touch-areas)" in raw, (exercise.id, raw)


def test_reading_lists_cover_every_concern(content: Content) -> None:
    assert set(CONCERNS) <= set(content.reading)


@pytest.mark.parametrize("word", EXPLICIT_WORDS)
def test_no_text_uses_explicit_words(content: Content, word: str) -> None:
    pattern = re.compile(rf"\b{re.escape(word)}", re.IGNORECASE)
    offenders = [name for name, text in all_texts(content).items() if pattern.search(text)]
    assert offenders == []


def test_no_text_overclaims_or_pressures(content: Content) -> None:
    for name, text in all_texts(content).items():
        lowered = text.lower()
        for phrase in (*PRESSURE_WORDS, *OVERCLAIMS):
            if phrase in lowered:
                # The only allowed uses deny the claim ("not a cure", "no streaks").
                sentence = next(s for s in re.split(r"(?<=[.!?])\s", lowered) if phrase in s)
                assert re.search(r"\b(not|no|never)\b", sentence), (name, sentence)


def test_mental_health_pages_point_to_professional_care(content: Content) -> None:
    for page_id in ("depression-and-desire", "trauma-and-touch", "body-changes"):
        body = content.page(page_id).body.lower()
        assert any(w in body for w in ("doctor", "therapist", "professional")), page_id


def test_the_depression_page_says_talk_to_the_prescriber_rather_than_stop(
    content: Content,
) -> None:
    body = content.page("depression-and-desire").body.lower()
    assert "do not stop your medicine on your own" in body
    assert "prescribe" in body


def test_plain_text_drops_references_and_markup() -> None:
    text = plain_text("# Title\n\nSome *text* here\n\n- an item\n\n## References\n\n- Basson 2000")
    assert text == "Title. Some text here. an item."


# --- malformed content is reported with the file named ---------------------------------


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_copy_of_the_content_loads(content_copy: Path) -> None:
    assert load_content(content_copy).exercises


def test_it_names_the_file_and_exercise_for_an_unknown_area(content_copy: Path) -> None:
    edit(content_copy / "program.toml", 'areas = ["hands"]', 'areas = ["elbowz"]')
    with pytest.raises(ContentError, match=r"program\.toml: exercise 'holding-hands'.*elbowz"):
        load_content(content_copy)


def test_it_rejects_an_exercise_in_an_unknown_stage(content_copy: Path) -> None:
    edit(content_copy / "program.toml", 'stage = "couple-2"', 'stage = "couple-9"')
    with pytest.raises(ContentError, match="unknown stage 'couple-9'"):
        load_content(content_copy)


def test_it_rejects_an_early_stage_exercise_touching_a_left_out_area(content_copy: Path) -> None:
    edit(content_copy / "program.toml", 'areas = ["hands"]', 'areas = ["genitals"]')
    with pytest.raises(ContentError, match="left out in stage 'couple-0'"):
        load_content(content_copy)


def test_it_rejects_a_misspelt_key(content_copy: Path) -> None:
    edit(content_copy / "program.toml", "reflection_prompts = [", "reflection_promts = [")
    with pytest.raises(ContentError, match=r"program\.toml: exercise 'comfort-map'"):
        load_content(content_copy)


def test_it_rejects_invalid_toml_naming_the_file(content_copy: Path) -> None:
    (content_copy / "extra.toml").write_text("[[stages]\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"extra\.toml: (invalid|not valid) TOML"):
        load_content(content_copy)


def test_it_rejects_a_page_without_references(content_copy: Path) -> None:
    page = content_copy / "pages" / "spectatoring.md"
    page.write_text(page.read_text().split("## References")[0], encoding="utf-8")
    with pytest.raises(ContentError, match=r"spectatoring\.md: .*References"):
        load_content(content_copy)


def test_it_rejects_a_reference_not_in_the_sources(content: Content) -> None:
    text = "# T\n\nBody.\n\n## References\n\n- Someone 2024: a claim."
    with pytest.raises(ContentError, match=r"x\.md: reference 'Someone 2024"):
        parse_page("x", text, content.references, "x.md")


def test_it_rejects_a_variant_of_a_missing_exercise(content_copy: Path) -> None:
    edit(content_copy / "program.toml", 'variant_of = "back-touch"', 'variant_of = "nope"')
    with pytest.raises(ContentError, match="variant_of 'nope'"):
        load_content(content_copy)


def test_it_rejects_odd_turn_lengths(content_copy: Path) -> None:
    edit(content_copy / "program.toml", "durations = [10, 20]", "durations = [11, 20]")
    with pytest.raises(ContentError, match="two equal turns"):
        load_content(content_copy)


def test_it_rejects_a_step_linking_anywhere_but_the_touch_list(content_copy: Path) -> None:
    edit(content_copy / "program.toml", "](#touch-areas)", "](https://example.test/)")
    with pytest.raises(ContentError, match="may only link to #touch-areas"):
        load_content(content_copy)
