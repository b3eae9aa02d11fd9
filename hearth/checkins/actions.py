"""Check-in state changes. Each checks its rules, runs in a transaction and writes the audit
row (ids and codes only). Errors carry a message fit to show the person."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from hearth.accounts.models import User
from hearth.accounts.roles import require_member
from hearth.checkins.access import prompt_state
from hearth.checkins.content import wish_item
from hearth.checkins.models import (
    CalendarFeed,
    CheckIn,
    PromptAnswer,
    ReminderPreference,
    Wish,
)
from hearth.checkins.stats import Measure
from hearth.core import audit, tokens
from hearth.core.errors import Refused
from hearth.core.languages import content_language
from hearth.core.text import Text
from hearth.couples import sharing
from hearth.couples.access import Household, household
from hearth.safety.actions import respond
from hearth.safety.rules import LOW_MOOD_DAYS, CheckinSignal, RiskOutcome

SAVED = audit.kind("checkins.saved", _("A daily check-in was saved"))
SHARING = audit.kind("checkins.sharing_changed", _("Check-in sharing was changed"))
PARTNER_VIEWED = audit.kind("checkins.partner_viewed", _("Your partner looked at shared check-ins"))
PROMPT_ANSWERED = audit.kind("checkins.prompt_answered", _("A talk prompt was answered"))
WISHES_SAVED = audit.kind("checkins.wishes_saved", _("The wishes list was saved"))
REMINDERS_SET = audit.kind("checkins.reminders_set", _("Reminder choices were changed"))
CALENDAR_NEW = audit.kind("checkins.calendar_new", _("A private calendar link was made"))
CALENDAR_OFF = audit.kind("checkins.calendar_off", _("The private calendar link was turned off"))

REMINDER_KINDS = {
    "checkin": _("My daily check-in, if I have not done it yet"),
    "questionnaire": _("Questionnaires that are due"),
    "session": _("Planned sessions"),
}
NOTE_MAX = 2000
ANSWER_MAX = 2000


class CheckinError(Refused):
    """A rule stopped the change; str(error) is a plain message for the person."""


# Messages stay English here (the API shows them as they are); pages translate them when
# shown (see core/text.py). gettext_noop marks them for the catalogue.
NO_PARTNER = gettext_noop(
    "This needs a linked partner. You can invite your partner on the Partner page."
)
LOCKED = gettext_noop(
    "You have both answered, so the answers are now shown. They can no longer be changed."
)
NOTE_TOO_LONG = gettext_noop("Please keep the note under %(count)s characters.")
ANSWER_TOO_LONG = gettext_noop("Please keep your answer under %(count)s characters.")


@dataclass(frozen=True)
class Values:
    mood: int | None = None
    stress: int | None = None
    closeness: int | None = None
    desire: int | None = None
    sleep_hours: Decimal | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, m.value) is None for m in Measure)


@dataclass(frozen=True)
class Saved:
    checkin: CheckIn
    outcome: RiskOutcome


@dataclass(frozen=True)
class Safety:
    """The check-in's two safety questions, and the old single box (API clients only)."""

    danger_from_someone: bool = False
    self_harm_thoughts: bool = False
    feels_unsafe: bool = False

    def any(self) -> bool:
        return any(self.__dict__.values())


@transaction.atomic
def save_checkin(
    user: User, day: date, values: Values, *, note: str = "", safety: Safety | None = None
) -> Saved:
    """Create or update the person's check-in for ``day`` (today; earlier days stay as they
    were), then let the safety rules look at it."""
    require_member(user)
    safety = safety or Safety()
    if values.is_empty() and not safety.any():
        raise CheckinError(gettext_noop("Please answer at least one question."))
    if len(note) > NOTE_MAX:
        raise CheckinError(Text(NOTE_TOO_LONG, count=NOTE_MAX))
    checkin, created = CheckIn.objects.update_or_create(
        user=user,
        day=day,
        defaults={**values.__dict__, "note": note.strip(), **safety.__dict__},
    )
    audit.record(SAVED, actor=user, checkin=checkin.pk, created=created)
    outcome = respond(user, _signal(user, checkin), source="checkin", ref=f"checkin:{checkin.pk}")
    return Saved(checkin, outcome)


def _signal(user: User, checkin: CheckIn) -> CheckinSignal:
    since = checkin.day - timedelta(days=LOW_MOOD_DAYS - 1)
    earlier = CheckIn.objects.filter(
        user=user, day__gte=since, day__lt=checkin.day, mood__isnull=False
    ).values_list("day", "mood")
    return CheckinSignal(
        day=checkin.day,
        mood=checkin.mood,
        danger_from_someone=checkin.danger_from_someone,
        self_harm_thoughts=checkin.self_harm_thoughts,
        feels_unsafe=checkin.feels_unsafe,
        recent_moods={d: m for d, m in earlier if m is not None},
    )


def _linked(user: User) -> Household:
    """The person's household when they have a partner; refused when they are alone."""
    require_member(user)
    home = household(user)
    if home.alone:
        raise CheckinError(NO_PARTNER)
    return home


