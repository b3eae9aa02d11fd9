"""Program state changes. Each checks access and rules, runs in a transaction and writes the
audit row (ids and codes only). Errors carry a plain message fit to show the person.

Stage changes go only through the pure rules in progression.py: build the ProgressState from
the database, call the pure function, persist what it returns.

Couple sessions run only while ``couple_exercises_allowed`` says yes, checked again at every
step (propose, answer, readiness, start). When it says no, the session is called off with the
same neutral message that a "not today" from either partner gives, so nobody learns why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from hearth.accounts.models import User
from hearth.accounts.roles import require_member
from hearth.core import audit
from hearth.core.errors import Refused
from hearth.core.text import Text
from hearth.couples import sharing
from hearth.couples.access import people_in
from hearth.program import comfort, progression, touch
from hearth.program import plan as planner
from hearth.program.access import access_session, current_program
from hearth.program.content import AREAS, default_content
from hearth.program.models import ComfortMap, Intake, Program, Readiness, Reflection, Session
from hearth.program.state import (
    Situation,
    clamp_stage,
    person_id,
    progress_state,
    save_progress,
    situation,
    to_plan_intake,
    today,
)
from hearth.safety.access import couple_exercises_allowed

INTAKE_SAVED = audit.kind("program.intake_saved", _("Program answers were saved"))
COMFORT_MAP_SAVED = audit.kind("program.comfort_map_saved", _("A comfort map was saved"))
SESSION_PROPOSED = audit.kind("program.session_proposed", _("A session time was suggested"))
SESSION_ANSWERED = audit.kind("program.session_answered", _("A suggested session was answered"))
READINESS_GIVEN = audit.kind("program.readiness_given", _("A check-in before a session was given"))
SESSION_CALLED_OFF = audit.kind("program.session_called_off", _("A session did not go ahead"))
SESSION_STARTED = audit.kind("program.session_started", _("A session started"))
SESSION_PAUSED = audit.kind("program.session_paused", _("A session was paused"))
SESSION_RESUMED = audit.kind("program.session_resumed", _("A session was resumed"))
SESSION_ENDED = audit.kind("program.session_ended", _("A session ended"))
REFLECTION_SAVED = audit.kind("program.reflection_saved", _("A reflection was saved"))
SHARING_CHANGED = audit.kind("program.sharing_changed", _("What a reflection shares was changed"))
ADVANCE_PROPOSED = audit.kind("program.advance_proposed", _("A step forward was proposed"))
ADVANCE_ACCEPTED = audit.kind("program.advance_accepted", _("A step forward was agreed"))
ADVANCE_DECLINED = audit.kind("program.advance_declined", _("A step forward was put off"))
STEPPED_BACK = audit.kind("program.stepped_back", _("The program stepped back a stage"))
PROGRAM_PAUSED = audit.kind("program.paused", _("The program was paused"))
PROGRAM_RESUMED = audit.kind("program.resumed", _("The program was resumed"))

# Messages stay English here (the API shows them as they are); pages translate them when
# shown, through the `localized` filter. gettext_noop marks them for the catalogue.
# The one message for a session that cannot happen, whoever or whatever stopped it.
CALLED_OFF = gettext_noop(
    "This session will not go ahead. That is fine, and nobody needs to explain. "
    "You can plan another time whenever you like."
)
COUPLE_PAUSED = gettext_noop("The couple part of the program is paused for now.")
NO_PROGRAM = gettext_noop("Your plan is not ready yet. Answer the private questions first.")
PROGRAM_PAUSED_TEXT = gettext_noop("The program is paused. You can resume it whenever you like.")
PRIVACY_FIRST = gettext_noop(
    "Please read and agree to the privacy notice before answering these questions."
)
NO_FIT = gettext_noop(
    "These limits leave no exercise in the plan. Please allow at least one place or "
    "activity, or talk it over with a therapist."
)
ONE_OPEN = gettext_noop(
    "A suggested time is already waiting for an answer. Answer it or call it off first."
)
SUGGEST_AGAIN_FROM = gettext_noop(
    "After a no, a new suggestion waits two days. You can suggest a time again from "
    "%(when)s. Your partner can suggest one at any time."
)
STOP_SIGNAL_FIRST = gettext_noop(
    "Please agree on a stop word or a hand signal first, then tick the box."
)
NOT_YOUR_PAUSE = gettext_noop(
    "Your partner paused. The session goes on when they are ready. You can end it at any time."
)
DOCTOR_FIRST = gettext_noop(
    "Before this stage, please answer the private question about a doctor's check."
)
EARLIEST = timedelta(hours=1)
LATEST = timedelta(days=90)


class ProgramError(Refused):
    """A rule stopped the change; str(error) is a plain message for the person."""


# --------------------------------------------------------------------------------------
# Intake
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeAnswers:
    concerns: frozenset[str] = frozenset()
    body_change_causes: frozenset[str] = frozenset()
    physical: frozenset[str] = frozenset()
    pain_areas: frozenset[str] = frozenset()
    off_limit_areas: frozenset[str] = frozenset()
    off_limit_activities: frozenset[str] = frozenset()
    medicines: frozenset[str] = frozenset()
    pace: str = "steady"
    session_minutes: int | None = None
    times: frozenset[str] = frozenset()
    goals: str = ""
    physical_details: str = ""
    body_check_off: bool = False
    tag_fields: tuple[str, ...] = field(
        default=(
            "concerns",
            "body_change_causes",
            "physical",
            "pain_areas",
            "off_limit_areas",
            "off_limit_activities",
            "medicines",
        ),
        repr=False,
    )


def _check_answers(user: User, answers: IntakeAnswers) -> None:
    try:
        alone = planner.Intake(
            person=person_id(user),
            **{name: getattr(answers, name) for name in answers.tag_fields},
            pace="slow" if answers.pace == "slow" else "steady",
            session_minutes=answers.session_minutes,
            times=answers.times,
        )
        planner.build_plan([alone], default_content())
    except planner.IntakeError as exc:
        raise ProgramError(NO_FIT) from exc


@transaction.atomic
def save_intake(user: User, answers: IntakeAnswers) -> Intake:
    """Create or replace the person's private answers. The plan is rebuilt from them."""
    require_member(user)
    if not user.has_accepted_privacy:
        raise ProgramError(PRIVACY_FIRST)
    _check_answers(user, answers)
    intake = Intake.objects.select_for_update().filter(user=user).first() or Intake(user=user)
    for name in answers.tag_fields:
        intake.set_tags(name, getattr(answers, name))
    intake.pace = Intake.Pace.SLOW if answers.pace == "slow" else Intake.Pace.STEADY
    intake.session_minutes = answers.session_minutes
    intake.times = sorted(answers.times)
    intake.goals, intake.physical_details = answers.goals, answers.physical_details
    intake.body_check_off = answers.body_check_off
    intake.updated_at = timezone.now()
    intake.save()
    audit.record(INTAKE_SAVED, actor=user, intake=intake.pk)
    return intake


