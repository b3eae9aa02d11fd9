"""Hearth configured as the guide's environment file says, for a test on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

from tests.deploy import tls
from tests.server import hearth, server_env

GUIDE_ENV = Path(__file__).resolve().parents[2] / "docs" / "deploy" / "hearth.env"
# What a test must set itself: its own addresses, keys, database and a quiet log. Email goes
# to the console unless a test starts an SMTP server.
REPLACED = {"HEARTH_SECRET_KEY", "HEARTH_ENCRYPTION_KEY", "HEARTH_DATABASE_URL", "HEARTH_DATA_DIR"}


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines, as systemd's EnvironmentFile= reads this file (no quotes in it)."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def guide_env(data_dir: Path, site_url: str, database_url: str, **extra: str) -> dict[str, str]:
    guide = {
        k: v
        for k, v in read_env_file(GUIDE_ENV).items()
        if k not in REPLACED and not k.startswith("HEARTH_EMAIL")
    }
    assert guide["HEARTH_TRUSTED_PROXY_COUNT"] == "1"
    test_values = {
        "HEARTH_SITE_URL": site_url,
        "HEARTH_ALLOWED_HOSTS": guide["HEARTH_ALLOWED_HOSTS"].replace(
            "hearth.example.org", tls.SITE
        ),
        "HEARTH_DATABASE_URL": database_url,
        "HEARTH_WORKERS": "1",  # two cores for the whole suite
        "HEARTH_THREADS": "2",
    }
    return server_env(data_dir, **{**guide, **test_values, **extra})


SIGN_UP = """
from hearth.accounts import actions
for email, name in {people!r}:
    actions.sign_up(email, name, {password!r})
"""
PASSWORD = "a quiet walk by the river 51"


def prepare(env: dict[str, str], people: list[tuple[str, str]]) -> None:
    """Migrate the database and sign people up, as an operator's first steps would."""
    for args in (
        ["migrate", "--noinput"],
        ["shell", "-c", SIGN_UP.format(people=people, password=PASSWORD)],
    ):
        result = hearth(args, env)
        assert result.returncode == 0, result.stderr[-3000:]
