"""What each program page shows, built for one person. Read-only: changes go via actions.

Privacy: a page built for one person carries their own intake-derived texts only, the
shared plan, the session's state, and whatever a partner chose to share. Never a partner's
readiness answer, answers, or the reason a session was called off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext, gettext_noop

from hearth.accounts.models import User
from hearth.couples.access import people_in
from hearth.couples.sharing import reflection_choices, therapist_links
from hearth.program import comfort, maps, outline, progression, touch
from hearth.program.access import shared_reflections
from hearth.program.actions import (
    CALLED_OFF,
    COUPLE_PAUSED,
    ReflectionAnswers,
    doctor_check_due,
    ensure_program,
    switch_options,
)
from hearth.program.content import AREAS, Content, Exercise, Stage, default_content
from hearth.program.forms import (
    AREA_NAMES,
    DIRECTION_LABELS,
    MARK_CHOICES,
    OUTLINE_NAMES,
    SOLO_DIRECTION_LABEL,
    ComfortMapForm,
    ProposeForm,
    ReadinessForm,
    ReflectionForm,
    SharingForm,
    StartForm,
)
from hearth.program.localized import localized_content
from hearth.program.models import Program, Readiness, Reflection, Session
from hearth.program.state import (
    Rated,
    Situation,
    clamp_stage,
    progress_state,
    sessions_and_ratings,
    situation,
    today,
)

UPCOMING = (
    Session.Status.PROPOSED,
    Session.Status.SCHEDULED,
    Session.Status.RUNNING,
    Session.Status.PAUSED,
)
HELD = (Session.Status.DONE, Session.Status.STOPPED)
NO_FIT_TOGETHER = gettext_noop(
    "Together, your limits leave no exercise in the plan. Each of you can look at your own "
    "answers again. A therapist can also help you find a way in."
)


def intake_answers(data: dict[str, Any]) -> dict[str, Any]:
    """Form data to IntakeAnswers keyword arguments."""
    answers: dict[str, Any] = {
        name: frozenset(data.get(name) or ())
        for name in (
            "concerns",
            "body_change_causes",
            "physical",
            "pain_areas",
            "off_limit_areas",
            "off_limit_activities",
            "medicines",
            "times",
        )
    }
    answers |= {
        "pace": data.get("pace") or "steady",
        "session_minutes": data.get("session_minutes"),
        "goals": data.get("goals", ""),
        "physical_details": data.get("physical_details", ""),
        "body_check_off": bool(data.get("body_check_off")),
    }
    return answers


def reflection_answers(form: ReflectionForm, shared: Mapping[str, Any]) -> ReflectionAnswers:
    """The answers of a valid form, and the parts shared with each recipient
    (``{"partner": [...], "therapist": [...]}``)."""
    data = form.cleaned_data
    return ReflectionAnswers(
        comfort=data["comfort"],
        closeness=data["closeness"],
        anxiety=data["anxiety"],
        distractions=data.get("distractions", ""),
        text=data.get("text", ""),
        partner=frozenset(shared.get("partner") or ()),
        therapist=frozenset(shared.get("therapist") or ()),
    )


def sharing_form(
    user: User, session: Session, reflection: Reflection | None = None, data: Any = None
) -> SharingForm:
    """The two choices, "my partner" and "my therapist", each only where it means someone:
    a partner in the couple the session was held in, a therapist on an active link."""
    chosen = reflection_choices(reflection) if reflection is not None else {}
    return SharingForm(
        data,
        couple=session.program.is_couple,
        therapist=bool(therapist_links(user)),
        initial={to: sorted(parts) for to, parts in chosen.items()},
    )


def _current_stage(sit: Situation, program: Program, content: Content) -> Stage | None:
    track = sit.track
    if track is None or sit.couple_paused:
        return None
    return content.stage(clamp_stage(program.stage, track, content))


def _base(user: User) -> dict[str, Any]:
    content = localized_content()
    sit = situation(user)
    program = ensure_program(sit)
    return {
        "sit": sit,
        "program": program,
        "content": content,
        "couple_paused_text": COUPLE_PAUSED,
        "no_fit_text": NO_FIT_TOGETHER,
        "stage": _current_stage(sit, program, content) if program else None,
    }


def _progress(
    sit: Situation, program: Program, content: Content, sessions: list[Session], rated: Rated
) -> dict[str, Any]:
    state = progress_state(program, sit, content, sessions, rated)
    me = sit.me
    proposal = state.proposal
    index = state.stage_index + 1
    following = content.stage(state.stages[index]) if index < len(state.stages) else None
    return {
        "doctor_due": following is not None
        and doctor_check_due(sit.user, following.id)
        and (proposal is not None or bool(progression.advance_ready(state, today=today()))),
        "new_areas_next": stage_adds_new_areas(following)
        and not maps.has_chosen_new_areas(sit.user),
        "ready": progression.advance_ready(state, today=today()),
        "can_propose": progression.can_propose_advance(state, me, today=today()),
        "proposal": proposal,
        "proposal_mine": proposal is not None and proposal.by == me,
        "i_agreed": proposal is not None and me in proposal.accepted_by,
        "can_step_back": state.stage_index > 0,
        "held_here": sum(1 for s in state.current_sessions() if s.held),
        "rules": progression.DEFAULT_RULES,
    }


def overview(user: User) -> dict[str, Any]:
    context = _base(user)
    sit, program = context["sit"], context["program"]
    if program is None:
        return context
    # One read of the program's sessions serves every list here (sessions are planned by
    # hand, a few a week, so this stays small).
    sessions, rated = sessions_and_ratings(program)
    held = [s for s in sessions if s.status in HELD]
    context["upcoming"] = [s for s in sessions if s.status in UPCOMING][:5]
    context["done"] = held[::-1][:5]
    context["done_count"] = len(held)
    if not sit.couple_paused:
        context["progress"] = _progress(sit, program, context["content"], sessions, rated)
    return context


def exercise_choices(user: User) -> list[tuple[str, str]]:
    sit = situation(user)
    program = ensure_program(sit)
    if sit.track is None or program is None or sit.couple_paused:
        return []
    stage = sit.track.stage(clamp_stage(program.stage, sit.track, localized_content()))
    label = gettext("%(title)s (about %(minutes)s minutes)")
    return [(e.id, label % {"title": e.title, "minutes": e.minutes}) for e in stage.exercises]


def sessions_context(user: User, form: ProposeForm | None) -> dict[str, Any]:
    context = _base(user)
    program = context["program"]
    choices = exercise_choices(user)
    context["form"] = form or (ProposeForm(exercises=choices) if choices else None)
    context["sessions"] = (
        list(program.sessions.order_by("-planned_for")[:50]) if program is not None else []
    )
    return context


def plan_context(user: User) -> dict[str, Any]:
    context = _base(user)
    sit: Situation = context["sit"]
    content: Content = context["content"]
    if sit.plan is not None and sit.personal is not None:
        context["shared_reading"] = [content.page(p) for p in sit.plan.shared_reading]
        context["own_reading"] = [content.page(p) for p in sit.personal.reading]
        context["stages"] = (
            [(content.stage(s.id), s) for s in sit.track.stages] if sit.track else []
        )
    return context


def reading_context(user: User) -> dict[str, Any]:
    context = plan_context(user)
    content: Content = context["content"]
    context["all_pages"] = sorted(content.pages.values(), key=lambda p: p.title)
    return context


def exercise_context(user: User, exercise_id: str) -> dict[str, Any] | None:
    context = _base(user)
    content: Content = context["content"]
    found = _exercise(content, exercise_id)
    if found is None:
        return None
    sit: Situation = context["sit"]
    in_plan = touch.planned_exercise(sit, exercise_id) is not None and not sit.couple_paused
    shown = touch.lists_for(sit, content, exercise_id) if in_plan else []
    return {
        **context,
        "exercise": found,
        "stage": content.stage(found.stage),
        "in_plan": in_plan,
        "touch_section": touch.touches(found),
        "touch_lists": touch.for_page(shown, user, sit),
        "new_areas_due": stage_adds_new_areas(content.stage(found.stage))
        and not maps.has_chosen_new_areas(user),
    }


def _exercise(content: Content, exercise_id: str) -> Exercise | None:
    return next((e for e in content.exercises if e.id == exercise_id), None)


def _timer(session: Session) -> dict[str, Any]:
    if session.turn_started_at is None:
        return {}
    length = timedelta(minutes=session.turn_minutes)
    ends: datetime = session.turn_started_at + length
    still = session.paused_at if session.paused_at is not None else None
    left = (ends - still) if still is not None else None
    return {
        "turn_started": session.turn_started_at,
        "turn_ends": ends,
        "left_minutes": max(int(left.total_seconds() // 60), 0) if left is not None else None,
        "last_turn": session.turn >= session.turns,
    }


def _partner_parts(user: User, session: Session) -> list[dict[str, Any]]:
    parts = []
    for r, shared in shared_reflections(user, session):
        parts.append(
            {
                "numbers": (r.comfort, r.closeness, r.anxiety) if "numbers" in shared else None,
                "distractions": r.distractions if "distractions" in shared else "",
                "text": r.text if "text" in shared else "",
            }
        )
    return parts


ON = (Session.Status.RUNNING, Session.Status.PAUSED)
LISTED = (Session.Status.PROPOSED, Session.Status.SCHEDULED, *ON)


def ready_people(session: Session) -> set[int]:
    """Who has checked in as ready. A "not sure" counts only once that person chose how to
    begin, so the partner's page cannot tell a "not sure" from no answer yet."""
    return {r.user_id for r in session.readiness.all() if r.counts_as_ready}


