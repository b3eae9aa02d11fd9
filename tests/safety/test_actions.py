"""Recording risk answers and the couple pause, across personas."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hearth.core.models import AuditEvent
from hearth.safety import access, actions
from hearth.safety.models import RiskEvent, Screening
from hearth.safety.rules import QuestionnaireSignal
from tests.conftest import Personas

ITEM9 = QuestionnaireSignal(
    instrument="phq9",
    answers={f"q{i}": 0 for i in range(1, 9)} | {"q9": 1},
    risk_flags=frozenset({"self_harm"}),
    total=1,
)
CALM = QuestionnaireSignal(
    instrument="phq9", answers={f"q{i}": 0 for i in range(1, 10)}, risk_flags=frozenset(), total=0
)


def test_a_risk_answer_is_recorded_for_the_person_only(personas: Personas) -> None:
    outcome = actions.respond(personas.partner_a, ITEM9, source="questionnaire", ref="x:1")
    assert outcome.show_crisis_resources and outcome.alert_clinician
    event = RiskEvent.objects.get()
    assert event.user == personas.partner_a and event.reasons == ["phq9_item9"]
    assert not RiskEvent.objects.filter(user=personas.partner_b).exists()


def test_a_calm_answer_records_nothing(personas: Personas) -> None:
    outcome = actions.respond(personas.partner_a, CALM, source="questionnaire")
    assert not outcome.show_crisis_resources
    assert RiskEvent.objects.count() == 0


YES = {"humiliated": "no", "afraid": "yes", "raped": "no", "kicked": "no"}
CLEAR = {"humiliated": "no", "afraid": "no", "raped": "no", "kicked": "no"}
RATHER_NOT = {**CLEAR, "raped": "prefer_not_to_say"}


def age_pauses(user: Any, days: int) -> None:
    RiskEvent.objects.filter(user=user).update(created_at=timezone.now() - timedelta(days=days))


def test_a_positive_check_pauses_couple_exercises_for_both(personas: Personas) -> None:
    result = actions.record_screening(personas.partner_b, YES)
    assert result.positive and result.outcome.danger_from_someone
    assert not access.couple_exercises_allowed(personas.partner_a)
    assert not access.couple_exercises_allowed(personas.partner_b)
    assert access.couple_exercises_allowed(personas.other_a)
    assert Screening.objects.filter(user=personas.partner_b).latest("pk").result == "positive"


def test_the_pause_ends_only_by_the_person_s_explicit_choice_after_seven_days(
    personas: Personas,
) -> None:
    actions.record_screening(personas.partner_b, YES)
    with pytest.raises(actions.SafetyError, match="from"):
        actions.end_own_pause(personas.partner_b, confirmed=True)
    age_pauses(personas.partner_b, 6)
    with pytest.raises(actions.SafetyError):
        actions.end_own_pause(personas.partner_b, confirmed=True)
    age_pauses(personas.partner_b, 7)
    with pytest.raises(actions.SafetyError, match="your choice"):
        actions.end_own_pause(personas.partner_b, confirmed=False)
    assert not access.couple_exercises_allowed(personas.partner_a)
    assert actions.end_own_pause(personas.partner_b, confirmed=True) == 1
    assert access.couple_exercises_allowed(personas.partner_a)


def test_taking_the_check_again_never_ends_the_pause(personas: Personas) -> None:
    actions.record_screening(personas.partner_b, YES)
    age_pauses(personas.partner_b, 30)
    actions.record_screening(personas.partner_b, CLEAR)
    assert not access.couple_exercises_allowed(personas.partner_a)
    assert RiskEvent.objects.get(user=personas.partner_b).resolved_at is None


def test_only_the_person_can_end_their_own_pause(personas: Personas) -> None:
    actions.record_screening(personas.partner_b, YES)
    age_pauses(personas.partner_b, 10)
    with pytest.raises(actions.SafetyError, match="Nothing is paused"):
        actions.end_own_pause(personas.partner_a, confirmed=True)
    assert not access.couple_exercises_allowed(personas.partner_a)


def test_rather_not_say_is_no_risk_event_but_keeps_couple_work_off_until_answered(
    personas: Personas,
) -> None:
    result = actions.record_screening(personas.partner_b, RATHER_NOT)
    assert str(result.result) == "declined" and not result.positive
    assert not RiskEvent.objects.exists()
    assert not access.couple_exercises_allowed(personas.partner_a)
    assert not access.screening_due(personas.partner_b)  # no nagging for a month
    actions.record_screening(personas.partner_b, CLEAR)
    assert access.couple_exercises_allowed(personas.partner_a)


def test_a_positive_and_a_clear_check_leave_the_same_activity_lines(personas: Personas) -> None:
    actions.record_screening(personas.partner_a, YES)
    actions.record_screening(personas.other_a, CLEAR)
    mine = [(e.kind, e.label) for e in AuditEvent.objects.filter(subject=personas.partner_a)]
    theirs = [(e.kind, e.label) for e in AuditEvent.objects.filter(subject=personas.other_a)]
    assert mine == theirs == [("safety.check_taken", "A private check was saved")]


def test_the_check_is_asked_only_in_a_couple_at_first_and_then_after_thirty_days(
    personas: Personas,
) -> None:
    assert not access.screening_due(personas.solo)  # never asked about "your partner"
    Screening.objects.filter(user=personas.partner_a).delete()
    assert access.screening_due(personas.partner_a)
    screening = Screening.objects.create(user=personas.partner_a, instrument="hark", result="clear")
    assert not access.screening_due(personas.partner_a)
    Screening.objects.filter(pk=screening.pk).update(taken_at=timezone.now() - timedelta(days=30))
    assert access.screening_due(personas.partner_a)
    assert not access.couple_exercises_allowed(personas.partner_b)
