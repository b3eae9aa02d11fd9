"""`hearth restore PATH [--force]`: put a backup made by `hearth backup` back.

Stop the server first. Restore refuses to write over a database that already holds
people's data unless --force is given, so a slip of the keyboard cannot wipe a live site.
A SQLite restore replaces the whole file's content through the backup API; a PostgreSQL
restore runs pg_restore in one transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections

from hearth.core.management.commands.backup import (
    database,
    is_sqlite,
    pg_args,
    pg_binary,
    run_tool,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


def backup_kind(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgres"
    raise CommandError(f"{path} is not a backup made by `hearth backup`.")


def holds_data() -> bool:
    """True when any Hearth table in the current database has a row."""
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            if model.__module__.startswith("hearth.") and table in existing:
                cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return True
    return False


def check_sqlite_backup(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (check,) = source.execute("PRAGMA quick_check").fetchone()
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise CommandError(f"{path} cannot be read as a backup: {exc}") from exc
    finally:
        source.close()
    if check != "ok" or "django_migrations" not in tables:
        raise CommandError(f"{path} is damaged or is not a Hearth backup.")


def restore_sqlite(config: dict[str, Any], path: Path) -> None:
    check_sqlite_backup(path)
    connections.close_all()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(config["NAME"])
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def restore_postgres(config: dict[str, Any], path: Path) -> None:
    # --clean drops the dump's own tables first, so restoring into a freshly migrated (empty)
    # database works; holds_data() has already refused a database with rows in it.
    connections.close_all()
    args, env = pg_args(config)
    run_tool(
        [
            pg_binary("pg_restore"),
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--clean",
            "--if-exists",
            *args,
            str(path),
        ],
        env,
    )


class Command(BaseCommand):
    help = "Restore a backup made by `hearth backup`. Stop the server first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the backup file")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that already holds data"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        config = database()
        kind = backup_kind(path)
        wanted = "sqlite" if is_sqlite(config) else "postgres"
        if kind != wanted:
            raise CommandError(f"{path} is a {kind} backup, but this site uses {wanted}.")
        if holds_data() and not options["force"]:
            raise CommandError(
                "This database already holds data. Nothing was changed. "
                "Use --force to replace it with the backup."
            )
        if wanted == "sqlite":
            restore_sqlite(config, path)
        else:
            restore_postgres(config, path)
        self.stdout.write(
            f"Restored from {path}. Run `hearth migrate` if it is from an older version."
        )