# --------------------------------------------------------------------------------------
# The comfort map
# --------------------------------------------------------------------------------------

BAD_MARKS = gettext_noop("Please choose welcome, not yet or no for each place.")


def _check_marks(marks: Mapping[str, Mapping[str, str]]) -> None:
    for direction, areas in marks.items():
        if direction not in comfort.DIRECTIONS or not set(areas) <= set(AREAS):
            raise ProgramError(BAD_MARKS)
        if not set(areas.values()) <= set(comfort.MARKS):
            raise ProgramError(BAD_MARKS)


@transaction.atomic
def save_comfort_map(
    user: User, marks: Mapping[str, Mapping[str, str]], *, new_areas: bool = False
) -> ComfortMap:
    """Save the person's own marks (all of them, or only some). A change toward "no"
    counts at once, also in a session that is on: touch lists are built from the maps
    each time they are shown. ``new_areas``: this save is the person's own choice about the
    new areas (chest, genitals), which count only from then on."""
    require_member(user)
    if not user.has_accepted_privacy:
        raise ProgramError(PRIVACY_FIRST)
    _check_marks(marks)
    record = ComfortMap.objects.select_for_update().filter(user=user).first()
    record = record or ComfortMap(user=user)
    stored = record.stored()
    for direction, areas in marks.items():
        stored[direction] = {**stored.get(direction, {}), **areas}
    if new_areas:
        stored["new_areas"] = True
    record.store(stored)
    record.updated_at = timezone.now()
    record.save()
    audit.record(COMFORT_MAP_SAVED, actor=user, comfort_map=record.pk)
    return record


# --------------------------------------------------------------------------------------
# A doctor's check before a stage that includes genitals (a soft gate)
# --------------------------------------------------------------------------------------

