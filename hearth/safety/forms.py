"""Forms for the private check and the safety plan, built from the pure data modules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language, gettext, gettext_lazy, gettext_noop

from hearth.safety.coercion import Answer, load_screen
from hearth.safety.plan import MAX_STEP_CHARS, STEPS
from hearth.safety.resources import available_regions, load_resources

# Marked here, translated when a form is built (per request, in the reader's language).
ANSWER_REQUIRED = gettext_noop('Please choose an answer. You can choose "I\'d rather not say".')


ANSWER_LABELS = (
    (Answer.YES, gettext_noop("Yes")),
    (Answer.NO, gettext_noop("No")),
    (Answer.PREFER_NOT_TO_SAY, gettext_noop("I'd rather not say")),
)


class ScreenForm(forms.Form):
    """One radio group per HARK question (yes, no, rather not say), worded as published."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        screen = load_screen()
        choices = [(value.value, gettext(label)) for value, label in ANSWER_LABELS]
        for item in screen.items:
            self.fields[item.id] = forms.ChoiceField(
                label=item.text,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext(ANSWER_REQUIRED),
                    "invalid_choice": gettext(ANSWER_REQUIRED),
                },
            )


class PlanForm(forms.Form):
    """One text box per step of the plan; every step may stay empty."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for step in STEPS:
            self.fields[step.id.value] = forms.CharField(
                label=f"{step.number}. {gettext(step.title)}",
                help_text=gettext(step.help_text),
                required=False,
                max_length=MAX_STEP_CHARS,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={
                    "max_length": gettext(
                        "Please keep this step under %(limit)s characters (it has %(count)s)."
                    )
                    % {"limit": MAX_STEP_CHARS, "count": "%(show_value)d"}
                },
            )


class RegionForm(forms.Form):
    """Which country's help lines a person sees. Empty: the operator's region."""

    region = forms.ChoiceField(
        label=gettext_lazy("Country for help lines"),
        required=False,
        help_text=gettext_lazy(
            "Help lines only work in their own country. Choose where you are. Only you see this."
        ),
        error_messages={"invalid_choice": gettext_lazy("Please choose a country from the list.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from hearth.safety.boxes import operator_region, resource_dirs

        language = get_language()
        regions = [r for r in available_regions(resource_dirs()) if r != "default"]
        named = sorted(
            ((r, load_resources(r, resource_dirs()).name.get(language)) for r in regions),
            key=lambda pair: pair[1],
        )
        server = load_resources(operator_region(), resource_dirs()).name.get(language)
        default = gettext("The usual choice here (%(place)s)") % {"place": server}
        self.fields["region"].choices = [("", default), *named]  # type: ignore[attr-defined]

    @classmethod
    def for_user(cls, user: Any) -> RegionForm:
        from hearth.safety.models import HelpRegion

        chosen = HelpRegion.objects.filter(user=user).values_list("region", flat=True).first()
        return cls(initial={"region": chosen or ""})
