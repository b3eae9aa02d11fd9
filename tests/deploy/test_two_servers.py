"""Two app servers, as on two hosts, behind one Caddy, on one PostgreSQL server.

The guide's Caddy sends each request to the server with the fewest requests in hand, and
picks at random between idle ones. These tests must show that both servers took part, so
here, and only here, Caddy takes turns instead (round_robin) and names in a response header
which server answered. What the tests prove does not depend on the order: everything a
request needs is in PostgreSQL. Everything runs on 127.0.0.1 and stops when the module ends.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy import postgres, site
from tests.deploy.client import Answer, Browser
from tests.deploy.smtp import MailServer, mail_server
from tests.deploy.tls import make as make_certificates
from tests.server import BIN, hearth

LIMIT = 3
UNKNOWN = itertools.count()
NOTE = "We walked by the river and talked for an hour."
MANY_PEOPLE = 30
WANT_REMINDERS = f"""
from hearth.accounts.models import User
from hearth.checkins.models import ReminderPreference
for n in range({MANY_PEOPLE}):
    user = User.objects.create_user(f"person{{n}}@example.test", "x" * 12, display_name="P")
    ReminderPreference.objects.create(user=user, kinds=["checkin"], hour=0)
"""

READ_NOTE = """
from hearth.checkins.models import CheckIn
print(CheckIn.objects.get(user__email="ada@example.test").note)
"""


@dataclass(frozen=True)
class TwoServers:
    stack: site.Stack
    database: str
    mail: MailServer
    folder: Path


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TwoServers]:
    folder = tmp_path_factory.mktemp("two")
    certificates = make_certificates(folder / "smtp-tls")
    limits = {
        "HEARTH_LOGIN_RATE_PER_IP": str(LIMIT),
        "HEARTH_SIGNUP_RATE_PER_IP": str(LIMIT),
    }
    with postgres.fresh_database() as database, mail_server(certificates) as mail:
        settings = {**limits, **mail.settings(certificates)}
        with site.stack(
            folder,
            servers=2,
            database=database,
            show_upstream=True,
            take_turns=True,
            settings=settings,
        ) as running:
            yield TwoServers(running, database, mail, folder)


def upstream(answer: Answer) -> str:
    return answer.header("X-Test-Upstream")


def next_turn(browser: Browser, n: int) -> None:
    """A form takes two requests (the page, then the post), so with two servers taking
    turns every post would reach the same one: an extra request on every other try moves
    the turn on, and the posts reach both."""
    if n % 2:
        browser.get("/livez")


def sign_in(browser: Browser, email: str, password: str = site.PASSWORD) -> Answer:
    return browser.post_form("/login/", {"email": email, "password": password})


def test_a_person_signed_in_on_one_server_continues_on_the_other(two: TwoServers) -> None:
    browser = two.stack.browser()
    assert sign_in(browser, "ada@example.test").status == 302
    saved = browser.post_form("/checkins/", {"mood": "6", "note": NOTE})
    assert saved.status == 302, saved.body[:500]
    pages = [browser.get("/checkins/") for _ in range(4)]
    assert {upstream(p) for p in pages} == set(two.stack.apps)  # both servers answered
    for page in pages:
        assert page.status == 200 and "Sign out" in page.body
        assert NOTE in page.body  # written through one, decrypted by the other


A_COUPLE = """
from hearth.accounts import actions
from hearth.accounts.models import User
from hearth.couples.models import Couple, Membership
from hearth.safety.models import Screening
couple = Couple.objects.create()
for email, name in (("cara@example.test", "Cara"), ("dev@example.test", "Devon")):
    actions.sign_up(email, name, {password!r})
    user = User.objects.get(email=email)
    Membership.objects.create(couple=couple, user=user)
    Screening.objects.create(user=user, instrument="hark", result="clear")
