from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from hearth.checkins.actions import (
    ANSWER_MAX,
    ANSWER_TOO_LONG,
    NOTE_MAX,
    NOTE_TOO_LONG,
    REMINDER_KINDS,
)
from hearth.checkins.content import wish_items
from hearth.checkins.models import Wish
from hearth.checkins.stats import Measure
from hearth.core.languages import request_language
from hearth.core.text import lazy_text
from hearth.core.widgets import SKIP, TapScale
from hearth.couples.forms import TwoRecipientsForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


SCALE_ERRORS = {
    "invalid": _("Please enter a whole number from 0 to 10."),
    "min_value": _("Please enter a whole number from 0 to 10."),
    "max_value": _("Please enter a whole number from 0 to 10."),
}
SLEEP_ERRORS = {
    "invalid": _("Please enter the hours you slept, from 0 to 24, like 7 or 7.5."),
    "min_value": _("Please enter the hours you slept, from 0 to 24, like 7 or 7.5."),
    "max_value": _("Please enter the hours you slept, from 0 to 24, like 7 or 7.5."),
    "max_decimal_places": _("Please use at most one decimal place, like 7.5."),
    "max_digits": _("Please enter the hours you slept, from 0 to 24, like 7 or 7.5."),
    "max_whole_digits": _("Please enter the hours you slept, from 0 to 24, like 7 or 7.5."),
}


def _scale(label: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=10,
        error_messages=SCALE_ERRORS,
        widget=TapScale(low=_("very low"), high=_("very high")),
    )


def _half_hours() -> list[tuple[str, StrOrPromise]]:
    """0, ½, 1 ... 24 hours: picked from a list, so no keyboard opens on a phone."""
    return [("", SKIP)] + [
        (f"{n / 2:.1f}", f"{n // 2}{'½' if n % 2 else ''}") for n in range(0, 49)
    ]


class SleepSelect(forms.Select):
    """The half hours, plus a value given another way (the API takes tenths) kept as is."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        given = self.format_value(value)
        known = {choice for choice, _label in self.choices}
        if given and given[0] not in known:
            self.choices = [*self.choices, (given[0], given[0])]
        return super().get_context(name, value, attrs)

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]  # Select's
        if value in (None, ""):
            return []
        try:
            hours = Decimal(str(value))
        except ArithmeticError:
            return [str(value)]
        return [f"{hours:.1f}" if (hours * 2) % 1 == 0 else str(value)]


SAFETY_FIELDS = ("danger_from_someone", "self_harm_thoughts")


class CheckinForm(forms.Form):
    mood = _scale(_("Mood"))
    stress = _scale(_("Stress"))
    closeness = _scale(_("Closeness to your partner, or to others"))
    desire = _scale(_("Desire"))
    sleep_hours = forms.DecimalField(
        label=_("Hours of sleep last night"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(24),
        max_digits=3,
        decimal_places=1,
        error_messages=SLEEP_ERRORS,
        widget=SleepSelect(choices=_half_hours()),
    )
    note = forms.CharField(
        label=_("Private note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        help_text=_("Only you can read this. It is never shared."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": lazy_text(NOTE_TOO_LONG, count=NOTE_MAX)},
    )
    # Two plain questions, not one "unsafe" box: help for danger from someone else starts
    # with abuse services, help for thoughts of self-harm with crisis lines.
    danger_from_someone = forms.BooleanField(
        label=_("Someone is hurting me, scaring me or controlling me."),
        required=False,
        help_text=_(
            "Tick this if you are not safe because of another person. We will show you "
            "who can help, starting with services you can write to."
        ),
    )
    self_harm_thoughts = forms.BooleanField(
        label=_("I am thinking about hurting myself."),
        required=False,
        help_text=_(
            "Tick this if you have thoughts of harming yourself or ending your life. We will "
            "show you who you can talk to now."
        ),
    )

    def __init__(self, *args: Any, answered: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answered_elsewhere = answered  # the API's old single "unsafe" box

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answered = [m for m in Measure if data.get(m.value) is not None]
        said = self.answered_elsewhere or any(data.get(f) for f in SAFETY_FIELDS)
        if not self.errors and not answered and not said:
            raise forms.ValidationError(_("Please answer at least one question."))
        return data


MEASURE_CHOICES = [
    (Measure.MOOD.value, _("Mood")),
    (Measure.STRESS.value, _("Stress")),
    (Measure.CLOSENESS.value, _("Closeness")),
    (Measure.DESIRE.value, _("Desire")),
    (Measure.SLEEP_HOURS.value, _("Sleep")),
]


class SharingForm(TwoRecipientsForm):
    """The check-in measures, for the partner and for each linked therapist."""

    choices = MEASURE_CHOICES
    helps = {
        "therapist": _(
            "Your therapist sees your own numbers for what you tick, day by day. Your partner "
            "does not see this."
        ),
    }

    def __init__(self, *args: Any, partner_name: str = "", **kwargs: Any):
        partner = lazy_text(PARTNER_SEES, partner=partner_name)
        super().__init__(*args, helps={"partner": partner}, **kwargs)


PARTNER_SEES = gettext_noop(
    "%(partner)s sees your numbers for what you tick. Together, you each see only what you "
    "both share. Your therapist does not see this."
)


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Please write an answer first."),
            "max_length": lazy_text(ANSWER_TOO_LONG, count=ANSWER_MAX),
        },
    )

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(_("Please write an answer first."))
        return text


WISH_CHOICES = [("", _("Not chosen")), *Wish.Choice.choices]


class WishesForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in wish_items(request_language()):
            self.fields[item.id] = forms.ChoiceField(
                label=item.label,
                required=False,
                choices=WISH_CHOICES,
                error_messages={"invalid_choice": _("Please choose yes, maybe or no.")},
            )


class RemindersForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Send me a reminder for"),
        required=False,
        choices=list(REMINDER_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Please choose from the list.")},
    )
    hour = forms.TypedChoiceField(
        label=_("Not before this time of day"),
        coerce=int,
        choices=[(h, f"{h:02d}:00") for h in range(24)],
        initial=19,
        error_messages={"invalid_choice": _("Please choose a time from the list.")},
    )
