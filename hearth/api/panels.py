"""The home page notice about a key that can download all of a person's data.

Someone who knew the password, or held the unlocked phone, could make such a key and take
everything later, long after the password changed. So each one is announced here (and by
email) until the person says they made it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.template.loader import render_to_string

from hearth.accounts.models import User
from hearth.api.access import unconfirmed_export_keys
from hearth.api.models import ApiToken
from hearth.core.facts import facts_of


def facts(user: Any) -> dict[str, Exists]:
    """For core.facts: is an export key waiting for its owner to say they made it?"""
    waiting = ApiToken.objects.filter(user=OuterRef("pk"), notice_open=True)
    return {"api_key_unconfirmed": Exists(waiting)}


def home(request: HttpRequest) -> str:
    user = request.user
    if not isinstance(user, User) or not facts_of(user)["api_key_unconfirmed"]:
        return ""
    keys = list(unconfirmed_export_keys(user))
    if not keys:
        return ""
    return render_to_string("api/home_panel.html", {"keys": keys}, request=request)
