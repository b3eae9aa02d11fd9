"""Progression through the actions, on the real database: the pure rules hold end to end.

Never forward without both partners' yes, never during a safety pause, stepping back always
works with nobody's agreement, and on a paced plan only the pace holder proposes.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hearth.program import actions
from hearth.program.models import Program
from hearth.safety.models import RiskEvent
from tests.conftest import Personas
from tests.factories import screened
from tests.program.helpers import backdate, give_intake, held, program_of, safety_pause

pytestmark = pytest.mark.django_db


def ready_couple(personas: Personas, **a_answers: Any) -> Program:
    """Both answered; four comfortable sessions over more than two weeks at this stage."""
    a, b = personas.partner_a, personas.partner_b
    screened(a, b)
    give_intake(a, **a_answers)
    give_intake(b)
    for _ in range(4):
        held(a, b, comfort=8)
    program = program_of(a)
    backdate(program, 15)
    program.refresh_from_db()
    return program


def test_moving_on_needs_both_partners_yes(personas: Personas) -> None:
    program = ready_couple(personas)
    start = program.stage
    actions.propose_advance(personas.partner_a)
    program.refresh_from_db()
    assert program.stage == start and program.proposal_by == personas.partner_a
    with pytest.raises(actions.ProgramError, match="already said yes"):
        actions.accept_advance(personas.partner_a)
    actions.accept_advance(personas.partner_b)
    program.refresh_from_db()
    assert program.stage != start and program.proposal_by is None


def test_not_yet_clears_the_proposal_and_counts_against_nobody(personas: Personas) -> None:
    program = ready_couple(personas)
    actions.propose_advance(personas.partner_b)
    actions.decline_advance(personas.partner_a)
    program.refresh_from_db()
    assert program.proposal_by is None
    actions.propose_advance(personas.partner_a)  # can be proposed again at once
    program.refresh_from_db()
    assert program.proposal_by == personas.partner_a


def test_too_early_or_too_few_sessions_keeps_the_stage(personas: Personas) -> None:
    a, b = personas.partner_a, personas.partner_b
    give_intake(a)
    give_intake(b)
    held(a, b)
    with pytest.raises(actions.ProgramError, match="not open yet"):
        actions.propose_advance(a)
    backdate(program_of(a), 15)
    with pytest.raises(actions.ProgramError, match="not open yet"):
        actions.propose_advance(a)


def test_low_comfort_keeps_the_stage(personas: Personas) -> None:
    a, b = personas.partner_a, personas.partner_b
    give_intake(a)
    give_intake(b)
    for _ in range(4):
        held(a, b, comfort=5)
    backdate(program_of(a), 15)
    with pytest.raises(actions.ProgramError, match="not open yet"):
        actions.propose_advance(a)


def test_a_safety_pause_blocks_moving_on_but_not_stepping_back(personas: Personas) -> None:
    program = ready_couple(personas)
    actions.propose_advance(personas.partner_a)
    safety_pause(personas.partner_a)
    with pytest.raises(actions.ProgramError, match="not available right now"):
        actions.accept_advance(personas.partner_b)
    program.refresh_from_db()
    start = program.stage
    RiskEvent.objects.all().delete()
    actions.accept_advance(personas.partner_b)
    program.refresh_from_db()
    assert program.stage != start
    safety_pause(personas.partner_b)
    actions.step_back(personas.partner_a)
    program.refresh_from_db()
    assert program.stage == start


def test_on_a_paced_plan_only_the_pace_holder_proposes(personas: Personas) -> None:
    ready_couple(personas, concerns={"trauma_history"})
    with pytest.raises(actions.ProgramError, match="your partner proposes"):
        actions.propose_advance(personas.partner_b)
    actions.propose_advance(personas.partner_a)
    program = program_of(personas.partner_a)
    assert program.proposal_by == personas.partner_a


def test_a_paused_program_takes_no_steps_forward_but_steps_back(personas: Personas) -> None:
    program = ready_couple(personas)
    actions.pause_program(personas.partner_b)
    with pytest.raises(actions.ProgramError, match="paused"):
        actions.propose_advance(personas.partner_a)
    actions.resume_program(personas.partner_a)
    actions.propose_advance(personas.partner_a)
    actions.accept_advance(personas.partner_b)
    program.refresh_from_db()
    moved = program.stage
    actions.pause_program(personas.partner_a)
    actions.step_back(personas.partner_b)
    program.refresh_from_db()
    assert program.stage != moved and program.paused_at is not None


def test_a_person_alone_moves_on_with_their_own_yes(personas: Personas) -> None:
    solo = personas.solo
    give_intake(solo)
    for _ in range(4):
        held(solo, comfort=9)
    program = program_of(solo)
    backdate(program, 15)
    start = program.stage
    actions.propose_advance(solo)
    program.refresh_from_db()
    assert program.stage != start


OPS = st.lists(
    st.tuples(
        st.sampled_from(["propose", "accept", "decline", "step_back", "flag", "clear"]),
        st.sampled_from(["a", "b"]),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=OPS, paced=st.booleans())
def test_any_sequence_of_choices_keeps_the_rules(personas: Personas, ops: Any, paced: bool) -> None:
    with transaction.atomic():
        _check_sequence(personas, ops, paced)
        transaction.set_rollback(True)


def _check_sequence(personas: Personas, ops: Any, paced: bool) -> None:
    people = {"a": personas.partner_a, "b": personas.partner_b}
    answers = {"concerns": {"trauma_history"}} if paced else {}
    program = ready_couple(personas, **answers)
    order = [s for s in ("couple-0", "couple-1", "couple-2", "couple-3", "couple-4")]
    for op, who in ops:
        person = people[who]
        before = Program.objects.get(pk=program.pk)
        flagged = RiskEvent.objects.filter(resolved_at__isnull=True).exists()
        try:
            _apply(op, person)
        except actions.ProgramError:
            assert op in ("propose", "accept")  # stepping back and "not yet" never fail
        after = Program.objects.get(pk=program.pk)
        moved = order.index(after.stage) - order.index(before.stage)
        if op == "step_back":
            assert moved == (-1 if before.stage != order[0] else 0)
        elif moved > 0:
            assert not flagged
            agreed = {*before.proposal_agreed, person.pk}
            assert agreed == {p.pk for p in people.values()}
        if paced and op == "propose" and who == "b":
            assert after.proposal_by_id != person.pk
        assert moved <= 1


def _apply(op: str, person: Any) -> None:
    if op == "flag":
        safety_pause(person)
    elif op == "clear":
        RiskEvent.objects.all().update(resolved_at="2026-01-01T00:00:00Z")
    elif op == "propose":
        actions.propose_advance(person)
    elif op == "accept":
        actions.accept_advance(person)
    elif op == "decline":
        actions.decline_advance(person)
    else:
        actions.step_back(person)


def test_a_recent_risk_result_holds_moving_on_back_in_the_same_words(personas: Personas) -> None:
    program = ready_couple(personas)
    RiskEvent.objects.create(
        user=personas.partner_b, source="phq9", level="high", reasons=["self_harm"]
    )
    with pytest.raises(actions.ProgramError) as held_back:
        actions.propose_advance(personas.partner_a)
    RiskEvent.objects.all().delete()
    fresh = ready_couple_again(program)
    with pytest.raises(actions.ProgramError) as too_soon:
        actions.propose_advance(personas.partner_a)
    assert str(held_back.value) == str(too_soon.value)
    assert fresh.stage == program.stage


def ready_couple_again(program: Program) -> Program:
    """The same couple, with the stage's clock started again today (too soon to move on)."""
    Program.objects.filter(pk=program.pk).update(stage_since=program.stage_since + _days(15))
    program.refresh_from_db()
    return program


