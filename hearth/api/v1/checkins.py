"""Daily check-ins, insights, talk prompts and the wishes list.

The reveal rules live in checkins.access, and this module only calls them: a partner's
prompt answer appears once both have answered; of the wishes list only the items both
marked yes or maybe appear, never which of the two, and a "no" looks like no answer.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from hearth.accounts.models import User
from hearth.api.v1.common import Slug, Text, form_problems, member, replies
from hearth.api.v1.errors import ApiError
from hearth.api.v1.support import SupportOut, support
from hearth.checkins import access, actions, insights
from hearth.checkins.forms import SAFETY_FIELDS, CheckinForm
from hearth.checkins.stats import Measure
from hearth.couples.access import Household, household

router = Router(tags=["check-ins"])


def _linked(user: User) -> Household:
    home = household(user)
    if home.alone:
        raise ApiError(409, "no_partner", actions.NO_PARTNER)
    return home


class CheckinOut(Schema):
    day: date
    mood: int | None
    stress: int | None
    closeness: int | None
    desire: int | None
    sleep_hours: Decimal | None
    note: str
    danger_from_someone: bool
    self_harm_thoughts: bool
    feels_unsafe: bool


class CheckinIn(Schema):
    mood: int | None = None
    stress: int | None = None
    closeness: int | None = None
    desire: int | None = None
    sleep_hours: Decimal | None = None
    note: Text = ""
    danger_from_someone: bool = False
    self_harm_thoughts: bool = False
    # The old single "I do not feel safe" box, kept for clients written before the split.
    # It does not say unsafe from what, so it gets help for both and pauses couple work.
    feels_unsafe: bool = False


class SavedCheckinOut(Schema):
    checkin: CheckinOut
    support: SupportOut


FIELDS = [*(m.value for m in Measure), "note", *SAFETY_FIELDS, "feels_unsafe"]


def _checkin(row: Any) -> dict[str, Any]:
    return {"day": row.day, **{f: getattr(row, f) for f in FIELDS}}


@router.get("/checkins", response=replies(200, list[CheckinOut]))
def checkins(request: HttpRequest) -> list[dict[str, Any]]:
    """Your own check-ins of the last six weeks, oldest first."""
    user = member(request)
    since = timezone.localdate() - timedelta(days=insights.WINDOW_DAYS - 1)
    return [_checkin(c) for c in access.own_checkins(user, since=since)]


@router.put("/checkins/today", response=replies(200, SavedCheckinOut))
def checkin_today(request: HttpRequest, payload: CheckinIn) -> dict[str, Any]:
    """Save today's check-in, checked by the same form as the web page; then the safety
    rules look at it, and what they ask for comes back in ``support``."""
    user = member(request)
    data = {k: v for k, v in payload.dict().items() if v is not None and v is not False}
    legacy = bool(data.pop("feels_unsafe", False))
    # The form asks for at least one answer; the old single box counts as one.
    form = CheckinForm({k: str(v) for k, v in data.items()}, answered=legacy)
    if not form.is_valid():
        fields = form_problems(form)
        message = fields.pop("__all__", "Some answers need a look.")
        raise ApiError(422, "invalid_input", message, fields)
    cleaned = form.cleaned_data
    values = actions.Values(**{m.value: cleaned.get(m.value) for m in Measure})
    saved = actions.save_checkin(
        user,
        timezone.localdate(),
        values,
        note=cleaned["note"],
        safety=actions.Safety(**{f: cleaned[f] for f in SAFETY_FIELDS}, feels_unsafe=legacy),
    )
    return {"checkin": _checkin(saved.checkin), "support": support(saved.outcome, user)}


class InsightOut(Schema):
    measure: str
    label: str
    summary: str
    enough_days: bool
    more_days_needed: int


class SharedRowOut(Schema):
    day: date
    mine: float | None
    partner: float | None


class SharedMeasureOut(Schema):
    measure: str
    label: str
    rows: list[SharedRowOut]


class SharingIn(Schema):
    # With your partner; left out, it stays as it is.
    measures: list[Measure] | None = None
    # With each therapist you are linked with now; left out, it stays as it is.
    therapist: list[Measure] | None = None


class SharingOut(Schema):
    measures: list[str]
    therapist: list[str]


@router.get("/insights", response=replies(200, list[InsightOut]), tags=["insights"])
def personal_insights(request: HttpRequest) -> list[dict[str, Any]]:
    user = member(request)
    found, _table = insights.personal(user, timezone.localdate())
    return [
        {
            "measure": i.measure.value,
            "label": str(i.label),
            "summary": i.summary,
            "enough_days": i.enough,
            "more_days_needed": i.more_days,
        }
        for i in found
    ]


@router.get("/insights/couple", response=replies(200, list[SharedMeasureOut]), tags=["insights"])
def couple_insights(request: HttpRequest) -> list[dict[str, Any]]:
    """Measures both partners share, side by side. Never a partner's note or safety answer."""
    user = member(request)
    home = _linked(user)
    shared = insights.couple(home, timezone.localdate())
    if shared:
        actions.note_partner_view(user, home)
    return [
        {
            "measure": m.measure.value,
            "label": str(m.label),
            "rows": [{"day": d, "mine": a, "partner": b} for d, a, b in m.rows],
        }
        for m in shared
    ]


