"""Glue between the database and the pure engines (plan.py, progression.py).

``situation(user)`` gathers what the person's program pages need on top of their household
(who they are, their partner and couple, from hearth.couples): their own intake, whether
the partner has answered (never what), the plan rebuilt from both intakes, and whether couple
exercises may run. ``progress_state`` turns the stored program into the pure ProgressState;
actions call the pure rules on it and persist the result with ``save_progress``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F
from django.utils import timezone

from hearth.accounts.models import User
from hearth.core.memo import per_request
from hearth.couples.access import Household, household
from hearth.couples.models import Couple
from hearth.program import plan as planner
from hearth.program import progression
from hearth.program.content import Content
from hearth.program.localized import localized_content
from hearth.program.models import Intake, Program, Reflection, Session
from hearth.safety.access import couple_exercises_allowed, risk_facts


def person_id(user: User | int) -> str:
    """The opaque id the pure engines use for a person."""
    return str(user if isinstance(user, int) else user.pk)


def to_plan_intake(intake: Intake) -> planner.Intake:
    tags = intake.tag_lists()
    return planner.Intake(
        person=person_id(intake.user_id),
        concerns=frozenset(tags["concerns"]),
        body_change_causes=frozenset(tags["body_change_causes"]),
        physical=frozenset(tags["physical"]),
        pain_areas=frozenset(tags["pain_areas"]),
        off_limit_areas=frozenset(tags["off_limit_areas"]),
        off_limit_activities=frozenset(tags["off_limit_activities"]),
        medicines=frozenset(tags["medicines"]),
        pace="slow" if intake.pace == Intake.Pace.SLOW else "steady",
        session_minutes=intake.session_minutes,
        times=frozenset(intake.times),
    )


@dataclass(frozen=True)
class Situation:
    """The program's view of a household. Who is who comes from the household only; the
    fields here are what the program adds (intakes, the plan, the safety pause)."""

    household: Household
    intake: Intake | None
    partner_answered: bool
    plan: planner.Plan | None
    couple_allowed: bool
    plan_failed: bool = False
    # The plan as if no pause were on: the shape of the shared progress, which a safety
    # pause freezes but does not change. Never shown while paused.
    progress_plan: planner.Plan | None = None

    @property
    def user(self) -> User:
        return self.household.user

    @property
    def partner(self) -> User | None:
        return self.household.partner

    @property
    def couple(self) -> Couple | None:
        return self.household.couple

    @property
    def me(self) -> str:
        return person_id(self.user)

    @property
    def is_couple(self) -> bool:
        return self.household.is_couple

    @property
    def couple_paused(self) -> bool:
        """A safety pause: the couple part is off for both, and nobody is told why."""
        return self.is_couple and not self.couple_allowed

    @property
    def track(self) -> planner.PlannedTrack | None:
        """The track this person follows: the shared one, or their own while paused."""
        if self.plan is None:
            return None
        return next(t for t in self.plan.tracks if self.me in t.people)

    @property
    def personal(self) -> planner.PersonalView | None:
        return None if self.plan is None else self.plan.personal[self.me]


@per_request
def situation(user: User) -> Situation:
    """Looked up once per page load: the home panel and the program pages ask several times."""
    content = localized_content()
    home = household(user)
    partner = home.partner
    answered = {i.user_id: i for i in Intake.objects.filter(user__in=home.people)}
    intake = answered.get(user.pk)
    partner_intake = answered.get(partner.pk) if partner is not None else None
    allowed = couple_exercises_allowed(user) if partner is not None else True
    built = progress_plan = None
    failed = False
    if intake is not None and (partner is None or partner_intake is not None):
        intakes = [to_plan_intake(i) for i in (intake, partner_intake) if i is not None]
        try:
            built = planner.build_plan(intakes, content, couple_allowed=allowed)
            progress_plan = built if allowed else planner.build_plan(intakes, content)
        except planner.IntakeError:
            # Together the boundaries leave no exercise: say so neutrally, name nobody.
            built, failed = None, True
    return Situation(
        household=home,
        intake=intake,
        partner_answered=partner_intake is not None,
        plan=built,
        couple_allowed=allowed,
        plan_failed=failed,
        progress_plan=progress_plan,
    )


def stage_ids(track: planner.PlannedTrack) -> tuple[str, ...]:
    return tuple(s.id for s in track.stages)


def clamp_stage(stage: str, track: planner.PlannedTrack, content: Content) -> str:
    """The stored stage if the plan still has it, else the nearest lower one in the plan
    (an edited intake can remove a stage; we never move anyone forward by accident)."""
    ids = stage_ids(track)
    if stage in ids:
        return stage
    try:
        order = content.stage(stage).order
    except StopIteration:
        return track.starting_stage
    lower = [s.id for s in track.stages if s.order <= order]
    return lower[-1] if lower else track.stages[0].id


Ratings = dict[int, tuple[tuple[str, int], ...]]


# Every reflection's ratings: (session id, person id, comfort 0-10, worry 0-10).
Rated = list[tuple[int, int, int, int]]


def sessions_and_ratings(program: Program) -> tuple[list[Session], Rated]:
    """The program's sessions in order and every reflection's ratings, in one query (the
    home page shows both): each session's row comes once per reflection (a left join, at
    most one reflection per person), or once with none."""
    rows = program.sessions.order_by("planned_for", "pk").annotate(
        rated_by=F("reflections__user_id"),
        rated_comfort=F("reflections__comfort"),
        rated_anxiety=F("reflections__anxiety"),
    )
    sessions: dict[int, Session] = {}
    rated: Rated = []
    for row in rows:
        sessions.setdefault(row.pk, row)
        columns = row.__dict__  # the annotated reflection, None when there is none
        if columns["rated_by"] is not None:
            rated.append(
                (row.pk, columns["rated_by"], columns["rated_comfort"], columns["rated_anxiety"])
            )
    return list(sessions.values()), rated


def ratings_by_session(program: Program, rated: Rated | None = None) -> tuple[Ratings, Ratings]:
    """Each session's comfort (on the rules' 1-5 scale) and worry (0-10) per person;
    ``rated``: the program's ratings when the caller has them already."""
    rows = rated
    if rows is None:
        rows = list(
            Reflection.objects.filter(session__program=program).values_list(
                "session_id", "user_id", "comfort", "anxiety"
            )
        )
    comfort: dict[int, list[tuple[str, int]]] = {}
    worry: dict[int, list[tuple[str, int]]] = {}
    for session_id, user_id, score, anxiety in rows:
        who = person_id(user_id)
        comfort.setdefault(session_id, []).append((who, progression.comfort_from_ten(score)))
        worry.setdefault(session_id, []).append((who, anxiety))
    return (
        {k: tuple(v) for k, v in comfort.items()},
        {k: tuple(v) for k, v in worry.items()},
    )


