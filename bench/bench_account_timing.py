"""Do the account forms take the same time for an address with an account and one without?

Run: ``.venv/bin/python bench/bench_account_timing.py [--runs N]``. It starts a local SMTP
server that takes 300 ms over each message (a slow provider), a fresh SQLite database with
N people, and the real server (``hearth serve``) on 127.0.0.1, then sends, in a random
order within each run, one request per form and kind of address:

- sign-in with a wrong password, to a known and to an unknown address;
- the password reset form, for a known and an unknown address;
- the sign-up form, with a known and a new address.

Each request is timed from sending the form to the whole answer (its CSRF token was fetched
before, untimed). Each comes from its own loopback address (127.0.x.y), so the per-address
limits stay out of the way, and each run uses another known person, so the per-account ones
do too. It prints median, mean and 90th percentile per form and kind, and the known/unknown
ratio of medians and means; for the reset form also the unknown answers that came straight
after a known one, where a previous request's work after its answer would show. A ratio far
from 1 is a side channel: a stranger could tell whether an address has an account.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.deploy.client import Browser  # noqa: E402
from tests.mailbox import mailbox  # noqa: E402
from tests.server import hearth, server_env, server_process  # noqa: E402

PASSWORD = "a long and unusual pass 7"  # noqa: S105  (a throwaway benchmark database)
MAKE_PEOPLE = """
from django.contrib.auth.hashers import make_password
from hearth.accounts.models import User
hashed = make_password({password!r})
User.objects.bulk_create(
    User(email=f"known{{n}}@example.test", display_name="K", password=hashed)
    for n in range({count})
)
"""


def sign_up_fields(email: str) -> dict[str, str]:
    return {
        "email": email,
        "display_name": "Nova",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "adult": "on",
        "privacy": "on",
    }


def timed(browser: Browser, path: str, fields: dict[str, str]) -> float:
    """Milliseconds from sending the form to its whole answer (the form page comes first)."""
    shown = browser.get(path)
    token = shown.body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    started = time.perf_counter()
    browser.request("POST", path, {**fields, "csrfmiddlewaretoken": token})
    return (time.perf_counter() - started) * 1000


def figures(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": statistics.median(ordered),
        "mean": statistics.fmean(ordered),
        "p90": ordered[int(0.9 * (len(ordered) - 1))],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--mail-delay", type=float, default=0.3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hearth-timing-"))
    samples: dict[tuple[str, str], list[float]] = {}
    after_known: list[float] = []
    with mailbox(delay=args.mail_delay) as box:
        env = server_env(
            folder,
            **box.settings(),
            HEARTH_LOGIN_RATE_PER_ACCOUNT="1000",
            HEARTH_LOGIN_RATE_PER_IP="1000",
            HEARTH_SIGNUP_RATE_PER_IP="1000",
        )
        for command in (
            ["migrate", "--noinput"],
            ["shell", "-c", MAKE_PEOPLE.format(password=PASSWORD, count=args.runs + 1)],
        ):
            done = hearth(command, env, timeout=600)
            assert done.returncode == 0, done.stderr
        with server_process(env, folder / "server.log") as (base, _process):
            port = int(base.rsplit(":", 1)[1])
            serial = 0

            def browser() -> Browser:
                nonlocal serial
                serial += 1
                return Browser(
                    "127.0.0.1", port, source=f"127.0.{serial // 250}.{serial % 250 + 1}"
                )

            for run in range(args.runs):
                known, unknown = f"known{run}@example.test", f"nobody{run}@example.test"
                steps = [
                    ("sign-in", "known", "/login/", {"email": known, "password": "wrong"}),
                    ("sign-in", "unknown", "/login/", {"email": unknown, "password": "wrong"}),
                    ("reset", "known", "/password/reset/", {"email": known}),
                    ("reset", "unknown", "/password/reset/", {"email": unknown}),
                    ("sign-up", "known", "/signup/", sign_up_fields(known)),
                    ("sign-up", "unknown", "/signup/", sign_up_fields(f"new{run}@example.test")),
                ]
                random.shuffle(steps)
                previous = ""
                for form, kind, path, fields in steps:
                    ms = timed(browser(), path, fields)
                    samples.setdefault((form, kind), []).append(ms)
                    if form == "reset" and kind == "unknown" and previous == "reset-known":
                        after_known.append(ms)
                    previous = f"{form}-{kind}"
            time.sleep(args.mail_delay * 3)
    print(f"{args.runs} runs, mail server {args.mail_delay * 1000:.0f} ms a message")
    print(f"{'form':8} {'kind':8} {'median':>8} {'mean':>8} {'p90':>8}   ms")
    for form in ("sign-in", "sign-up", "reset"):
        got = {kind: figures(samples[(form, kind)]) for kind in ("known", "unknown")}
        for kind, f in got.items():
            print(f"{form:8} {kind:8} {f['median']:8.1f} {f['mean']:8.1f} {f['p90']:8.1f}")
        median = got["known"]["median"] / got["unknown"]["median"]
        mean = got["known"]["mean"] / got["unknown"]["mean"]
        print(f"{form:8} known/unknown: median {median:.2f}, mean {mean:.2f}")
    if after_known:
        f = figures(after_known)
        print(
            f"reset unknown straight after a known one ({len(after_known)}): "
            f"median {f['median']:.1f}, mean {f['mean']:.1f}, p90 {f['p90']:.1f}"
        )


if __name__ == "__main__":
    main()
