"""Forms for the private check and the safety plan, built from the pure data modules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_noop

from hearth.safety.coercion import load_screen
from hearth.safety.plan import MAX_STEP_CHARS, STEPS

# Marked here, translated when a form is built (per request, in the reader's language).
ANSWER_REQUIRED = gettext_noop('Please choose an answer. You can choose "I\'d rather not say".')


class ScreenForm(forms.Form):
    """One radio group per question of screens/coercion.toml (yes, no, rather not say)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        screen = load_screen()
        choices = [(o.value.value, o.label) for o in screen.options]
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