@router.put("/insights/sharing", response=replies(200, SharingOut), tags=["insights"])
def insights_sharing(request: HttpRequest, payload: SharingIn) -> dict[str, Any]:
    """Share exactly these measures with your partner, and exactly those with your
    therapist; all others stop being shared. The two choices are separate: what your
    partner sees is not shown to your therapist, nor the other way round."""
    user = member(request)
    actions.set_sharing(user, payload.measures, payload.therapist)
    return {
        "measures": sorted(m.value for m in access.shared_measures(user)),
        "therapist": sorted(m.value for m in access.therapist_choice(user)),
    }


# --- talk prompts and wishes -----------------------------------------------------------------


class PromptOut(Schema):
    id: str
    text: str
    my_answer: str | None
    partner_answered: bool
    partner_answer: str | None


class AnswerIn(Schema):
    text: Text


class WishMatchOut(Schema):
    id: str
    label: str


class WishesOut(Schema):
    mine: dict[str, str]
    matches: list[WishMatchOut]


class WishesIn(Schema):
    choices: dict[str, str]


def _prompt(state: access.PromptState) -> dict[str, Any]:
    return {
        "id": state.prompt.id,
        "text": state.prompt.text,
        "my_answer": state.mine,
        "partner_answered": state.partner_answered,
        "partner_answer": state.partner_text,
    }


@router.get("/talk", response=replies(200, list[PromptOut]), tags=["talk"])
def talk(request: HttpRequest) -> list[dict[str, Any]]:
    home = _linked(member(request))
    return [_prompt(s) for s in access.all_prompt_states(home)]


@router.put("/talk/{prompt_id}", response=replies(200, PromptOut), tags=["talk"])
def answer_prompt(request: HttpRequest, prompt_id: Slug, payload: AnswerIn) -> dict[str, Any]:
    """Your private answer. It can change until your partner has answered too."""
    user = member(request)
    home = _linked(user)
    access.prompt_state(home, prompt_id)  # an unknown prompt is a 404, as on the web
    actions.answer_prompt(user, prompt_id, payload.text)
    return _prompt(access.prompt_state(home, prompt_id))


def _wishes(home: Household) -> dict[str, Any]:
    return {
        "mine": access.my_wishes(home),
        "matches": [{"id": w.id, "label": str(w.label)} for w in access.wish_matches(home)],
    }


@router.get("/wishes", response=replies(200, WishesOut), tags=["wishes"])
def wishes(request: HttpRequest) -> dict[str, Any]:
    """Your own choices, and the items you both marked yes or maybe."""
    return _wishes(_linked(member(request)))


@router.put("/wishes", response=replies(200, WishesOut), tags=["wishes"])
def save_wishes(request: HttpRequest, payload: WishesIn) -> dict[str, Any]:
    """Set yes, maybe or no per item id; an empty string clears the item."""
    user = member(request)
    home = _linked(user)
    actions.save_wishes(user, payload.choices)
    return _wishes(home)
