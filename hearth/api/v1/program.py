"""The program: the plan, stage changes, the comfort map, sessions with readiness, pause,
touch lists and reflections.

Thin over program.actions and program.pages, the same functions the web pages use. A session
read never carries a partner's readiness answer or why a session was called off; the
partner's reflection parts come only from ``access.shared_reflections`` via pages. The
comfort map is only ever the caller's own; touch lists name "you" and "partner" and the open
areas, never whose mark left one out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import AwareDatetime, Field

from hearth.accounts.models import User
from hearth.api.v1.common import (
    Id,
    LongText,
    ShortText,
    Slug,
    Text,
    form_problems,
    member,
    replies,
)
from hearth.api.v1.errors import ApiError
from hearth.couples.access import people_in
from hearth.couples.sharing import reflection_choices
from hearth.program import actions, maps, pages, touch
from hearth.program.access import access_own_reflection, access_session
from hearth.program.content import default_content
from hearth.program.forms import ReflectionForm
from hearth.program.models import Program, Session
from hearth.program.state import situation

router = Router(tags=["program"])


class StageOut(Schema):
    id: str
    title: str
    summary: str


class ExerciseOut(Schema):
    id: str
    label: str


class ProgressOut(Schema):
    ready: bool
    reason: str
    can_propose: bool
    doctor_check_due: bool
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
        "reason": str(progress["can_propose"].reason),
        "can_propose": bool(progress["can_propose"]),
        "doctor_check_due": bool(progress["doctor_due"]),
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
    return _program(member(request))


def _program_step(name: str, action: Callable[[User], object], doc: str) -> None:
    def step(request: HttpRequest) -> dict[str, Any]:
        user = member(request)
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


class DoctorCheckIn(Schema):
    answer: Literal["yes", "not_yet", "go_on"]


@router.post("/program/doctor-check", response=replies(200, ProgramOut))
def doctor_check(request: HttpRequest, payload: DoctorCheckIn) -> dict[str, Any]:
    """Your private answer before a stage that includes genitals: has a doctor checked the
    pain or body changes you told us about? "go_on": not yet, and you choose to go on."""
    user = member(request)
    actions.answer_doctor_check(user, payload.answer)
    return _program(user)


# --- the comfort map ---------------------------------------------------------------------------

MarkValue = Literal["welcome", "not_yet", "no"]
AreaName = Literal[
    "head", "face", "neck", "shoulders", "arms", "hands", "back",
    "chest", "belly", "hips", "genitals", "legs", "feet",
]  # fmt: skip
NewAreaName = Literal["chest", "genitals"]


class ComfortMapOut(Schema):
    receive: dict[str, MarkValue]
    give: dict[str, MarkValue]
    new_areas_chosen: bool
    starts_at_not_yet: bool


class ComfortMapIn(Schema):
    """Any of your marks: only the areas named change."""

    receive: dict[AreaName, MarkValue] = Field(default_factory=dict)
    give: dict[AreaName, MarkValue] = Field(default_factory=dict)


class NewAreasIn(Schema):
    """Your choice about the areas later stages add. Until you make it, they stay out."""

    receive: dict[NewAreaName, MarkValue] = Field(default_factory=dict)
    give: dict[NewAreaName, MarkValue] = Field(default_factory=dict)


def _marks(receive: dict[Any, Any], give: dict[Any, Any]) -> dict[str, dict[str, str]]:
    return {
        "receive": {str(a): str(m) for a, m in receive.items()},
        "give": {str(a): str(m) for a, m in give.items()},
    }


def _map(user: User) -> dict[str, Any]:
    mine = maps.own_map(user)
    return {
        "receive": dict(mine.receive),
        "give": dict(mine.give),
        "new_areas_chosen": mine.new_areas_chosen,
        "starts_at_not_yet": maps.plan_gentle(situation(user)),
    }


@router.get("/program/comfort-map", response=replies(200, ComfortMapOut))
def comfort_map(request: HttpRequest) -> dict[str, Any]:
    """Your own comfort map. Nobody else can read it."""
    return _map(member(request))


@router.put("/program/comfort-map", response=replies(200, ComfortMapOut))
def comfort_map_save(request: HttpRequest, payload: ComfortMapIn) -> dict[str, Any]:
    """Change your marks. A change toward "no" counts at once, also in a running session."""
    user = member(request)
    actions.save_comfort_map(user, _marks(payload.receive, payload.give))
    return _map(user)


@router.post("/program/comfort-map/new-areas", response=replies(200, ComfortMapOut))
def comfort_map_new_areas(request: HttpRequest, payload: NewAreasIn) -> dict[str, Any]:
    user = member(request)
    actions.save_comfort_map(user, _marks(payload.receive, payload.give), new_areas=True)
    return _map(user)


class TouchListOut(Schema):
    """Where one of you may touch the other: "you" or "partner" (both "you" alone)."""

    turn: int | None
    giver: Literal["you", "partner"]
    receiver: Literal["you", "partner"]
    areas: list[str]
    current: bool


def _lists(user: User, found: list[touch.Shown]) -> list[dict[str, Any]]:
    def who(uid: int) -> str:
        return "you" if uid == user.pk else "partner"

    return [
        {
            "turn": s.turn,
            "giver": who(s.giver),
            "receiver": who(s.receiver),
            "areas": list(s.areas),
            "current": s.current,
        }
        for s in found
    ]


class ExerciseDetailOut(Schema):
    id: str
    title: str
    stage: str
    in_plan: bool
    touch_lists: list[TouchListOut]


@router.get("/program/exercises/{exercise_id}", response=replies(200, ExerciseDetailOut))
def exercise(request: HttpRequest, exercise_id: Slug) -> dict[str, Any]:
    """An exercise, with where each of you may touch when it is in your plan."""
    user = member(request)
    content = default_content()
    found = next((e for e in content.exercises if e.id == exercise_id), None)
    if found is None:
        raise ApiError(404, "not_found", "No such exercise.")
    sit = situation(user)
    in_plan = touch.planned_exercise(sit, exercise_id) is not None and not sit.couple_paused
    shown = touch.lists_for(sit, content, exercise_id) if in_plan else []
    return {
        "id": found.id,
        "title": found.title,
        "stage": found.stage,
        "in_plan": in_plan,
        "touch_lists": _lists(user, shown),
    }


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
    touch_lists: list[TouchListOut]
    first_giver: Literal["you", "partner"] | None
    paused_by_you: bool | None
    can_go_on: bool
    not_sure_choices: list[str]
    switch_options: list[ExerciseOut]
    settle_first: bool
    settling: bool
    body_check: bool
    doctor_check_due: bool


class ProposeIn(Schema):
    planned_for: AwareDatetime
    exercise_id: ShortText


class AnswerIn(Schema):
    accept: bool


class ReadinessIn(Schema):
    answer: ShortText


class TurnIn(Schema):
    turn: int = Field(ge=0, le=1000)


class StartIn(Schema):
    """A couple starts once they have agreed a stop word or hand signal."""

    stop_signal_agreed: bool = False
    first_giver: Literal["me", "partner"] = "me"


class NotSureIn(Schema):
    choice: Literal["call_off", "settle", "switch"]
    exercise_id: ShortText = ""


Part = Literal["numbers", "distractions", "text"]


class ReflectionIn(Schema):
    comfort: int
    closeness: int
    anxiety: int
    distractions: Text = ""
    text: LongText = ""
    # The parts shared with your partner, and with your therapist: two separate choices.
    partner: list[Part] = []
    therapist: list[Part] = []


class SharingIn(Schema):
    partner: list[Part] = []
    therapist: list[Part] = []


class SharedOut(Schema):
    partner: list[str]
    therapist: list[str]


class ReflectionOut(Schema):
    session_id: int
    comfort: int
    closeness: int
    anxiety: int
    distractions: str
    text: str
    shared: SharedOut


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
    sit = situation(user)
    shown = pages.session_touch(sit, default_content(), session)
    paused = session.status == Session.Status.PAUSED
    first = session.first_giver_id
    return {
        "touch_lists": _lists(user, shown),
        "first_giver": None if first is None else ("you" if first == user.pk else "partner"),
        "paused_by_you": session.paused_by_id == user.pk if paused else None,
        "can_go_on": paused and context["paused_by_me"],
        "not_sure_choices": list(context["not_sure_order"]) if context["not_sure_open"] else [],
        "switch_options": [{"id": i, "label": t} for i, t in context["switch_choices"]],
        "settle_first": session.settle_first,
        "settling": bool(context["settling"]),
        "body_check": bool(context["body_check"]),
        "doctor_check_due": bool(context["doctor_due"]),
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
    user = member(request)
    return [_session(user, s) for s in pages.sessions_context(user, None)["sessions"]]


@router.post("/program/sessions", response=replies(200, SessionDetailOut))
def propose(request: HttpRequest, payload: ProposeIn) -> dict[str, Any]:
    user = member(request)
    made = actions.propose_session(user, payload.planned_for, payload.exercise_id)
    return _detail(user, made)


@router.get("/program/sessions/{session_id}", response=replies(200, SessionDetailOut))
def session(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    user = member(request)
    return _detail(user, access_session(user, session_id))


def _step(user: User, session_id: int, run: Callable[[User, int], object]) -> dict[str, Any]:
    """Load through access, run the action, show the session again."""
    found = access_session(user, session_id)
    run(user, found.pk)
    found.refresh_from_db()
    return _detail(user, found)


SESSION_REPLIES = replies(200, SessionDetailOut)


@router.post("/program/sessions/{session_id}/answer", response=SESSION_REPLIES)
def session_answer(request: HttpRequest, session_id: Id, payload: AnswerIn) -> dict[str, Any]:
    """Say yes or no to a suggested time. No needs no reason."""
    return _step(
        member(request), session_id, lambda u, s: actions.answer_session(u, s, payload.accept)
    )


@router.post("/program/sessions/{session_id}/cancel", response=SESSION_REPLIES)
def session_cancel(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    return _step(member(request), session_id, actions.cancel_session)


@router.post("/program/sessions/{session_id}/readiness", response=SESSION_REPLIES)
def session_readiness(request: HttpRequest, session_id: Id, payload: ReadinessIn) -> dict[str, Any]:
    """Your private check-in before starting: ready, not_sure or not_today."""
    return _step(
        member(request),
        session_id,
        lambda u, s: actions.record_readiness(u, s, payload.answer),
    )


@router.post("/program/sessions/{session_id}/not-sure", response=SESSION_REPLIES)
def session_not_sure(request: HttpRequest, session_id: Id, payload: NotSureIn) -> dict[str, Any]:
    """After your private "not sure": call it off, begin with settling, or switch to one of
    the shorter or earlier exercises the session lists."""
    return _step(
        member(request),
        session_id,
        lambda u, s: actions.resolve_not_sure(u, s, payload.choice, payload.exercise_id),
    )


@router.post("/program/sessions/{session_id}/start", response=SESSION_REPLIES)
def session_start(request: HttpRequest, session_id: Id, payload: StartIn) -> dict[str, Any]:
    """Start once everyone has checked in; a couple sends ``stop_signal_agreed: true``."""
    user = member(request)

    def run(u: User, s: int) -> object:
        program = _program_of(s, u)
        partner = next(
            (p for p in people_in(program.couple_id, program.owner_id) if p != u.pk), None
        )
        first = partner if payload.first_giver == "partner" else u.pk
        return actions.start_session(u, s, first, stop_signal_agreed=payload.stop_signal_agreed)

    return _step(user, session_id, run)


def _program_of(session_id: int, user: User) -> Program:
    return access_session(user, session_id).program


@router.post("/program/sessions/{session_id}/settled", response=SESSION_REPLIES)
def session_settled(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    """You are done with the settling screen, or skip it (only your own view)."""
    return _step(member(request), session_id, actions.mark_settled)


@router.post("/program/sessions/{session_id}/body-check", response=SESSION_REPLIES)
def session_body_check(request: HttpRequest, session_id: Id, payload: TurnIn) -> dict[str, Any]:
    """The quiet check at a turn swap, answered "here, now, safe"."""
    return _step(
        member(request),
        session_id,
        lambda u, s: actions.answer_body_check(u, s, payload.turn),
    )


@router.post("/program/sessions/{session_id}/turn", response=SESSION_REPLIES)
def session_turn(request: HttpRequest, session_id: Id, payload: TurnIn) -> dict[str, Any]:
    """Move on from the turn you saw (so a double press moves on only once)."""
    return _step(member(request), session_id, lambda u, s: actions.next_turn(u, s, payload.turn))


@router.post("/program/sessions/{session_id}/pause", response=SESSION_REPLIES)
def session_pause(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    """Pause for everyone at once. Always allowed while a session runs. The pause is yours:
    only you can go on; either of you can end."""
    return _step(member(request), session_id, actions.pause_session)


@router.post("/program/sessions/{session_id}/resume", response=SESSION_REPLIES)
def session_resume(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    """Go on after your own pause (409 after your partner's: it goes on when they are ready)."""
    return _step(member(request), session_id, actions.resume_session)


@router.post("/program/sessions/{session_id}/end", response=SESSION_REPLIES)
def session_end(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    return _step(member(request), session_id, actions.end_session)


def _reflection(r: Any) -> dict[str, Any]:
    fields = ("comfort", "closeness", "anxiety", "distractions", "text")
    shared = {to: sorted(parts) for to, parts in reflection_choices(r).items()}
    return {"session_id": r.session_id, **{f: getattr(r, f) for f in fields}, "shared": shared}


@router.get("/program/sessions/{session_id}/reflection", response=replies(200, ReflectionOut))
def reflection(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    user = member(request)
    return _reflection(access_own_reflection(user, session_id))


@router.post("/program/sessions/{session_id}/reflection", response=replies(201, ReflectionOut))
def reflect(request: HttpRequest, session_id: Id, payload: ReflectionIn) -> Status[dict[str, Any]]:
    """Write your reflection once the session has ended. Checked by the web form's rules."""
    user = member(request)
    found = access_session(user, session_id)
    data = payload.dict()
    form = ReflectionForm(data)
    if not form.is_valid():
        raise ApiError(422, "invalid_input", "Some answers need a look.", form_problems(form))
    made = actions.save_reflection(user, found.pk, pages.reflection_answers(form, data))
    return Status(201, _reflection(made))


@router.put(
    "/program/sessions/{session_id}/reflection/sharing", response=replies(200, ReflectionOut)
)
def reflection_sharing(request: HttpRequest, session_id: Id, payload: SharingIn) -> dict[str, Any]:
    """Choose again what your partner sees, and what your therapist sees (each therapist
    you are linked with now). The two are separate, and either can be taken back at any
    time."""
    user = member(request)
    found = access_session(user, session_id)
    made = actions.set_sharing(user, found.pk, partner=payload.partner, therapist=payload.therapist)
    return _reflection(made)