def session_state(session: Session, answered: set[int], lists: str = "") -> str:
    """A short fingerprint of what both partners see on the session page: its status, turn,
    pause, how many have checked in and, while it is on, the touch lists (a comfort map
    closed mid-session). It changes when the page would change, and says nothing else
    (not who checked in, nor how, nor whose map changed)."""
    parts = (
        session.status,
        session.turn,
        session.paused_at.isoformat() if session.paused_at else "",
        session.turn_started_at.isoformat() if session.turn_started_at else "",
        len(answered),
        lists,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def follows(user: User, session: Session, mine: Readiness | None) -> bool:
    """Whether the page should notice the partner's step by itself: only while this person
    is waiting for the partner or the session is on, where the page holds no unsent input."""
    if not session.program.is_couple:
        return False
    status = session.status
    return (
        status in (Session.Status.RUNNING, Session.Status.PAUSED)
        # Checked in, and not still choosing what to do after a "not sure".
        or (status == Session.Status.SCHEDULED and mine is not None and mine.counts_as_ready)
        or (status == Session.Status.PROPOSED and session.proposed_by_id == user.pk)
    )


def session_context(
    user: User, session: Session, readiness_form: ReadinessForm | None = None
) -> dict[str, Any]:
    content = localized_content()
    mine = Readiness.objects.filter(session=session, user=user).first()
    answered = ready_people(session)
    people = people_in(session.program.couple_id, session.program.owner_id)
    reflection = Reflection.objects.filter(session=session, user=user).first()
    stage = next((s for s in content.stages if s.id == session.stage), None)
    exercise = _exercise(content, session.exercise)
    sit = situation(user)
    shown = session_touch(sit, content, session)
    following = follows(user, session, mine)
    return {
        **_own_steps(user, sit, session, mine),
        "on": session.status in ON,
        "giver_line": _giver_line(user, sit, session),
        "session": session,
        "couple": session.program.is_couple,
        "exercise": exercise,
        "touch_section": touch.touches(exercise) and session.status in LISTED,
        "touch_lists": touch.for_page(shown, user, sit),
        "new_areas_due": _new_areas_due(user, session),
        "start_form": StartForm(people=_start_people(sit)) if _takes_turns(session) else None,
        "stage": stage,
        "is_proposer": session.proposed_by_id == user.pk,
        "my_readiness": mine,
        "all_in": all(p in answered for p in people),
        "readiness_form": readiness_form or ReadinessForm(),
        "timer": _timer(session),
        "reflection": reflection,
        "sharing_form": sharing_form(user, session, reflection) if reflection else None,
        "partner_parts": _partner_parts(user, session) if session.program.is_couple else [],
        "called_off_text": CALLED_OFF,
        "Status": Session.Status,
        "follow_state": session_state(session, answered, touch.fingerprint(shown))
        if following
        else "",
    }


def _own_steps(
    user: User, sit: Situation, session: Session, mine: Readiness | None
) -> dict[str, Any]:
    """What only this person sees: their "not sure" choices, their settling screen and
    quiet body check, their pause, their doctor's-check question."""
    gentle = maps.plan_gentle(sit)
    not_sure = (
        session.status == Session.Status.SCHEDULED
        and mine is not None
        and mine.answer == Readiness.Answer.NOT_SURE
        and not mine.choice
    )
    running = session.status == Session.Status.RUNNING
    intake = sit.intake
    return {
        "paused_by_me": session.paused_by_id in (None, user.pk),
        "not_sure_open": not_sure,
        # In a plan that starts gently, calling it off is offered first.
        "not_sure_order": ("call_off", "settle", "switch")
        if gentle
        else ("settle", "switch", "call_off"),
        "switch_choices": [(e.id, e.title) for e in switch_options(user, session)]
        if not_sure
        else [],
        "settling": running
        and session.turn == 1
        and (gentle or session.settle_first)
        and mine is not None
        and mine.settled_at is None,
        "body_check": running
        and session.turn > 1
        and gentle
        and not (intake is not None and intake.body_check_off)
        and mine is not None
        and mine.checked_turn < session.turn,
        "doctor_due": session.status == Session.Status.SCHEDULED
        and mine is None
        and doctor_check_due(user, session.stage),
    }


def _giver_line(user: User, sit: Situation, session: Session) -> str:
    """Who gives in this turn, by name ("you" for the reader)."""
    if session.first_giver_id is None or sit.partner is None or session.turn < 1:
        return ""
    first_gives = session.turn % 2 == 1
    giver = (
        session.first_giver_id
        if first_gives
        else next(p for p in (sit.user.pk, sit.partner.pk) if p != session.first_giver_id)
    )
    if giver == user.pk:
        return gettext("You give, %(name)s receives.") % {"name": sit.partner.display_name}
    return gettext("%(name)s gives, you receive.") % {"name": sit.partner.display_name}


def session_touch(sit: Situation, content: Content, session: Session) -> list[touch.Shown]:
    if session.status not in LISTED:
        return []
    return touch.session_lists(sit, content, session)


def _takes_turns(session: Session) -> bool:
    return session.program.is_couple and session.turns > 1


def _start_people(sit: Situation) -> list[tuple[str, str]]:
    people = [(str(sit.user.pk), gettext("I do"))]
    if sit.partner is not None:
        people.append((str(sit.partner.pk), sit.partner.display_name))
    return people


def _new_areas_due(user: User, session: Session) -> bool:
    stage = next((s for s in default_content().stages if s.id == session.stage), None)
    return stage_adds_new_areas(stage) and not maps.has_chosen_new_areas(user)


# --------------------------------------------------------------------------------------
# The comfort map
# --------------------------------------------------------------------------------------


def map_directions(sit: Situation) -> tuple[comfort.Direction, ...]:
    """A couple marks both directions; alone, only touch on one's own body."""
    return comfort.DIRECTIONS if sit.is_couple else ("receive",)


def _direction_label(direction: comfort.Direction, couple: bool) -> Any:
    return DIRECTION_LABELS[direction] if couple else SOLO_DIRECTION_LABEL


def _outline(
    mine: comfort.ComfortMap, direction: comfort.Direction, couple: bool
) -> dict[str, Any]:
    marks = dict(MARK_CHOICES)
    title = _direction_label(direction, couple)
    regions = []
    for area in AREAS:
        shape = outline.REGIONS[area]
        mark = mine.marks(direction)[area]
        name = AREA_NAMES[area]
        regions.append(
            {
                "area": area,
                "name": OUTLINE_NAMES[area],
                "described": f"{name}, {title}" if couple else str(name),
                "mark": mark,
                "mark_label": marks[mark],
                "shape": shape,
            }
        )
    return {"direction": direction, "title": title, "regions": regions}


def stage_adds_new_areas(stage: Stage | None) -> bool:
    return stage is not None and not set(comfort.NEW_AREAS) <= stage.excluded_areas


def comfort_context(user: User, form: ComfortMapForm | None = None) -> dict[str, Any]:
    context = _base(user)
    sit: Situation = context["sit"]
    mine = maps.own_map(user)
    directions = map_directions(sit)
    if form is None:
        form = ComfortMapForm(directions=directions)
        form.initial_from(mine)
    rows = [
        {
            "area": area,
            "name": AREA_NAMES[area],
            "fields": [
                (d, _direction_label(d, sit.is_couple), form[f"{d}-{area}"]) for d in directions
            ],
        }
        for area in form.areas
    ]
    return {
        **context,
        "form": form,
        "rows": rows,
        "outlines": [_outline(mine, d, sit.is_couple) for d in directions],
        "view_box": outline.VIEW_BOX,
        "back_head": outline.BACK_VIEW_HEAD,
        "gentle_start": maps.plan_gentle(sit),
        "new_areas_due": stage_adds_new_areas(context["stage"]) and not mine.new_areas_chosen,
        "legend": MARK_CHOICES,
    }
