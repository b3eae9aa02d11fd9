"""A crash mid-burst loses nothing that was acknowledged.

The real server (granian, file SQLite in WAL mode) takes a burst of sign-ins from a thread
pool on 127.0.0.1; each acknowledged sign-in (a 302 with a session cookie) has written a
session row and an audit row. The whole server process group is SIGKILLed mid-burst, the
server is started again, and every acknowledged session must still open the account page.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.server import BIN, free_port, hearth, running_server, server_env, wait_for

PASSWORD = "a long walk by the sea 24"
EMAIL = "ada@example.test"
BURST = 60
KILL_AFTER = 12


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def sign_in(base: str) -> str | None:
    """One sign-in; the session id if the server acknowledged it, else None."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    try:
        page = opener.open(f"{base}/login/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "email": EMAIL, "password": PASSWORD}
        ).encode()
        opener.open(f"{base}/login/", data=body, timeout=10)
    except urllib.error.HTTPError as answer:
        if answer.code == 302:
            return next((c.value for c in jar if c.name == "sessionid"), None)
        return None
    except OSError:
        return None  # the server died before answering: not acknowledged
    return None


def account_opens(base: str, session: str) -> bool:
    request = urllib.request.Request(f"{base}/account/", headers={"Cookie": f"sessionid={session}"})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return bool(opener.open(request, timeout=10).status == 200)
    except urllib.error.HTTPError:
        return False


def burst_then_kill(env: dict[str, str], log: Path) -> tuple[list[str], int]:
    """Fire the burst, SIGKILL the server's process group mid-way; (acknowledged, sent)."""
    port = free_port()
    env = {**env, "HEARTH_PORT": str(port), "HEARTH_HOST": "127.0.0.1"}
    base = f"http://127.0.0.1:{port}"
    acknowledged: list[str] = []
    enough = threading.Event()
    lock = threading.Lock()

    def one(_: int) -> None:
        session = sign_in(base)
        if session is not None:
            with lock:
                acknowledged.append(session)
                if len(acknowledged) >= KILL_AFTER:
                    enough.set()

    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(BIN / "hearth"), "serve"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the kill takes every worker
        )
        wait_for(f"{base}/healthz", server)
        with ThreadPoolExecutor(max_workers=8) as pool:
            pool.map(one, range(BURST))
            assert enough.wait(timeout=120), "the server acknowledged too few sign-ins"
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
        with lock:
            return list(acknowledged), BURST


def test_every_acknowledged_sign_in_survives_a_sigkill(tmp_path: Path) -> None:
    env = server_env(
        tmp_path, HEARTH_LOGIN_RATE_PER_ACCOUNT="10000", HEARTH_LOGIN_RATE_PER_IP="10000"
    )
    assert hearth(["migrate", "--noinput"], env).returncode == 0
    made = hearth(
        [
            "shell",
            "-c",
            f"from hearth.accounts import actions; actions.sign_up({EMAIL!r}, 'Ada', {PASSWORD!r})",
        ],
        env,
    )
    assert made.returncode == 0, made.stderr

    acknowledged, sent = burst_then_kill(env, tmp_path / "crashed.log")
    assert KILL_AFTER <= len(acknowledged) < sent, "the kill did not land mid-burst"

    with running_server(env, tmp_path / "restarted.log") as base:
        found = [session for session in acknowledged if account_opens(base, session)]
    print(f"crash test: sent {sent}, acknowledged {len(acknowledged)}, found {len(found)}")
    assert len(found) == len(acknowledged)
