"""bench/profile_served.py: a page profiled inside a served worker, its warm-up left out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_it_profiles_a_page_inside_the_served_worker() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # its own SQLite
    done = subprocess.run(
        [sys.executable, "bench/profile_served.py", "floor", "--seconds", "1", "--top", "40",
         "--couples", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    plain = next(line for line in out.splitlines() if line.startswith("floor "))
    assert "worker processor time" in plain
    assert "in the app (request log)" in plain
    # The profile counts the loaded second (100 requests) and the request that wrote it,
    # not the warm-up before it: the first requests load what later ones reuse.
    assert "== floor: 101 requests under cProfile, sorted by tottime" in out
    cumulative = out.split("sorted by cumulative", 1)[1]
    # It ran in the worker, through Hearth's own middleware and the page's view.
    assert "hearth/core/middleware.py" in cumulative
    assert "django/core/handlers/wsgi.py" in cumulative


def test_it_names_the_pages_it_knows_when_asked_for_another() -> None:
    """Before it builds anything: a typo costs a second, not a minute."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "bench/profile_served.py", "nowhere", "--couples", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "no page nowhere; pages: floor, home, result, check-in, caseload" in done.stderr
