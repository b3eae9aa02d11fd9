"""Partner pages: status, invite, join by link or code, leave. Thin over couples.actions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.accounts.models import User
from hearth.accounts.roles import signed_in
from hearth.core import mail
from hearth.couples import actions
from hearth.couples.access import household
from hearth.couples.forms import InviteForm, JoinCodeForm, LeaveForm

GONE = {actions.USED, actions.EXPIRED, actions.WITHDRAWN, actions.NO_LONGER}


def _said(error: actions.CoupleError) -> str:
    """The action's message, in the reader's language."""
    return _(str(error))


def _partner_page(request: HttpRequest, **extra: object) -> HttpResponse:
    user = signed_in(request)
    context: dict[str, Any] = {
        "partner": household(user).partner,
        "invitation": actions.open_invitation(user),
        "code_form": extra.pop("code_form", JoinCodeForm()),
        "invite_form": extra.pop("invite_form", InviteForm()),
        "leave_form": extra.pop("leave_form", LeaveForm()),
        "invitation_hours": settings.INVITATION_HOURS,
        **extra,
    }
    forms = (context["code_form"], context["leave_form"], context["invite_form"])
    status = 400 if any(f.errors for f in forms) else 200
    return render(request, "couples/partner.html", context, status=status)


@login_required
def partner(request: HttpRequest) -> HttpResponse:
    return _partner_page(request)


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _partner_page(request, invite_form=form)
    try:
        new = actions.create_invitation(signed_in(request))
    except actions.CoupleError as exc:
        messages.error(request, _said(exc))
        return redirect("couples:partner")
    link = mail.site_link(reverse("couples:join", args=[new.token]))
    address = form.cleaned_data["email"]
    if address:
        try:
            actions.email_invitation(signed_in(request), new, link, address)
        except actions.CoupleError as exc:
            messages.error(request, _said(exc))
        else:
            messages.success(request, _("The invitation is on its way by email."))
    # Shown once: only digests are stored, so this page is the only place they appear.
    return _partner_page(request, new_link=link, new_code=new.pretty_code)


@login_required
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    actions.withdraw_invitation(signed_in(request))
    messages.info(request, _("The invitation was withdrawn. It no longer works."))
    return redirect("couples:partner")


@login_required
@require_POST
def join_code(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if household(user).partner is not None:
        messages.error(request, _(actions.ALREADY_LINKED))
        return redirect("couples:partner")
    form = JoinCodeForm(request.POST)
    if not form.is_valid():
        return _partner_page(request, code_form=form)
    try:
        actions.join_by_code(user, form.cleaned_data["code"])
    except actions.CoupleError as exc:
        form.add_error("code", _said(exc))
        return _partner_page(request, code_form=form)
    messages.success(request, _("You are now linked with your partner."))
    return redirect("couples:partner")


def join(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link. Anyone may open it; only a signed-in person can accept."""
    invitation = actions.find_by_token(token)
    user = request.user if isinstance(request.user, User) else None
    try:
        actions.check_invitation(invitation, user)
    except actions.CoupleError as exc:
        status = 410 if str(exc) in GONE else 400 if invitation else 404
        return render(request, "couples/join.html", {"error": _said(exc)}, status=status)
    assert invitation is not None
    if request.method == "POST" and user is not None:
        try:
            actions.accept_invitation(user, invitation.pk)
        except actions.CoupleError as exc:
            return render(request, "couples/join.html", {"error": _said(exc)}, status=410)
        messages.success(request, _("You are now linked with your partner."))
        return redirect("couples:partner")
    return render(request, "couples/join.html", {"inviter": invitation.inviter, "token": token})


@login_required
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    form = LeaveForm(request.POST)
    if not form.is_valid():
        return _partner_page(request, leave_form=form)
    try:
        actions.leave_couple(signed_in(request))
    except actions.CoupleError as exc:
        messages.error(request, _said(exc))
        return redirect("couples:partner")
    messages.info(request, _("The link has ended. Your own answers and notes stay yours."))
    return redirect("couples:partner")
