"""Rules for moving between stages. Pure: plain data in, plain data out; no Django, no clock.

No published source gives exact criteria for moving on in sensate focus, so these rules are a
documented Hearth project choice, built on what sources do say (about two weeks per early
stage; move on only when both partners agree):

- Moving on is *offered* once the current stage has lasted at least ``min_days`` (14), at
  least ``min_sessions`` (4) sessions there were held to the end (one ended early does not
  count, and is never held against anyone), and every person's average comfort in their
  honest reflections on the last ``min_sessions`` of those (1 to 5) is at least
  ``min_comfort`` (3.5).
- It is held back, privately, for ``recent_days`` (14) after a session ended early with high
  worry (7 or more of 10 in anyone's reflection) or after a risk result for anyone in the
  plan: a hard time is not the moment to add more.
- Every "not yet" from these rules reads the same (``NOT_YET``): whether it is the calendar,
  the count, someone's comfort, worry or a risk result, nobody can tell from the words.
- Moving on needs everyone's agreement. In a plan with pace holders (someone asked to set the
  pace), only a pace holder may propose; the others may only accept or decline.
- Stepping back needs nobody's agreement and is always allowed, even during a pause.
- A safety pause blocks couple sessions and moving on entirely.
- A "not today" never counts against anyone: it is neither a session nor a miss, and it
  never resets the clock.
- No pressure by repetition: after a partner's "not yet" to a proposed step, the proposer
  waits ``stage_cooldown_days`` (7) before proposing again; after a "no" to a suggested
  session time, 48 hours (``session_cooldown``). The one who declined may propose at any
  time, and their proposal lifts the wait.

Every ``reason`` is neutral: it can be shown to either partner without revealing whose
answers, comfort or screening led to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Literal

from hearth.core.text import Text as _
from hearth.program.content import Track

Outcome = Literal["done", "stopped_early", "not_today"]
COMFORT_MIN, COMFORT_MAX = 1, 5


@dataclass(frozen=True)
class Rules:
    min_days: int = 14
    min_sessions: int = 4
    min_comfort: float = 3.5
    high_worry: int = 7  # of 10, in a reflection on a session that ended early
    recent_days: int = 14
    stage_cooldown_days: int = 7
    session_cooldown: timedelta = timedelta(hours=48)


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class SessionRecord:
    """One planned session. ``comfort`` maps person id to their own 1-5 reflection rating."""

    stage: str
    day: date
    outcome: Outcome
    comfort: tuple[tuple[str, int], ...] = ()
    # Each person's worry or tension in their reflection, 0 to 10.
    worry: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        if any(not COMFORT_MIN <= score <= COMFORT_MAX for _, score in self.comfort):
            raise ValueError(f"comfort ratings run from {COMFORT_MIN} to {COMFORT_MAX}")
        if any(not 0 <= score <= 10 for _, score in self.worry):
            raise ValueError("worry ratings run from 0 to 10")

    @property
    def held(self) -> bool:
        """Stopping early is a session held (never held against anyone); "not today" is
        not a session."""
        return self.outcome != "not_today"

    @property
    def finished(self) -> bool:
        """Held to the end: only these count toward moving on."""
        return self.outcome == "done"


def comfort_from_ten(score: int) -> int:
    """A reflection's 0-10 comfort answer on the 1-5 scale these rules use (0 -> 1,
    5 -> 3, 7 -> 4, 10 -> 5). Halves round to even, so 5 of 10 stays in the middle."""
    if not 0 <= score <= 10:
        raise ValueError("comfort answers run from 0 to 10")
    return COMFORT_MIN + round(score * (COMFORT_MAX - COMFORT_MIN) / 10)


@dataclass(frozen=True)
class Proposal:
    by: str
    accepted_by: frozenset[str]


@dataclass(frozen=True)
class Decline:
    """A "not yet" to a proposed step: who said it, to whose proposal, on which day."""

    by: str
    proposal_of: str
    day: date


@dataclass(frozen=True)
class ProgressState:
    track: Track
    people: tuple[str, ...]
    stages: tuple[str, ...]
    stage: str
    stage_since: date
    sessions: tuple[SessionRecord, ...] = ()
    pace_holders: frozenset[str] = frozenset()
    safety_pause: bool = False
    proposal: Proposal | None = None
    # A risk result for anyone in the plan in the last ``recent_days`` (private: never named).
    recent_risk: bool = False
    last_decline: Decline | None = None

    def __post_init__(self) -> None:
        if self.stage not in self.stages:
            raise ValueError(f"stage {self.stage!r} is not in this track")
        if not self.people or not self.pace_holders <= set(self.people):
            raise ValueError("pace holders must be people in the plan")

    @property
    def stage_index(self) -> int:
        return self.stages.index(self.stage)

    def current_sessions(self) -> tuple[SessionRecord, ...]:
        return tuple(
            s for s in self.sessions if s.stage == self.stage and s.day >= self.stage_since
        )


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    code: str = field(default="ok")

    def __bool__(self) -> bool:
        return self.allowed


class NotAllowed(Exception):
    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.reason)
        self.decision = decision


_PAUSED = Decision(False, _("Shared sessions are not available right now."), "paused")
# The one wording of every "not yet" from the rules for moving on: the calendar, the count
# of sessions, anyone's comfort, worry or risk result all read the same.
NOT_YET = _("The next stage is not open yet. Give this one more time. There is no rush.")


def _not_yet(code: str) -> Decision:
    return Decision(False, NOT_YET, code)


def start(
    track: Track,
    people: Sequence[str],
    stages: Sequence[str],
    starting_stage: str,
    today: date,
    pace_holders: frozenset[str] = frozenset(),
) -> ProgressState:
    """A fresh state at the plan's starting stage (see plan.PlannedTrack and Plan)."""
    return ProgressState(
        track=track,
        people=tuple(people),
        stages=tuple(stages),
        stage=starting_stage,
        stage_since=today,
        pace_holders=pace_holders,
    )


