from django import forms


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label="Invitation code",
        max_length=20,
        help_text="The 8-character code your partner gave you, like ABCD-2345.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class LeaveForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, end the link with my partner.",
        error_messages={"required": "Please tick the box to confirm."},
    )