DOCTOR_ANSWERS = ("yes", "not_yet", "go_on")
DOCTOR_SAVED = audit.kind("program.doctor_check", _("A private answer about a doctor's check"))


def doctor_check_due(user: User, stage_id: str | None) -> bool:
    """Whether this person must answer, privately, whether a doctor has checked the pain or
    body changes they told us about, before ``stage_id`` (a stage that includes genitals).
    "Yes" passes, and so does "not yet, and I go on anyway": the gate is soft, and explicit."""
    stage = next((s for s in default_content().stages if s.id == stage_id), None)
    if stage is None or "genitals" in stage.excluded_areas:
        return False
    intake = Intake.objects.filter(user=user).first()
    if intake is None or not to_plan_intake(intake).needs_medical_care:
        return False
    return intake.doctor_check not in ("yes", "go_on")


def _check_doctor(user: User, stage_id: str | None) -> None:
    if doctor_check_due(user, stage_id):
        raise ProgramError(DOCTOR_FIRST)


@transaction.atomic
def answer_doctor_check(user: User, answer: str) -> Intake:
    require_member(user)
    if answer not in DOCTOR_ANSWERS:
        raise ProgramError(gettext_noop("Please choose one of the answers."))
    intake = Intake.objects.select_for_update().filter(user=user).first()
    if intake is None:
        raise ProgramError(NO_PROGRAM)
    intake.doctor_check = answer
    intake.save(update_fields=["doctor_check"])
    audit.record(DOCTOR_SAVED, actor=user)
    return intake


# --------------------------------------------------------------------------------------
# The program (shared state)
# --------------------------------------------------------------------------------------


def ensure_program(sit: Situation) -> Program | None:
    """The person's program, created at the plan's starting stage once a plan exists."""
    if sit.progress_plan is None:
        return None
    existing = current_program(sit.user)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Program.objects.create(
                couple=sit.couple,
                owner=None if sit.couple is not None else sit.user,
                stage=sit.progress_plan.starting_stage,
                stage_since=today(),
            )
    except IntegrityError:
        # Both partners opened the plan at once: the other request made it first.
        return current_program(sit.user)


def _program_for(user: User) -> tuple[Situation, Program]:
    require_member(user)
    sit = situation(user)
    program = ensure_program(sit)
    if program is None:
        raise ProgramError(NO_PROGRAM)
    return sit, Program.objects.select_for_update().get(pk=program.pk)


def _run_rule(user: User, kind: str, rule: str) -> Program:
    """Load the state, apply one pure progression rule for this person, persist, audit."""
    sit, program = _program_for(user)
    if program.paused_at is not None and rule in ("propose", "accept"):
        raise ProgramError(PROGRAM_PAUSED_TEXT)
    state = progress_state(program, sit, default_content())
    me = person_id(user)
    if rule in ("propose", "accept") and state.stage_index + 1 < len(state.stages):
        _check_doctor(user, state.stages[state.stage_index + 1])
    try:
        if rule == "propose":
            state = progression.propose_advance(state, me, today=today())
        elif rule == "accept":
            state = progression.accept_advance(state, me, today=today())
        elif rule == "decline":
            state = progression.decline_advance(state, me, today=today())
        else:
            state = progression.apply_step_back(state, me, today=today())
    except progression.NotAllowed as exc:
        raise ProgramError(exc.decision.reason) from exc
    save_progress(program, state)
    audit.record(kind, actor=user, program=program.pk, stage=state.stage)
    return program


@transaction.atomic
def propose_advance(user: User) -> Program:
    """Propose the next stage. Alone, that moves on at once; a couple needs both yeses."""
    return _run_rule(user, ADVANCE_PROPOSED, "propose")


@transaction.atomic
def accept_advance(user: User) -> Program:
    return _run_rule(user, ADVANCE_ACCEPTED, "accept")


@transaction.atomic
def decline_advance(user: User) -> Program:
    """ "Not yet": always allowed, needs no reason and counts against nobody."""
    return _run_rule(user, ADVANCE_DECLINED, "decline")


@transaction.atomic
def step_back(user: User) -> Program:
    """Back one stage: always allowed, with nobody's agreement, even during any pause."""
    return _run_rule(user, STEPPED_BACK, "step_back")


