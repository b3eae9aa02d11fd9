from __future__ import annotations

from django import forms

from hearth.api.tokens import MAX_DAYS

SCOPE_CHOICES = [
    ("read", "Read my data"),
    ("write", "Make changes for me"),
    ("export", "Download all my data at once"),
]
DAY_CHOICES = [(7, "7 days"), (30, "30 days"), (90, "90 days"), (MAX_DAYS, "1 year")]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=60,
        help_text="What the key is for, like “my notes app”.",
        error_messages={"required": "Please give the key a name."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    scopes = forms.MultipleChoiceField(
        label="What the key may do",
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Please choose at least one thing the key may do.",
            "invalid_choice": "Please choose from the list.",
        },
    )
    days = forms.TypedChoiceField(
        label="Works for",
        coerce=int,
        choices=DAY_CHOICES,
        initial=30,
        error_messages={
            "required": "Please choose how long the key works.",
            "invalid_choice": "Please choose from the list.",
        },
    )