def couple_sessions_allowed(state: ProgressState) -> Decision:
    if state.track == "couple" and state.safety_pause:
        return _PAUSED
    return Decision(True, _("Sessions are open."))


def record_session(state: ProgressState, record: SessionRecord) -> ProgressState:
    """Add a session to the history. A "not today" is kept but never counts either way."""
    return replace(state, sessions=(*state.sessions, record))


def finished_here(state: ProgressState) -> tuple[SessionRecord, ...]:
    """Sessions at the current stage that were held to the end, oldest first."""
    return tuple(s for s in state.current_sessions() if s.finished)


def comfort_averages(state: ProgressState, rules: Rules = DEFAULT_RULES) -> dict[str, float]:
    """Each person's average comfort over the last ``min_sessions`` sessions held to the end
    at the current stage."""
    scores: dict[str, list[int]] = {p: [] for p in state.people}
    for record in finished_here(state)[-rules.min_sessions :]:
        for person, score in record.comfort:
            scores.setdefault(person, []).append(score)
    return {p: sum(s) / len(s) for p, s in scores.items() if s}


def held_back(state: ProgressState, *, today: date, rules: Rules = DEFAULT_RULES) -> bool:
    """A hard time lately: a session ended early with high worry, or a risk result, in the
    last ``recent_days``. Private: the reason is never shown, only ``NOT_YET``."""
    if state.recent_risk:
        return True
    return any(
        record.outcome == "stopped_early"
        and 0 <= (today - record.day).days < rules.recent_days
        and any(score >= rules.high_worry for _, score in record.worry)
        for record in state.sessions
    )


def advance_ready(state: ProgressState, *, today: date, rules: Rules = DEFAULT_RULES) -> Decision:
    """Whether the next stage may be offered at all (before anyone proposes it)."""
    paused = couple_sessions_allowed(state)
    if not paused:
        return paused
    if state.stage_index == len(state.stages) - 1:
        return Decision(False, _("This is the last stage. Stay as long as you like."), "last_stage")
    if (today - state.stage_since).days < rules.min_days:
        return _not_yet("too_soon")
    if len(finished_here(state)) < rules.min_sessions:
        return _not_yet("few_sessions")
    if held_back(state, today=today, rules=rules):
        return _not_yet("held_back")
    averages = comfort_averages(state, rules)
    if set(averages) != set(state.people) or min(averages.values()) < rules.min_comfort:
        return _not_yet("comfort")
    return Decision(True, _("You can move on when you are ready. There is no need to hurry."))


def can_propose_advance(
    state: ProgressState, person: str, *, today: date, rules: Rules = DEFAULT_RULES
) -> Decision:
    if person not in state.people:
        return Decision(False, _("Only people in this plan can propose a step."), "not_member")
    ready = advance_ready(state, today=today, rules=rules)
    if not ready:
        return ready
    if state.proposal is not None:
        return Decision(False, _("A step forward has already been proposed."), "pending")
    if state.pace_holders and person not in state.pace_holders:
        return Decision(
            False,
            _("In this plan your partner proposes each step forward. You can say yes or not yet."),
            "pace_holder_proposes",
        )
    waits = stage_cooldown_until(state, person, rules)
    if waits is not None and today < waits:
        return Decision(
            False,
            _(
                "After a not yet, a new proposal waits a week. You can propose again from "
                "%(day)s. Your partner can propose at any time.",
                day=waits.isoformat(),
            ),
            "cooling_down",
        )
    return Decision(True, _("You can propose moving on. Moving on needs everyone's yes."))


