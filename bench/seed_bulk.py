"""`python bench/seed_bulk.py --couples N --checkins-per-person M`: fictional bulk data for
benchmarks. A benchmark tool, so it lives in bench/ and not among the ``hearth`` commands an
operator sees; other bench scripts call ``call_command(seed_bulk.Command(), ...)``.

Adds N couples (2N people with the safety check taken, a program each, two PHQ-9 and two
GAD-7 sittings each) and M daily check-ins for every one of those people. It is for load
tests only: the people cannot sign in (unusable passwords) and every email ends in
``@bulk.invalid``. It refuses to run on a database that holds real accounts unless told
``--yes-this-is-a-test-database``.

Speed is the point, so it skips the ORM for the rows: ids are assigned up front, rows are
built as plain tuples in id order (so every index grows by appends) and written with
multi-row INSERTs on SQLite and COPY on PostgreSQL, in one transaction, then the grown tables
are analysed (and SQLite's write-ahead log checkpointed). Encrypted notes stay
empty (the empty string is stored as is, see hearth.core.crypto); values sealed per row (a
safety check's result, a sitting's answers) are sealed here with the ids given up front.
Ten million check-ins take about a minute on SQLite here; the command prints its own time
and rate.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

# Run as a script (bench_http.py does, in the benchmark's own environment): set Django up
# first. Imported by a bench script or a test, Django is already set up.
if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    import django

    django.setup()

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from hearth.accounts.models import PRIVACY_NOTICE_VERSION, User
from hearth.checkins.models import CheckIn
from hearth.core import readcache
from hearth.core.crypto import RowBoundField
from hearth.couples.models import Couple, Membership
from hearth.measures import catalog
from hearth.measures.models import Administration
from hearth.program.models import Program
from hearth.safety.models import Screening

EMAIL_DOMAIN = "bulk.invalid"
SQLITE_ROWS_PER_INSERT = 400  # x at most 17 columns stays under SQLite's 32,766 parameters
Row = tuple[Any, ...]


@dataclass(frozen=True)
class Plan:
    couples: int
    checkins: int  # per person
    first_user: int
    first_couple: int
    now: datetime
    today: date

    @property
    def people(self) -> int:
        return 2 * self.couples

    def user_ids(self) -> range:
        return range(self.first_user, self.first_user + self.people)

    def couple_of(self, user_id: int) -> int:
        return self.first_couple + (user_id - self.first_user) // 2


class Command(BaseCommand):
    help = "Add fictional bulk data (couples and daily check-ins) for load tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--couples", type=int, required=True)
        parser.add_argument("--checkins-per-person", type=int, default=0)
        parser.add_argument(
            "--yes-this-is-a-test-database",
            action="store_true",
            help="run even though the database already holds accounts of real people",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        couples, per_person = options["couples"], options["checkins_per_person"]
        if couples < 1 or not 0 <= per_person <= 3650:
            raise CommandError("Give at least one couple and 0 to 3650 check-ins a person.")
        if not options["yes_this_is_a_test_database"] and _holds_real_people():
            raise CommandError(
                "This database holds real accounts. seed_bulk is for test databases only."
            )
        started = time.perf_counter()
        counts = seed(_plan(couples, per_person))
        seconds = time.perf_counter() - started
        total = sum(counts.values())
        detail = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        self.stdout.write(f"seeded {detail} in {seconds:.1f} s ({total / seconds:,.0f} rows/s)")
        self.stdout.write(
            json.dumps(
                {"seed_seconds": round(seconds, 2), "rows": total, "vendor": connection.vendor}
            )
        )


def _holds_real_people() -> bool:
    """Anyone but bulk, bench, demo or test people (the bench's own personas end in .invalid)."""
    return User.objects.exclude(email__endswith=".invalid").exists()


def _next_id(model: type[models.Model]) -> int:
    top = model._default_manager.aggregate(top=models.Max("pk"))["top"]
    return int(top or 0) + 1


def _plan(couples: int, per_person: int) -> Plan:
    now = timezone.now()
    return Plan(
        couples=couples,
        checkins=per_person,
        first_user=_next_id(User),
        first_couple=_next_id(Couple),
        now=now,
        today=timezone.localdate(),
    )


def seed(plan: Plan) -> dict[str, int]:
    writer = _sqlite_insert if connection.vendor == "sqlite" else _postgres_copy
    stamp = _stamp_for(connection.vendor)
    tables: list[tuple[str, type[models.Model], list[str], Iterator[Row]]] = [
        ("people", User, *_users(plan, stamp)),
        ("couples", Couple, *_couples(plan, stamp)),
        ("memberships", Membership, *_memberships(plan, stamp)),
        ("safety checks", Screening, *_screenings(plan, stamp)),
        ("programs", Program, *_programs(plan, stamp)),
        ("questionnaire sittings", Administration, *_sittings(plan, stamp)),
        ("check-ins", CheckIn, *_checkins(plan, stamp)),
    ]
    counts: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        _prepare(cursor)
        for name, model, columns, rows in tables:
            counts[name] = writer(cursor, model._meta.db_table, columns, rows)
        for sql in connection.ops.sequence_reset_sql(no_style(), [t[1] for t in tables]):
            cursor.execute(sql)
        # The rows went in past Django's cursor, which gives new stamps on its own.
        readcache.everyone_changed()
    _settle([t[1]._meta.db_table for t in tables])
    return counts


def _settle(table_names: list[str]) -> None:
    """What an operator does after a bulk import, so that what follows sees a steady
    database: fresh planner statistics for the grown tables and, on SQLite, the write-ahead
    log folded back into the database file (otherwise the next small write pays for
    checkpointing gigabytes)."""
    with connection.cursor() as cursor:
        for table in table_names:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        # A checkpoint cannot run inside a transaction (a caller's, as in the tests).
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _prepare(cursor: Any) -> None:
    if connection.vendor == "sqlite":
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MB for the index pages
        return
    # PostgreSQL checks each foreign key with a deferred trigger, queued per row: most of
    # the time of a large COPY. Our rows are consistent by construction (ids assigned
    # above), so for this transaction only, triggers are off when the role may do that
    # (a superuser, as on the throwaway bench server); otherwise it just takes longer.
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cursor.fetchone()[0]:
        cursor.execute("SET LOCAL session_replication_role = replica")


# --- Rows -----------------------------------------------------------------------------------


def _stamp_for(vendor: str) -> Callable[[datetime], str]:
    """How a timestamp is written: Django keeps naive UTC text on SQLite."""
    if vendor == "sqlite":
        return lambda moment: moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return lambda moment: moment.isoformat()


def _columns(model: type[models.Model], names: list[str]) -> list[str]:
    columns = []
    for name in names:
        field = model._meta.get_field(name)
        # Only a model's own fields have a column; the reverse side of a relation has none.
        assert isinstance(field, models.Field), f"{model.__name__}.{name} has no column"
        columns.append(str(field.column))
    return columns


def _users(plan: Plan, stamp: Callable[[datetime], str]) -> tuple[list[str], Iterator[Row]]:
    names = [
        "id", "password", "is_superuser", "email", "display_name", "role", "adult_attested_at",
        "privacy_accepted_at", "privacy_version", "is_active", "is_staff", "date_joined",
    ]  # fmt: skip
    now = stamp(plan.now)
    rows = (
        (uid, "!", False, f"p{uid}@{EMAIL_DOMAIN}", f"Person {uid}", User.Role.MEMBER.value,
         now, now, PRIVACY_NOTICE_VERSION, True, False, now)
        for uid in plan.user_ids()
    )  # fmt: skip
    return _columns(User, names), rows


def _couples(plan: Plan, stamp: Callable[[datetime], str]) -> tuple[list[str], Iterator[Row]]:
    now = stamp(plan.now)
    ids = range(plan.first_couple, plan.first_couple + plan.couples)
    return _columns(Couple, ["id", "created_at", "ended_at"]), ((c, now, None) for c in ids)


def _memberships(plan: Plan, stamp: Callable[[datetime], str]) -> tuple[list[str], Iterator[Row]]:
    names = ["couple", "user", "joined_at", "left_at", "ended_notice_pending"]
    now = stamp(plan.now)
    rows = ((plan.couple_of(uid), uid, now, None, False) for uid in plan.user_ids())
    return _columns(Membership, names), rows


def _sealer(model: type[models.Model], name: str) -> Callable[[Any, int], str]:
    """Seals a value for one row: row-bound values need the row's id, assigned up front."""
    field = model._meta.get_field(name)
    assert isinstance(field, RowBoundField)
    return lambda value, pk: str(field.seal(value, pk))


def _screenings(plan: Plan, stamp: Callable[[datetime], str]) -> tuple[list[str], Iterator[Row]]:
    now, first, seal = stamp(plan.now), _next_id(Screening), _sealer(Screening, "result")
    rows = (
        (first + n, uid, now, "hark", seal("clear", first + n))
        for n, uid in enumerate(plan.user_ids())
    )
    return _columns(Screening, ["id", "user", "taken_at", "instrument", "result"]), rows


def _programs(plan: Plan, stamp: Callable[[datetime], str]) -> tuple[list[str], Iterator[Row]]:
    names = ["couple", "owner", "stage", "stage_since", "proposal_agreed", "created_at"]
    since, now = (plan.today - timedelta(days=30)).isoformat(), stamp(plan.now)
    ids = range(plan.first_couple, plan.first_couple + plan.couples)
    return _columns(Program, names), ((c, None, "couple-1", since, "[]", now) for c in ids)


SITTING_DAYS = (40, 12)  # two sittings of each questionnaire, four weeks apart


def _sittings(plan: Plan, stamp: Callable[[datetime], str]) -> tuple[list[str], Iterator[Row]]:
    names = [
        "id", "user", "instrument_id", "instrument_version", "status", "due_date", "window_end",
        "started_at", "completed_at", "answers", "total", "band_id", "flags", "derived",
        "prorated", "language", "source",
    ]  # fmt: skip
    done = Administration.Status.COMPLETED.value
    days = [
        (day.isoformat(), catalog.window_end(day).isoformat(), stamp(plan.now - timedelta(ago)))
        for ago in SITTING_DAYS
        for day in [plan.today - timedelta(days=ago)]
    ]
    first, seal = _next_id(Administration), _sealer(Administration, "answers")
    rows = (
        (pk, uid, instrument, "1", done, due, end, at, at, seal({}, pk), float((uid + n) % 15),
         "", "[]", "{}", False, "en", Administration.Source.HEARTH.value)
        for pk, (uid, instrument, n, (due, end, at)) in enumerate(
            ((uid, instrument, n, day) for uid in plan.user_ids()
             for instrument in ("phq9", "gad7") for n, day in enumerate(days)),
            start=first,
        )
    )  # fmt: skip
    return _columns(Administration, names), rows


def _checkins(plan: Plan, stamp: Callable[[datetime], str]) -> tuple[list[str], Iterator[Row]]:
    names = [
        "user", "day", "mood", "stress", "closeness", "desire", "sleep_hours", "note",
        "danger_from_someone", "self_harm_thoughts", "feels_unsafe", "created_at", "updated_at",
    ]  # fmt: skip
    now = stamp(plan.now)
    # Oldest day first, so that (user, day) arrives in index order.
    days = [(plan.today - timedelta(days=n)).isoformat() for n in range(plan.checkins, 0, -1)]
    rows = (
        (uid, day, (uid + n) % 11, (uid + 3 * n) % 11, (uid + 5 * n) % 11, (uid + 7 * n) % 11,
         f"{5 + (uid + n) % 9 / 2:.1f}", "", False, False, False, now, now)
        for uid in plan.user_ids()
        for n, day in enumerate(days)
    )  # fmt: skip
    return _columns(CheckIn, names), rows


# --- Writers --------------------------------------------------------------------------------


def _chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _names(table: str, columns: list[str]) -> str:
    quote = connection.ops.quote_name
    return f"{quote(table)} ({', '.join(quote(c) for c in columns)})"


def _sqlite_insert(cursor: Any, table: str, columns: list[str], rows: Iterable[Row]) -> int:
    """Multi-row INSERTs: one statement per chunk, a few hundred rows each.

    Straight on the sqlite3 connection (same transaction): Django's cursor would rewrite
    every long statement's placeholders on each call.
    """
    raw = connection.connection
    head = f"INSERT INTO {_names(table, columns)} VALUES "  # noqa: S608  (our model names)
    one = "(" + ", ".join("?" for _ in columns) + ")"
    statements = {SQLITE_ROWS_PER_INSERT: head + ", ".join([one] * SQLITE_ROWS_PER_INSERT)}
    written = 0
    for chunk in _chunks(rows, SQLITE_ROWS_PER_INSERT):
        sql = statements.get(len(chunk)) or head + ", ".join([one] * len(chunk))
        raw.execute(sql, [value for row in chunk for value in row])
        written += len(chunk)
    return written


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)  # our values hold no tab, newline or backslash


def _postgres_copy(cursor: Any, table: str, columns: list[str], rows: Iterable[Row]) -> int:
    """COPY in text format, 20,000 rows a write."""
    sql = f"COPY {_names(table, columns)} FROM STDIN"
    written = 0
    with cursor.cursor.copy(sql) as copy:
        for chunk in _chunks(rows, 20_000):
            copy.write("".join("\t".join(map(_copy_text, row)) + "\n" for row in chunk))
            written += len(chunk)
    return written


if __name__ == "__main__":
    Command().run_from_argv([sys.argv[0], "seed_bulk", *sys.argv[1:]])