@transaction.atomic
def pause_program(user: User) -> Program:
    """Pause everything for both. Needs nobody's agreement and never counts against anyone."""
    _sit, program = _program_for(user)
    if program.paused_at is None:
        program.paused_at = timezone.now()
        program.proposal_by, program.proposal_agreed = None, []
        program.save(update_fields=["paused_at", "proposal_by", "proposal_agreed"])
        audit.record(PROGRAM_PAUSED, actor=user, program=program.pk)
    return program


@transaction.atomic
def resume_program(user: User) -> Program:
    _sit, program = _program_for(user)
    if program.paused_at is not None:
        program.paused_at = None
        program.save(update_fields=["paused_at"])
        audit.record(PROGRAM_RESUMED, actor=user, program=program.pk)
    return program


# --------------------------------------------------------------------------------------
# Sessions
# --------------------------------------------------------------------------------------


def _couple_blocked(user: User, program: Program) -> bool:
    return program.is_couple and not couple_exercises_allowed(user)


ON = (Session.Status.RUNNING, Session.Status.PAUSED)


def _locked(user: User, session_id: int) -> Session:
    session = access_session(user, session_id)
    return Session.objects.select_for_update().select_related("program").get(pk=session.pk)


def _call_off(user: User, session: Session) -> Session:
    session.status, session.ended_at = Session.Status.NOT_TODAY, timezone.now()
    session.save(update_fields=["status", "ended_at"])
    audit.record(SESSION_CALLED_OFF, actor=user, session=session.pk)
    return session


def _expect(session: Session, *statuses: str, message: str) -> None:
    if session.status not in statuses:
        raise ProgramError(message)


def _planned_exercise(
    sit: Situation, program: Program, exercise_id: str
) -> planner.PlannedExercise:
    track = sit.track
    assert track is not None
    stage = track.stage(clamp_stage(program.stage, track, default_content()))
    found = next((e for e in stage.exercises if e.id == exercise_id), None)
    if found is None:
        raise ProgramError(
            gettext_noop("Please choose one of the exercises for your current stage.")
        )
    return found


@transaction.atomic
def propose_session(user: User, planned_for: datetime, exercise_id: str) -> Session:
    """Suggest a time. In a couple the partner answers; alone, the session is planned."""
    sit, program = _program_for(user)
    if program.paused_at is not None:
        raise ProgramError(PROGRAM_PAUSED_TEXT)
    if sit.couple_paused:
        raise ProgramError(COUPLE_PAUSED)
    now = timezone.now()
    if not now - EARLIEST <= planned_for <= now + LATEST:
        raise ProgramError(gettext_noop("Please pick a time from now up to three months ahead."))
    exercise = _planned_exercise(sit, program, exercise_id)
    if program.sessions.filter(status=Session.Status.PROPOSED).exists():
        raise ProgramError(ONE_OPEN)
    waits = suggestion_wait(program, user)
    if waits is not None and now < waits:
        raise ProgramError(Text(SUGGEST_AGAIN_FROM, when=timezone.localtime(waits)))
    session = Session.objects.create(
        program=program,
        proposed_by=user,
        planned_for=planned_for,
        stage=program.stage,
        exercise=exercise.id,
        turn_minutes=exercise.turn_minutes,
        turns=exercise.turns,
        status=Session.Status.PROPOSED if program.is_couple else Session.Status.SCHEDULED,
    )
    audit.record(SESSION_PROPOSED, actor=user, session=session.pk)
    return session


def suggestion_wait(program: Program, user: User) -> datetime | None:
    """When this person may suggest a time again after their partner's "no" (or None)."""
    rows = program.sessions.values_list(
        "proposed_by_id", "created_at", "declined_by_id", "answered_at"
    )
    suggestions = [
        progression.Suggestion(
            by=person_id(by) if by else "",
            at=at,
            declined_by=person_id(no) if no else None,
            declined_at=answered,
        )
        for by, at, no, answered in rows
    ]
    return progression.session_cooldown_until(suggestions, person_id(user))


@transaction.atomic
def answer_session(user: User, session_id: int, accept: bool) -> Session:
    """The partner says yes or no to a suggested time. No needs no reason."""
    session = _locked(user, session_id)
    _expect(
        session,
        Session.Status.PROPOSED,
        message=gettext_noop("This suggestion was already answered."),
    )
    if session.proposed_by_id == user.pk:
        raise ProgramError(
            gettext_noop("Your partner answers this suggestion. You can wait, or cancel it.")
        )
    if accept and _couple_blocked(user, session.program):
        return _call_off(user, session)
    session.status = Session.Status.SCHEDULED if accept else Session.Status.DECLINED
    session.answered_at = timezone.now()
    session.declined_by = None if accept else user
    session.save(update_fields=["status", "answered_at", "declined_by"])
    audit.record(SESSION_ANSWERED, actor=user, session=session.pk)
    return session


