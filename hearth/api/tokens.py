"""Token state changes: create, revoke, and find the token behind a bearer header.

Each change runs in a transaction and writes its audit row (ids and codes only, never the
token). Errors carry a plain message fit to show the person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import User
from hearth.api.models import SCOPES, ApiToken
from hearth.core import audit, mail
from hearth.core.errors import Refused
from hearth.core.text import Text
from hearth.core.tokens import keyed_digest, new_secret

CREATED = audit.kind("api.token_created", _("An app access key was made"))
REVOKED = audit.kind("api.token_revoked", _("An app access key was turned off"))
NOTICE_CLOSED = audit.kind(
    "api.export_key_confirmed", _("You said you made a key that can download all your data")
)
# Neutral on purpose, like every email: a subject or preview on a shared screen must not say
# what the app is for.
NOTICE_SUBJECT = gettext_noop("A change to your account")

PREFIX = "hth_"
MAX_DAYS = 365
# Writing "last used" on every call would cost a write per request; once a minute is enough
# for a person to see whether a key is in use.
TOUCH_EVERY = timedelta(minutes=1)


class TokenError(Refused):
    """A rule stopped the change; str(error) is a plain message for the person."""


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str


def digest(secret: str) -> str:
    return keyed_digest("hearth-api-token", secret)


def _check(user: User, name: str, scopes: list[str], days: int) -> None:
    if not user.is_active:
        raise TokenError(gettext_noop("This account cannot make keys."))
    if not name.strip():
        raise TokenError(gettext_noop("Please give the key a name, so you know what it is for."))
    if not scopes or any(s not in SCOPES for s in scopes):
        raise TokenError(gettext_noop("Please choose what the key may do."))
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(
            Text(gettext_noop("A key can last from 1 to %(days)s days."), days=MAX_DAYS)
        )


@transaction.atomic
def create_token(user: User, name: str, scopes: Iterable[str], days: int) -> NewToken:
    """A new token, shown once. Only its digest and last four characters are kept."""
    chosen = sorted(set(scopes))
    _check(user, name, chosen, days)
    secret = PREFIX + new_secret()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:60],
        digest=digest(secret),
        hint=secret[-4:],
        scopes=chosen,
        created_at=now,
        expires_at=now + timedelta(days=days),
        notice_open="export" in chosen,
    )
    audit.record(CREATED, actor=user, token=token.pk, scopes=chosen, days=days)
    if token.notice_open:
        # After the commit: no email about a key that was never made, and the mail server's
        # time is not spent holding the database's write lock.
        body = notice_body(now)
        transaction.on_commit(lambda: mail.send(user.email, gettext(NOTICE_SUBJECT), body))
    return NewToken(token=token, secret=secret)


def notice_body(made_at: datetime) -> str:
    when = formats.date_format(timezone.localtime(made_at), "DATETIME_FORMAT")
    lines = [
        gettext("Hello,"),
        "",
        gettext("A new access key for your account was made on %(when)s.") % {"when": when},
        gettext("It can download all of your data."),
        "",
        gettext("If you made it, there is nothing to do."),
        gettext(
            "If you did not, sign in and choose “Sign out everywhere” on your account page. "
            "That turns off every key."
        ),
        "",
        mail.site_link("/"),
        "",
    ]
    return "\n".join(lines)


@transaction.atomic
def confirm_made(user: User, token_id: int) -> ApiToken:
    """The person says they made this key: the notice on the home page goes. Twice is
    harmless."""
    from hearth.api.access import access_token

    token = access_token(user, token_id)
    if token.notice_open:
        token.notice_open = False
        token.save(update_fields=["notice_open"])
        audit.record(NOTICE_CLOSED, actor=user, token=token.pk)
    return token


@transaction.atomic
def revoke_token(user: User, token_id: int) -> ApiToken:
    """Turn one of the person's own tokens off for good. Twice is harmless."""
    from hearth.api.access import access_token

    token = access_token(user, token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(REVOKED, actor=user, token=token.pk)
    return token


def revoke_all(user: User) -> int:
    """Turn off every key of the person that still works; how many. The caller writes the
    one audit row (hearth.accounts.actions.end_everywhere)."""
    now = timezone.now()
    working = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    return working.update(revoked_at=now)


def find(secret: str) -> ApiToken | None:
    """The usable token with this secret, or None (unknown, revoked, expired, inactive)."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(secret)).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    return token


def touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
