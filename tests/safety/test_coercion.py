from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hearth.safety.coercion import (
    REPEAT_DAYS,
    SCREEN_FILE,
    Answer,
    DataFileError,
    Result,
    is_due,
    load_screen,
    next_due,
    screen_positive,
    screen_result,
)

TODAY = date(2026, 11, 26)
ITEMS = ("humiliated", "afraid", "raped", "kicked")


def answers(**changes: str) -> dict[str, str]:
    return {item: changes.get(item, "no") for item in ITEMS}


def test_the_check_is_hark_four_questions_about_the_last_year_worded_as_published() -> None:
    screen = load_screen()
    assert screen.id == "hark" and screen.validated is True
    assert screen.item_ids == ITEMS
    assert [i.loinc for i in screen.items] == ["76499-3", "76501-6", "76502-4", "76503-2"]
    assert all(i.text.startswith("Within the last year, have you been ") for i in screen.items)
    assert all(i.text.endswith("by your partner or ex-partner?") for i in screen.items[2:])
    assert screen.items[1].text == (
        "Within the last year, have you been afraid of your partner or ex-partner?"
    )
    assert "Sohal" in screen.reference and "8:49" in screen.reference


def test_the_data_file_repeats_every_thirty_days_like_the_code() -> None:
    assert load_screen().repeat_days == REPEAT_DAYS == 30


def test_all_no_is_clear() -> None:
    assert screen_result(answers()) == Result.CLEAR
    assert screen_positive(answers()) is False


@pytest.mark.parametrize("item", ITEMS)
def test_any_single_yes_is_positive(item: str) -> None:
    assert screen_result(answers(**{item: "yes"})) == Result.POSITIVE


@pytest.mark.parametrize("item", ITEMS)
def test_rather_not_say_is_its_own_result_not_a_disclosure(item: str) -> None:
    assert screen_result(answers(**{item: "prefer_not_to_say"})) == Result.DECLINED
    assert screen_positive(answers(**{item: "prefer_not_to_say"})) is False


def test_a_yes_with_a_rather_not_say_is_still_positive() -> None:
    mixed = answers(afraid="yes", kicked="prefer_not_to_say")
    assert screen_result(mixed) == Result.POSITIVE


def test_answers_may_be_enum_members() -> None:
    assert screen_positive(dict.fromkeys(ITEMS, Answer.NO)) is False
    assert screen_positive({**dict.fromkeys(ITEMS, Answer.NO), "afraid": Answer.YES}) is True


def test_a_missing_answer_never_clears_a_check() -> None:
    partial = answers()
    del partial["raped"]
    assert screen_result(partial) == Result.DECLINED
    assert screen_result({}) == Result.DECLINED


def test_an_unknown_question_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown question"):
        screen_result({**answers(), "something_else": "no"})


def test_an_unknown_answer_is_refused() -> None:
    with pytest.raises(ValueError):
        screen_result(answers(afraid="maybe"))


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
    broken = tmp_path / "hark.toml"
    broken.write_text('id = "x"\nversion = "one"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"hark\.toml") as error:
        load_screen(broken)
    assert "version" in str(error.value)


def test_a_screen_file_with_a_malformed_loinc_code_is_refused(tmp_path: Path) -> None:
    text = SCREEN_FILE.read_text(encoding="utf-8").replace('"76501-6"', '"afraid"')
    path = tmp_path / "hark.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="loinc"):
        load_screen(path)