_OUTCOMES: dict[str, progression.Outcome] = {
    Session.Status.DONE: "done",
    Session.Status.STOPPED: "stopped_early",
    Session.Status.NOT_TODAY: "not_today",
}


def session_records(
    program: Program, sessions: list[Session] | None = None, rated: Rated | None = None
) -> tuple[progression.SessionRecord, ...]:
    """``sessions``, ``rated``: all of the program's sessions and their ratings when the
    caller has them already."""
    comfort, worry = ratings_by_session(program, rated)
    if sessions is None:
        sessions = list(program.sessions.filter(status__in=list(_OUTCOMES)))
    records = []
    ended = sorted((s for s in sessions if s.status in _OUTCOMES), key=lambda s: s.planned_for)
    for s in ended:
        day = timezone.localdate(s.started_at or s.planned_for)
        records.append(
            progression.SessionRecord(
                stage=s.stage,
                day=day,
                outcome=_OUTCOMES[s.status],
                comfort=comfort.get(s.pk, ()),
                worry=worry.get(s.pk, ()),
            )
        )
    return tuple(records)


def progress_state(
    program: Program,
    sit: Situation,
    content: Content,
    sessions: list[Session] | None = None,
    rated: Rated | None = None,
) -> progression.ProgressState:
    assert sit.progress_plan is not None
    track = sit.progress_plan.track
    proposal = None
    if program.proposal_by_id is not None:
        proposal = progression.Proposal(
            by=person_id(program.proposal_by_id),
            accepted_by=frozenset(person_id(int(p)) for p in program.proposal_agreed),
        )
    return progression.ProgressState(
        track=track.kind,
        people=track.people,
        stages=stage_ids(track),
        stage=clamp_stage(program.stage, track, content),
        stage_since=program.stage_since,
        sessions=session_records(program, sessions, rated),
        pace_holders=sit.progress_plan.pace_holders,
        safety_pause=sit.couple_paused,
        proposal=proposal,
        recent_risk=recent_risk(track.people),
        last_decline=_last_decline(program),
    )


def recent_risk(people: tuple[str, ...], days: int = progression.DEFAULT_RULES.recent_days) -> bool:
    """A risk result (crisis lines shown, a safety answer) for anyone in the plan lately."""
    newest = risk_facts(frozenset(int(p) for p in people)).newest
    return newest is not None and newest >= timezone.now() - timedelta(days=days)


def _last_decline(program: Program) -> progression.Decline | None:
    if program.declined_by_id is None or program.declined_proposal_of_id is None:
        return None
    if program.declined_on is None:
        return None
    return progression.Decline(
        by=person_id(program.declined_by_id),
        proposal_of=person_id(program.declined_proposal_of_id),
        day=program.declined_on,
    )


def save_progress(program: Program, state: progression.ProgressState) -> None:
    program.stage = state.stage
    program.stage_since = state.stage_since
    program.proposal_by_id = int(state.proposal.by) if state.proposal else None
    program.proposal_agreed = (
        sorted(int(p) for p in state.proposal.accepted_by) if state.proposal else []
    )
    decline = state.last_decline
    program.declined_by_id = int(decline.by) if decline else None
    program.declined_proposal_of_id = int(decline.proposal_of) if decline else None
    program.declined_on = decline.day if decline else None
    program.save(
        update_fields=[
            "stage",
            "stage_since",
            "proposal_by",
            "proposal_agreed",
            "declined_by",
            "declined_proposal_of",
            "declined_on",
        ]
    )


def today() -> date:
    return timezone.localdate()
