"""Program forms. Labels are plain words a person can act on; every field is optional where
the issue says so (nothing in the intake is required)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from hearth.core.text import lazy_text
from hearth.core.widgets import TapScale
from hearth.couples.forms import TwoRecipientsForm
from hearth.program.comfort import DIRECTIONS, Direction
from hearth.program.content import ACTIVITIES, AREAS
from hearth.program.models import Intake, Readiness

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    Choices = Sequence[tuple[str, StrOrPromise]]

CONCERN_CHOICES = [
    ("low_desire", _("Low desire, or little interest in sex")),
    ("depression", _("Low mood or depression")),
    ("anxiety", _("Worry or anxiety")),
    ("trauma_history", _("Past abuse or trauma")),
    ("body_change", _("My body has changed")),
    ("pain", _("Pain")),
    ("arousal_concerns", _("Changes in arousal")),
    ("erection_concerns", _("Changes in erections")),
    ("communication", _("It is hard to talk about it")),
    ("after_childbirth", _("After having a baby")),
]
CAUSE_CHOICES = [
    ("ageing", _("Getting older")),
    ("illness", _("An illness")),
    ("surgery", _("Surgery")),
    ("accident", _("An accident")),
]
MEDICINE_CHOICES = [
    ("mood", _("Medicine for mood or worry, such as an antidepressant")),
    ("blood_pressure", _("Medicine for blood pressure or the heart")),
    ("hormonal", _("Hormones, such as the contraceptive pill")),
    ("other", _("Another medicine I take every day")),
]
PHYSICAL_CHOICES = [
    ("mobility_limits", _("Some positions are hard for me, like lying down")),
    ("tires_easily", _("I tire easily")),
]
_AREA_NAMES = {
    "head": _("Head"),
    "face": _("Face"),
    "neck": _("Neck"),
    "shoulders": _("Shoulders"),
    "arms": _("Arms"),
    "hands": _("Hands"),
    "back": _("Back"),
    "chest": _("Chest and breasts"),
    "belly": _("Belly"),
    "hips": _("Hips"),
    "genitals": _("Genitals"),
    "legs": _("Legs"),
    "feet": _("Feet"),
}
AREA_CHOICES = [(a, _AREA_NAMES[a]) for a in AREAS]
# The plain tag names the private plan lists ("You ruled out: back, feet"); pages translate
# them one by one (see core/text.py), so they are marked here for the catalogue.
LISTED_NAMES = (
    gettext_noop("head"),
    gettext_noop("face"),
    gettext_noop("neck"),
    gettext_noop("shoulders"),
    gettext_noop("arms"),
    gettext_noop("hands"),
    gettext_noop("back"),
    gettext_noop("chest"),
    gettext_noop("belly"),
    gettext_noop("hips"),
    gettext_noop("genitals"),
    gettext_noop("legs"),
    gettext_noop("feet"),
    gettext_noop("lying down"),
    gettext_noop("lying face down"),
    gettext_noop("touch from behind"),
    gettext_noop("guiding hands"),
    gettext_noop("mutual touch"),
    gettext_noop("morning"),
    gettext_noop("afternoon"),
    gettext_noop("evening"),
    gettext_noop("weekend"),
)
_ACTIVITY_NAMES = {
    "lying_down": _("Lying down"),
    "lying_face_down": _("Lying face down"),
    "touch_from_behind": _("Touch from behind"),
    "guiding_hands": _("Guiding the other person's hand"),
    "mutual_touch": _("Touching each other at the same time"),
}
ACTIVITY_CHOICES = [(a, _ACTIVITY_NAMES[a]) for a in ACTIVITIES]
LENGTH_CHOICES = [("", _("No preference"))] + [
    (str(n), lazy_text(gettext_noop("%(minutes)s minutes or less"), minutes=n))
    for n in (10, 15, 20, 30, 45, 60)
]
TIME_CHOICES = [
    ("morning", _("Mornings")),
    ("afternoon", _("Afternoons")),
    ("evening", _("Evenings")),
    ("weekend", _("Weekends")),
]
TEXT_LIMIT = 2000


def _many(label: StrOrPromise, choices: Choices, help_text: StrOrPromise = "") -> forms.Field:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


def _text(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IntakeForm(forms.Form):
    concerns = _many(
        _("What brings you here?"), CONCERN_CHOICES, _("Choose any that fit, or none.")
    )
    body_change_causes = _many(_("If your body has changed, what from?"), CAUSE_CHOICES)
    goals = _text(_("What would you like from this?"), _("In your own words. This is optional."))
    physical = _many(_("Things about your body the plan should know"), PHYSICAL_CHOICES)
    physical_details = _text(_("Anything else about your body?"), _("This is optional."))
    medicines = _many(
        _("Do you take any of these medicines?"),
        MEDICINE_CHOICES,
        _("Some medicines can change desire, arousal or orgasm. Your plan will say what to ask."),
    )
    pain_areas = _many(_("Places that are sore or need care"), AREA_CHOICES)
    off_limit_areas = _many(
        _("Places that are off limits for now"),
        AREA_CHOICES,
        _("These stay out of every exercise. You can change this at any time."),
    )
    off_limit_activities = _many(_("Things that are off limits for now"), ACTIVITY_CHOICES)
    pace = forms.ChoiceField(
        label=_("Pace"),
        choices=Intake.Pace.choices,
        initial=Intake.Pace.STEADY,
        widget=forms.RadioSelect,
    )
    session_minutes = forms.TypedChoiceField(
        label=_("How long can a session be?"),
        choices=LENGTH_CHOICES,
        required=False,
        coerce=int,
        empty_value=None,
    )
    times = _many(_("Good times for you"), TIME_CHOICES)
    body_check_off = forms.BooleanField(
        label=_("Skip the quiet check when we swap turns"),
        required=False,
        help_text=_(
            "In plans that start gently, a short check asks at each swap: here, now, safe?"
        ),
    )

    @classmethod
    def from_intake(cls, intake: Intake | None) -> IntakeForm:
        if intake is None:
            return cls()
        initial: dict[str, Any] = dict(intake.tag_lists())
        initial |= {
            "goals": intake.goals,
            "physical_details": intake.physical_details,
            "pace": intake.pace,
            "session_minutes": intake.session_minutes or "",
            "times": intake.times,
            "body_check_off": intake.body_check_off,
        }
        return cls(initial=initial)


MARK_CHOICES = [("welcome", _("Welcome")), ("not_yet", _("Not yet")), ("no", _("No"))]
DIRECTION_LABELS = {"receive": _("Being touched"), "give": _("Touching your partner")}
SOLO_DIRECTION_LABEL = _("Touch on your own body")
AREA_NAMES = _AREA_NAMES
# On the body outline a label sits beside its region: the short name fits there.
OUTLINE_NAMES = {**_AREA_NAMES, "chest": _("Chest")}


class ComfortMapForm(forms.Form):
    """One choice of welcome, not yet or no per area and direction, named
    ``<direction>-<area>``. Alone, only being touched (touch on one's own body) is asked."""

    def __init__(
        self,
        *args: Any,
        directions: Sequence[Direction] = DIRECTIONS,
        areas: Sequence[str] = AREAS,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.directions, self.areas = tuple(directions), tuple(areas)
        for area in self.areas:
            for direction in self.directions:
                self.fields[f"{direction}-{area}"] = forms.ChoiceField(
                    label=_AREA_NAMES[area],
                    choices=MARK_CHOICES,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Please choose welcome, not yet or no."),
                        "invalid_choice": _("Please choose welcome, not yet or no."),
                    },
                )

    def marks(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {d: {a: data[f"{d}-{a}"] for a in self.areas} for d in self.directions}

    def initial_from(self, marks: Any) -> None:
        """Show the person's map as it is (``marks``: a comfort.ComfortMap)."""
        for area in self.areas:
            for direction in self.directions:
                self.initial[f"{direction}-{area}"] = marks.marks(direction)[area]


class ProposeForm(forms.Form):
    planned_for = forms.DateTimeField(
        label=_("When"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Please enter a date and time.")},
    )
    exercise = forms.ChoiceField(label=_("Exercise"))

    def __init__(self, *args: Any, exercises: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        exercise = self.fields["exercise"]
        assert isinstance(exercise, forms.ChoiceField)
        exercise.choices = exercises
        if not self.is_bound:
            soon = timezone.localtime() + timedelta(minutes=5)
            self.initial.setdefault("planned_for", soon.replace(second=0, microsecond=0))


class StartForm(forms.Form):
    """Who gives first when partners take turns: the timer swaps them after each turn."""

    first_giver = forms.ChoiceField(label=_("Who gives first?"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["first_giver"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = people
        self.initial.setdefault("first_giver", people[0][0])


class ReadinessForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("How do you feel about starting?"),
        choices=Readiness.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose one answer."),
            "invalid_choice": _("Please choose one of the answers."),
        },
    )


def _score(label: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10,
        widget=TapScale(low=_("not at all"), high=_("very much"), skip=False),
        error_messages={
            "required": _("Please give a number from 0 to 10."),
            "invalid": _("Please give a whole number from 0 to 10."),
            "min_value": _("Please give a number from 0 to 10."),
            "max_value": _("Please give a number from 0 to 10."),
        },
    )


class ReflectionForm(forms.Form):
    comfort = _score(_("How comfortable did you feel?"))
    closeness = _score(_("How close did you feel?"))
    anxiety = _score(_("How worried or tense did you feel?"))
    distractions = _text(
        _("What pulled your attention away?"), _("This is normal. It is optional.")
    )
    text = _text(_("Anything else you want to note?"), _("This is optional."))


# The parts of a reflection, worded alike for either recipient.
PART_CHOICES = [
    ("numbers", _("My numbers")),
    ("distractions", _("What pulled my attention away")),
    ("text", _("My note")),
]


class SharingForm(TwoRecipientsForm):
    """The parts of a reflection, for the partner and for the therapist."""

    choices = PART_CHOICES
    helps = {
        "partner": _("Your partner sees only what you tick here. Your therapist does not see it."),
        "therapist": _(
            "Your therapist sees only what you tick here. Your partner does not see it."
        ),
    }
    closing = _("Nothing is shared unless you tick it. You can change this at any time.")