@transaction.atomic
def cancel_session(user: User, session_id: int) -> Session:
    """Either person can call off a session that has not started: the neutral outcome."""
    session = _locked(user, session_id)
    _expect(
        session,
        Session.Status.PROPOSED,
        Session.Status.SCHEDULED,
        message=gettext_noop("This session can no longer be called off."),
    )
    if session.status == Session.Status.PROPOSED and session.proposed_by_id != user.pk:
        # Calling off a partner's suggestion is a "no" to it, as for the proposer's wait.
        session.declined_by, session.answered_at = user, timezone.now()
        session.save(update_fields=["declined_by", "answered_at"])
    return _call_off(user, session)


@transaction.atomic
def record_readiness(user: User, session_id: int, answer: str) -> Session:
    """A private check-in before starting. "Not today" from anyone calls the session off."""
    if answer not in Readiness.Answer.values:
        raise ProgramError(gettext_noop("Please choose one of the answers."))
    session = _locked(user, session_id)
    _expect(session, Session.Status.SCHEDULED, message=gettext_noop("This check-in is closed."))
    if Readiness.objects.filter(session=session, user=user).exists():
        raise ProgramError(gettext_noop("You have already checked in for this session."))
    _check_doctor(user, session.stage)
    Readiness.objects.create(session=session, user=user, answer=answer)
    audit.record(READINESS_GIVEN, actor=user, session=session.pk)
    if answer == Readiness.Answer.NOT_TODAY or _couple_blocked(user, session.program):
        return _call_off(user, session)
    return session


NOT_SURE_CHOICES = ("call_off", "settle", "switch")
SHORTER_OR_EARLIER = gettext_noop("Please choose one of the shorter or earlier exercises.")


@transaction.atomic
def resolve_not_sure(user: User, session_id: int, choice: str, exercise_id: str = "") -> Session:
    """After a private "not sure": call it off (the partner sees the same words as for
    "not today"), begin with the settling screen, or switch to a shorter or earlier
    exercise. Only the person who was not sure chooses; until they do, the session waits."""
    if choice not in NOT_SURE_CHOICES:
        raise ProgramError(gettext_noop("Please choose one of the answers."))
    session = _locked(user, session_id)
    _expect(session, Session.Status.SCHEDULED, message=gettext_noop("This check-in is closed."))
    mine = Readiness.objects.select_for_update().filter(session=session, user=user).first()
    if mine is None or mine.answer != Readiness.Answer.NOT_SURE or mine.choice:
        raise ProgramError(gettext_noop("There is nothing to choose here now."))
    if choice == "call_off":
        return _call_off(user, session)
    if choice == "switch":
        found = next((e for e in switch_options(user, session) if e.id == exercise_id), None)
        if found is None:
            raise ProgramError(
                gettext_noop("Please choose one of the shorter or earlier exercises.")
            )
        session.exercise, session.stage = found.id, _stage_of(found.id)
        session.turn_minutes, session.turns = found.turn_minutes, found.turns
    else:
        session.settle_first = True
    session.save(update_fields=["exercise", "stage", "turn_minutes", "turns", "settle_first"])
    mine.choice = choice
    mine.save(update_fields=["choice"])
    audit.record(READINESS_GIVEN, actor=user, session=session.pk)
    return session


def _stage_of(exercise_id: str) -> str:
    return default_content().exercise(exercise_id).stage


def switch_options(user: User, session: Session) -> list[planner.PlannedExercise]:
    """Exercises of the plan that ask less than this one: shorter ones at its stage, or any
    from an earlier stage."""
    sit = situation(user)
    track = sit.track
    if track is None:
        return []
    content = default_content()
    here = content.stage(session.stage) if session.stage in {s.id for s in content.stages} else None
    current = next((e for s in track.stages for e in s.exercises if e.id == session.exercise), None)
    minutes = current.minutes if current is not None else session.turn_minutes * session.turns
    found = []
    for stage in track.stages:
        for planned in stage.exercises:
            if planned.id == session.exercise or here is None:
                continue
            earlier = stage.order < here.order
            shorter = stage.id == here.id and planned.minutes < minutes
            if earlier or shorter:
                found.append(planned)
    return found