def stage_cooldown_until(
    state: ProgressState, person: str, rules: Rules = DEFAULT_RULES
) -> date | None:
    """The day ``person`` may propose again after a partner's "not yet" to their proposal
    (None: no wait). The one who declined never waits."""
    decline = state.last_decline
    if decline is None or decline.proposal_of != person or decline.by == person:
        return None
    return decline.day + timedelta(days=rules.stage_cooldown_days)


def propose_advance(
    state: ProgressState, person: str, *, today: date, rules: Rules = DEFAULT_RULES
) -> ProgressState:
    """Record a proposal; the proposer's own yes counts. Alone, that moves on at once."""
    decision = can_propose_advance(state, person, today=today, rules=rules)
    if not decision:
        raise NotAllowed(decision)
    # A new proposal lifts any wait: the decliner's own proposal opens the door again.
    proposed = replace(
        state, proposal=Proposal(by=person, accepted_by=frozenset({person})), last_decline=None
    )
    return _advance_if_agreed(proposed, today)


def can_accept_advance(state: ProgressState, person: str) -> Decision:
    if person not in state.people:
        return Decision(False, _("Only people in this plan can answer."), "not_member")
    paused = couple_sessions_allowed(state)
    if not paused:
        return paused
    if state.proposal is None:
        return Decision(False, _("Nothing has been proposed."), "no_proposal")
    if person in state.proposal.accepted_by:
        return Decision(False, _("You have already said yes."), "already_accepted")
    return Decision(True, _("You can say yes, or not yet. Both are fine."))


def accept_advance(state: ProgressState, person: str, *, today: date) -> ProgressState:
    decision = can_accept_advance(state, person)
    if not decision or state.proposal is None:
        raise NotAllowed(decision)
    # The gate holds at the yes too: a hard time since the proposal waits like any other.
    ready = advance_ready(state, today=today)
    if not ready:
        raise NotAllowed(ready)
    accepted = state.proposal.accepted_by | {person}
    return _advance_if_agreed(
        replace(state, proposal=replace(state.proposal, accepted_by=accepted)), today
    )


def decline_advance(state: ProgressState, person: str, *, today: date) -> ProgressState:
    """ "Not yet" to a proposal: always allowed, clears it, and counts against nobody. From
    the partner it starts the proposer's wait; the proposer taking it back starts none."""
    if person not in state.people:
        raise NotAllowed(Decision(False, _("Only people in this plan can answer."), "not_member"))
    proposal = state.proposal
    if proposal is None or proposal.by == person:
        return replace(state, proposal=None)
    decline = Decline(by=person, proposal_of=proposal.by, day=today)
    return replace(state, proposal=None, last_decline=decline)


def can_step_back(state: ProgressState, person: str) -> Decision:
    """Always allowed for anyone in the plan, with nobody's agreement, even during a pause."""
    if person not in state.people:
        return Decision(False, _("Only people in this plan can step back."), "not_member")
    return Decision(True, _("Stepping back is always fine. Nobody needs to agree."))


def apply_step_back(state: ProgressState, person: str, *, today: date) -> ProgressState:
    """Go back one stage (or stay at the first). Clears any proposal; the clock restarts."""
    decision = can_step_back(state, person)
    if not decision:
        raise NotAllowed(decision)
    index = max(state.stage_index - 1, 0)
    return replace(state, stage=state.stages[index], stage_since=today, proposal=None)


def _advance_if_agreed(state: ProgressState, today: date) -> ProgressState:
    if state.proposal is None or not set(state.people) <= state.proposal.accepted_by:
        return state
    next_stage = state.stages[state.stage_index + 1]
    return replace(state, stage=next_stage, stage_since=today, proposal=None)


# --------------------------------------------------------------------------------------
# Suggesting a session time
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A suggested session time: who suggested it and when, and any "no" to it."""

    by: str
    at: datetime
    declined_by: str | None = None
    declined_at: datetime | None = None


def session_cooldown_until(
    suggestions: Sequence[Suggestion], person: str, rules: Rules = DEFAULT_RULES
) -> datetime | None:
    """When ``person`` may suggest a time again: ``session_cooldown`` after the latest "no"
    a partner gave to their suggestion, unless that partner has since suggested one
    themselves (None: no wait)."""
    noes = [
        s
        for s in suggestions
        if s.by == person and s.declined_by not in (None, person) and s.declined_at is not None
    ]
    if not noes:
        return None
    latest = max(noes, key=lambda s: s.declined_at or s.at)
    assert latest.declined_at is not None
    if any(s.by == latest.declined_by and s.at >= latest.declined_at for s in suggestions):
        return None
    return latest.declined_at + rules.session_cooldown
