from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation

from hearth.accounts.models import User, normalise_email


class SignUpForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
    display_name = forms.CharField(
        label="First name or nickname",
        max_length=60,
        help_text="Your partner will see this name. It does not need to be your real name.",
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters. Not a common password.",
    )
    password_again = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    adult = forms.BooleanField(
        label="I am 18 or older.",
        error_messages={
            "required": "Hearth is only for adults. Please confirm you are 18 or older."
        },
    )
    privacy = forms.BooleanField(
        label="I have read the privacy notice and I agree to it.",
        error_messages={"required": "Please read the privacy notice and agree to it to go on."},
    )

    def clean_email(self) -> str:
        email = normalise_email(str(self.cleaned_data["email"]))
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                "That email address already has an account. Try signing in instead."
            )
        return email

    def clean_display_name(self) -> str:
        name = str(self.cleaned_data["display_name"]).strip()
        if not name:
            raise forms.ValidationError("Please enter a name your partner will see.")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", "The two passwords are not the same.")
        elif password:
            probe = User(email=data.get("email", ""), display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
