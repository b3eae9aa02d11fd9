"""The one way to load a person's API tokens. Someone else's token is a 404, like a missing one."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import User
from hearth.api.models import ApiToken


def own_tokens(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def working_tokens(user: User) -> QuerySet[ApiToken]:
    """Keys that still work, newest first: the keys page lists every one of them first, so
    no working key can hide behind a pile of turned-off ones."""
    return own_tokens(user).filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


def ended_tokens(user: User) -> QuerySet[ApiToken]:
    """Keys turned off or expired, newest first."""
    return own_tokens(user).filter(Q(revoked_at__isnull=False) | Q(expires_at__lte=timezone.now()))


def unconfirmed_export_keys(user: User) -> QuerySet[ApiToken]:
    """Keys that can download everything and that the person has not said they made."""
    return own_tokens(user).filter(notice_open=True)


def access_token(user: User, token_id: int) -> ApiToken:
    token = own_tokens(user).filter(pk=token_id).first()
    if token is None:
        raise Http404("No such key.")
    return token
