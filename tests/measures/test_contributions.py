"""What measures adds to shared pages: menu, home panel, demo data, export and erasure."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from hearth.accounts.models import User
from hearth.core.registry import demo_loaders, erasers, exporters, nav_items
from hearth.couples.models import Share
from hearth.measures import catalog, demo, export, panels, words
from hearth.measures.change import reliable_change
from hearth.measures.models import Administration, Schedule
from tests.conftest import ClientFor, Personas
from tests.measures.web import PHQ9_MID, take
from tests.reading import MAX_GRADE, grade


def panel_for(user: User | AnonymousUser) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return panels.home(request)


def test_members_get_a_questionnaires_link_and_clinicians_do_not() -> None:
    assert ("Questionnaires", "measures:index") in nav_items("member")
    assert ("Questionnaires", "measures:index") not in nav_items("clinician")


def test_the_home_panel_says_plainly_what_is_due(personas: Personas, client_for: ClientFor) -> None:
    panel = panel_for(personas.solo)
    assert "PHQ-9, GAD-7 are ready when you have a few minutes. There is no rush." in panel
    take(client_for(personas.solo), PHQ9_MID)
    take(client_for(personas.solo), {f"q{i}": 0 for i in range(1, 8)}, "gad7")
    panel = panel_for(personas.solo)
    assert "Nothing is due right now. The next one is on" in panel
    assert panel_for(personas.clinician) == "" and panel_for(AnonymousUser()) == ""


def test_the_demo_gives_the_couple_and_robin_a_few_weeks_of_improving_history(
    personas: Personas,
) -> None:
    people = {
        "alex@demo.invalid": personas.partner_a,
        "sam@demo.invalid": personas.partner_b,
        "robin@demo.invalid": personas.solo,
    }
    assert demo.load in demo_loaders()
    demo.load(people)
    demo.load(people)  # idempotent
    alex = Administration.objects.filter(user=personas.partner_a, instrument_id="phq9")
    assert list(alex.order_by("completed_at").values_list("total", flat=True)) == [12, 10, 8]
    assert set(
        Administration.objects.filter(user=personas.solo).values_list("instrument_id", flat=True)
    ) == {"phq9", "gad7"}
    assert Administration.objects.filter(user=personas.partner_b, instrument_id="csi4").count() == 3
    assert not Administration.objects.exclude(status="completed").exists()
    assert not Administration.objects.exclude(flags=[]).filter(instrument_id="phq9").exists()


def test_demo_answers_add_up_to_the_story_and_never_touch_the_risk_question() -> None:
    phq9 = catalog.instruments()["phq9"]
    answers = demo.answers_for(phq9, 14)
    assert sum(answers.values()) == 14 and answers["q9"] == 0


def test_export_holds_everything_and_erase_removes_it(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    take(client, PHQ9_MID)
    client.post("/questionnaires/phq9/share/", {"share": "on"})
    take(client_for(personas.partner_b), PHQ9_MID)
    assert ("measures", export.collect) in exporters()
    assert export.erase in erasers()
    data = export.collect(personas.partner_a)
    assert {s["instrument"] for s in data["schedules"]} == {"phq9", "gad7", "csi4"}
    done = [a for a in data["administrations"] if a["status"] == "completed"]
    assert done[0]["answers"] == PHQ9_MID and done[0]["total"] == 12
    assert (done[0]["language"], done[0]["source"]) == ("en", "hearth")
    assert data["share_settings"][0]["instrument"] == "phq9"
    export.erase(personas.partner_a)
    assert not Administration.objects.filter(user=personas.partner_a).exists()
    assert not Schedule.objects.filter(user=personas.partner_a).exists()
    assert not Share.objects.exists()
    assert Administration.objects.filter(user=personas.partner_b).count() == 1  # untouched


def test_result_and_change_wording_reads_at_grade_8_or_below() -> None:
    known = catalog.instruments()
    sentences: list[str] = []
    for instrument_id, before, after in [
        ("phq9", 12, 4),
        ("gad7", 14, 7),
        ("gad7", 21, 14),
        ("gad7", 14, 13),
        ("gad7", 7, 14),
        ("csi4", 11, 15),
        ("pgic", 4, 2),
    ]:
        instrument = known[instrument_id]
        sentences += words.change_lines(instrument, reliable_change(instrument, before, after))
        sentences.append(words.score_line(instrument, after))
        sentences.append(words.better_side(instrument))
    for sentence in set(sentences):
        assert grade(sentence) <= MAX_GRADE, sentence
