"""Hearth configured as the guide's environment file says, for a test on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.deploy import caddy, tls
from tests.deploy.client import Browser
from tests.server import STARTUP_SECONDS, hearth, server_env, server_process

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


PEOPLE = [("ada@example.test", "Ada"), ("ben@example.test", "Ben")]


@dataclass(frozen=True)
class Stack:
    proxy: caddy.Proxy
    apps: list[str]  # each app server's own plain-HTTP address, as the proxy reaches it
    env: dict[str, str]
    folder: Path  # app{n}.log: each app server's output

    def browser(self, source: str = "127.0.0.1") -> Browser:
        ca = self.proxy.certificates.ca
        return Browser(tls.SITE, self.proxy.https_port, ca=ca, source=source)

    def direct(self, n: int = 0) -> Browser:
        """A plain-HTTP client for one app server's own port (health checks, metrics)."""
        return Browser("127.0.0.1", int(self.apps[n].rsplit(":", 1)[1]))


@contextmanager
def stack(
    folder: Path,
    *,
    servers: int = 1,
    database: str = "",
    show_upstream: bool = False,
    take_turns: bool = False,
    settings: Mapping[str, str] | None = None,
) -> Iterator[Stack]:
    """A migrated database with two people, app servers (each with its own data folder, as
    on its own host) and Caddy in front, until the block ends."""
    proxy = caddy.new_proxy(folder)
    database = database or f"sqlite:///{folder / 'hearth.sqlite3'}"
    env = guide_env(folder, proxy.site_url, database, **(settings or {}))
    prepare(env, PEOPLE)
    with ExitStack() as running:
        apps = []
        for n in range(servers):
            own = {**env, "HEARTH_DATA_DIR": str(folder / f"app{n}")}
            started = server_process(own, folder / f"app{n}.log", seconds=STARTUP_SECONDS)
            base, _process = running.enter_context(started)
            apps.append(base.removeprefix("http://"))
        running.enter_context(
            caddy.running_caddy(proxy, apps, folder / "caddy", show_upstream, take_turns=take_turns)
        )
        yield Stack(proxy, apps, env, folder)


# hearth.W020 is about the shipped crisis-line files (entries not yet checked against each
# service's own pages), not about this configuration: it is the only warning allowed.
CONTENT_WARNINGS = {"hearth.W020"}


def configuration_issues(check_output: str, env: Mapping[str, str]) -> list[str]:
    """The ids `hearth check` reported that are about the configuration. These sites run
    with no mail server unless the test starts one: then `hearth check` must say so
    (hearth.W003), and that warning is expected rather than an issue."""
    found = re.findall(r"^\?: \(([\w.]+)\)", check_output, re.MULTILINE)
    expected = set(CONTENT_WARNINGS)
    if not env.get("HEARTH_EMAIL_HOST"):
        assert "hearth.W003" in found, check_output
        expected.add("hearth.W003")
    return [issue for issue in found if issue not in expected]
