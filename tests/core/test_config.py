from pathlib import Path

import pytest

from hearth.config import Env, parse_database_url


def test_it_reads_true_and_false_words() -> None:
    env = Env({"A": "yes", "B": "0", "C": "On"})
    assert env.flag("A", False) is True
    assert env.flag("B", True) is False
    assert env.flag("C", False) is True
    assert env.errors == []


def test_it_reports_a_bad_boolean_and_keeps_the_default() -> None:
    env = Env({"HEARTH_DEBUG": "maybe"})
    assert env.flag("HEARTH_DEBUG", False) is False
    assert env.errors == [("HEARTH_DEBUG", "HEARTH_DEBUG must be true or false, not 'maybe'.")]


def test_it_reports_a_number_that_is_not_a_number_or_too_small() -> None:
    env = Env({"P": "eighty", "Q": "0"})
    assert env.number("P", 8000) == 8000
    assert env.number("Q", 30, minimum=1) == 30
    assert [name for name, _ in env.errors] == ["P", "Q"]


def test_it_reads_a_secret_from_a_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "key"
    secret_file.write_text("  from-the-file\n")
    env = Env({"HEARTH_SECRET_KEY_FILE": str(secret_file)})
    assert env.secret("HEARTH_SECRET_KEY") == ("from-the-file", "file")


def test_the_variable_itself_wins_over_the_file(tmp_path: Path) -> None:
    env = Env({"K": "direct", "K_FILE": str(tmp_path / "absent")})
    assert env.secret("K") == ("direct", "env")


def test_it_reports_a_secret_file_it_cannot_read(tmp_path: Path) -> None:
    env = Env({"K_FILE": str(tmp_path / "absent")})
    assert env.secret("K") == (None, "missing")
    assert env.errors[0][0] == "K_FILE"


def test_it_parses_a_postgres_url() -> None:
    db = parse_database_url("postgres://hearth:p%40ss@db.local:5433/hearth?sslmode=require")
    assert db == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "hearth",
        "USER": "hearth",
        "PASSWORD": "p@ss",
        "HOST": "db.local",
        "PORT": "5433",
        "OPTIONS": {"sslmode": "require"},
    }


def test_it_parses_relative_and_absolute_sqlite_urls() -> None:
    assert parse_database_url("sqlite:///var/h.sqlite3")["NAME"] == "var/h.sqlite3"
    assert parse_database_url("sqlite:////srv/h.sqlite3")["NAME"] == "/srv/h.sqlite3"


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host", "sqlite://", "not a url"])
def test_it_refuses_database_urls_it_cannot_use(url: str) -> None:
    with pytest.raises(ValueError):
        parse_database_url(url)
