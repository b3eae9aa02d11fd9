"""Start-up check of the resource files (hearth.E020), and the person's export and erasure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from hearth.core.registry import erasers, exporters
from hearth.safety import actions
from hearth.safety.checks import check_resource_files
from hearth.safety.models import RiskEvent, SafetyPlanRecord, Screening
from hearth.safety.rules import CoercionSignal
from tests.conftest import ClientFor, Personas

GOOD = """
region = "fr"
name = "France"

[[entries]]
kind = "emergency"
name = "SAMU"
phone = "115"
purpose = "Call in an emergency."
verified = 2026-10-01
source = "https://example.test/samu"
"""


def ids(problems: list[Any]) -> list[str]:
    return [p.id for p in problems]


def test_the_shipped_files_load_and_only_warn_about_the_entries_nobody_checked() -> None:
    problems = check_resource_files()
    assert set(ids(problems)) == {"hearth.W020"}
    us = next(p.msg for p in problems if "us.toml" in p.msg)
    assert "National Domestic Violence Hotline" in us and "RAINN" not in us
    assert not any("ch.toml" in p.msg for p in problems)  # every Swiss entry was checked


def test_a_good_operator_file_passes(tmp_path: Path) -> None:
    (tmp_path / "fr.toml").write_text(GOOD)
    with override_settings(RESOURCES_DIR=str(tmp_path)):
        assert not any("fr.toml" in p.msg for p in check_resource_files())


def test_an_unchecked_operator_entry_is_a_warning_naming_the_file_and_entry(
    tmp_path: Path,
) -> None:
    unchecked = GOOD.replace('verified = 2026-10-01\nsource = "https://example.test/samu"\n', "")
    (tmp_path / "fr.toml").write_text(unchecked)
    with override_settings(RESOURCES_DIR=str(tmp_path)):
        mine = [p for p in check_resource_files() if "fr.toml" in p.msg]
    assert ids(mine) == ["hearth.W020"] and "SAMU" in mine[0].msg


@pytest.mark.parametrize(
    "text",
    [
        GOOD.replace("phone =", "phnoe ="),  # a typo must not drop a crisis number silently
        GOOD.replace('"115"', '"999 or 112"'),  # one number per field
        GOOD.replace('"115"', '"1 15"'),  # digits only
        GOOD.replace("2026-10-01", '"last week"'),
        GOOD.replace("2026-10-01", "2062-10-01"),  # "Last checked" never names a day to come
        GOOD.replace('region = "fr"', 'region = "de"'),
        "this is = not [toml",
    ],
)
def test_a_malformed_operator_file_is_an_error_naming_the_file(tmp_path: Path, text: str) -> None:
    (tmp_path / "fr.toml").write_text(text)
    with override_settings(RESOURCES_DIR=str(tmp_path)):
        problems = [p for p in check_resource_files() if p.id == "hearth.E020"]
    assert len(problems) == 1 and "fr.toml" in problems[0].msg


def test_a_malformed_number_error_names_the_entry(tmp_path: Path) -> None:
    (tmp_path / "fr.toml").write_text(GOOD.replace('"115"', '"999 or 112"'))
    with override_settings(RESOURCES_DIR=str(tmp_path)):
        problem = next(p for p in check_resource_files() if p.id == "hearth.E020")
    assert 'entries[1] ("SAMU")' in problem.msg and "one number" in problem.msg


def test_a_malformed_operator_file_stops_hearth_serve(tmp_path: Path) -> None:
    from django.core.checks import run_checks

    (tmp_path / "fr.toml").write_text(GOOD.replace('"115"', '"999 or 112"'))
    with override_settings(RESOURCES_DIR=str(tmp_path)):
        serious = [m.id for m in run_checks() if m.is_serious()]
    assert "hearth.E020" in serious


def test_a_missing_operator_folder_is_reported(tmp_path: Path) -> None:
    with override_settings(RESOURCES_DIR=str(tmp_path / "nope")):
        problems = [p for p in check_resource_files() if p.id == "hearth.E020"]
    assert len(problems) == 1 and "nope" in problems[0].msg


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
        personas.partner_b, {"humiliated": "no", "afraid": "yes", "raped": "no", "kicked": "no"}
    )
    mine = _export(personas.partner_b)
    assert mine["safety_plan"]["people_to_ask"] == "Ruth"
    # The persona took a clear check before the test; then this positive one.
    assert [c["result"] for c in mine["safety_checks"]] == ["clear", "positive"]
    assert mine["safety_checks"][-1]["questions"] == "hark"
    assert mine["safety_events"][0]["pauses_couple"]
    partner = _export(personas.partner_a)
    assert partner["safety_plan"] == {k: "" for k in mine["safety_plan"]}
    assert [c["result"] for c in partner["safety_checks"]] == ["clear"]  # only A's own
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
    personas: Personas, client_for: ClientFor
) -> None:
    assert '<a href="/support/">Support</a>' in client_for(personas.solo).get("/").content.decode()
    clinician = client_for(personas.clinician).get("/").content.decode()
    assert '<a href="/support/">Support</a>' not in clinician
