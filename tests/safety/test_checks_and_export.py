"""Start-up check of the resource files (hearth.E020), and the person's export and erasure."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from hearth.core.registry import erasers, exporters
from hearth.safety import actions
from hearth.safety.checks import check_resource_files
from hearth.safety.coercion import load_screen
from hearth.safety.forms import ANSWER_REQUIRED
from hearth.safety.models import RiskEvent, SafetyPlanRecord, Screening
from hearth.safety.rules import CoercionSignal
from tests.conftest import Personas

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # textstat imports pkg_resources
    import textstat

GOOD = 'region = "fr"\nname = "France"\nlast_checked = 2026-10-01\n\n[[entries]]\nname = "SAMU"\nphone = "15"\npurpose = "Call in an emergency."\n'  # noqa: E501


def test_the_shipped_resource_files_pass_the_check() -> None:
    assert check_resource_files() == []


def test_a_good_operator_file_passes(tmp_path: Path) -> None:
    (tmp_path / "fr.toml").write_text(GOOD)
    with override_settings(RESOURCES_DIR=str(tmp_path)):
        assert check_resource_files() == []


@pytest.mark.parametrize(
    "text",
    [
        GOOD.replace("phone", "phnoe"),  # a typo must not drop a crisis number silently
        GOOD.replace("2026-10-01", '"last week"'),
        GOOD.replace('region = "fr"', 'region = "de"'),
        "this is = not [toml",
    ],
)
def test_a_malformed_operator_file_is_reported_by_name(tmp_path: Path, text: str) -> None:
    (tmp_path / "fr.toml").write_text(text)
    with override_settings(RESOURCES_DIR=str(tmp_path)):
        problems = check_resource_files()
    assert [p.id for p in problems] == ["hearth.E020"]
    assert "fr.toml" in problems[0].msg


def test_a_missing_operator_folder_is_reported(tmp_path: Path) -> None:
    with override_settings(RESOURCES_DIR=str(tmp_path / "nope")):
        problems = check_resource_files()
    assert [p.id for p in problems] == ["hearth.E020"] and "nope" in problems[0].msg


def test_the_check_runs_with_django_s_checks(tmp_path: Path) -> None:
    from django.core.checks import run_checks

    (tmp_path / "fr.toml").write_text("broken = [")
    with override_settings(RESOURCES_DIR=str(tmp_path)):
        assert "hearth.E020" in {m.id for m in run_checks()}


def _export(user: Any) -> dict[str, Any]:
    return dict(exporters())["safety"](user)


def test_the_export_holds_the_person_s_own_rows_only(personas: Personas) -> None:
    actions.save_plan(personas.partner_b, {"people_to_ask": "Ruth"})
    actions.record_screening(
        personas.partner_b,
        {"afraid": "yes", "controlled": "no", "hurt_or_threatened": "no", "sexual_pressure": "no"},
    )
    mine = _export(personas.partner_b)
    assert mine["safety_plan"]["people_to_ask"] == "Ruth"
    # The persona took a clear check before the test; then this positive one.
    assert [c["positive"] for c in mine["safety_checks"]] == [False, True]
    assert mine["safety_events"][0]["pauses_couple"]
    partner = _export(personas.partner_a)
    assert partner["safety_plan"] == {k: "" for k in mine["safety_plan"]}
    assert [c["positive"] for c in partner["safety_checks"]] == [False]  # only A's own
    assert partner["safety_events"] == []


def test_erasure_removes_the_person_s_safety_data_and_nobody_else_s(personas: Personas) -> None:
    for person in (personas.partner_a, personas.partner_b):
        actions.save_plan(person, {"warning_signs": "late nights"})
        actions.respond(person, CoercionSignal({"afraid": "yes"}), source="coercion")
    for erase in erasers():
        erase(personas.partner_b)
    for model in (SafetyPlanRecord, Screening, RiskEvent):
        assert not model.objects.filter(user=personas.partner_b).exists()
    assert SafetyPlanRecord.objects.filter(user=personas.partner_a).exists()
    assert RiskEvent.objects.filter(user=personas.partner_a).exists()


def test_the_support_link_is_in_the_menu_for_members_only(
    personas: Personas, client_for: Any
) -> None:
    assert '<a href="/support/">Support</a>' in client_for(personas.solo).get("/").content.decode()
    clinician = client_for(personas.clinician).get("/").content.decode()
    assert '<a href="/support/">Support</a>' not in clinician


PAGE_TEXTS = [
    "This page is just for you. Your partner cannot see it.",
    "A short plan, in your own words, for when things get very hard.",
    "This pause ends when you take the private check again and all is well.",
    "It is time for a few private questions. They take about a minute, and only you see them.",
    "You do not have to get through this alone. If you might act on thoughts of harming "
    "yourself, please reach out now.",
    "Things seem hard right now. A doctor or therapist can help, and so can the people below.",
    "A safety plan is a short list, in your own words, of what to do when things get very "
    "hard. Fill in as much as you like, and change it at any time. Only you can see it.",
    "Use your browser's Print command to print this page. The menu and the exit button are "
    "left off the paper.",
    "A doctor, a therapist or a support service near you can help you plan how to stay safe.",
    'To leave fast, press "Quick exit" at the top of any page, or press Escape twice. It signs '
    "you out.",
    "If you or someone else is in danger right now, call your emergency number.",
    'You can leave this page fast. Press "Quick exit" at the top, or press Escape twice.',
    "Thank you for telling us. It is time for a few private questions.",
    'Please answer each question. You can choose "I\'d rather not say".',
    "The pause has ended. Couple exercises can be offered again.",
    "Your plan is saved. Only you can see it.",
    "This pause cannot be ended here.",
]


@pytest.mark.parametrize("text", PAGE_TEXTS)
def test_page_texts_read_at_grade_eight_or_below(text: str) -> None:
    assert textstat.flesch_kincaid_grade(text) <= 8.0


def test_the_answer_required_message_reads_at_grade_eight_or_below() -> None:
    assert textstat.flesch_kincaid_grade(ANSWER_REQUIRED) <= 8.0


def test_the_page_texts_listed_here_are_the_ones_in_the_templates() -> None:
    folder = Path(actions.__file__).parent / "templates" / "safety"
    app = folder.parents[1]
    sources = [*folder.glob("*.html"), app / "views.py", app / "actions.py"]
    templates = " ".join(p.read_text() for p in sources) + " ".join(load_screen().user_facing_texts)
    for text in PAGE_TEXTS:
        assert text.split(". ")[0] in templates
