"""Browser tests: Debian's chromium driven by Playwright against the real server.

Every page visited is checked with axe-core (WCAG 2.2 A and AA rules) in the light and the
dark colour scheme, and every request
the browser makes must go to the app itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.mailbox import Mailbox, mailbox
from tests.server import STARTUP_SECONDS, free_port, hearth, running_server, server_env

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE = Axe()


@pytest.fixture(scope="session", autouse=True)
def fresh_artifacts() -> None:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)


def own_address() -> dict[str, str]:
    """The port the server will listen on, and the site address links are made from
    (invitation and email links come from HEARTH_SITE_URL, never from the request)."""
    port = free_port()
    return {"HEARTH_PORT": str(port), "HEARTH_SITE_URL": f"http://127.0.0.1:{port}"}


# One password for every person the browser tests sign up.
PASSWORD = "a long walk by the sea 24"
MAIL: list[Mailbox] = []  # the session's mail server, once started


@pytest.fixture(scope="session")
def live_mail() -> Iterator[Mailbox]:
    """Where the browser tests' servers send email: sign-up finishes through a link."""
    with mailbox() as box:
        MAIL.append(box)
        yield box
        MAIL.remove(box)


@pytest.fixture(scope="session")
def live_env(tmp_path_factory: pytest.TempPathFactory, live_mail: Mailbox) -> dict[str, str]:
    data = tmp_path_factory.mktemp("browser-server")
    # Every browser test signs people up from 127.0.0.1 against one server.
    env = server_env(
        data,
        **live_mail.settings(),
        **own_address(),
        HEARTH_LOGIN_RATE_PER_IP="1000",
        HEARTH_SIGNUP_RATE_PER_IP="1000",
    )
    migrated = hearth(["migrate", "--noinput"], env)
    assert migrated.returncode == 0, migrated.stderr
    return env


def warm_up(base: str) -> None:
    """Open the first pages once before any test: a new worker builds its templates on
    first use, which on a busy machine is slow enough to eat a test's time limit."""
    for path in ("/", "/signup/", "/login/"):
        with urllib.request.urlopen(base + path, timeout=STARTUP_SECONDS) as answer:
            answer.read()


@pytest.fixture(scope="session")
def live_url(live_env: dict[str, str]) -> Iterator[str]:
    log = Path(live_env["HEARTH_DATA_DIR"]) / "server.log"
    with running_server(live_env, log, port=int(live_env["HEARTH_PORT"])) as base:
        warm_up(base)
        yield base


@pytest.fixture
def live_shell(live_env: dict[str, str], live_url: str) -> Any:
    """Run Python in `hearth shell` against the live server's database; returns stdout.

    For what a person cannot do in a browser within one test, such as letting two weeks
    pass: backdate records, then carry on in the browser.
    """

    def run(code: str) -> str:
        result = hearth(["shell", "-c", code], live_env)
        assert result.returncode == 0, result.stderr
        return result.stdout

    return run


