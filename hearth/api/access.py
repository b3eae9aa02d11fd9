"""The one way to load a person's API tokens. Someone else's token is a 404, like a missing one."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from hearth.accounts.models import User
from hearth.api.models import ApiToken


def own_tokens(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def access_token(user: User, token_id: int) -> ApiToken:
    token = own_tokens(user).filter(pk=token_id).first()
    if token is None:
        raise Http404("No such key.")
    return token
