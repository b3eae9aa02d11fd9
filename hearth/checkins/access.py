"""The only ways to load check-in app data for a person. Missing and forbidden look the same.

The reveal rules of the conversation tools live here, so every page, and the JSON API when
it comes, shows exactly the same thing: a partner's prompt answer only once both have
answered; of the wishes list, only items both marked yes or maybe. A "no" never leaves
this module, not even by inference: a "no" looks exactly like "not answered yet".
Answers and wishes are matched by id, never by text; the words come in the person's
content language (hearth.core.languages), so partners reading in different languages see
the same prompts and the same matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils.translation import gettext_noop

from hearth.accounts.models import User
from hearth.accounts.roles import require_member
from hearth.checkins.content import Prompt, WishItem, prompt, prompts, wish_items
from hearth.checkins.models import CheckIn, PromptAnswer, Wish
from hearth.checkins.stats import Measure
from hearth.core.languages import request_language
from hearth.couples.access import Household
from hearth.couples.sharing import PARTNER, THERAPIST, shared_with
from hearth.safety.access import couple_exercises_allowed

POSITIVE = (Wish.Choice.YES, Wish.Choice.MAYBE)


# --- check-ins -------------------------------------------------------------------------------


def checkin_on(user: User, day: date) -> CheckIn | None:
    require_member(user)
    return CheckIn.objects.filter(user=user, day=day).first()


def own_checkins(user: User, since: date | None = None) -> list[CheckIn]:
    require_member(user)
    rows = CheckIn.objects.filter(user=user)
    if since is not None:
        rows = rows.filter(day__gte=since)
    return list(rows.order_by("day"))


def _measures(codes: frozenset[str]) -> set[Measure]:
    return {Measure(c) for c in codes if c in set(Measure)}


def shared_measures(user: User) -> set[Measure]:
    """The measures this person shares with the partner they are linked with now."""
    return _measures(shared_with(user, PARTNER).checkin)


def therapist_measures(user: User, clinician: User) -> set[Measure]:
    """The measures this person shares with this therapist (through an active link)."""
    return _measures(shared_with(user, THERAPIST, clinician).checkin)


def therapist_choice(user: User) -> set[Measure]:
    """What "my therapist" is ticked for on the check-in page: the measures shared with
    every therapist the person is linked with now (the page sets them all alike)."""
    from hearth.couples.sharing import therapist_links

    chosen = [therapist_measures(user, link.clinician) for link in therapist_links(user)]
    return set.intersection(*chosen) if chosen else set()


def measures_both_share(home: Household) -> list[Measure]:
    if home.partner is None:
        return []
    both = shared_measures(home.user) & shared_measures(home.partner)
    return [m for m in Measure if m in both]


def therapist_values(
    client: User, clinician: User, since: date
) -> tuple[list[Measure], list[tuple[date, dict[str, float]]]]:
    """A client's check-in values for the measures they share with this therapist, by day,
    oldest first. Never the note or the safety answers."""
    shared = therapist_measures(client, clinician)
    measures = [m for m in Measure if m in shared]
    if not measures:
        return [], []
    fields = [m.value for m in measures]
    rows = CheckIn.objects.filter(user=client, day__gte=since).order_by("day")
    return measures, [
        (row["day"], {f: float(row[f]) for f in fields if row[f] is not None})
        for row in rows.values("day", *fields)
    ]


def partner_values(
    home: Household, measures: list[Measure], since: date
) -> dict[date, dict[str, float]]:
    """The partner's values for measures both share, by day. Never the note or the flag."""
    if home.partner is None:
        return {}
    allowed = set(measures_both_share(home))
    fields = [m.value for m in measures if m in allowed]
    rows = CheckIn.objects.filter(user=home.partner, day__gte=since).values("day", *fields)
    return {row["day"]: {f: float(row[f]) for f in fields if row[f] is not None} for row in rows}


def _couple_id(home: Household) -> int:
    """The couple the talk prompts and wishes belong to. Pages and actions ask only for a
    linked person; anyone else finds nothing here, as with any other missing object."""
    if home.couple_id is None or home.alone:
        raise Http404("Not linked with a partner.")
    return home.couple_id


# --- conversation prompts -------------------------------------------------------------------


@dataclass(frozen=True)
class PromptState:
    prompt: Prompt
    mine: str | None
    partner_answered: bool
    partner_text: str | None  # set only once both have answered

    @property
    def revealed(self) -> bool:
        return self.mine is not None and self.partner_text is not None


def prompt_state(home: Household, prompt_id: str) -> PromptState:
    found = prompt(prompt_id, request_language())
    if found is None:
        raise Http404("No such prompt.")
    return _states(home, [found])[0]


def all_prompt_states(home: Household) -> list[PromptState]:
    return _states(home, list(prompts(request_language())))


# Shown under the couple part's "paused for now" on the talk prompts and the wishes list.
HOLD_NOTE = gettext_noop("Until it ends, neither of you sees anything new here.")


def on_hold(home: Household) -> bool:
    """While the couple part is paused, talk prompts and the wishes list show nothing of the
    other person: their answers count as not given yet, both ways.

    Whatever the reason (one partner's pause for safety, or a check that is due), both see
    the same: a person in danger gives nothing away by answering, and the other learns
    nothing new, not even that the pause is of one kind rather than another.
    """
    return not couple_exercises_allowed(home.user)


def _states(home: Household, chosen: list[Prompt]) -> list[PromptState]:
    if on_hold(home):
        mine = dict(
            PromptAnswer.objects.filter(
                couple_id=_couple_id(home), user=home.user, prompt_id__in=[p.id for p in chosen]
            ).values_list("prompt_id", "text")
        )
        return [PromptState(p, mine.get(p.id), False, None) for p in chosen]
    answers = PromptAnswer.objects.filter(
        couple_id=_couple_id(home),
        user__in=home.people,
        prompt_id__in=[p.id for p in chosen],
    )
    mine = {a.prompt_id: a.text for a in answers if a.user_id == home.user.pk}
    theirs = {a.prompt_id: a.text for a in answers if a.user_id == home.partner_id}
    return [
        PromptState(
            prompt=p,
            mine=mine.get(p.id),
            partner_answered=p.id in theirs,
            partner_text=theirs[p.id] if p.id in mine and p.id in theirs else None,
        )
        for p in chosen
    ]


# --- wishes list ----------------------------------------------------------------------------


def my_wishes(home: Household) -> dict[str, str]:
    rows = Wish.objects.filter(user=home.user, couple_id=_couple_id(home))
    return {w.item_id: w.choice for w in rows}


def wish_matches(home: Household) -> list[WishItem]:
    """Items both marked yes or maybe. Which of the two, and any "no", stay private.
    Nothing while the couple part is paused (see ``on_hold``)."""
    if on_hold(home):
        return []
    # Choices are sealed per row, so the database cannot pick the positive ones: both
    # people's wishes come in one query and are chosen here.
    rows = Wish.objects.filter(couple_id=_couple_id(home), user__in=home.people)
    picked = rows.values_list("user_id", "item_id", "choice")
    positive = [(user_id, item) for user_id, item, choice in picked if choice in POSITIVE]
    mine = {item for user_id, item in positive if user_id == home.user.pk}
    theirs = {item for user_id, item in positive if user_id == home.partner_id}
    return [item for item in wish_items(request_language()) if item.id in mine & theirs]
