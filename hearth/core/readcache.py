"""Finished pages kept per person, and the stamps that say when one is out of date.

The pages people open most (home, a questionnaire result, the check-in, the caseload) take
many small queries to build, and are built again and again while nothing on them changed.
Each server process keeps the finished HTML of these pages, for the person who opened them,
and answers the next load with it while nothing it may show has changed. How it knows:

- Stamps in the database. The table core.ReadStamp holds a random number per person and one
  for everyone (person 0). A kept page remembers the two numbers it was built under; a load
  reads both in one query and uses the kept page only when both are the same. The stamps
  live in the database, so a write through one app server shows on the next load from any
  other. They are random, not counted up: a rolled-back or restored table never brings back
  a number that a page with other contents was kept under.
- Every write gives new stamps, and no action has to say what it changed. A wrapper on every
  database connection sees each statement (only the sessions table and the stamps
  themselves are left out: no kept page shows them).
  - A write during a request: when the request ends (its transactions have committed), the
    people whose pages may show what the writer changed get one new stamp: the writer, their
    partners now or before, the therapists of each of them (for a therapist: their clients),
    and those people's partners. They are looked up just before the request's first write
    and again at its end, so a link made or ended by the request counts. A write by nobody
    signed in (a failed sign-in, say) gives everyone a new stamp.
  - A write outside a request (the hourly jobs, a command, a thread) gives everyone a new
    stamp, straight after the statement and in its transaction.
  A stamp is given only after the data is in (or with it), so a page built from the old data
  can only ever be kept under the old stamp.
- Time. A kept page is used only within the minute it was built in: dates, "due" and "today"
  are at most a minute behind (days start on a whole minute in every time zone). A write that
  reached the database past Django (by hand, say) shows after the minute, too.

What is kept, and what never is:
- Only a GET by a signed-in person, of a view marked ``@kept``, answered with a 200 HTML page
  that sets no cookie; never while a message (a "saved" notice) waits to be shown.
- Per person, never shared: the key holds the person's id, the address, the language, the
  host and every cookie but the session's, CSRF's and the messages' (the discreet-device
  choice changes the page).
- Fresh CSRF tokens: a page is kept in parts, split at each token, and every answer gets a
  new token in each place, so a kept page is byte for byte what a fresh build gives, apart
  from the token.
- In this process's memory only (HEARTH_READ_CACHE_MB, default 8; 0 keeps nothing), the
  least recently used first out; a restart starts empty.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import suppress
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, wraps
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token  # type: ignore[attr-defined]
from django.utils import timezone, translation

from hearth.core.models import ReadStamp

log = logging.getLogger(__name__)

EVERYONE = 0


@cache
def unseen_tables() -> frozenset[str]:
    """Tables no kept page shows, so writing them gives no new stamps: the stamps, and the
    table the session engine (SESSION_ENGINE) keeps sessions in, whatever it is called:
    sessions are written as people click (the idle sign-out's "last seen", messages)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = getattr(store, "get_model_class", None)
    sessions = {model()._meta.db_table} if model is not None else set()
    return frozenset({ReadStamp._meta.db_table, *sessions})


# Statements that change no rows: reads, transactions, settings and the schema (which only
# migrations change; they give everyone a new stamp when they end). Anything else counts as
# a write, even a kind of statement this list does not know: a needless new stamp costs one
# rebuilt page, a missed one a wrong page.
_READS = frozenset(
    {"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "SHOW", "EXPLAIN"}
    | {"PRAGMA", "ANALYZE", "VACUUM", "CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE"}
)
_BATCH = 400  # people per statement: well within every database's limit of parameters
_FIRST_WORD = re.compile(r"\s*(\w+)")
_TARGET = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)",
    re.IGNORECASE,
)
# A masked CSRF token as Django writes it into a page.
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


# --- Stamps ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stamps:
    """A person's stamps as read with their session (hearth.accounts.sessions)."""

    person: int
    everyone: int | None
    own: int | None


def stamp_columns(person_column: str) -> dict[str, Subquery]:
    """The two stamps as columns of another query whose ``person_column`` holds the
    person's id (``stamp_everyone``, ``stamp_person``): the session's own query reads them,
    which saves every signed-in page a query of its own."""
    stamps = ReadStamp.objects.values("stamp")
    return {
        "stamp_everyone": Subquery(stamps.filter(person=EVERYONE)[:1]),
        "stamp_person": Subquery(stamps.filter(person=OuterRef(person_column))[:1]),
    }


