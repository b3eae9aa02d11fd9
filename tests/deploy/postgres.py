"""Scratch databases on the throwaway PostgreSQL server of scripts/pgtest (DATABASE_URL)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg

MISSING = (
    "These tests need the throwaway PostgreSQL server of scripts/pgtest: run them with "
    "`make test-deploy` (or `scripts/pgtest run .venv/bin/pytest tests/deploy`)."
)


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    assert url.startswith("postgres"), MISSING
    return url


def _with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new, empty database on the test server; its URL. Dropped afterwards."""
    url = server_url()
    name = f"deploy_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_name(url, name)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def contents(
    url: str, leave_out: frozenset[str] = frozenset()
) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted: two databases with equal contents hold the same data."""
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        rows = {}
        for table in tables:
            if table not in leave_out:
                query = f'SELECT * FROM "{table}"'  # noqa: S608  (names from pg_tables)
                rows[table] = sorted(conn.execute(query).fetchall(), key=repr)
        return rows
