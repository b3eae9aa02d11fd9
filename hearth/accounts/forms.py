from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from hearth.accounts.models import User, normalise_email
from hearth.core.text import lazy_text


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    display_name = forms.CharField(
        label=_("First name or nickname"),
        max_length=60,
        help_text=_("Your partner will see this name. It does not need to be your real name."),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. Not a common password."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    adult = forms.BooleanField(
        label=_("I am 18 or older."),
        error_messages={
            "required": _("Hearth is only for adults. Please confirm you are 18 or older.")
        },
    )
    privacy = forms.BooleanField(
        label=_("I have read the privacy notice and I agree to it."),
        error_messages={"required": _("Please read the privacy notice and agree to it to go on.")},
    )

    def clean_email(self) -> str:
        # Never "that address has an account": the email says so, to its owner only.
        return normalise_email(str(self.cleaned_data["email"]))

    def clean_display_name(self) -> str:
        name = str(self.cleaned_data["display_name"]).strip()
        if not name:
            raise forms.ValidationError(_("Please enter a name your partner will see."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("The two passwords are not the same."))
        elif password:
            probe = User(email=data.get("email", ""), display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, with_code: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_code:  # shown once the limit is used up: the owner's way past it
            self.fields["code"] = reused(CodeForm, "code", required=False)


CODE_ERRORS = {"required": _("Please enter the code."), "max_length": _("That code is too long.")}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}
        ),
        error_messages=CODE_ERRORS,
    )


class SetupCodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code from your app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages=CODE_ERRORS,
    )


def reused(form: type[forms.Form], name: str, **changes: Any) -> forms.Field:
    """A copy of another form's field, so one question is asked, checked and worded the
    same everywhere; ``changes`` set what differs (a label, say)."""
    field = copy.deepcopy(form.base_fields[name])
    for attribute, value in changes.items():
        setattr(field, attribute, value)
    return field


class ConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Please enter your password.")},
    )

    def __init__(self, *args: Any, with_code: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_code:
            self.fields["code"] = reused(CodeForm, "code")


class ThemeForm(forms.Form):
    theme = forms.ChoiceField(
        label=_("How pages look"),
        choices=User.Theme.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose one of the looks."),
            "invalid_choice": _("Please choose one of the looks."),
        },
    )


DELETE_WORD = "DELETE"


# The word stays DELETE in every language: it is what the person types, not a label.
TYPE_TO_CONFIRM = lazy_text(gettext_noop("Please type %(word)s to confirm."), word=DELETE_WORD)


class DeleteForm(forms.Form):
    confirm = forms.CharField(
        label=lazy_text(gettext_noop("Type %(word)s to confirm"), word=DELETE_WORD),
        max_length=20,
        error_messages={"required": TYPE_TO_CONFIRM, "max_length": TYPE_TO_CONFIRM},
    )

    def clean_confirm(self) -> str:
        typed = str(self.cleaned_data["confirm"]).strip()
        if typed.upper() != DELETE_WORD:
            raise forms.ValidationError(TYPE_TO_CONFIRM)
        return typed


class PasswordChangeForm(forms.Form):
    """The password now (and a code when two-step sign-in is on), then the new one twice."""

    current_password = reused(ConfirmForm, "password", label=_("Your password now"))
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. Not a common password."),
        error_messages={"required": _("Please choose a new password.")},
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Please type the new password again.")},
    )

    def __init__(self, user: User, *args: Any, with_code: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if with_code:
            self.fields["code"] = reused(CodeForm, "code")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new, again = data.get("new_password1"), data.get("new_password2")
        if new and again and new != again:
            self.add_error("new_password2", _("The two passwords are not the same."))
        elif new:
            try:
                password_validation.validate_password(new, self.user)
            except forms.ValidationError as exc:
                self.add_error("new_password1", exc)
        return data
