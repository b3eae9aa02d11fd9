"""The program: the plan, stage changes, sessions with readiness, pause, and reflections.

Thin over program.actions and program.pages, the same functions the web pages use. A session
read never carries a partner's readiness answer or why a session was called off; the
partner's reflection parts come only from ``access.shared_reflections`` via pages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import AwareDatetime, Field

from hearth.accounts.models import User
from hearth.api.v1.common import (
    Id,
    LongText,
    ShortText,
    Text,
    form_problems,
    member,
    replies,
    rules,
)
from hearth.api.v1.errors import ApiError
from hearth.program import actions, pages
from hearth.program.access import access_own_reflection, access_session, require_participant
from hearth.program.forms import ReflectionForm, SharingForm
from hearth.program.models import Program, Session

router = Router(tags=["program"])


def participant(request: HttpRequest) -> User:
    user = member(request)
    require_participant(user)
    return user


class StageOut(Schema):
    id: str
    title: str
    summary: str


class ExerciseOut(Schema):
    id: str
    label: str


class ProgressOut(Schema):
    ready: bool
    can_propose: bool
    proposal_open: bool
    proposal_mine: bool
    i_agreed: bool
    can_step_back: bool


class ProgramOut(Schema):
    has_plan: bool
    couple: bool
    paused: bool
    couple_paused_message: str | None
    stage: StageOut | None
    exercises: list[ExerciseOut]
    progress: ProgressOut | None


def _progress(progress: dict[str, Any] | None) -> dict[str, Any] | None:
    if progress is None:
        return None
    return {
        "ready": bool(progress["ready"]),
        "can_propose": bool(progress["can_propose"]),
        "proposal_open": progress["proposal"] is not None,
        "proposal_mine": progress["proposal_mine"],
        "i_agreed": progress["i_agreed"],
        "can_step_back": progress["can_step_back"],
    }


def _program(user: User) -> dict[str, Any]:
    context = pages.overview(user)
    program: Program | None = context["program"]
    stage = context["stage"]
    sit = context["sit"]
    return {
        "has_plan": program is not None,
        "couple": sit.is_couple,
        "paused": program is not None and program.paused_at is not None,
        "couple_paused_message": context["couple_paused_text"] if sit.couple_paused else None,
        "stage": {"id": stage.id, "title": stage.title, "summary": stage.summary}
        if stage
        else None,
        "exercises": [{"id": i, "label": label} for i, label in pages.exercise_choices(user)],
        "progress": _progress(context.get("progress")),
    }


@router.get("/program", response=replies(200, ProgramOut), summary="Your plan and stage")
def program(request: HttpRequest) -> dict[str, Any]:
    return _program(participant(request))


def _program_step(name: str, action: Callable[[User], object], doc: str) -> None:
    def step(request: HttpRequest) -> dict[str, Any]:
        user = participant(request)
        with rules():
            action(user)
        return _program(user)

    step.__name__ = f"program_{name.replace('-', '_').replace('/', '_')}"
    router.post(f"/program/{name}", response=replies(200, ProgramOut), summary=doc)(step)


_program_step("advance/propose", actions.propose_advance, "Propose the next stage")
_program_step("advance/accept", actions.accept_advance, "Agree to the proposed stage")
_program_step("advance/decline", actions.decline_advance, "Not yet: stay at this stage")
_program_step("step-back", actions.step_back, "Step back one stage (always allowed)")
_program_step("pause", actions.pause_program, "Pause the program for everyone")
_program_step("resume", actions.resume_program, "Resume the program")


# --- sessions --------------------------------------------------------------------------------


class SessionOut(Schema):
    id: int
    status: str
    status_label: str
    planned_for: datetime
    stage: str
    exercise: str
    turn: int
    turns: int
    turn_minutes: int
    proposed_by_you: bool


class PartnerPartOut(Schema):
    numbers: list[int] | None
    distractions: str
    text: str


class SessionDetailOut(SessionOut):
    called_off_message: str | None
    my_readiness: str | None
    everyone_checked_in: bool
    partner_reflections: list[PartnerPartOut]
    reflected: bool


class ProposeIn(Schema):
    planned_for: AwareDatetime
    exercise_id: ShortText


class AnswerIn(Schema):
    accept: bool


class ReadinessIn(Schema):
    answer: ShortText


class TurnIn(Schema):
    turn: int = Field(ge=0, le=1000)


class ReflectionIn(Schema):
    comfort: int
    closeness: int
    anxiety: int
    distractions: Text = ""
    text: LongText = ""
    share_numbers: bool = False
    share_distractions: bool = False
    share_text: bool = False


class SharingIn(Schema):
    share_numbers: bool = False
    share_distractions: bool = False
    share_text: bool = False


class ReflectionOut(Schema):
    session_id: int
    comfort: int
    closeness: int
    anxiety: int
    distractions: str
    text: str
    share_numbers: bool
    share_distractions: bool
    share_text: bool


def _session(user: User, s: Session) -> dict[str, Any]:
    return {
        "id": s.pk,
        "status": s.status,
        "status_label": s.get_status_display(),
        "planned_for": s.planned_for,
        "stage": s.stage,
        "exercise": s.exercise,
        "turn": s.turn,
        "turns": s.turns,
        "turn_minutes": s.turn_minutes,
        "proposed_by_you": s.proposed_by_id == user.pk,
    }


def _detail(user: User, session: Session) -> dict[str, Any]:
    context = pages.session_context(user, session)
    mine = context["my_readiness"]
    return {
        **_session(user, session),
        "called_off_message": context["called_off_text"]
        if session.status == Session.Status.NOT_TODAY
        else None,
        "my_readiness": mine.answer if mine else None,
        "everyone_checked_in": context["all_in"],
        "partner_reflections": [
            {
                "numbers": list(p["numbers"]) if p["numbers"] else None,
                "distractions": p["distractions"],
                "text": p["text"],
            }
            for p in context["partner_parts"]
        ],
        "reflected": context["reflection"] is not None,
    }


@router.get("/program/sessions", response=replies(200, list[SessionOut]))
def sessions(request: HttpRequest) -> list[dict[str, Any]]:
    user = participant(request)
    return [_session(user, s) for s in pages.sessions_context(user, None)["sessions"]]


@router.post("/program/sessions", response=replies(200, SessionDetailOut))
def propose(request: HttpRequest, payload: ProposeIn) -> dict[str, Any]:
    user = participant(request)
    with rules():
        made = actions.propose_session(user, payload.planned_for, payload.exercise_id)
    return _detail(user, made)


@router.get("/program/sessions/{session_id}", response=replies(200, SessionDetailOut))
def session(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    user = participant(request)
    return _detail(user, access_session(user, session_id))


def _step(user: User, session_id: int, run: Callable[[User, int], object]) -> dict[str, Any]:
    """Load through access, run the action, show the session again."""
    found = access_session(user, session_id)
    with rules():
        run(user, found.pk)
    found.refresh_from_db()
    return _detail(user, found)


SESSION_REPLIES = replies(200, SessionDetailOut)


@router.post("/program/sessions/{session_id}/answer", response=SESSION_REPLIES)
def session_answer(request: HttpRequest, session_id: Id, payload: AnswerIn) -> dict[str, Any]:
    """Say yes or no to a suggested time. No needs no reason."""
    return _step(
        participant(request), session_id, lambda u, s: actions.answer_session(u, s, payload.accept)
    )


@router.post("/program/sessions/{session_id}/cancel", response=SESSION_REPLIES)
def session_cancel(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    return _step(participant(request), session_id, actions.cancel_session)


@router.post("/program/sessions/{session_id}/readiness", response=SESSION_REPLIES)
def session_readiness(request: HttpRequest, session_id: Id, payload: ReadinessIn) -> dict[str, Any]:
    """Your private check-in before starting: ready, not_sure or not_today."""
    return _step(
        participant(request),
        session_id,
        lambda u, s: actions.record_readiness(u, s, payload.answer),
    )


@router.post("/program/sessions/{session_id}/start", response=SESSION_REPLIES)
def session_start(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    return _step(participant(request), session_id, actions.start_session)


@router.post("/program/sessions/{session_id}/turn", response=SESSION_REPLIES)
def session_turn(request: HttpRequest, session_id: Id, payload: TurnIn) -> dict[str, Any]:
    """Move on from the turn you saw (so a double press moves on only once)."""
    return _step(
        participant(request), session_id, lambda u, s: actions.next_turn(u, s, payload.turn)
    )


@router.post("/program/sessions/{session_id}/pause", response=SESSION_REPLIES)
def session_pause(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    """Pause for everyone at once. Always allowed while a session runs."""
    return _step(participant(request), session_id, actions.pause_session)


@router.post("/program/sessions/{session_id}/resume", response=SESSION_REPLIES)
def session_resume(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    return _step(participant(request), session_id, actions.resume_session)


@router.post("/program/sessions/{session_id}/end", response=SESSION_REPLIES)
def session_end(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    return _step(participant(request), session_id, actions.end_session)


def _reflection(r: Any) -> dict[str, Any]:
    fields = ("comfort", "closeness", "anxiety", "distractions", "text")
    flags = ("share_numbers", "share_distractions", "share_text")
    return {"session_id": r.session_id, **{f: getattr(r, f) for f in fields + flags}}


@router.get("/program/sessions/{session_id}/reflection", response=replies(200, ReflectionOut))
def reflection(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    user = participant(request)
    return _reflection(access_own_reflection(user, session_id))


@router.post("/program/sessions/{session_id}/reflection", response=replies(201, ReflectionOut))
def reflect(request: HttpRequest, session_id: Id, payload: ReflectionIn) -> Status[dict[str, Any]]:
    """Write your reflection once the session has ended. Checked by the web form's rules."""
    user = participant(request)
    found = access_session(user, session_id)
    data = payload.dict()
    form, sharing = ReflectionForm(data), SharingForm(data)
    if not (form.is_valid() and sharing.is_valid()):
        raise ApiError(
            422, "invalid_input", "Some answers need a look.", form_problems(form, sharing)
        )
    with rules():
        made = actions.save_reflection(user, found.pk, pages.reflection_answers(form, sharing))
    return Status(201, _reflection(made))


@router.put(
    "/program/sessions/{session_id}/reflection/sharing", response=replies(200, ReflectionOut)
)
def reflection_sharing(request: HttpRequest, session_id: Id, payload: SharingIn) -> dict[str, Any]:
    """Choose again what your partner sees. Sharing can be taken back at any time."""
    user = participant(request)
    found = access_session(user, session_id)
    with rules():
        made = actions.set_sharing(
            user,
            found.pk,
            numbers=payload.share_numbers,
            distractions=payload.share_distractions,
            text=payload.share_text,
        )
    return _reflection(made)