# A throwaway PostgreSQL for browser tests that must also run on it, started by the project's
# own scripts/pgtest (as `make test-postgres` does) and stopped when the session ends: the
# command pgtest runs prints its DATABASE_URL and waits until we close its input.
PGTEST = Path(__file__).resolve().parents[2] / "scripts" / "pgtest"
WAIT = "import os, sys; print(os.environ['DATABASE_URL'], flush=True); sys.stdin.read()"


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    process = subprocess.Popen(
        [str(PGTEST), "run", sys.executable, "-c", WAIT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdin is not None
    assert process.stderr is not None
    url = ""
    for line in process.stdout:
        if line.startswith("postgres://"):
            url = line.strip()
            break
    if not url:
        process.wait(timeout=60)
        raise RuntimeError(f"scripts/pgtest did not start: {process.stderr.read()}")
    try:
        yield url
    finally:
        process.stdin.close()
        process.wait(timeout=60)


@pytest.fixture(scope="session")
def live_pg_env(
    tmp_path_factory: pytest.TempPathFactory, pg_database_url: str, live_mail: Mailbox
) -> dict[str, str]:
    data = tmp_path_factory.mktemp("browser-server-pg")
    env = server_env(
        data,
        **live_mail.settings(),
        **own_address(),
        HEARTH_DATABASE_URL=pg_database_url,
        HEARTH_LOGIN_RATE_PER_IP="1000",
        HEARTH_SIGNUP_RATE_PER_IP="1000",
    )
    migrated = hearth(["migrate", "--noinput"], env)
    assert migrated.returncode == 0, migrated.stderr
    return env


@pytest.fixture(scope="session")
def live_pg_url(live_pg_env: dict[str, str]) -> Iterator[str]:
    log = Path(live_pg_env["HEARTH_DATA_DIR"]) / "server.log"
    with running_server(live_pg_env, log, port=int(live_pg_env["HEARTH_PORT"])) as base:
        warm_up(base)
        yield base


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    home = tmp_path_factory.mktemp("chromium-home")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env={**os.environ, "HOME": str(home)}
        )
        # A fresh chromium's first page starts its renderer; on two busy cores that alone
        # took over the 30 s a test's navigation may take (a clean-clone run failed its first
        # test so), so it happens here, once, with time to spare.
        first = browser.new_page()
        first.goto("data:text/html,<title>ready</title>", timeout=STARTUP_SECONDS * 1000)
        first.close()
        yield browser
        browser.close()


class Visitor:
    """One person's browser tab, with the checks every page must pass."""

    def __init__(self, context: BrowserContext, base: str, name: str) -> None:
        self.context, self.base, self.name = context, base, name
        self.page: Page = context.new_page()
        self.foreign: list[str] = []
        self.csp_errors: list[str] = []
        self.shots = 0
        self.page.on("request", self._request)
        self.page.on("console", self._console)

    def _request(self, request: Any) -> None:
        if not request.url.startswith((self.base, "data:", "about:")):
            self.foreign.append(request.url)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.csp_errors.append(message.text)

    def goto(self, path: str) -> None:
        self.page.goto(path if path.startswith("http") else self.base + path)
        self.check()

    def check(self, label: str = "") -> None:
        """Axe (WCAG 2.2 A/AA) with the device set light and set dark, no third-party
        requests, no CSP errors; save a screenshot in the scheme the tab started with."""
        self.page.wait_for_load_state("load")
        dark = self.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        for scheme in ("light", "dark") if dark else ("dark", "light"):
            self.page.emulate_media(color_scheme=scheme)
            self.axe(scheme)
        self.assert_no_foreign_requests_or_csp_errors()
        self.screenshot(label)

    def axe(self, scheme: str) -> None:
        results = AXE.run(self.page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = results.response["violations"]
        assert violations == [], f"{self.page.url} ({scheme}): {results.generate_report()}"

    def assert_no_foreign_requests_or_csp_errors(self) -> None:
        assert self.foreign == [], f"requests to other servers: {self.foreign}"
        assert self.csp_errors == [], f"CSP errors: {self.csp_errors}"

    def screenshot(self, label: str = "") -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        slug = (
            label
            or self.page.url.split("//", 1)[1].split("/", 1)[-1].strip("/").replace("/", "_")[:80]
        )  # a sealed link in the address is longer than a file name may be
        self.page.screenshot(
            path=ARTIFACTS / f"{self.name}-{self.shots:02d}-{slug or 'home'}.png", full_page=True
        )


@pytest.fixture
def visitor(browser: Browser, live_url: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    contexts: list[BrowserContext] = []

    def make(name: str, **options: Any) -> Visitor:
        context = browser.new_context(**options)
        contexts.append(context)
        return Visitor(context, live_url, f"{request.node.name}-{name}")

    yield make
    for context in contexts:
        context.close()


def choose(page: Page, question: str, value: str, tap: bool = False) -> None:
    """Pick a value on a tap scale as a person does: on its big label ("skip" to skip)."""
    group = page.get_by_role("group", name=question, exact=True)
    label = group.locator(f'label[for$="_{value}"]')
    label.tap() if tap else label.click()


def unique_email(name: str) -> str:
    """A new address on every call: all browser tests share one live server and database."""
    return f"{name.lower().replace(' ', '')}-{uuid.uuid4().hex[:12]}@example.test"


SIGN_UP_LABELS = {
    "en": [
        "Email address",
        "First name or nickname",
        "Password",
        "Password again",
        "I am 18 or older.",
        "I have read the privacy notice and I agree to it.",
    ],
    "de": [
        "E-Mail-Adresse",
        "Vorname oder Spitzname",
        "Passwort",
        "Passwort noch einmal",
        "Ich bin 18 Jahre oder älter.",
        "Ich habe den Datenschutzhinweis gelesen und stimme ihm zu.",
    ],
}


def sign_up(
    v: Any, name: str, email: str = "", language: str = "en", clinician: bool = False
) -> str:
    """Sign up as a person does: the form (on the sign-up page the tab is on, or the
    plain one), then the link from the email, then its button. Returns the address."""
    email = email or unique_email(name)
    if "/signup/" not in v.page.url:
        v.goto("/signup/clinician/" if clinician else "/signup/")
    fill_sign_up_form(v, name, email, language)
    v.page.locator("main form button[type=submit]").click()
    v.page.wait_for_url("**/signup/sent/")
    finish_sign_up(v, email)
    return email


def fill_sign_up_form(v: Any, name: str, email: str, language: str = "en") -> None:
    """Fill the sign-up form on the page the tab is on, as a person types it."""
    page = v.page
    address, nickname, password, again, adult, privacy = SIGN_UP_LABELS[language]
    page.get_by_label(address).fill(email)
    page.get_by_label(nickname).fill(name)
    page.get_by_label(password, exact=True).fill(PASSWORD)
    page.get_by_label(again).fill(PASSWORD)
    page.get_by_label(adult).check()
    page.get_by_label(privacy).check()


def finish_sign_up(v: Any, email: str) -> None:
    """Open the newest sign-up link sent to ``email`` and press the page's button."""
    (box,) = MAIL
    letter = box.wait_for(email)[-1]
    v.page.goto(v.base + letter.link("/signup/finish/"))
    v.page.locator("main form button[type=submit]").click()
    v.page.wait_for_load_state("load")
    assert "/signup/" not in v.page.url, v.page.url


def sign_up_clinician(v: Any, name: str, email: str = "") -> str:
    """A clinician's sign-up; the tab then stands at the two-step set-up."""
    v.goto("/signup/clinician/")
    return sign_up(v, name, email, clinician=True)
