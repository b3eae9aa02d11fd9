"""Recording risk answers and the couple pause, across personas."""

from hearth.safety import actions
from hearth.safety.models import RiskEvent
from hearth.safety.rules import CoercionSignal, QuestionnaireSignal
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


def test_a_positive_safety_check_pauses_couple_exercises_for_both(personas: Personas) -> None:
    yes = CoercionSignal(answers={"afraid": "yes"})
    actions.respond(personas.partner_b, yes, source="coercion")
    assert not actions.couple_exercises_allowed(personas.partner_a)
    assert not actions.couple_exercises_allowed(personas.partner_b)
    assert actions.couple_exercises_allowed(personas.other_a)
    assert actions.lift_pause(personas.partner_b, source="coercion") == 1
    assert actions.couple_exercises_allowed(personas.partner_a)


def test_only_the_person_can_lift_their_own_pause(personas: Personas) -> None:
    actions.respond(
        personas.partner_b, CoercionSignal(answers={"afraid": "yes"}), source="coercion"
    )
    assert actions.lift_pause(personas.partner_a, source="coercion") == 0
    assert not actions.couple_exercises_allowed(personas.partner_a)


def test_the_safety_check_is_due_at_first_and_then_after_thirty_days(personas: Personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from hearth.safety.models import Screening

    assert actions.screening_due(personas.solo)
    screening = Screening.objects.create(user=personas.solo, positive=False)
    assert not actions.screening_due(personas.solo)
    Screening.objects.filter(pk=screening.pk).update(taken_at=timezone.now() - timedelta(days=30))
    assert actions.screening_due(personas.solo)