NO_THERAPIST = gettext_noop(
    "This needs a linked therapist. You can link with one on the My therapist page."
)


@transaction.atomic
def set_sharing(
    user: User,
    partner: Iterable[Measure] | None,
    therapist: Iterable[Measure] | None = None,
) -> None:
    """Share exactly these measures with the current partner, and exactly those with each
    therapist linked now; all others stop being shared. None leaves that recipient as it is.
    The two never mix: what the partner sees is not shown to a therapist, nor the reverse."""
    require_member(user)
    if partner is not None:
        home = _linked(user)
        wanted = {Measure(m).value for m in partner}
        sharing.choose(
            user, sharing.PARTNER, sharing.Kind.CHECKIN, wanted, couple_id=home.couple_id
        )
        audit.record(SHARING, actor=user, couple=home.couple_id, measures=sorted(wanted))
    if therapist is not None:
        wanted = {Measure(m).value for m in therapist}
        links = sharing.therapist_links(user)
        if wanted and not links:
            raise CheckinError(NO_THERAPIST)
        for link in links:
            sharing.choose(user, sharing.THERAPIST, sharing.Kind.CHECKIN, wanted, link=link)
            audit.record(SHARING, actor=user, clinician=link.clinician_id, measures=sorted(wanted))


def note_partner_view(viewer: User, home: Household) -> None:
    """The person whose shared check-ins were looked at can read it in their audit log."""
    audit.record(PARTNER_VIEWED, actor=viewer, subject=home.partner, couple=home.couple_id)


@transaction.atomic
def answer_prompt(user: User, prompt_id: str, text: str) -> PromptAnswer:
    """Save the person's private answer. It can change until the partner has answered too."""
    home = _linked(user)
    state = prompt_state(home, prompt_id)
    text = text.strip()
    if not text:
        raise CheckinError(gettext_noop("Please write an answer first."))
    if len(text) > ANSWER_MAX:
        raise CheckinError(Text(ANSWER_TOO_LONG, count=ANSWER_MAX))
    if state.revealed:
        raise CheckinError(LOCKED)
    answer, _ = PromptAnswer.objects.update_or_create(
        user=user, couple=home.couple, prompt_id=state.prompt.id, defaults={"text": text}
    )
    audit.record(PROMPT_ANSWERED, actor=user, couple=home.couple_id, prompt=state.prompt.id)
    return answer


@transaction.atomic
def save_wishes(user: User, choices: Mapping[str, str]) -> None:
    """Set the person's yes, maybe or no per item; an empty choice clears the item."""
    home = _linked(user)
    valid = set(Wish.Choice.values)
    for item_id, choice in choices.items():
        if wish_item(item_id) is None or choice not in valid | {""}:
            raise CheckinError(gettext_noop("Please choose yes, maybe or no for each item."))
    for item_id, choice in choices.items():
        rows = Wish.objects.filter(user=user, couple=home.couple, item_id=item_id)
        if not choice:
            rows.delete()
        else:
            Wish.objects.update_or_create(
                user=user, couple=home.couple, item_id=item_id, defaults={"choice": choice}
            )
    audit.record(WISHES_SAVED, actor=user, couple=home.couple_id)


@transaction.atomic
def set_reminders(user: User, kinds: Iterable[str], hour: int) -> ReminderPreference:
    require_member(user)
    chosen = sorted(set(kinds))
    if any(k not in REMINDER_KINDS for k in chosen) or hour not in range(24):
        raise CheckinError(gettext_noop("Please choose from the reminders and hours shown."))
    pref, _ = ReminderPreference.objects.update_or_create(
        user=user, defaults={"kinds": chosen, "hour": hour}
    )
    audit.record(REMINDERS_SET, actor=user, kinds=chosen, hour=hour)
    return pref


# --- the private calendar link ---------------------------------------------------------------


def _digest(token: str) -> str:
    return tokens.keyed_digest("hearth-calendar", token)


@transaction.atomic
def new_calendar_token(user: User, language: str) -> str:
    """A new secret for the calendar link, shown once. Any earlier link stops working. The
    feed's words are in ``language``, the one the person is using as they make the link."""
    require_member(user)
    token = tokens.new_secret()
    CalendarFeed.objects.filter(user=user).delete()
    feed = CalendarFeed.objects.create(
        user=user, token_digest=_digest(token), language=content_language(language)
    )
    audit.record(CALENDAR_NEW, actor=user, feed=feed.pk)
    return token


@transaction.atomic
def revoke_calendar(user: User) -> bool:
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    if deleted:
        audit.record(CALENDAR_OFF, actor=user)
    return bool(deleted)


def calendar_feed(token: str) -> CalendarFeed | None:
    """The calendar link of this token, or None for an unknown or revoked token or a
    closed account."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_digest=_digest(token)).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed


def calendar_language(user: User) -> str | None:
    """The language of the person's calendar link, or None when they have no link."""
    feed = CalendarFeed.objects.filter(user=user).only("language").first()
    return feed.language if feed else None


def reminder_preference(user: User) -> ReminderPreference | None:
    return ReminderPreference.objects.filter(user=user).first()