def waiting_for(session: Session) -> list[int]:
    """People who have not checked in yet. "Not sure" is not "ready": it counts once the
    person chose how to begin."""
    ready = {r.user_id for r in session.readiness.all() if r.counts_as_ready}
    return [
        p for p in people_in(session.program.couple_id, session.program.owner_id) if p not in ready
    ]


@transaction.atomic
def mark_settled(user: User, session_id: int) -> Session:
    """This person is done with the settling screen (or skipped it): only their own view."""
    session = _locked(user, session_id)
    _expect(session, *ON, message=gettext_noop("This session is not running."))
    Readiness.objects.filter(session=session, user=user, settled_at__isnull=True).update(
        settled_at=timezone.now()
    )
    return session


@transaction.atomic
def answer_body_check(user: User, session_id: int, turn: int) -> Session:
    """The quiet body check at a turn swap, answered "here, now, safe": only their view."""
    session = _locked(user, session_id)
    _expect(session, *ON, message=gettext_noop("This session is not running."))
    Readiness.objects.filter(session=session, user=user, checked_turn__lt=turn).update(
        checked_turn=min(turn, session.turn)
    )
    return session


@transaction.atomic
def start_session(
    user: User,
    session_id: int,
    first_giver: int | None = None,
    *,
    stop_signal_agreed: bool = False,
) -> Session:
    """Start once everyone has checked in and, in a couple, once they have agreed a stop
    word or hand signal. When partners take turns, ``first_giver`` gives in turn 1 (the one
    pressing start, if they name nobody in the session). The touch lists as they are now
    are kept: while the session runs, an area opened later waits for the next session, and
    one closed counts at once."""
    session = _locked(user, session_id)
    _expect(
        session, Session.Status.SCHEDULED, message=gettext_noop("This session cannot start now.")
    )
    if waiting_for(session):
        raise ProgramError(gettext_noop("The session starts once everyone has checked in."))
    if session.program.is_couple and not stop_signal_agreed:
        raise ProgramError(STOP_SIGNAL_FIRST)
    if _couple_blocked(user, session.program):
        return _call_off(user, session)
    if session.program.paused_at is not None:
        raise ProgramError(PROGRAM_PAUSED_TEXT)
    now = timezone.now()
    people = people_in(session.program.couple_id, session.program.owner_id)
    if session.turns > 1 and len(people) == 2:
        session.first_giver_id = first_giver if first_giver in people else user.pk
    session.status, session.started_at = Session.Status.RUNNING, now
    session.turn, session.turn_started_at = 1, now
    found = touch.lists_for(
        situation(user),
        default_content(),
        session.exercise,
        first_giver=session.first_giver_id,
        turns=session.turns,
    )
    session.areas_at_start = touch.snapshot(found)
    session.save(
        update_fields=[
            "status",
            "started_at",
            "turn",
            "turn_started_at",
            "first_giver",
            "areas_at_start",
        ]
    )
    audit.record(SESSION_STARTED, actor=user, session=session.pk)
    return session


@transaction.atomic
def next_turn(user: User, session_id: int, turn: int) -> Session:
    """Move to the next turn, or finish after the last one. ``turn`` is the turn the person
    saw, so a double press (or both pressing) moves on only once."""
    session = _locked(user, session_id)
    _expect(session, Session.Status.RUNNING, message=gettext_noop("This session is not running."))
    if turn != session.turn:
        raise ProgramError(gettext_noop("The turn has already changed."))
    now = timezone.now()
    if session.turn < session.turns:
        session.turn, session.turn_started_at = session.turn + 1, now
        session.save(update_fields=["turn", "turn_started_at"])
        return session
    session.status, session.ended_at = Session.Status.DONE, now
    session.save(update_fields=["status", "ended_at"])
    audit.record(SESSION_ENDED, actor=user, session=session.pk, outcome="done")
    return session


@transaction.atomic
def pause_session(user: User, session_id: int) -> Session:
    """Pause for everyone at once. Always allowed while a session runs; never held against
    anyone. Pressing it twice is harmless. The pause belongs to whoever pressed it: only
    they can go on (resume_session); either can end (end_session)."""
    session = _locked(user, session_id)
    if session.status == Session.Status.PAUSED:
        return session
    _expect(session, Session.Status.RUNNING, message=gettext_noop("This session is not running."))
    session.status, session.paused_at = Session.Status.PAUSED, timezone.now()
    session.paused_by = user
    session.save(update_fields=["status", "paused_at", "paused_by"])
    audit.record(SESSION_PAUSED, actor=user, session=session.pk)
    return session


