"""`hearth backup` and `hearth restore` round trips, run as an operator would run them.

Every run does the SQLite round trip on real files. When the suite runs on PostgreSQL
(scripts/pgtest sets DATABASE_URL), the same checks also run on two scratch databases
created on that server.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from tests.server import hearth, running_server, server_env

SETUP = """
from hearth.accounts import actions
user = actions.sign_up("ada@example.test", "Ada", "a long walk by the sea 24")
actions.start_two_factor(user)
"""

STATE = """
import json
from hearth.accounts.models import TwoFactor, User
from hearth.core.models import AuditEvent
print(json.dumps({
    "people": sorted(User.objects.values_list("email", flat=True)),
    "secret_length": [len(t.secret) for t in TwoFactor.objects.all()],
    "events": AuditEvent.objects.count(),
}))
"""


def run_ok(args: list[str], env: dict[str, str]) -> str:
    result = hearth(args, env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def state(env: dict[str, str]) -> dict[str, object]:
    return dict(json.loads(run_ok(["shell", "-c", STATE], env).strip().splitlines()[-1]))


def a_site(env: dict[str, str]) -> dict[str, object]:
    run_ok(["migrate", "--noinput"], env)
    run_ok(["shell", "-c", SETUP], env)
    return state(env)


def round_trip(source: dict[str, str], target: dict[str, str], backup: Path) -> None:
    """Back up a site with one person, restore it elsewhere, and check what is refused."""
    before = a_site(source)
    assert before["people"] == ["ada@example.test"] and before["secret_length"] == [32]
    assert "Backup written" in run_ok(["backup", str(backup)], source)
    assert backup.stat().st_mode & 0o077 == 0  # readable by the operator only

    assert "Restored" in run_ok(["restore", str(backup)], target)
    assert state(target) == before  # the encrypted secret opens with the same key

    again = hearth(["backup", str(backup)], source)
    assert again.returncode != 0 and "already exists" in again.stderr

    refused = hearth(["restore", str(backup)], target)
    assert refused.returncode != 0 and "already holds data" in refused.stderr
    run_ok(
        ["shell", "-c", "from hearth.accounts.models import User; User.objects.all().delete()"],
        target,
    )
    assert hearth(["restore", str(backup)], target).returncode != 0  # audit rows remain
    assert "Restored" in run_ok(["restore", "--force", str(backup)], target)
    assert state(target) == before


def sqlite_sites(tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    return server_env(tmp_path / "site"), server_env(tmp_path / "elsewhere")


def test_sqlite_backup_and_restore_round_trip(tmp_path: Path) -> None:
    source, target = sqlite_sites(tmp_path)
    round_trip(source, target, tmp_path / "backups" / "site.sqlite3")


def test_a_sqlite_backup_works_while_the_server_runs(tmp_path: Path) -> None:
    source, target = sqlite_sites(tmp_path)
    before = a_site(source)
    with running_server(source, tmp_path / "server.log") as base:
        del base
        output = run_ok(["backup"], source)
    written = Path(output.split("Backup written to ", 1)[1].splitlines()[0])
    assert written.parent == tmp_path / "site" / "backups" and written.suffix == ".sqlite3"
    run_ok(["restore", str(written)], target)
    assert state(target) == before


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    _, target = sqlite_sites(tmp_path)
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    result = hearth(["restore", str(junk)], target)
    assert result.returncode != 0 and "is not a backup" in result.stderr
    missing = hearth(["restore", str(tmp_path / "nothing.sqlite3")], target)
    assert missing.returncode != 0 and "does not exist" in missing.stderr


def postgres_url() -> str:
    return os.environ.get("HEARTH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")


@contextmanager
def scratch_databases(url: str, count: int) -> Iterator[list[str]]:
    """New empty databases on the test run's PostgreSQL server; dropped afterwards."""
    parts = urlsplit(url)
    names = [f"hearth_backup_{secrets.token_hex(4)}" for _ in range(count)]
    with psycopg.connect(url, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield [urlunsplit(parts._replace(path=f"/{name}")) for name in names]
        finally:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_and_restore_round_trip_on_the_database_of_this_run(tmp_path: Path) -> None:
    url = postgres_url()
    if not url.startswith(("postgres://", "postgresql://")):
        source, target = sqlite_sites(tmp_path)
        round_trip(source, target, tmp_path / "site.sqlite3")
        return
    with scratch_databases(url, 2) as (first, second):
        source = server_env(tmp_path / "a", HEARTH_DATABASE_URL=first)
        target = server_env(tmp_path / "b", HEARTH_DATABASE_URL=second)
        round_trip(source, target, tmp_path / "site.pgdump")
        mixed = hearth(["restore", str(tmp_path / "site.pgdump")], sqlite_sites(tmp_path)[1])
        assert mixed.returncode != 0 and "is a postgres backup" in mixed.stderr
