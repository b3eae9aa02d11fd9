"""Profile one page with cProfile: where its time goes, for a budget that is missed.

Run: ``.venv/bin/python bench/profile_page.py PATH... [--as partner_a|clinician] [-n 50]
[--couples N]``. It builds the benchmark's world (N bulk couples, 10 by default, and
bench/personas.py) in a throwaway SQLite database, or the one DATABASE_URL names, with DEBUG
off; signs the person in; loads the page once to warm caches and prints its slowest queries;
times N loads five times (processor time, median, no profiler); then loads it N times under
cProfile and prints the functions with the most cumulative and own time. Pages are built
afresh on every load (HEARTH_READ_CACHE_MB=0) unless the environment sets it.

This runs the page in this process, through Django's test client. For what a served worker
pays per request, use bench/profile_served.py.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = tempfile.mkdtemp(prefix="hearth-profile-")
os.environ.update(
    HEARTH_DATA_DIR=DATA,
    HEARTH_DATABASE_URL=os.environ.get("DATABASE_URL") or f"sqlite:///{DATA}/profile.sqlite3",
    HEARTH_SECRET_KEY="profile-only-key-" + "p" * 40,
    HEARTH_ENCRYPTION_KEY="dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTMyYnl0ZXM=",
    HEARTH_LOG_LEVEL="error",
    DJANGO_SETTINGS_MODULE="hearth.settings",
)
# Each load builds the page afresh unless asked (--kept): the build is what is profiled.
os.environ.setdefault("HEARTH_READ_CACHE_MB", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench import personas, seed_bulk  # noqa: E402
from hearth.accounts.models import User  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+", metavar="PATH", help="RESULT: the newest result")
    parser.add_argument("--as", dest="who", default="partner_a")
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--couples", type=int, default=10, help="bulk couples to seed first")
    parser.add_argument("--top", type=int, default=30, help="0: only the plain timing")
    parser.add_argument("--filter", default="/hearth/", help="regex of files for the first list")
    options = parser.parse_args()
    build_world(options.couples)
    client = signed_in(options.who)
    for path in options.paths:
        profile(client, path.replace("RESULT", str(_newest_result())), options)


def build_world(couples: int) -> None:
    """The benchmark's world: bulk couples and bench/personas.py, in a fresh database."""
    call_command("migrate", verbosity=0)
    call_command(seed_bulk.Command(), couples=couples, checkins_per_person=50, stdout=io.StringIO())
    with contextlib.redirect_stdout(io.StringIO()):
        personas.main()


def signed_in(who: str) -> Client:
    """A test browser signed in as one of bench/personas.py's people (two-step included)."""
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email=personas.EMAILS[who]))
    return client


def profile(client: Client, path: str, options: argparse.Namespace) -> None:
    assert client.get(path).status_code == 200, path
    queries: list[tuple[float, str]] = []

    def count(run: Any, sql: str, *rest: Any) -> Any:
        started = time.perf_counter()
        try:
            return run(sql, *rest)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(count):
        client.get(path)
    print(f"{path}: {len(queries)} queries; the slowest (database time):")
    for ms, sql in sorted(queries, reverse=True)[:5]:
        print(f"  {ms:7.2f} ms  {sql[:300]}")
    # Processor time of this process, not wall time: less swayed by whatever else the
    # machine runs at the same moment.
    rounds = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(options.n):
            client.get(path)
        rounds.append((time.process_time() - started) / options.n * 1000)
    rounds.sort()
    print(f"{path}: {rounds[2]:.2f} ms of CPU a load (median of 5 rounds of {options.n})")
    if options.top == 0:
        return
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(options.n):
        client.get(path)
    profiler.disable()
    each = (time.perf_counter() - started) / options.n * 1000
    print(f"{path}: {each:.1f} ms a load under the profiler")
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    print("Our own code, by cumulative time:")
    stats.print_stats(options.filter, options.top)
    print("Everything, by own time:")
    stats.sort_stats("tottime").print_stats(options.top)


def _newest_result() -> int:
    from hearth.measures.models import Administration

    user = User.objects.get(email=personas.EMAILS["partner_a"])
    newest = Administration.objects.filter(user=user).order_by("-completed_at").first()
    assert newest is not None
    return newest.pk


if __name__ == "__main__":
    main()
