"""The session engine (SESSION_ENGINE): Django's database sessions, kept in the SignIn table
with whose session it is, the device and when it began and was last used.

Django's database engine stores a session as an opaque blob, so nothing could answer "where
am I signed in?" or end one person's sessions. This engine writes the same blob, and beside it
the person's id (from the signed-in user in the session's own data), the browser and system
(from the User-Agent, given by the middleware below) and the times. The row's start is kept
through every later save; a new row (signing in makes one) starts again.

However busy, a sign-in ends HEARTH_SESSION_MAX_DAYS after it began: a row older than that
is not loaded, and the end stored in each row is never later than that day, so housekeeping
prunes it then.

``last_used_at`` moves whenever the session is saved. The idle sign-out writes to the session
at most once a minute (hearth.core.middleware), and requests that do not count as activity
write nothing, so the time is what the person did, within a minute.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from hearth.accounts import backends, devices
from hearth.accounts.models import SignIn, User
from hearth.core import readcache
from hearth.core.prepared import Prepared
from hearth.core.tokens import keyed_digest


def lifetime() -> timedelta:
    return timedelta(days=settings.SESSION_MAX_DAYS)


def oldest_start(now: datetime) -> datetime:
    """A sign-in that began before this has ended, however busy it was."""
    return now - lifetime()


def _sign_in_query(key: str, now: datetime, oldest: datetime) -> QuerySet[SignIn]:
    """The unexpired sign-in row with this key, its person and their kept pages' stamps."""
    return (
        SignIn.objects.select_related("user")
        .annotate(**readcache.stamp_columns("user_id"))
        .filter(session_key=key, expire_date__gt=now, started_at__gt=oldest)
    )


_SAMPLE_TIME = datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
_SIGN_IN = Prepared(
    _sign_in_query,
    key=(SignIn._meta.get_field("session_key"), "prepared-sample-session-key"),
    now=(SignIn._meta.get_field("expire_date"), _SAMPLE_TIME),
    oldest=(SignIn._meta.get_field("started_at"), _SAMPLE_TIME - timedelta(seconds=1)),
)


class SessionStore(DatabaseStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        # Set by the middleware for each request; empty outside one (tests, shell).
        self.device: tuple[str, str] = ("", "")
        self.started_at: datetime | None = None
        # Read with the row, in the same query (see _get_session_from_db): the signed-in
        # person and their kept pages' stamps. None until loaded, or for a visitor.
        self.user_row: User | None = None
        self.stamps: readcache.Stamps | None = None

    @classmethod
    def get_model_class(cls) -> type[SignIn]:
        return SignIn

    def _get_session_from_db(self) -> SignIn | None:
        """Django's own lookup (its ``load`` calls this), keeping when the row began.

        The same query reads the person the row belongs to and their kept pages' stamps:
        every signed-in page needs all three. Its SQL is built once per process
        (hearth.core.prepared): building it took more time than anything else on a kept
        page. The person is handed to the sign-in check (hearth.accounts.backends), which
        still checks the session against them as Django does."""
        now = timezone.now()
        try:
            row = _SIGN_IN.one(key=self.session_key, now=now, oldest=oldest_start(now))
        except SuspiciousOperation as error:
            logging.getLogger(f"django.security.{type(error).__name__}").warning(str(error))
            row = None
        if row is None:
            self._session_key = None
            return None
        self.started_at = row.started_at
        self.user_row = row.user
        if row.user_id is not None:
            columns = row.__dict__  # the two annotated stamps (readcache.stamp_columns)
            self.stamps = readcache.Stamps(
                row.user_id, columns["stamp_everyone"], columns["stamp_person"]
            )
        return row

    def load(self) -> dict[str, Any]:
        data: dict[str, Any] = super().load()
        if data.get(BACKEND_SESSION_KEY) == backends.LEGACY_BACKEND:
            # Signed in before the backend had its own name: the same check, kept signed in.
            data[BACKEND_SESSION_KEY] = backends.BACKEND
        return data

    def create(self) -> None:
        # A new key is a new row, and a new row starts now (signing in makes one).
        self.started_at = None
        super().create()

    def create_model_instance(self, data: dict[str, Any]) -> SignIn:
        row = cast(SignIn, super().create_model_instance(data))
        now = timezone.now()
        self.started_at = self.started_at or now
        user_id = data.get(SESSION_KEY)
        row.user_id = int(user_id) if user_id else None
        row.browser, row.system = self.device
        row.started_at, row.last_used_at = self.started_at, now
        row.expire_date = min(row.expire_date, self.started_at + lifetime())
        return row


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, telling the store which browser this request came from."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        if isinstance(request.session, SessionStore):
            request.session.device = devices.describe(request.headers.get("User-Agent", ""))


def device_name(row: SignIn) -> str:
    """ "Firefox on Android", in the reader's language; plain words when a part is unknown."""
    if row.browser and row.system:
        return gettext("%(browser)s on %(system)s") % {"browser": row.browser, "system": row.system}
    if row.browser:
        return row.browser
    if row.system:
        return gettext("A browser on %(system)s") % {"system": row.system}
    return gettext("An unknown browser")


def handle(row: SignIn) -> str:
    """The name of a sign-in in a web address: never the session key itself, which is the
    cookie's secret, but a keyed digest of it that cannot be turned back into the key."""
    return keyed_digest("hearth-sign-in", row.session_key)[:24]
