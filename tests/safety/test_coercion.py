from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hearth.safety.coercion import (
    REPEAT_DAYS,
    SCREEN_FILE,
    Answer,
    DataFileError,
    is_due,
    load_screen,
    next_due,
    screen_positive,
)

TODAY = date(2026, 11, 26)
ITEMS = ("afraid", "controlled", "hurt_or_threatened", "sexual_pressure")


def answers(**changes: str) -> dict[str, str]:
    return {item: changes.get(item, "no") for item in ITEMS}


def test_the_screen_has_four_yes_no_questions_on_the_four_topics() -> None:
    screen = load_screen()
    assert screen.item_ids == ITEMS
    assert [o.value for o in screen.options] == [Answer.YES, Answer.NO, Answer.PREFER_NOT_TO_SAY]


def test_the_screen_says_it_is_written_by_the_project_and_not_validated() -> None:
    screen = load_screen()
    assert screen.validated is False
    assert "not a tested" in screen.notice
    assert "wrote" in screen.notice


def test_the_screen_tells_the_person_their_partner_will_not_see_the_answers() -> None:
    assert "partner will not see" in load_screen().intro


def test_the_data_file_repeats_every_thirty_days_like_the_code() -> None:
    assert load_screen().repeat_days == REPEAT_DAYS == 30


def test_all_no_is_negative() -> None:
    assert screen_positive(answers()) is False


@pytest.mark.parametrize("item", ITEMS)
def test_any_single_yes_is_positive(item: str) -> None:
    assert screen_positive(answers(**{item: "yes"})) is True


@pytest.mark.parametrize("item", ITEMS)
def test_rather_not_say_counts_as_positive_for_safety(item: str) -> None:
    assert screen_positive(answers(**{item: "prefer_not_to_say"})) is True


def test_answers_may_be_enum_members() -> None:
    assert screen_positive(dict.fromkeys(ITEMS, Answer.NO)) is False
    assert screen_positive({**dict.fromkeys(ITEMS, Answer.NO), "afraid": Answer.YES}) is True


def test_a_missing_answer_counts_as_positive_so_a_bug_never_clears_a_screen() -> None:
    partial = answers()
    del partial["controlled"]
    assert screen_positive(partial) is True
    assert screen_positive({}) is True


def test_an_unknown_question_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown question"):
        screen_positive({**answers(), "something_else": "no"})


def test_an_unknown_answer_is_refused() -> None:
    with pytest.raises(ValueError):
        screen_positive(answers(afraid="maybe"))


def test_a_screen_never_taken_is_due_today() -> None:
    assert next_due(None, TODAY) == TODAY
    assert is_due(None, TODAY)


def test_the_screen_is_due_again_thirty_days_after_it_was_taken() -> None:
    assert next_due(date(2026, 11, 1), TODAY) == date(2026, 12, 1)
    assert not is_due(date(2026, 11, 1), TODAY)


def test_the_screen_is_due_on_the_thirtieth_day_exactly() -> None:
    assert is_due(date(2026, 10, 27), TODAY)
    assert not is_due(date(2026, 10, 28), TODAY)


def test_an_overdue_screen_stays_due_and_keeps_its_original_due_day() -> None:
    assert next_due(date(2026, 1, 1), TODAY) == date(2026, 1, 31)
    assert is_due(date(2026, 1, 1), TODAY)


def test_the_interval_can_be_changed() -> None:
    assert next_due(date(2026, 11, 1), TODAY, repeat_days=7) == date(2026, 11, 8)


def test_a_malformed_screen_file_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "coercion.toml"
    broken.write_text('id = "x"\nversion = "one"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"coercion\.toml") as error:
        load_screen(broken)
    assert "version" in str(error.value)


def test_a_screen_file_without_the_rather_not_say_option_is_refused(tmp_path: Path) -> None:
    text = SCREEN_FILE.read_text(encoding="utf-8")
    option = '[[options]]\nvalue = "prefer_not_to_say"\nlabel = "I\'d rather not say"\n'
    trimmed = text.replace(option, "")
    assert trimmed != text
    path = tmp_path / "coercion.toml"
    path.write_text(trimmed, encoding="utf-8")
    with pytest.raises(DataFileError, match="prefer_not_to_say"):
        load_screen(path)
