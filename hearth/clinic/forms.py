from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.clinic.actions import INSTRUCTIONS_MAX, askable_ids
from hearth.measures import catalog
from hearth.program.localized import localized_content

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The clinician's view: each section of a client's page, and whether it is open.
SCOPE_LABELS = {
    "results": _("Questionnaire results"),
    "checkins": _("Daily check-in numbers"),
    "sessions": _("Session log and stage"),
    "reflections": _("Reflections they chose to share with you"),
    "risk_alerts": _("Safety alerts"),
}
# The client's view: what each choice on the link shows, and about whom.
CHOICE_LABELS = {
    "results": _("Questionnaire results"),
    "sessions": _("Session log and stage"),
    "risk_alerts": _("Safety alerts"),
}
SCOPE_HELP = {
    "results": _(
        "About you only: your scores, charts and answers to each question, for every "
        "questionnaire you take."
    ),
    "sessions": _(
        "About you and your partner: when you practised, which exercise, how each session "
        "ended, and your stage. Since it is about both of you, your therapist sees it only "
        "once your partner also lets this same therapist see it. Until then, they see only "
        "the days you checked in for a session. Never your private answers or your "
        "partner's."
    ),
    "risk_alerts": _(
        "About you only. A note when an answer shows you may not be safe, so they can check "
        "in. Nobody watches answers as they come in, not Hearth and not your therapist: they "
        "see the note when they next open Hearth. If you are in danger now, call your "
        "emergency number."
    ),
}
SESSIONS_HELP_ALONE = _(
    "About you: when you practised, which exercise, how each session ended, and your stage. "
    "Never your private answers."
)


def _required(
    label: StrOrPromise, max_length: int, help_text: StrOrPromise = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        error_messages={"required": _("Please fill this in.")},
    )


class ProfileForm(forms.Form):
    full_name = _required(_("Full name"), 120)
    profession = _required(
        _("Profession"),
        120,
        _(
            "For example a couples therapist, a sex therapist or a psychologist. "
            "Write it the way your clients know it."
        ),
    )
    registration_number = _required(_("Licence or registration number"), 60)
    registration_body = _required(_("Licensing or registration body"), 120)
    practice = forms.CharField(label=_("Practice or clinic"), max_length=120, required=False)
    bio = forms.CharField(
        label=_("A short note about you"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Clients read this before they link with you. Up to 1000 characters."),
    )


class ConsentForm(forms.Form):
    """One checkbox per choice made on the link itself (check-ins and reflections are
    chosen where they are written). Several links can sit on one page, so views give a
    prefix. ``couple``: the client has a partner, so the session log is about both."""

    results = forms.BooleanField(
        required=False, label=CHOICE_LABELS["results"], help_text=SCOPE_HELP["results"]
    )
    sessions = forms.BooleanField(
        required=False, label=CHOICE_LABELS["sessions"], help_text=SCOPE_HELP["sessions"]
    )
    risk_alerts = forms.BooleanField(
        required=False, label=CHOICE_LABELS["risk_alerts"], help_text=SCOPE_HELP["risk_alerts"]
    )

    def __init__(self, *args: Any, couple: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not couple:
            self.fields["sessions"].help_text = SESSIONS_HELP_ALONE


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        help_text=_("The 8-character code you were given, like ABCD-2345."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class EndForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, end this link. My therapist will no longer see anything."),
        error_messages={"required": _("Please tick the box to confirm.")},
    )


def _exercise_choices() -> list[tuple[str, str]]:
    content = localized_content()
    stages = {s.id: s.title for s in content.stages}
    return [(e.id, f"{e.title} ({stages.get(e.stage, e.stage)})") for e in content.exercises]


def _stage_choices() -> list[tuple[str, StrOrPromise]]:
    stages = localized_content().stages
    return [("", _("No particular stage"))] + [(s.id, s.title) for s in stages]


class HomeworkForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage to practise"), required=False, choices=_stage_choices)
    exercises = forms.MultipleChoiceField(
        label=_("Exercises"),
        required=False,
        choices=_exercise_choices,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Choose none, one or several."),
    )
    instructions = forms.CharField(
        label=_("Instructions for your client"),
        max_length=INSTRUCTIONS_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your client sees this on their home page. Keep it short and plain."),
        error_messages={"required": _("Please write a few words of instructions.")},
    )
    with_partner = forms.BooleanField(
        label=_("Also give it to their partner, if the partner is linked with me"),
        required=False,
        initial=True,
    )


def _askable_choices() -> list[tuple[str, str]]:
    known = catalog.instruments()
    return [(i, known[i].short_title) for i in askable_ids()]


class QuestionnaireForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Questionnaire"), choices=_askable_choices)
    due = forms.DateField(
        label=_("Day it is due"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please enter a date like 2026-05-31.")},
    )
