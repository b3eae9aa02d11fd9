"""Sign-up, sign-in, sign-out, password reset and the account page. Thin: actions do the work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hearth.accounts import actions
from hearth.accounts.forms import SignInForm, SignUpForm
from hearth.accounts.models import User
from hearth.core import audit, ratelimit
from hearth.core.models import AuditEvent

SIGN_UP_PER_HOUR_PER_IP = 20


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return "/"


def sign_up(request: HttpRequest, role: str = User.Role.MEMBER) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = ratelimit.client_ip(request.META)
        if not ratelimit.take("signup-ip", address, SIGN_UP_PER_HOUR_PER_IP, 3600):
            form.add_error(None, "Too many new accounts from here. Please try again in an hour.")
        else:
            data = form.cleaned_data
            user = actions.sign_up(data["email"], data["display_name"], data["password"], role)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_next_url(request))
    template = (
        "accounts/signup_clinician.html" if role == User.Role.CLINICIAN else "accounts/signup.html"
    )
    return render(request, template, {"form": form, "next": _next_url(request)})


def sign_up_clinician(request: HttpRequest) -> HttpResponse:
    return sign_up(request, role=User.Role.CLINICIAN)


def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        result = actions.sign_in(request, form.cleaned_data["email"], form.cleaned_data["password"])
        if result.user is not None:
            login(request, result.user)
            return redirect(_next_url(request))
        if result.throttled:
            status = 429
            form.add_error(None, "Too many sign-in attempts. Please wait 15 minutes and try again.")
        else:
            form.add_error(None, "That email and password do not match an account.")
    return render(
        request, "accounts/signin.html", {"form": form, "next": _next_url(request)}, status=status
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(AuditEvent.Kind.SIGNED_OUT, actor=request.user)
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect("accounts:login")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    events = AuditEvent.objects.filter(subject=request.user).select_related("actor")[:50]
    return render(request, "accounts/account.html", {"events": events})


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        address = ratelimit.client_ip(self.request.META)
        if not ratelimit.take("reset-ip", address, 10, 3600):
            form.add_error(None, "Too many requests from here. Please try again in an hour.")
            return self.form_invalid(form)
        user = User.objects.filter(email=form.cleaned_data["email"].strip().lower()).first()
        if user is not None:
            audit.record(AuditEvent.Kind.PASSWORD_RESET_REQUESTED, subject=user)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit.record(AuditEvent.Kind.PASSWORD_CHANGED, actor=form.user)
        return response
