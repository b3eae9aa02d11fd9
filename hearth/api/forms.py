from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.api.tokens import MAX_DAYS

SCOPE_CHOICES = [
    ("read", _("Read my data")),
    ("write", _("Make changes for me")),
    ("export", _("Download all my data at once")),
]
DAY_CHOICES = [(7, _("7 days")), (30, _("30 days")), (90, _("90 days")), (MAX_DAYS, _("1 year"))]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        help_text=_("What the key is for, like “my notes app”."),
        error_messages={"required": _("Please give the key a name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the key may do"),
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Please choose at least one thing the key may do."),
            "invalid_choice": _("Please choose from the list."),
        },
    )
    days = forms.TypedChoiceField(
        label=_("Works for"),
        coerce=int,
        choices=DAY_CHOICES,
        initial=30,
        error_messages={
            "required": _("Please choose how long the key works."),
            "invalid_choice": _("Please choose from the list."),
        },
    )
