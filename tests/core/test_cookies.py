"""Every cookie Hearth sets travels over https only when the site is https: the language
choice too (it tells an onlooker on the network which language the person reads)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.test import Client

from tests.server import server_env

CHOOSE_GERMAN = """
import django
django.setup()
from django.test import Client
answer = Client().post("/i18n/setlang/", {"language": "de", "next": "/login/"}, secure=True)
print(answer.status_code)
print(answer.cookies["django_language"].output())
"""


def test_the_language_cookie_is_secure_on_an_https_site(tmp_path: Path) -> None:
    """A fresh process with the site's https address, as `hearth serve` would read it."""
    env = server_env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="hearth.settings",
        HEARTH_SITE_URL="https://notes.example.org",
        HEARTH_ALLOWED_HOSTS="testserver",
        HEARTH_TRUSTED_PROXY_COUNT="1",
    )
    result = subprocess.run(
        [sys.executable, "-c", CHOOSE_GERMAN],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    status, cookie = result.stdout.splitlines()[:2]
    assert status == "302"
    attributes = [part.strip() for part in cookie.split(";")]
    assert attributes[0] == "Set-Cookie: django_language=de"
    assert {"Secure", "HttpOnly", "SameSite=Lax"} <= set(attributes)


def test_on_a_plain_local_site_the_language_cookie_still_works(db: object) -> None:
    """http://127.0.0.1 (demo, development): a Secure cookie would never come back."""
    answer = Client().post("/i18n/setlang/", {"language": "de", "next": "/login/"})
    cookie = answer.cookies["django_language"]
    assert cookie.value == "de" and not cookie["secure"] and cookie["httponly"]
