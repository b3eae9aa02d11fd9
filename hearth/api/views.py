"""The access keys page: a list of the person's keys, a form to make one, and revoke.

Making a key needs the password again (``require_recent_auth``): a key reaches the same data
as the person. Turning a key off never does: stopping a lost key must be quick.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hearth.accounts.roles import signed_in
from hearth.accounts.sudo import require_recent_auth
from hearth.api import tokens as token_actions
from hearth.api.access import ended_tokens, working_tokens
from hearth.api.forms import SCOPE_CHOICES, TokenForm
from hearth.core.text import localize

WORKING_PER_PAGE = 20
ENDED_SHOWN = 20


def _page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    """Every working key first, 20 a page; then only the newest turned-off ones. A pile of
    turned-off keys can never push a working one out of sight."""
    user = signed_in(request)
    working = Paginator(working_tokens(user), WORKING_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "working": working,
        "ended": list(ended_tokens(user)[:ENDED_SHOWN]),
        "form": extra.pop("form", None) or TokenForm(),
        "scope_labels": dict(SCOPE_CHOICES),
        **extra,
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@require_recent_auth
def create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, form=form)
    data = form.cleaned_data
    try:
        new = token_actions.create_token(
            signed_in(request), data["name"], data["scopes"], data["days"]
        )
    except token_actions.TokenError as exc:
        form.add_error(None, localize(exc.args[0]))
        return _page(request, status=400, form=form)
    # Shown once: only a digest is stored, so this page is the only place the key appears.
    return _page(request, new_secret=new.secret, new_token=new.token)


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token_actions.revoke_token(signed_in(request), token_id)
    messages.info(request, gettext("The key is turned off. It no longer works."))
    return redirect("api:tokens")


@login_required
@require_POST
def confirm_made(request: HttpRequest, token_id: int) -> HttpResponse:
    """ "I made this key": the notice on the home page goes."""
    token_actions.confirm_made(signed_in(request), token_id)
    messages.info(request, gettext("Thank you. The notice is gone."))
    return redirect("core:home")