def _stamps_for(request: HttpRequest, person: int) -> tuple[int | None, int | None]:
    """The stamps read with the request's session when they are the person's, else read
    now. Both were read before the page is built, which is all a kept page needs."""
    read = getattr(getattr(request, "session", None), "stamps", None)
    if isinstance(read, Stamps) and read.person == person:
        return read.everyone, read.own
    return stamps_of(person)


def stamps_of(person: int) -> tuple[int | None, int | None]:
    """(everyone's stamp, the person's stamp) in one query; None where none was given yet."""
    table = connection.ops.quote_name(ReadStamp._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT person, stamp FROM {table} WHERE person IN (%s, %s)", [0, person])  # noqa: S608
        found = dict(cursor.fetchall())
    return found.get(EVERYONE), found.get(person)


def new_stamps(people: Iterable[int], on: BaseDatabaseWrapper | None = None) -> None:
    """Give these people (EVERYONE: everyone) one new random stamp.

    Plain statements, no transaction of their own: called straight after another statement
    (see watch), whose rows SQLite may still be handing out, they join its transaction or
    commit alone, and a COMMIT would fail there."""
    stamp, everyone = secrets.randbits(62), sorted(set(people))
    on = on or connection
    table = on.ops.quote_name(ReadStamp._meta.db_table)
    with on.cursor() as cursor:
        for start in range(0, len(everyone), _BATCH):
            batch = everyone[start : start + _BATCH]
            cursor.execute(
                f"INSERT INTO {table} (person, stamp) VALUES {', '.join(['(%s, %s)'] * len(batch))}"  # noqa: S608
                " ON CONFLICT (person) DO UPDATE SET stamp = excluded.stamp",
                [value for person in batch for value in (person, stamp)],
            )


def everyone_changed(on: BaseDatabaseWrapper | None = None) -> None:
    """For code that writes past Django's cursor (COPY, the sqlite3 module itself)."""
    new_stamps([EVERYONE], on)


def circle(person: int) -> set[int]:
    """Everyone whose pages may show something of this person's: the person, their partners
    now or before, the therapists of each (for a therapist: their clients), and the partners
    of those. Apps say who is linked to whom (registry: partners_of_people, care_of_people)."""
    from hearth.core.registry import people_hooks

    people = {person}
    for hook in ("partners_of_people", "care_of_people", "partners_of_people"):
        for linked in people_hooks(hook):
            people |= linked(people)
    return people


# --- Seeing writes --------------------------------------------------------------------------


@dataclass
class _Writes:
    """What the request being served has written so far."""

    request: HttpRequest
    wrote: bool = False
    before: set[int] | None = None  # the writer's circle just before the first write


_writes: ContextVar[_Writes | None] = ContextVar("hearth_request_writes", default=None)
_migrating = False


def _is_write(sql: str) -> bool:
    word = _FIRST_WORD.match(sql)
    if word is not None and word.group(1).upper() in _READS:
        return False
    target = _TARGET.match(sql)
    return target is None or target.group(1) not in unseen_tables()


def _person(request: HttpRequest) -> int | None:
    """The id of the person the request acts for: signed in, or by an API access key."""
    for who in (getattr(request, "user", None), getattr(request, "auth", None)):
        if who is not None and getattr(who, "is_authenticated", False) and who.pk:
            return int(who.pk)
    return None


def _circle_of(request: HttpRequest) -> set[int] | None:
    person = _person(request)
    return None if person is None else circle(person)


def watch(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """The execute wrapper on every connection (installed by CoreConfig.ready)."""
    if _migrating or not _is_write(sql):
        return execute(sql, params, many, context)
    writes = _writes.get()
    if writes is None:
        result = execute(sql, params, many, context)
        new_stamps([EVERYONE], context["connection"])
        return result
    if not writes.wrote:
        writes.wrote = True
        writes.before = _circle_of(writes.request)
    return execute(sql, params, many, context)


def install(connection: BaseDatabaseWrapper, **_: Any) -> None:
    """connection_created receiver: once per connection, however often it reconnects."""
    if watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch)


def migrating(**_: Any) -> None:
    """pre_migrate: the stamps table may not exist yet; migrate gives new stamps at its end."""
    global _migrating
    _migrating = True


def migrated(using: str = "default", **_: Any) -> None:
    global _migrating
    _migrating = False
    with suppress(DatabaseError):  # migrated back to before the stamps table
        everyone_changed(connections[using])


class WatchWritesMiddleware:
    """Gives new stamps to the writer's circle when a request that wrote ends."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        writes = _Writes(request)
        token = _writes.set(writes)
        try:
            return self.get_response(request)
        finally:
            _writes.reset(token)
            if writes.wrote:
                _after(writes)


def _after(writes: _Writes) -> None:
    try:
        after = _circle_of(writes.request)
        if writes.before is None and after is None:
            new_stamps([EVERYONE])
        else:
            new_stamps((writes.before or set()) | (after or set()))
    except DatabaseError:
        # The data is in but the stamps are not: this process forgets its pages at once;
        # other servers' kept pages end with their minute.
        log.exception("Could not give new stamps after a write")
        _store.clear()


# --- Kept pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Page:
    parts: tuple[bytes, ...]  # the body, split where a CSRF token goes
    headers: tuple[tuple[str, str], ...]

    @property
    def size(self) -> int:
        return sum(len(p) for p in self.parts) + 200

    @classmethod
    def of(cls, request: HttpRequest, response: HttpResponse) -> _Page | None:
        """The page to keep, or None when this answer must not be kept."""
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return None
        secret = request.META.get("CSRF_COOKIE")
        # Django's own unmasking (private: the byte-for-byte tests fail if it ever changes).
        body, parts, start = response.content, [], 0
        for found in _TOKEN.finditer(body):
            token = found.group().decode()
            if secret and _unmask_cipher_token(token) == secret:
                parts.append(body[start : found.start()])
                start = found.end()
        parts.append(body[start:])
        return cls(tuple(parts), tuple(response.items()))

    def response(self, request: HttpRequest) -> HttpResponse:
        # One new token for the whole answer, as a fresh build has: Django masks the secret
        # once per template context, and every form of the page shows that one token.
        # Masking costs about 40 microseconds; a token per form cost a tenth of home's time.
        token = get_token(request).encode() if len(self.parts) > 1 else b""
        body = token.join(self.parts)
        answer = HttpResponse(body)
        for name, value in self.headers:
            answer[name] = value
        return answer


@dataclass(frozen=True)
class _Entry:
    stamps: tuple[int | None, int | None]
    minute: int
    page: _Page


class _Store:
    """Pages by key, least recently used first out, within HEARTH_READ_CACHE_MB."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], stamps: tuple[Any, Any], minute: int) -> _Page | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.stamps != stamps or entry.minute != minute:
                return None
            self._entries.move_to_end(key)
            return entry.page

    def put(self, key: tuple[Any, ...], entry: _Entry, limit: int) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            self._size -= old.page.size if old else 0
            if entry.page.size > limit:
                return
            self._entries[key] = entry
            self._size += entry.page.size
            while self._size > limit:
                _, dropped = self._entries.popitem(last=False)
                self._size -= dropped.page.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def __len__(self) -> int:
        return len(self._entries)


_store = _Store()
# The session's and CSRF's cookies, and the messages' (a page is never kept or given while a
# message waits, so an emptied messages cookie changes nothing on it).
_NOT_IN_KEY = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, CookieStorage.cookie_name}