"""


def loads_on(browser: Browser, path: str, server: str) -> Answer:
    """The next load of the page that the given server answers (they take turns)."""
    for _ in range(4):
        answer = browser.get(path)
        if upstream(answer) == server:
            return answer
    raise AssertionError(f"{server} did not answer {path}")


def test_a_write_through_one_server_shows_on_the_others_next_load(two: TwoServers) -> None:
    """Each server keeps the pages it built (hearth/core/readcache.py); what says a kept
    page is out of date lives in the database, so the other server knows at once."""
    made = hearth(["shell", "-c", A_COUPLE.format(password=site.PASSWORD)], two.stack.env)
    assert made.returncode == 0, made.stderr[-2000:]
    cara, devon = two.stack.browser("127.0.0.6"), two.stack.browser("127.0.0.7")
    assert sign_in(cara, "cara@example.test").status == 302
    assert sign_in(devon, "dev@example.test").status == 302
    for _ in range(2):  # each server builds and keeps both pages, then answers with them
        for server in two.stack.apps:
            assert "Devon" in loads_on(cara, "/", server).body
            assert NOTE not in loads_on(cara, "/checkins/", server).body
    # Her own check-in, through one server; then the other's next load.
    saved = cara.post_form("/checkins/", {"mood": "6", "note": NOTE})
    assert saved.status == 302
    other = next(a for a in two.stack.apps if a != upstream(saved))
    cara.get("/checkins/")  # the "saved" notice, once
    assert NOTE in loads_on(cara, "/checkins/", other).body
    assert NOTE in loads_on(cara, "/checkins/", upstream(saved)).body
    # Her partner's write, through one server; then her next load on each.
    left = devon.post_form("/partner/leave/", {"confirm": "on"}, page="/partner/")
    assert left.status == 302, left.body[:500]
    for server in (next(a for a in two.stack.apps if a != upstream(left)), upstream(left)):
        home = loads_on(cara, "/", server).body
        assert "Devon" not in home


def test_the_sign_in_limit_is_one_bucket_across_both_servers(two: TwoServers) -> None:
    browser = two.stack.browser("127.0.0.2")
    answers = []
    for n in range(LIMIT + 2):
        next_turn(browser, n)
        answers.append(sign_in(browser, f"nobody{next(UNKNOWN)}@example.test", "wrong 123456"))
    assert [a.status for a in answers] == [200] * LIMIT + [429, 429]
    assert {upstream(a) for a in answers} == set(two.stack.apps)


def sign_up_try(stack: site.Stack, source: str, n: int) -> Answer:
    """One sign-up from a new browser at this address, with a new email address."""
    browser = stack.browser(source)
    next_turn(browser, n)
    n = next(UNKNOWN)
    fields = {
        "email": f"new{n}@example.test",
        "display_name": f"New {n}",
        "password": site.PASSWORD,
        "password_again": site.PASSWORD,
        "adult": "on",
        "privacy": "on",
    }
    return browser.post_form("/signup/", fields)


def test_the_sign_up_limit_is_one_bucket_across_both_servers(two: TwoServers) -> None:
    answers = [sign_up_try(two.stack, "127.0.0.3", n) for n in range(LIMIT + 2)]
    limited = [a.status == 429 or "Too many" in a.body for a in answers]
    assert limited == [False] * LIMIT + [True, True]
    assert {upstream(a) for a in answers} == set(two.stack.apps)


def test_reminders_started_on_both_hosts_at_once_go_out_once_each(two: TwoServers) -> None:
    env = two.stack.env
    assert hearth(["shell", "-c", WANT_REMINDERS], env).returncode == 0
    hosts = [{**env, "HEARTH_DATA_DIR": str(two.folder / f"app{n}")} for n in (0, 1)]
    runs = [
        subprocess.Popen(
            [str(BIN / "hearth"), "send_reminders"],
            env=host,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for host in hosts
    ]
    outputs = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-2000:] for _out, err in outputs]
    counts = [int(re.findall(r"Reminders sent: (\d+)", out)[-1]) for out, _err in outputs]
    assert sum(counts) == MANY_PEOPLE

    received = two.mail.recorder.wait_for(MANY_PEOPLE)
    people = [r.recipients[0] for r in received if r.recipients[0].startswith("person")]
    assert sorted(people) == sorted(f"person{n}@example.test" for n in range(MANY_PEOPLE))
    assert all(r.over_tls for r in received)


def test_a_backup_taken_while_both_serve_restores_to_the_same_data(two: TwoServers) -> None:
    browser = two.stack.browser("127.0.0.4")
    assert sign_in(browser, "ben@example.test").status == 302
    stop = threading.Event()
    served: list[tuple[int, int]] = []

    def keep_serving() -> None:
        reader = two.stack.browser("127.0.0.5")
        while not stop.is_set() and len(served) < 500:
            served.append((reader.get("/login/").status, reader.get("/healthz").status))

    load = threading.Thread(target=keep_serving)
    load.start()
    try:
        backup = two.folder / "while-serving.pgdump"
        made = hearth(["backup", str(backup)], two.stack.env)
        assert made.returncode == 0, made.stderr[-2000:]
    finally:
        stop.set()
        load.join(timeout=30)
    assert served and set(served) == {(200, 200)}  # both kept serving during the backup

    with postgres.fresh_database() as copy:
        env = {**two.stack.env, "HEARTH_DATABASE_URL": copy}
        restored = hearth(["restore", str(backup)], env)
        assert restored.returncode == 0, restored.stderr[-2000:]
        # Sessions change as people click; every other table must be the same row for row.
        moving = frozenset({"accounts_signin"})
        assert postgres.contents(copy, moving) == postgres.contents(two.database, moving)
        read = hearth(["shell", "-c", READ_NOTE], env)  # with the same encryption key
        assert read.returncode == 0 and read.stdout.strip().splitlines()[-1] == NOTE
