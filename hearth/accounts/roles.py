"""Who is asking: the one answer for every app.

A *member* is an active account of a person using Hearth for themselves; a *clinician* is
an active clinician account. An operator (the staff account that runs the server) is
neither, and a deactivated account is nothing at all. Every page, action and API endpoint
asks through these functions, so the apps cannot disagree about who is who.

The checks are plain ``if`` statements, never ``assert``: Python drops asserts under
``python -O``, and a check of who is asking must hold however the server is started.

Refusals follow the project's rule that someone else's data looks missing: the wrong kind
of person gets a 404, like a page that does not exist. Only ``signed_in`` answers 403,
for code that runs behind a sign-in and finds nobody signed in (a mistake in wiring, not
a person's request).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeGuard, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from hearth.accounts.models import User

P = ParamSpec("P")


class SignedInRequest(HttpRequest):
    """A request whose ``user`` is a signed-in account: what member and clinician pages
    receive. Never made by hand; the page decorators pass the request on typed as this."""

    user: User


def is_member(user: object) -> TypeGuard[User]:
    """An active account of a person using Hearth for themselves."""
    return isinstance(user, User) and user.is_active and user.role == User.Role.MEMBER


def is_clinician(user: object) -> TypeGuard[User]:
    """An active clinician account."""
    return isinstance(user, User) and user.is_active and user.role == User.Role.CLINICIAN


def require_member(user: object) -> User:
    """The member, or 404 for anyone else (clinicians, operators, deactivated accounts)."""
    if not is_member(user):
        raise Http404("No such page.")
    return user


def require_clinician(user: object) -> User:
    """The clinician, or 404 for anyone else."""
    if not is_clinician(user):
        raise Http404("No such page.")
    return user


def signed_in(request: HttpRequest) -> User:
    """The signed-in account behind this request, or 403 when there is none."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("Not signed in.")
    return user


PageView = Callable[Concatenate[SignedInRequest, P], HttpResponse]
WebView = Callable[Concatenate[HttpRequest, P], HttpResponse]


def _page(view: PageView[P], check: Callable[[object], User]) -> WebView[P]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        check(request.user)
        return view(cast(SignedInRequest, request), *args, **kwargs)

    # Outermost: anonymous visitors are sent to sign in before any check.
    return cast(WebView[P], login_required(wrapped))


def member_page(view: PageView[P]) -> WebView[P]:
    """A page for members: anonymous visitors sign in first, anyone else gets a 404."""
    return _page(view, require_member)


def clinician_page(view: PageView[P]) -> WebView[P]:
    """A page for clinicians: anonymous visitors sign in first, anyone else gets a 404."""
    return _page(view, require_clinician)