@transaction.atomic
def resume_session(user: User, session_id: int) -> Session:
    session = _locked(user, session_id)
    _expect(session, Session.Status.PAUSED, message=gettext_noop("This session is not paused."))
    if session.paused_by_id not in (None, user.pk):
        raise ProgramError(NOT_YOUR_PAUSE)
    if _couple_blocked(user, session.program):
        return _end(user, session)
    now = timezone.now()
    if session.turn_started_at is not None and session.paused_at is not None:
        # The pause does not eat into the turn: the turn's clock moves on by its length.
        session.turn_started_at += now - session.paused_at
    session.status, session.paused_at, session.paused_by = Session.Status.RUNNING, None, None
    session.save(update_fields=["status", "paused_at", "paused_by", "turn_started_at"])
    audit.record(SESSION_RESUMED, actor=user, session=session.pk)
    return session


def _end(user: User, session: Session) -> Session:
    session.status, session.ended_at = Session.Status.STOPPED, timezone.now()
    session.save(update_fields=["status", "ended_at"])
    audit.record(SESSION_ENDED, actor=user, session=session.pk, outcome="stopped")
    return session


@transaction.atomic
def end_session(user: User, session_id: int) -> Session:
    """End early, from a pause or while running. It still counts as a session held."""
    session = _locked(user, session_id)
    _expect(
        session,
        Session.Status.RUNNING,
        Session.Status.PAUSED,
        message=gettext_noop("This session is not running."),
    )
    return _end(user, session)


# --------------------------------------------------------------------------------------
# Reflections
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReflectionAnswers:
    comfort: int
    closeness: int
    anxiety: int
    distractions: str = ""
    text: str = ""
    # The parts ("numbers", "distractions", "text") shared with each recipient.
    partner: frozenset[str] = frozenset()
    therapist: frozenset[str] = frozenset()

    def scores(self) -> Iterable[int]:
        return (self.comfort, self.closeness, self.anxiety)


@transaction.atomic
def save_reflection(user: User, session_id: int, answers: ReflectionAnswers) -> Reflection:
    if any(not 0 <= s <= 10 for s in answers.scores()):
        raise ProgramError(gettext_noop("Each answer runs from 0 to 10."))
    session = _locked(user, session_id)
    if not session.held:
        raise ProgramError(gettext_noop("You can reflect once the session has ended."))
    if Reflection.objects.filter(session=session, user=user).exists():
        raise ProgramError(gettext_noop("You have already written a reflection for this session."))
    reflection = Reflection.objects.create(
        session=session,
        user=user,
        comfort=answers.comfort,
        closeness=answers.closeness,
        anxiety=answers.anxiety,
        distractions=answers.distractions,
        text=answers.text,
    )
    audit.record(REFLECTION_SAVED, actor=user, reflection=reflection.pk)
    _share_reflection(user, session, reflection, answers.partner, answers.therapist)
    return reflection


def _share_reflection(
    user: User,
    session: Session,
    reflection: Reflection,
    partner: Iterable[str],
    therapist: Iterable[str],
) -> None:
    """Share exactly these parts with the partner (only in the couple the session was held
    in), and exactly those with each therapist linked now. The two choices never mix."""
    couple_id = session.program.couple_id
    try:
        changed = sharing.choose_reflection(
            reflection, sharing.PARTNER, partner, couple_id=couple_id
        )
        changed = sharing.choose_reflection(reflection, sharing.THERAPIST, therapist) or changed
    except sharing.SharingError as exc:
        raise ProgramError(str(exc)) from exc
    if changed:
        audit.record(
            SHARING_CHANGED,
            actor=user,
            reflection=reflection.pk,
            partner=sorted(partner),
            therapist=sorted(therapist),
        )


@transaction.atomic
def set_sharing(
    user: User, session_id: int, *, partner: Iterable[str], therapist: Iterable[str]
) -> Reflection:
    """Choose again what the partner sees, and what the therapist sees. Either can be taken
    back at any time."""
    session = _locked(user, session_id)
    reflection = Reflection.objects.select_for_update().filter(session=session, user=user).first()
    if reflection is None:
        raise ProgramError(gettext_noop("Write your reflection first."))
    _share_reflection(user, session, reflection, partner, therapist)
    return reflection
