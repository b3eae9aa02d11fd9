from django import forms
from django.utils.translation import gettext_lazy as _


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
