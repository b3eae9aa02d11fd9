"""Program forms. Labels are plain words a person can act on; every field is optional where
the issue says so (nothing in the intake is required)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from hearth.program.content import ACTIVITIES, AREAS
from hearth.program.models import Intake, Readiness

CONCERN_CHOICES = [
    ("low_desire", "Low desire, or little interest in sex"),
    ("depression", "Low mood or depression"),
    ("anxiety", "Worry or anxiety"),
    ("trauma_history", "Past abuse or trauma"),
    ("body_change", "My body has changed"),
    ("pain", "Pain"),
    ("arousal_concerns", "Changes in arousal"),
    ("erection_concerns", "Changes in erections"),
    ("communication", "It is hard to talk about it"),
    ("after_childbirth", "After having a baby"),
]
CAUSE_CHOICES = [
    ("ageing", "Getting older"),
    ("illness", "An illness"),
    ("surgery", "Surgery"),
    ("accident", "An accident"),
]
PHYSICAL_CHOICES = [
    ("mobility_limits", "Some positions are hard for me, like lying down"),
    ("tires_easily", "I tire easily"),
]
_AREA_NAMES = {"chest": "Chest and breasts"}
AREA_CHOICES = [(a, _AREA_NAMES.get(a, a.capitalize())) for a in AREAS]
_ACTIVITY_NAMES = {
    "lying_down": "Lying down",
    "lying_face_down": "Lying face down",
    "touch_from_behind": "Touch from behind",
    "guiding_hands": "Guiding the other person's hand",
    "mutual_touch": "Touching each other at the same time",
}
ACTIVITY_CHOICES = [(a, _ACTIVITY_NAMES[a]) for a in ACTIVITIES]
LENGTH_CHOICES = [("", "No preference")] + [
    (str(n), f"{n} minutes or less") for n in (10, 15, 20, 30, 45, 60)
]
TIME_CHOICES = [
    ("morning", "Mornings"),
    ("afternoon", "Afternoons"),
    ("evening", "Evenings"),
    ("weekend", "Weekends"),
]
TEXT_LIMIT = 2000


def _many(label: str, choices: list[tuple[str, str]], help_text: str = "") -> forms.Field:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


def _text(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IntakeForm(forms.Form):
    concerns = _many("What brings you here?", CONCERN_CHOICES, "Choose any that fit, or none.")
    body_change_causes = _many("If your body has changed, what from?", CAUSE_CHOICES)
    goals = _text("What would you like from this?", "In your own words. This is optional.")
    physical = _many("Things about your body the plan should know", PHYSICAL_CHOICES)
    physical_details = _text("Anything else about your body?", "This is optional.")
    pain_areas = _many("Places that are sore or need care", AREA_CHOICES)
    off_limit_areas = _many(
        "Places that are off limits for now",
        AREA_CHOICES,
        "These stay out of every exercise. You can change this at any time.",
    )
    off_limit_activities = _many("Things that are off limits for now", ACTIVITY_CHOICES)
    pace = forms.ChoiceField(
        label="Pace",
        choices=Intake.Pace.choices,
        initial=Intake.Pace.STEADY,
        widget=forms.RadioSelect,
    )
    session_minutes = forms.TypedChoiceField(
        label="How long can a session be?",
        choices=LENGTH_CHOICES,
        required=False,
        coerce=int,
        empty_value=None,
    )
    times = _many("Good times for you", TIME_CHOICES)

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
        }
        return cls(initial=initial)


class ProposeForm(forms.Form):
    planned_for = forms.DateTimeField(
        label="When",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Please enter a date and time."},
    )
    exercise = forms.ChoiceField(label="Exercise")

    def __init__(self, *args: Any, exercises: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        exercise = self.fields["exercise"]
        assert isinstance(exercise, forms.ChoiceField)
        exercise.choices = exercises
        if not self.is_bound:
            soon = timezone.localtime() + timedelta(minutes=5)
            self.initial.setdefault("planned_for", soon.replace(second=0, microsecond=0))


class ReadinessForm(forms.Form):
    answer = forms.ChoiceField(
        label="How do you feel about starting?",
        choices=Readiness.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose one answer.",
            "invalid_choice": "Please choose one of the answers.",
        },
    )


def _score(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10,
        help_text="0 is not at all, 10 is very much.",
        error_messages={
            "required": "Please give a number from 0 to 10.",
            "invalid": "Please give a whole number from 0 to 10.",
            "min_value": "Please give a number from 0 to 10.",
            "max_value": "Please give a number from 0 to 10.",
        },
    )


class ReflectionForm(forms.Form):
    comfort = _score("How comfortable did you feel?")
    closeness = _score("How close did you feel?")
    anxiety = _score("How worried or tense did you feel?")
    distractions = _text("What pulled your attention away?", "This is normal. It is optional.")
    text = _text("Anything else you want to note?", "This is optional.")


class SharingForm(forms.Form):
    share_numbers = forms.BooleanField(label="Share my numbers with my partner", required=False)
    share_distractions = forms.BooleanField(
        label="Share what pulled my attention away", required=False
    )
    share_text = forms.BooleanField(label="Share my note", required=False)
