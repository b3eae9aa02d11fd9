"""Every app's data files go through the one reader (hearth.core.datafile).

For each kind of file an operator or a translator edits by hand, a misspelt key, a value of
the wrong type, a missing field and broken TOML each give a message that names the file,
the entry and the field, so the person knows where to look without reading code.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from hearth.checkins import checks as checkins_checks
from hearth.checkins import content as checkins
from hearth.core.datafile import DataFileError
from hearth.measures import definitions, translations
from hearth.measures.definitions import DefinitionError, load_instruments
from hearth.program import checks as program_checks
from hearth.program import content as program
from hearth.program.content import ContentError
from hearth.safety import coercion, resources

HEARTH = Path(__file__).resolve().parent.parent / "hearth"


def _help_list(root: Path) -> object:
    return resources.load_file(root / "us.toml")


def _screen(root: Path) -> object:
    return coercion.load_screen(root / "hark.toml")


def _instrument(root: Path) -> object:
    return definitions.load_file(root / "phq9.toml")


def _translation(root: Path) -> object:
    return translations.load_file(root / "de" / "phq9.toml", "de", load_instruments())


def _program(language: str) -> Callable[[Path], object]:
    return lambda root: program.load_content(root / "content", language)


def _prompts(language: str) -> Callable[[Path], object]:
    return lambda root: checkins.load_library(root / "data", language)


@dataclass(frozen=True)
class Case:
    copy: str  # the shipped file or folder, under hearth/, copied to the test's own folder
    edit: str  # the file to change, in that copy
    old: str
    new: str
    load: Callable[[Path], object]
    entry: str  # how the message names the entry
    field: str
    error: type[DataFileError] = DataFileError


HELP = "safety/resources/us.toml"
SCREEN = "safety/screens/hark.toml"
PHQ9 = "measures/instruments/phq9.toml"
PHQ9_DE = "measures/instruments/de/phq9.toml"
FIRST_HELP = 'entries[1] ("National Domestic Violence Hotline")'

CASES = {
    # Safety: the help lists an operator keeps, and the coercion screen.
    "help list, misspelt key": Case(
        HELP, "us.toml", 'phone = "18007997233"', 'phnoe = "18007997233"', _help_list,
        FIRST_HELP, "phnoe",
    ),
    "help list, wrong type": Case(
        HELP, "us.toml", 'phone = "18007997233"', "phone = 18007997233", _help_list,
        FIRST_HELP, "phone",
    ),
    "help list, missing field": Case(
        HELP, "us.toml", 'kind = "abuse"\n', "", _help_list, FIRST_HELP, "kind"
    ),
    "help list, broken TOML": Case(
        HELP, "us.toml", 'phone = "18006564673"', "phone = 1-800-656-4673", _help_list,
        "[[entries]] 2", "phone",
    ),
    "screen, misspelt key": Case(
        SCREEN, "hark.toml", 'loinc = "76499-3"', 'lionc = "76499-3"', _screen,
        'items[1] ("humiliated")', "lionc",
    ),
    "screen, wrong type": Case(
        SCREEN, "hark.toml", 'loinc = "76501-6"', "loinc = 76501", _screen,
        'items[2] ("afraid")', "loinc",
    ),
    "screen, missing field": Case(
        SCREEN, "hark.toml", 'loinc = "76502-4"\n', "", _screen, 'items[3] ("raped")', "loinc"
    ),
    "screen, broken TOML": Case(
        SCREEN, "hark.toml", 'id = "afraid"', "id = afraid", _screen, "[[items]] 2", "id"
    ),
    # Measures: a questionnaire (shipped, or a clinic's licensed one) and its translation.
    "questionnaire, misspelt key": Case(
        PHQ9, "phq9.toml", 'id = "q4"', 'id = "q4"\nreversed = true', _instrument,
        'items[4] ("q4")', "reversed", DefinitionError,
    ),
    "questionnaire, wrong type": Case(
        PHQ9, "phq9.toml", 'loinc = "44254-1"', "loinc = 44254", _instrument,
        'items[4] ("q4")', "loinc", DefinitionError,
    ),
    "questionnaire, missing field": Case(
        PHQ9, "phq9.toml", 'text = "Feeling tired or having little energy"\n', "", _instrument,
        'items[4] ("q4")', "text", DefinitionError,
    ),
    "questionnaire, broken TOML": Case(
        PHQ9, "phq9.toml", "max_missing = 1", "max_missing = one", _instrument,
        "[missing]", "max_missing", DefinitionError,
    ),
    "questionnaire translation, misspelt key": Case(
        PHQ9_DE, "de/phq9.toml", "[derived.phq2]\ntitle", "[derived.phq2]\ntitel", _translation,
        "[derived.phq2]", "titel", DefinitionError,
    ),
    "questionnaire translation, wrong type": Case(
        PHQ9_DE, "de/phq9.toml", 'q1 = "Wenig Interesse oder Freude an Ihren Tätigkeiten"',
        "q1 = 1", _translation, "[items]", "q1", DefinitionError,
    ),
    "questionnaire translation, missing field": Case(
        PHQ9_DE, "de/phq9.toml", 'meaning = "Sie haben zurzeit kaum', 'note = "Sie haben zurzeit',
        _translation, "[bands.minimal]", "note", DefinitionError,
    ),
    "questionnaire translation, broken TOML": Case(
        PHQ9_DE, "de/phq9.toml", '0 = "Überhaupt nicht"', "0 = Überhaupt", _translation,
        "[options]", "0", DefinitionError,
    ),
    # Program: stages, exercises and references, and their German words.
    "program, misspelt key": Case(
        "program/content", "content/program.toml", 'page = "stage-couple-0"',
        'pgae = "stage-couple-0"', _program("en"), "stage 'couple-0'", "pgae", ContentError,
    ),
    "program, misspelt table name": Case(
        "program/content", "content/program.toml", '[[stages]]\nid = "couple-0"',
        '[[stage]]\nid = "couple-0"', _program("en"), "", "stage", ContentError,
    ),
    "program, wrong type": Case(
        "program/content", "content/program.toml", "order = 0", 'order = "0"', _program("en"),
        "stage 'couple-0'", "order", ContentError,
    ),
    "program, missing field": Case(
        "program/content", "content/references.toml", "year = 1970\n", "", _program("en"),
        "reference 'masters1970'", "year", ContentError,
    ),
    "program, broken TOML": Case(
        "program/content", "content/program.toml", "order = 0", "order = zero", _program("en"),
        "[[stages]] 1", "order", ContentError,
    ),
    "program in German, misspelt key": Case(
        "program/content", "content/de/program.toml", '[stages.couple-0]\ntitle =',
        '[stages.couple-0]\ntitel =', _program("de"), "stage 'couple-0'", "titel", ContentError,
    ),
    "program in German, broken TOML": Case(
        "program/content", "content/de/program.toml", 'title = "Nähe ohne Druck"',
        "title = Nähe", _program("de"), "[stages.couple-0]", "title", ContentError,
    ),
    # Check-ins: the conversation prompts, in English and in German.
    "prompts, misspelt key": Case(
        "checkins/data", "data/prompts.toml", 'text = "What was a good moment',
        'txt = "What was a good moment', _prompts("en"), 'prompt[1] ("good_moment")', "txt",
    ),
    "prompts, wrong type": Case(
        "checkins/data", "data/prompts.toml", 'text = "What was a good moment we had this week?"',
        "text = 1", _prompts("en"), 'prompt[1] ("good_moment")', "text",
    ),
    "prompts, missing field": Case(
        "checkins/data", "data/prompts.toml", 'text = "What was a good moment we had this week?"\n',
        "", _prompts("en"), 'prompt[1] ("good_moment")', "text",
    ),
    "prompts, broken TOML": Case(
        "checkins/data", "data/prompts.toml", 'id = "calm_place"', "id = calm_place",
        _prompts("en"), "[[prompt]] 4", "id",
    ),
    "prompts in German, broken TOML": Case(
        "checkins/data", "data/de/prompts.toml", 'text = "Was war diese Woche',
        "text = Was war diese Woche", _prompts("de"), "[prompt.good_moment]", "text",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_mistake_names_the_file_the_entry_and_the_field(tmp_path: Path, case: Case) -> None:
    source = HEARTH / case.copy
    if source.is_dir():
        shutil.copytree(source, tmp_path / Path(case.edit).parts[0])
    else:
        (tmp_path / case.edit).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, tmp_path / case.edit)
    path = tmp_path / case.edit
    text = path.read_text(encoding="utf-8")
    assert text.count(case.old) >= 1, "the shipped file changed: update this case"
    path.write_text(text.replace(case.old, case.new, 1), encoding="utf-8")

    with pytest.raises(case.error) as caught:
        case.load(tmp_path)

    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert case.entry in message and case.field in message, message
    assert case.entry in caught.value.entry and caught.value.field == case.field, message


# --- start-up checks: `hearth check` shows the same message to the operator -------------------


def _broken_copy(tmp_path: Path, case: str) -> Path:
    """A copy of the shipped folder of ``CASES[case]``, with that case's mistake in it."""
    chosen = CASES[case]
    shutil.copytree(HEARTH / chosen.copy, tmp_path / Path(chosen.edit).parts[0])
    path = tmp_path / chosen.edit
    path.write_text(path.read_text(encoding="utf-8").replace(chosen.old, chosen.new, 1))
    return path


