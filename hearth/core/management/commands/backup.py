"""`hearth backup [PATH]`: a consistent copy of the database, safe while the server runs.

SQLite: the online backup API copies the database page by page under SQLite's own locks,
so writers are never blocked for long and the copy is a single consistent snapshot (a
plain file copy could catch a half-written WAL). PostgreSQL: `pg_dump -Fc`, which reads
one snapshot in a transaction. Either way the copy is written to a temporary name first
and renamed when complete, so a crash never leaves a half-written backup under PATH.

The backup does not hold the encryption key: keep HEARTH_ENCRYPTION_KEY safe separately,
or the private notes in a restored backup cannot be read.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from glob import glob
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils import timezone

SQLITE_ENGINE = "django.db.backends.sqlite3"
POSTGRES_ENGINE = "django.db.backends.postgresql"


def database() -> dict[str, Any]:
    config: dict[str, Any] = connections["default"].settings_dict
    if config["ENGINE"] not in {SQLITE_ENGINE, POSTGRES_ENGINE}:
        raise CommandError(f"Backups support SQLite and PostgreSQL, not {config['ENGINE']}.")
    return config


def is_sqlite(config: dict[str, Any]) -> bool:
    return bool(config["ENGINE"] == SQLITE_ENGINE)


def default_path(config: dict[str, Any]) -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if is_sqlite(config) else "pgdump"
    return Path(settings.DATA_DIR) / "backups" / f"hearth-{stamp}.{suffix}"


def pg_binary(name: str) -> str:
    """The newest pg_dump/pg_restore: it must be at least as new as the server."""

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"/postgresql/(\d+)/", path)) or (0,)

    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if on_path is None:
        raise CommandError(f"{name} was not found. Install the PostgreSQL client tools.")
    return on_path


def pg_args(config: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for the PostgreSQL tools (password via env)."""
    args = ["--dbname", str(config["NAME"])]
    for flag, key in [("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")]:
        if config.get(key):
            args += [flag, str(config[key])]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    return args, env


def run_tool(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-2000:]}")


def backup_sqlite(config: dict[str, Any], target: Path) -> None:
    source = sqlite3.connect(f"file:{config['NAME']}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        (check,) = copy.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise CommandError(f"The copy did not pass SQLite's check: {check}")
    finally:
        copy.close()
        source.close()


def backup_postgres(config: dict[str, Any], target: Path) -> None:
    args, env = pg_args(config)
    run_tool(
        [pg_binary("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args], env
    )


class Command(BaseCommand):
    help = "Write a consistent backup of the database to PATH (default: DATA_DIR/backups/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="where to write the backup")

    def handle(self, *args: Any, **options: Any) -> None:
        config = database()
        target = Path(options["path"]) if options["path"] else default_path(config)
        if target.exists():
            raise CommandError(f"{target} already exists. Choose a new file name.")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)
        try:
            (backup_sqlite if is_sqlite(config) else backup_postgres)(config, partial)
            partial.chmod(0o600)  # it holds people's data: readable by this user only
            partial.rename(target)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Backup written to {target}")
        self.stdout.write("Keep the encryption key too: the backup cannot be read without it.")
