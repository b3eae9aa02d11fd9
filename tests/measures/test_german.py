"""German questionnaires: a German-speaking person gets the validated German PHQ-9 and
GAD-7 (and the PHQ-2 and GAD-2, which are their items); the others stay English and say
so; a score never depends on the language it was taken in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.measures import catalog
from hearth.measures.definitions import DefinitionError, load_instruments
from hearth.measures.models import Administration
from hearth.measures.scoring import score
from hearth.measures.translations import Translation, in_language, load_translations
from tests.api.conftest import API, Api, token_for
from tests.conftest import ClientFor, Personas
from tests.measures.web import PHQ9_MID, PHQ9_RISK, form, start, take

# The PHQ-D's German PHQ-9 (Löwe, Spitzer, Zipfel & Herzog 2002; validated by Gräfe et al.
# 2004), as the medical informatics initiative publishes it (CC0) with the LOINC code of
# each question.
PHQ9_DE = {
    "44250-9": "Wenig Interesse oder Freude an Ihren Tätigkeiten",
    "44255-8": "Niedergeschlagenheit, Schwermut oder Hoffnungslosigkeit",
    "44259-0": "Schwierigkeiten ein- oder durchzuschlafen oder vermehrter Schlaf",
    "44254-1": "Müdigkeit oder Gefühl, keine Energie zu haben",
    "44251-7": "Verminderter Appetit oder übermäßiges Bedürfnis zu essen",
    "44258-2": "Schlechte Meinung von sich selbst; Gefühl, ein Versager zu sein oder die Familie "
    "enttäuscht zu haben",
    "44252-5": "Schwierigkeiten, sich auf etwas zu konzentrieren, z.B. beim Zeitunglesen oder "
    "Fernsehen",
    "44253-3": "Waren Ihre Bewegungen oder Ihre Sprache so verlangsamt, dass es auch anderen "
    "auffallen würde? Oder waren Sie im Gegenteil „zappelig“ oder ruhelos und hatten dadurch "
    "einen stärkeren Bewegungsdrang als sonst?",
    "44260-8": "Gedanken, dass Sie lieber tot wären oder sich Leid zufügen möchten",
}
GAD7_DE = {
    "69725-0": "Nervosität, Ängstlichkeit oder Anspannung",
    "68509-9": "Nicht in der Lage sein, Sorgen zu stoppen oder zu kontrollieren",
    "69733-4": "Übermäßige Sorgen bezüglich verschiedener Angelegenheiten",
    "69734-2": "Schwierigkeiten zu entspannen",
    "69735-9": "Rastlosigkeit, so dass Stillsitzen schwer fällt",
    "69689-8": "Schnelle Verärgerung oder Gereiztheit",
    "69736-7": "Gefühl der Angst, so als würde etwas Schlimmes passieren",
}
ANSWERS_DE = ["Überhaupt nicht", "An einzelnen Tagen", "An mehr als der Hälfte der Tage",
              "Beinahe jeden Tag"]  # fmt: skip
STEM_DE = (
    "Wie oft fühlten Sie sich im Verlauf der letzten 2 Wochen durch die folgenden Beschwerden "
    "beeinträchtigt?"
)


def german(client: Client) -> Client:
    client.cookies["django_language"] = "de"
    return client


@pytest.mark.parametrize(("instrument_id", "expected"), [("phq9", PHQ9_DE), ("gad7", GAD7_DE)])
def test_the_german_version_is_the_validated_wording_question_by_question(
    instrument_id: str, expected: dict[str, str]
) -> None:
    german_version = catalog.instruments("de")[instrument_id]
    assert {i.loinc: i.text for i in german_version.items} == expected
    assert german_version.stem == STEM_DE
    for item in german_version.items:
        assert [o.label for o in item.options] == ANSWERS_DE
    assert german_version.language == "de" and german_version.translation_reference


def test_the_difficulty_question_has_its_german_wording() -> None:
    difficulty = catalog.instruments("de")["phq9"].extras[0]
    assert difficulty.text.startswith("Wenn eines oder mehrere dieser Probleme bei Ihnen")
    assert [o.label for o in difficulty.options] == [
        "Überhaupt nicht erschwert",
        "Etwas erschwert",
        "Relativ stark erschwert",
        "Sehr stark erschwert",
    ]


@pytest.mark.parametrize(("child", "parent"), [("phq2", "phq9"), ("gad2", "gad7")])
def test_the_short_forms_are_german_through_their_parent(child: str, parent: str) -> None:
    known = catalog.instruments("de")
    assert [i.text for i in known[child].items] == [i.text for i in known[parent].items[:2]]
    linked = known[parent].derived[0].instrument
    assert linked.id == child and linked.items == known[child].items
    assert known[child].language == "de"


def test_only_the_phq_and_gad_have_a_german_version() -> None:
    german_ones = {k for k, v in catalog.instruments("de").items() if v.language == "de"}
    assert german_ones == {"phq9", "phq2", "gad7", "gad2"}
    assert all(v.language == "en" for v in catalog.instruments("en").values())
    assert catalog.instruments("de-at")["phq9"].language == "de"


# ---------------------------------------------------------------------------------------------
# Scores never depend on the language


@pytest.mark.parametrize("instrument_id", ["phq9", "gad7", "phq2", "gad2"])
def test_a_translation_changes_words_only(instrument_id: str) -> None:
    english, german_version = (
        catalog.instruments()[instrument_id],
        catalog.instruments("de")[instrument_id],
    )
    assert english.item_ids == german_version.item_ids
    assert [i.values for i in english.items] == [i.values for i in german_version.items]
    assert [(b.id, b.min, b.max) for b in english.bands] == [
        (b.id, b.min, b.max) for b in german_version.bands
    ]
    assert [(f.id, f.source, f.op, f.value) for f in english.flags] == [
        (f.id, f.source, f.op, f.value) for f in german_version.flags
    ]
    assert (english.method, english.missing, english.change, english.gate) == (
        german_version.method,
        german_version.missing,
        german_version.change,
        german_version.gate,
    )


ANSWER = st.one_of(st.none(), st.integers(min_value=0, max_value=3))


@settings(max_examples=300, deadline=None)
@given(answers=st.fixed_dictionaries({f"q{i}": ANSWER for i in range(1, 10)}))
def test_any_phq9_answers_score_the_same_in_english_and_german(
    answers: dict[str, int | None],
) -> None:
    _same_score("phq9", answers)


@settings(max_examples=200, deadline=None)
@given(answers=st.fixed_dictionaries({f"q{i}": ANSWER for i in range(1, 8)}))
def test_any_gad7_answers_score_the_same_in_english_and_german(
    answers: dict[str, int | None],
) -> None:
    _same_score("gad7", answers)


def _same_score(instrument_id: str, answers: dict[str, int | None]) -> None:
    english = catalog.instruments()[instrument_id]
    german_version = catalog.instruments("de")[instrument_id]
    outcomes: list[tuple[object, ...]] = []
    for instrument in (english, german_version):
        try:
            result = score(instrument, answers)
        except ValueError as exc:
            outcomes.append(("refused", type(exc).__name__))
            continue
        derived = [(d.instrument_id, d.total, d.band_id, d.flag_ids) for d in result.derived]
        outcomes.append((result.total, result.band_id, result.flag_ids, result.prorated, derived))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("answers", [PHQ9_MID, PHQ9_RISK])
def test_a_german_and_an_english_sitting_with_the_same_answers_get_the_same_result(
    personas: Personas, client_for: ClientFor, answers: dict[str, int]
) -> None:
    take(client_for(personas.solo), answers)
    take(german(client_for(personas.other_a)), answers)
    english = Administration.objects.get(user=personas.solo, instrument_id="phq9")
    in_german = Administration.objects.get(user=personas.other_a, instrument_id="phq9")
    assert (english.language, in_german.language) == ("en", "de")
    assert (english.total, english.band_id, english.flags, english.derived) == (
        in_german.total,
        in_german.band_id,
        in_german.flags,
        in_german.derived,
    )


# ---------------------------------------------------------------------------------------------
# What each person sees


def test_a_german_speaking_person_is_asked_the_german_phq9(
    personas: Personas, client_for: ClientFor
) -> None:
    client = german(client_for(personas.solo))
    sitting = start(client)
    assert sitting.language == "de"
    page = client.get(f"/questionnaires/sitting/{sitting.pk}/").content.decode()
    assert STEM_DE in page and PHQ9_DE["44250-9"] in page and "Beinahe jeden Tag" in page
    assert "Little interest" not in page and "auf Englisch" not in page
    assert "Deutsche Übersetzung und Validierung: B. Löwe" in page  # the attribution


def test_an_english_speaking_person_is_asked_the_english_phq9(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    sitting = start(client)
    page = client.get(f"/questionnaires/sitting/{sitting.pk}/").content.decode()
    assert sitting.language == "en" and "Little interest or pleasure in doing things" in page
    assert "in English" not in page


@pytest.mark.parametrize("instrument_id", ["pcptsd5", "pgic"])
def test_a_questionnaire_without_a_german_version_stays_english_and_says_so(
    personas: Personas, client_for: ClientFor, instrument_id: str
) -> None:
    client = german(client_for(personas.solo))
    client.post(f"/questionnaires/{instrument_id}/choose/", {"add": "yes"})
    sitting = start(client, instrument_id)
    assert sitting.language == "en"
    page = client.get(f"/questionnaires/sitting/{sitting.pk}/").content.decode()
    assert "Dieser Fragebogen ist auf Englisch." in page
    assert "nur in einer geprüften, veröffentlichten Übersetzung" in page


def test_a_sitting_keeps_the_language_it_started_in(
    personas: Personas, client_for: ClientFor
) -> None:
    client = german(client_for(personas.solo))
    sitting = start(client)
    client.post(f"/questionnaires/sitting/{sitting.pk}/", form({"q1": 1, "q2": 1, "q3": 1,
                                                              "q4": 1, "q5": 1}, 0))  # fmt: skip
    client.cookies["django_language"] = "en"
    page = client.get(f"/questionnaires/sitting/{sitting.pk}/").content.decode()
    assert PHQ9_DE["44258-2"] in page  # page 2 is still the German version
    assert "Save and see my result" in page  # while the interface follows the person


def test_the_german_result_explains_the_bands_in_german(
    personas: Personas, client_for: ClientFor
) -> None:
    client = german(client_for(personas.solo))
    take(client, {**PHQ9_MID, "difficulty": 1})
    done = Administration.objects.get(user=personas.solo, instrument_id="phq9")
    page = client.get(f"/questionnaires/sitting/{done.pk}/result/").content.decode()
    assert (
        "Mittelgradig" in page and "Die gedrückte Stimmung stört vielleicht Ihren Alltag." in page
    )
    assert "Ihre Antwort auf die letzte Frage: Etwas erschwert." in page


def test_the_api_asks_in_the_persons_language(personas: Personas) -> None:
    api = Api(token_for(personas.solo))
    api.headers["Accept-Language"] = "de"
    sitting = api.post(f"{API}/questionnaires/phq9/start").json()
    assert sitting["language"] == "de" and sitting["stem"] == STEM_DE
    assert sitting["questions"][0]["text"] == PHQ9_DE["44250-9"]
    assert sitting["questions"][0]["options"][3] == {"value": 3, "label": "Beinahe jeden Tag"}


# ---------------------------------------------------------------------------------------------
# A clinic's own translations are checked like the shipped ones


TOY_DE = """
instrument = "toy"
title = "Spielzeug"
stem = "Stamm"
recall = "jetzt"
attribution = "Test"
reference = "Test"
[options]
1 = "Nie"
2 = "Selten"
3 = "Manchmal"
4 = "Oft"
5 = "Immer"
[items]
a = "A"
b = "B"
c = "C"
[bands.low]
label = "Niedrig"
meaning = "Niedrig."
[bands.high]
label = "Hoch"
meaning = "Hoch."
[flags.very_low]
label = "Sehr niedrig"
meaning = "Sehr niedrig."
"""


def _with_toy_translation(toy_dir: Path, text: str) -> dict[tuple[str, str], Translation]:
    (toy_dir / "de").mkdir(exist_ok=True)
    (toy_dir / "de" / "toy.toml").write_text(text)
    return load_translations([toy_dir])


def test_a_clinic_can_add_a_checked_translation_of_its_own(toy_dir: Path) -> None:
    translations = _with_toy_translation(toy_dir, TOY_DE)
    toy = in_language(load_instruments([toy_dir]), translations, "de")["toy"]
    assert [i.text for i in toy.items] == ["A", "B", "C"] and toy.title == "Spielzeug"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('c = "C"\n', ""), "items do not match the instrument (missing c)"),
        (lambda t: t.replace('c = "C"', 'c = "C"\nd = "D"'), "unknown d"),
        (lambda t: t.replace('5 = "Immer"', '6 = "Immer"'), "answers of 'a'"),
        (lambda t: t.replace('instrument = "toy"', 'instrument = "nope"'), "'nope' is not"),
        (lambda t: t.replace("[flags.very_low]", "[flags.other]"), "flags do not match"),
        (lambda t: "score = 1\n" + t, "unknown field(s) score"),
    ],
)
def test_a_translation_that_changes_more_than_words_is_refused(
    toy_dir: Path, change: Callable[[str], str], message: str
) -> None:
    with pytest.raises(DefinitionError, match=r"toy\.toml") as refused:
        _with_toy_translation(toy_dir, change(TOY_DE))
    assert message in str(refused.value)