def test_a_clinic_questionnaire_with_a_mistake_is_named_by_the_start_up_check(
    tmp_path: Path,
) -> None:
    text = (HEARTH / PHQ9).read_text(encoding="utf-8").replace('id = "phq9"', 'id = "phq9x"', 1)
    (tmp_path / "phq9x.toml").write_text(text.replace('loinc = "44254-1"', "loinc = 44254"))
    with override_settings(INSTRUMENTS_DIRS=[str(tmp_path)]):
        (problem,) = [m for m in run_checks() if m.id == "hearth.E010"]
    assert problem.is_serious()
    assert f"{tmp_path / 'phq9x.toml'}: items[4] (\"q4\"): 'loinc' must be" in problem.msg


def test_program_content_with_a_mistake_is_named_by_the_start_up_check(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "program, misspelt key")
    problems = program_checks.content_problems(path.parent)
    # Every language is built on the English file; the operator reads about it once.
    (problem,) = problems
    assert problem.id == "hearth.E030" and problem.is_serious()
    assert f"{path}: stage 'couple-0': unknown keys ['pgae']" in problem.msg


def test_check_in_prompts_with_a_mistake_are_named_by_the_start_up_check(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "prompts in German, broken TOML")
    (problem,) = checkins_checks.library_problems(path.parent.parent)
    assert problem.id == "hearth.E031" and problem.is_serious()
    assert f"{path}: not valid TOML at line" in problem.msg
    assert "([prompt.good_moment], 'text')" in problem.msg


def test_the_shipped_content_passes_its_start_up_checks() -> None:
    found = {m.id for m in run_checks()}
    assert not found & {"hearth.E010", "hearth.E020", "hearth.E030", "hearth.E031"}
