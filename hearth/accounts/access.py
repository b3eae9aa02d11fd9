"""The one way to load a person's sign-ins. Someone else's sign-in is a 404, like a missing
one, and a sign-in past its end is never listed as working."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import SignIn, User
from hearth.accounts.sessions import handle, oldest_start


def own_sign_ins(user: User) -> QuerySet[SignIn]:
    """The person's working sign-ins, most recently used first."""
    now = timezone.now()
    working = SignIn.objects.filter(
        user=user, expire_date__gt=now, started_at__gt=oldest_start(now)
    )
    return working.order_by("-last_used_at", "session_key")


def access_sign_in(user: User, name: str) -> SignIn:
    found = next((row for row in own_sign_ins(user) if handle(row) == name), None)
    if found is None:
        raise Http404("No such sign-in.")
    return found
