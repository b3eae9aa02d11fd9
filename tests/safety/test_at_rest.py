"""Encryption at rest, end to end: the real server, the real database file on disk.

The pytest database lives in memory, so these tests run `hearth serve` (or `hearth shell`)
against a file-backed SQLite database in a temporary data directory, then read the raw bytes.
"""

from __future__ import annotations

import http.cookiejar
import re
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from hearth.core.crypto import key_id, new_key, parse_key
from tests.mailbox import mailbox
from tests.server import TEST_ENCRYPTION_KEY, hearth, running_server, server_env

SECRET_TEXT = "Call Marguerite Okonkwo-Pillai at the lighthouse cafe"
PASSWORD = "a long walk by the sea 24"
EMAIL = "plan.writer@example.test"


@pytest.fixture
def data_env(tmp_path: Path) -> dict[str, str]:
    env = server_env(tmp_path)
    migrated = hearth(["migrate", "--noinput"], env)
    assert migrated.returncode == 0, migrated.stderr
    return env


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a form post answers 302: keep it, so the test checks that status


class Browser:
    """Just enough of a browser for form posts: cookies and the CSRF token of each form."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            return str(response.read().decode())

    def submit(self, path: str, fields: dict[str, str]) -> None:
        """Post the form on ``path``; the app must accept it (302 to the next page)."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path))
        assert token, f"no form on {path}"
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token[1], **fields}).encode()
        with pytest.raises(urllib.error.HTTPError) as redirect:
            self.opener.open(self.base + path, data=data, timeout=10)
        assert redirect.value.code == 302, f"{path} refused the form"


def raw_database_bytes(data_dir: Path) -> bytes:
    files = sorted(data_dir.glob("hearth.sqlite3*"))
    assert files, "no SQLite database file found"
    return b"".join(f.read_bytes() for f in files)


def test_a_safety_plan_written_through_the_app_is_not_readable_in_the_database_file(
    data_env: dict[str, str], tmp_path: Path
) -> None:
    with mailbox() as box, running_server({**data_env, **box.settings()}, tmp_path / "log") as base:
        browser = Browser(base)
        browser.submit(
            "/signup/",
            {
                "email": EMAIL,
                "display_name": "Ruth",
                "password": PASSWORD,
                "password_again": PASSWORD,
                "adult": "on",
                "privacy": "on",
            },
        )
        # Sign-up finishes with the button on the emailed link's page.
        (letter,) = box.wait_for(EMAIL)
        browser.submit(letter.link("/signup/finish/"), {})
        browser.submit("/support/plan/", {"people_to_ask": SECRET_TEXT})
        assert SECRET_TEXT in browser.get("/support/plan/print/")  # the app still shows it
        raw = raw_database_bytes(tmp_path)
    # The scan reads the real data: the (unencrypted) email address is there...
    assert EMAIL.encode() in raw
    # ...but not one distinctive word of the plan.
    for word in ("Marguerite", "Okonkwo", "lighthouse", SECRET_TEXT):
        assert word.encode() not in raw


SHELL_WRITE = f"""
from hearth.accounts.models import User
from hearth.safety.actions import save_plan
user = User.objects.create(email="k@example.test", display_name="K")
save_plan(user, {{"warning_signs": "{SECRET_TEXT}"}})
"""
SHELL_READ = """
from hearth.accounts.models import User
from hearth.safety.access import load_plan
print(load_plan(User.objects.get(email="k@example.test")).text("warning_signs"))
"""


def stored_value(data_dir: Path) -> str:
    with sqlite3.connect(data_dir / "hearth.sqlite3") as db:
        (value,) = db.execute("SELECT steps FROM safety_safetyplanrecord").fetchone()
    return str(value)


def test_rotate_key_re_encrypts_the_plan_so_the_old_key_can_be_dropped(
    data_env: dict[str, str], tmp_path: Path
) -> None:
    key_a, key_b = TEST_ENCRYPTION_KEY, new_key()
    id_a, id_b = key_id(parse_key(key_a)), key_id(parse_key(key_b))
    written = hearth(["shell", "-c", SHELL_WRITE], data_env)
    assert written.returncode == 0, written.stderr
    before = stored_value(tmp_path)
    assert before.startswith(f"v1:{id_a}:") and "Marguerite" not in before

    only_b = server_env(tmp_path, HEARTH_ENCRYPTION_KEY=key_b)
    assert hearth(["shell", "-c", SHELL_READ], only_b).returncode != 0  # A is still needed

    both = server_env(tmp_path, HEARTH_ENCRYPTION_KEY=key_b, HEARTH_ENCRYPTION_OLD_KEYS=key_a)
    rotated = hearth(["rotate_key"], both)
    assert rotated.returncode == 0, rotated.stderr
    assert f"now use key {id_b}" in rotated.stdout
    after = stored_value(tmp_path)
    assert after.startswith(f"v1:{id_b}:") and after != before and "Marguerite" not in after

    read = hearth(["shell", "-c", SHELL_READ], only_b)  # key A is gone now
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip().splitlines()[-1] == SECRET_TEXT
