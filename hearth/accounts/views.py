"""Sign-up, sign-in, sign-out, password reset and the account page. Thin: actions do the work."""

from __future__ import annotations

import json
import time
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from hearth.accounts import actions, backends, export, sudo, totp
from hearth.accounts.access import access_sign_in, own_sign_ins
from hearth.accounts.forms import (
    CodeForm,
    ConfirmForm,
    DeleteForm,
    PasswordChangeForm,
    SetupCodeForm,
    SignInForm,
    SignUpForm,
    ThemeForm,
)
from hearth.accounts.models import AccountEvent, User
from hearth.accounts.roles import signed_in
from hearth.accounts.sessions import device_name, handle
from hearth.accounts.signup import SignUp, open_link
from hearth.core import audit, mail, ratelimit

RESET_PER_HOUR_PER_IP = 10


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return "/"


def sign_up(request: HttpRequest, role: str = User.Role.MEMBER) -> HttpResponse:
    """The sign-up form. It answers every address alike: a valid form goes on to "check
    your email", and what happens next is in the email (hearth/accounts/signup.py)."""
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignUpForm(request.POST or None)
    template = (
        "accounts/signup_clinician.html" if role == User.Role.CLINICIAN else "accounts/signup.html"
    )
    status = 200
    if request.method == "POST":
        # Every try counts, valid form or not: half-filled probes cost the same.
        address = ratelimit.client_ip(request.META)
        if not ratelimit.take("signup-ip", address, settings.SIGNUP_RATE_PER_IP, 3600):
            form.is_valid()
            form.add_error(None, _("Too many new accounts from here. Please try again in an hour."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            signup = SignUp(
                email=data["email"],
                # Hashed here, for every address: the same work before the answer.
                password_hash=make_password(data["password"]),
                display_name=data["display_name"],
                role=role,
                language=get_language(),
                next=_next_url(request),
                made_at=time.time(),
            )
            task = partial(actions.sign_up_email, signup)
            mail.after_response(request, mail.commit_then_send(task))
            return redirect("accounts:signup_sent")
    context = {"form": form, "next": _next_url(request)}
    return render(request, template, context, status=status)


def sign_up_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


def sign_up_finish(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link's page: a button, whose POST alone makes the account (a mail
    scanner that opens the link makes nothing)."""
    signup = open_link(token)
    if signup is None or actions.sign_up_link_used(token):
        context = {"error": actions.LINK_GONE}
        return render(request, "accounts/signup_finish.html", context, status=410)
    if request.method == "POST":
        try:
            user = actions.finish_sign_up(token)
        except actions.AccountError as error:
            return render(request, "accounts/signup_finish.html", {"error": str(error)}, status=410)
        target = signup.next
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            target = "/"
        # The password was typed at sign-up and the link proved the mailbox: this counts
        # as a fresh confirmation, and a new clinician goes straight on to two-step sign-in.
        return _finish_sign_in(request, user, target)
    return render(request, "accounts/signup_finish.html", {"signup": signup})


def sign_up_clinician(request: HttpRequest) -> HttpResponse:
    return sign_up(request, role=User.Role.CLINICIAN)


def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignInForm(request.POST or None, with_code=bool(request.POST.get("code")))
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = actions.sign_in(request, data["email"], data["password"], data.get("code", ""))
        if result.afterwards is not None:
            mail.after_response(request, mail.commit_then_send(result.afterwards))
        if result.user is not None and result.needs_code:
            request.session[PENDING_KEY] = {
                "user": result.user.pk,
                "at": time.time(),
                "next": _next_url(request),
            }
            return redirect("accounts:login_code")
        if result.user is not None:
            return _finish_sign_in(request, result.user, _next_url(request))
        if result.throttled:
            # The same words whether the password was right or wrong; the way past is
            # offered to everyone: a code with the password, or a reset link.
            status = 429
            form = SignInForm(request.POST, with_code=True)
            form.is_valid()
            form.add_error(
                None, _("Too many sign-in attempts. Please wait 15 minutes and try again.")
            )
            form.add_error(None, THROTTLED_WAYS_IN)
        else:
            form.add_error(None, _("That email and password do not match an account."))
    return render(
        request, "accounts/signin.html", {"form": form, "next": _next_url(request)}, status=status
    )


THROTTLED_WAYS_IN = gettext_lazy(
    "Do you use two-step sign-in? Then sign in now with your password and a code from your "
    "app. Or ask for a new password."
)


PENDING_KEY = "hearth_pending_sign_in"
PENDING_SECONDS = 5 * 60


def _finish_sign_in(request: HttpRequest, user: User, target: str) -> HttpResponse:
    login(request, user, backend=backends.BACKEND)
    # Signing in is itself a fresh confirmation of who this is.
    sudo.mark_recent_auth(request)
    actions.remember_language(user)
    if user.is_clinician and not actions.two_factor_on(user):
        return redirect("accounts:two_factor")
    return redirect(target)


def _pending_user(request: HttpRequest) -> tuple[User, str] | None:
    """The person who gave the right password in this session in the last five minutes."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    return (user, str(pending.get("next") or "/")) if user is not None else None


def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Step two of signing in. Nobody is signed in until this step succeeds."""
    pending = _pending_user(request)
    if pending is None:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:login")
    user, target = pending
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            result = actions.second_step(user, form.cleaned_data["code"])
            if result.ok:
                request.session.pop(PENDING_KEY, None)
                return _finish_sign_in(request, user, target)
            status = 429 if result.throttled else 400
            form.add_error(
                None,
                _("Too many tries. Please wait 15 minutes and try again.")
                if result.throttled
                else _("That code did not work. Try the newest code from your app."),
            )
    return render(request, "accounts/signin_code.html", {"form": form}, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(AccountEvent.SIGNED_OUT, actor=request.user)
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("accounts:login")


def ended_text(ended: actions.Ended, kept_this_one: bool) -> str:
    """What ending every sign-in and key did, in numbers: the person should know."""
    n = ended.sign_ins
    if kept_this_one:
        sign_ins = ngettext(
            "%(count)s other sign-in was ended.", "%(count)s other sign-ins were ended.", n
        )
    else:
        sign_ins = ngettext("%(count)s sign-in was ended.", "%(count)s sign-ins were ended.", n)
    keys = ngettext(
        "%(count)s access key was turned off.", "%(count)s access keys were turned off.", ended.keys
    )
    return f"{sign_ins % {'count': n}} {keys % {'count': ended.keys}}"


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """Every sign-in, this one too, and every access key. No password needed: stopping
    someone must be quick, and the worst a wrong press does is a new sign-in."""
    user = signed_in(request)
    ended = actions.sign_out_everywhere(user)
    logout(request)
    done = _("You are signed out everywhere.")
    messages.info(request, f"{done} {ended_text(ended, kept_this_one=False)}")
    return redirect("accounts:login")


@login_required
def sign_ins(request: HttpRequest) -> HttpResponse:
    """Where the person is signed in now: browser and system, about when, and a button each."""
    user = signed_in(request)
    here = request.session.session_key
    entries = [
        {"row": row, "handle": handle(row), "device": device_name(row), "here": row.pk == here}
        for row in own_sign_ins(user)
    ]
    context = {"sign_ins": entries, "max_days": settings.SESSION_MAX_DAYS}
    return render(request, "accounts/sign_ins.html", context)


@login_required
@require_POST
def end_sign_in(request: HttpRequest, name: str) -> HttpResponse:
    user = signed_in(request)
    row = access_sign_in(user, name)
    actions.end_sign_in(user, row)
    if row.pk == request.session.session_key:
        logout(request)
        messages.info(request, _("You are signed out."))
        return redirect("accounts:login")
    messages.success(request, _("Signed out on %(device)s.") % {"device": device_name(row)})
    return redirect("accounts:sign_ins")


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """The password now (and a code with two-step sign-in), then a new one. This browser stays
    signed in; every other sign-in and every access key ends."""
    user = signed_in(request)
    with_code = actions.two_factor_on(user)
    form = PasswordChangeForm(user, request.POST or None, with_code=with_code)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                ok = actions.confirm_identity(user, data["current_password"], data.get("code", ""))
            except actions.AccountError as error:
                form.add_error(None, str(error))
                status = 429
            else:
                if ok:
                    keep = request.session.session_key
                    ended = actions.change_password(user, data["new_password1"], keep)
                    update_session_auth_hash(request, user)
                    done = _("Your password is changed.")
                    messages.success(request, f"{done} {ended_text(ended, kept_this_one=True)}")
                    return redirect("accounts:account")
                form.add_error(None, _confirm_failed_message(with_code))
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


ACTIVITY_PER_PAGE = 50


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    return _account_page(request, user, ThemeForm(initial={"theme": user.theme}))


def _account_page(
    request: HttpRequest, user: User, theme_form: ThemeForm, status: int = 200
) -> HttpResponse:
    events = list(_activity(user)[: ACTIVITY_PER_PAGE + 1])
    context = {
        "events": events[:ACTIVITY_PER_PAGE],
        "older": len(events) > ACTIVITY_PER_PAGE,
        "two_factor_on": actions.two_factor_on(user),
        "theme_form": theme_form,
    }
    return render(request, "accounts/account.html", context, status=status)


def _activity(user: User) -> Any:
    return audit.about(user)  # newest first


@login_required
def activity(request: HttpRequest) -> HttpResponse:
    """Everything on the account, 50 a page, back to the very first event: nothing that
    happened can be pushed out of sight by newer rows."""
    user = signed_in(request)
    page = Paginator(_activity(user), ACTIVITY_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/activity.html", {"page": page, "events": page.object_list})


@login_required
@require_POST
def theme(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = ThemeForm(request.POST)
    if not form.is_valid():
        return _account_page(request, user, form, status=400)
    actions.set_theme(user, form.cleaned_data["theme"])
    messages.success(request, _("Saved. Your pages now look the way you chose."))
    return redirect("accounts:account")


@login_required
def confirm(request: HttpRequest) -> HttpResponse:
    """Confirm the password (and a code) before a protected step; then go back to it."""
    user = signed_in(request)
    with_code = actions.two_factor_on(user)
    form = ConfirmForm(request.POST or None, with_code=with_code)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                data = form.cleaned_data
                ok = actions.confirm_identity(user, data["password"], data.get("code", ""))
            except actions.AccountError as error:
                form.add_error(None, str(error))
                status = 429
            else:
                if ok:
                    sudo.mark_recent_auth(request)
                    return redirect(_next_url(request))
                form.add_error(None, _confirm_failed_message(with_code))
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/confirm.html", context, status=status)


def _confirm_failed_message(with_code: bool) -> str:
    if with_code:
        return _("That password or code did not work. Please try again.")
    return _("That password did not work. Please try again.")


# --- Two-step sign-in ------------------------------------------------------------------------


def _setup_context(user: User) -> dict[str, Any]:
    setup = actions.pending_two_factor(user)
    if setup is None:
        return {}
    uri = totp.provisioning_uri(setup.secret, user.email, settings.APP_NAME)
    return {
        "secret": " ".join(setup.secret[i : i + 4] for i in range(0, len(setup.secret), 4)),
        "uri": uri,
        "qr_svg": qr_svg(uri),
    }


def qr_svg(text: str) -> str:
    """The QR code as inline SVG. segno writes presentation attributes only, no style="",
    so the strict Content-Security-Policy allows it; a test keeps that true. Imported here:
    only two-step set-up draws one, and every worker would hold the library from start-up."""
    import segno

    svg = segno.make(text, error="m").svg_inline(scale=5, border=2, svgclass="qr-code")
    return str(svg).replace("<svg ", '<svg role="img" aria-label="QR code for your app" ', 1)


@sudo.require_recent_auth
def two_factor(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    context = {
        "on": actions.two_factor_on(user),
        "unused_codes": actions.unused_recovery_codes(user),
        "form": SetupCodeForm(),
        **_setup_context(user),
    }
    return render(request, "accounts/two_factor.html", context)


@require_POST
@sudo.require_recent_auth
def two_factor_start(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    try:
        actions.start_two_factor(user)
    except actions.AccountError as error:
        messages.info(request, str(error))
    return redirect("accounts:two_factor")


@require_POST
@sudo.require_recent_auth
def two_factor_confirm(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = SetupCodeForm(request.POST)
    if form.is_valid():
        try:
            on = actions.confirm_two_factor(
                user, form.cleaned_data["code"], keep=request.session.session_key
            )
        except actions.AccountError as error:
            form.add_error("code", str(error))
        else:
            messages.success(request, ended_text(on.ended, kept_this_one=True))
            context = {"codes": on.recovery_codes, "new": True}
            return render(request, "accounts/recovery_codes.html", context)
    context = {"on": False, "form": form, **_setup_context(user)}
    return render(request, "accounts/two_factor.html", context, status=400)


@require_POST
@sudo.require_recent_auth
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    try:
        codes = actions.new_recovery_codes(user)
    except actions.AccountError as error:
        messages.info(request, str(error))
        return redirect("accounts:two_factor")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "new": False})


@require_POST
@sudo.require_recent_auth
def two_factor_off(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    try:
        ended = actions.turn_off_two_factor(user, keep=request.session.session_key)
    except actions.AccountError as error:
        messages.info(request, str(error))
    else:
        off = _("Two-step sign-in is off.")
        messages.success(request, f"{off} {ended_text(ended, kept_this_one=True)}")
    return redirect("accounts:two_factor")


# --- My data: export and deletion ------------------------------------------------------------


@sudo.require_recent_auth
def export_page(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/export.html")


def _download(data: dict[str, Any], filename: str, content_type: str) -> HttpResponse:
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@sudo.require_recent_auth
def export_json(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    actions.record_export(user, "json")
    leave_out = request.POST.get("leave_out_safety") == "yes"
    data = export.collect(user, leave_out_safety=leave_out)
    return _download(data, "my-data.json", "application/json")


@require_POST
@sudo.require_recent_auth
def export_fhir(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    actions.record_export(user, "fhir")
    return _download(export.fhir_bundle(user), "my-data-fhir.json", "application/fhir+json")


@sudo.require_recent_auth
def delete_account(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = DeleteForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            actions.delete_account(user)
            logout(request)
            return render(request, "accounts/deleted.html")
        return render(request, "accounts/delete.html", {"form": form}, status=400)
    return render(request, "accounts/delete.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        address = ratelimit.client_ip(self.request.META)
        if not ratelimit.take("reset-ip", address, RESET_PER_HOUR_PER_IP, 3600):
            form.add_error(None, _("Too many requests from here. Please try again in an hour."))
            return self.form_invalid(form)
        # The same answer for every address, before anything looks the address up: whether
        # it has an account, and the email, come after the answer is sent.
        email = str(form.cleaned_data["email"])
        task = partial(actions.reset_email, email, get_language())
        mail.after_response(self.request, mail.commit_then_send(task))
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        # The new password and the end of every sign-in and key in one transaction: a key
        # made by someone who knew the old password must not outlive it.
        with transaction.atomic():
            response = super().form_valid(form)
            ended = actions.password_was_reset(form.user)
            # The reset link proved the mailbox: a limit a stranger filled ends here.
            ratelimit.reset("login-account", form.user.email)
        messages.success(self.request, ended_text(ended, kept_this_one=False))
        return response


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; for a signed-in person it also becomes the language their
    emails are written in."""
    response = i18n.set_language(request)
    chosen = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and check_for_language(chosen):
        actions.remember_language(request.user, chosen)
    return response