def _days(n: int) -> Any:
    from datetime import timedelta

    return timedelta(days=n)


def test_a_session_ended_early_with_high_worry_holds_moving_on_back(personas: Personas) -> None:
    ready_couple(personas)
    a, b = personas.partner_a, personas.partner_b
    from tests.program.helpers import scheduled

    session = scheduled(a, b)
    for person in (a, b):
        actions.record_readiness(person, session.pk, "ready")
    actions.start_session(a, session.pk, stop_signal_agreed=True)
    actions.end_session(b, session.pk)
    actions.save_reflection(
        b, session.pk, actions.ReflectionAnswers(comfort=3, closeness=3, anxiety=9)
    )
    with pytest.raises(actions.ProgramError, match="not open yet"):
        actions.propose_advance(a)


def test_after_a_not_yet_the_proposer_waits_a_week_and_it_is_stored(personas: Personas) -> None:
    program = ready_couple(personas)
    a, b = personas.partner_a, personas.partner_b
    actions.propose_advance(a)
    actions.decline_advance(b)
    program.refresh_from_db()
    assert (program.declined_by, program.declined_proposal_of) == (b, a)
    with pytest.raises(actions.ProgramError, match="waits a week"):
        actions.propose_advance(a)
    actions.propose_advance(b)  # the one who said not yet may propose, and that lifts it
    program.refresh_from_db()
    assert program.declined_by is None and program.proposal_by == b
