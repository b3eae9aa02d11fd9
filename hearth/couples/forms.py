from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        help_text=_("The 8-character code your partner gave you, like ABCD-2345."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class LeaveForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, end the link with my partner."),
        error_messages={"required": _("Please tick the box to confirm.")},
    )


class InviteForm(forms.Form):
    """Making an invitation; the address is optional, used once to send it, and not kept."""

    email = forms.EmailField(
        label=_("Your partner's email (optional)"),
        required=False,
        help_text=_("We send the link there once and do not keep the address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class TwoRecipientsForm(forms.Form):
    """What a person shares, as two separate choices of the same things: "Share with my
    partner" (field ``partner``) and "Share with my therapist" (field ``therapist``). Each
    shows only where it means someone (``couple``: a partner; ``therapist``: a linked
    therapist). A subclass names the things (``choices``); the template include
    couples/_sharing_fields.html shows both fieldsets."""

    choices: ClassVar[Sequence[tuple[str, StrOrPromise]]] = ()
    labels: ClassVar[dict[str, StrOrPromise]] = {
        "partner": _("Share with my partner"),
        "therapist": _("Share with my therapist"),
    }
    # Under each legend: who sees it, and who does not. Then a closing line, if any.
    helps: ClassVar[Mapping[str, StrOrPromise]] = {}
    closing: ClassVar[StrOrPromise] = ""

    def __init__(
        self,
        *args: Any,
        couple: bool = True,
        therapist: bool = True,
        helps: Mapping[str, StrOrPromise] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        helps = {**self.helps, **(helps or {})}
        for name, shown in (("partner", couple), ("therapist", therapist)):
            if shown:
                self.fields[name] = forms.MultipleChoiceField(
                    label=self.labels[name],
                    help_text=helps.get(name, ""),
                    required=False,
                    choices=self.choices,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"invalid_choice": _("Please choose from the list.")},
                )