def minute() -> int:
    """The minute by the app's clock (timezone.now), which kept pages last at most."""
    return int(timezone.now().timestamp() // 60)


def _key(request: HttpRequest, person: int) -> tuple[Any, ...]:
    cookies = tuple(sorted((k, v) for k, v in request.COOKIES.items() if k not in _NOT_IN_KEY))
    host = request.META.get("HTTP_HOST", "")
    language = translation.get_language()
    return (person, request.get_full_path(), request.scheme, host, language, cookies)


def _messages_waiting(request: HttpRequest) -> bool:
    return bool(len(messages.get_messages(request)))


def kept(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a signed-in person's GET of this view with their kept page while it is still
    right (see the module's docstring); keep what the view answers otherwise. Put it below
    the view's access decorators: they still run on every load."""

    @wraps(view)
    def keeping(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit = settings.READ_CACHE_MB * 1024 * 1024
        person = _person(request)
        if not limit or request.method != "GET" or person is None or _messages_waiting(request):
            return view(request, *args, **kwargs)
        try:
            stamps = _stamps_for(request, person)
        except DatabaseError:  # no stamps table (not migrated): nothing can be kept
            return view(request, *args, **kwargs)
        key, now = _key(request, person), minute()
        page = _store.get(key, stamps, now)
        if page is not None:
            return page.response(request)
        response = view(request, *args, **kwargs)
        fresh = _Page.of(request, response)
        if fresh is not None and not _messages_waiting(request):
            _store.put(key, _Entry(stamps, now, fresh), limit)
        return response

    return keeping


def forget_all() -> None:
    """Drop every page this process keeps (tests; a failed stamp write)."""
    _store.clear()
