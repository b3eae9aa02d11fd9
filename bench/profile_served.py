"""Profile pages as a served worker runs them, not as the test client does.

Run: ``.venv/bin/python bench/profile_served.py [PAGE ...] [--seconds 5] [--top 25]``.
PAGE is one of bench_http.py's pages (floor, home, result, check-in, caseload, caseload 500;
home by default). With DATABASE_URL set (``scripts/bench-postgres``) it runs on PostgreSQL,
otherwise on SQLite in a temporary folder.

bench/profile_page.py profiles a page through Django's test client, inside this process. A
served worker pays costs that the test client does not show: in stop 28 the test client gave
1.8 ms for a kept home page that took 3.5 ms in a served worker, and the difference was the
ORM building the session's query on every request (docs/performance.md, "The session's
query, built once"). This script measures the worker itself:

1. it builds the benchmark's world (bench_http.py: seeded couples and bench/personas.py,
   signed in through the real forms);
2. it serves it with ``hearth serve`` as the guide runs each app server (one worker, one
   thread) and loads each page at a steady, light rate (bench/openloop.py, 100 requests a
   second, so requests seldom wait for each other): the worker's processor time per
   request, all of it (granian's part included, read from /proc), and the app's own time
   per request from its request log;
3. for each page it starts a second server with ``bench/served_profile`` on its PYTHONPATH,
   so every request through Django's WSGI handler runs under cProfile, loads the page the
   same way, and prints the functions with the most own and the most cumulative time per
   request. cProfile slows the worker down: read its times as shares, not as milliseconds.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_http, openloop  # noqa: E402
from tests.server import server_process  # noqa: E402

PROFILER = ROOT / "bench" / "served_profile"
WARM_UP_SECONDS = 1
PAGES = ("floor", "home", "result", "check-in", "caseload", "caseload 500")  # bench_http's
RATE = 100.0  # requests a second: light, so the figures are a request's cost, not a queue


def app_ms(log: Path, since: int) -> list[float]:
    """The app's own milliseconds per request, from the request log lines written after
    byte ``since`` of the server's log."""
    with log.open(encoding="utf-8") as lines:
        lines.seek(since)
        return [
            float(json.loads(line[line.index("{") :])["ms"])
            for line in lines
            if '"event":"request"' in line.replace(" ", "")
        ]


def load(url: str, cookie: str, seconds: float) -> openloop.Result:
    return openloop.run(url, RATE, seconds, cookie, ahead=1)


def one_server(env: dict[str, str]) -> dict[str, str]:
    """As the guide runs each app server: one worker, one thread."""
    return {**env, "HEARTH_WORKERS": "1", "HEARTH_THREADS": "1"}


def plain_figures(
    env: dict[str, str], data: Path, pages: dict[str, tuple[str, str]], seconds: int
) -> None:
    log = data / "plain.log"
    with server_process(one_server(env), log, ready="/livez") as (base, process):
        (worker,) = openloop.children(process.pid)
        for name, (path, cookie) in pages.items():
            load(base + path, cookie, WARM_UP_SECONDS)
            since = log.stat().st_size
            before = bench_http.cpu_seconds(worker)
            run = load(base + path, cookie, seconds)
            spent = bench_http.cpu_seconds(worker) - before
            time.sleep(0.2)  # the last request's log line
            own = app_ms(log, since)
            if run.bad:
                raise SystemExit(f"{name}: {run.bad} of {run.sent} requests failed; see {log}")
            print(
                f"{name:<12} {RATE:.0f} req/s: p50 {run.p50_ms:.2f} ms;"
                f" worker processor time {spent / max(len(own), 1) * 1000:.2f} ms a request;"
                f" in the app (request log) p50 {statistics.median(own or [0.0]):.2f} ms",
                flush=True,
            )


def profile(
    env: dict[str, str], data: Path, name: str, page: tuple[str, str], seconds: int, top: int
) -> None:
    target = data / f"profile-{name.replace(' ', '-')}"
    path, cookie = page
    profiled = {
        **env,
        "HEARTH_PROFILE_TO": str(target),
        "PYTHONPATH": os.pathsep.join(p for p in (str(PROFILER), env.get("PYTHONPATH")) if p),
    }
    log = data / f"{target.name}.log"
    with server_process(one_server(profiled), log, ready="/livez") as (base, _process):
        load(base + path, cookie, WARM_UP_SECONDS)
        Path(f"{target}.reset").touch()
        bench_http.status_of(base + path, cookie)  # the profile starts after this request
        load(base + path, cookie, seconds)
        Path(f"{target}.dump").touch()
        bench_http.status_of(base + path, cookie)  # the request that writes the profile
        for _ in range(100):
            if target.exists():
                break
            time.sleep(0.1)
        else:
            raise SystemExit(f"the worker wrote no profile; see {log}")
    requests = int(Path(f"{target}.count").read_text(encoding="ascii").split()[0])
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(str(target), stream=out)
        stats.sort_stats(order).print_stats(top)
        print(f"\n== {name}: {requests} requests under cProfile, sorted by {order}\n")
        print(out.getvalue().split("\n\n", 1)[-1].rstrip(), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=["home"], metavar="PAGE")
    parser.add_argument("--seconds", type=int, default=5, help="each load")
    parser.add_argument("--couples", type=int, default=bench_http.SMALL_COUPLES)
    parser.add_argument("--top", type=int, default=25, help="functions in each list")
    options = parser.parse_args()
    unknown = [name for name in options.pages if name not in PAGES]
    if unknown:
        parser.error(f"no page {', '.join(unknown)}; pages: {', '.join(PAGES)}")
    with tempfile.TemporaryDirectory(prefix="hearth-served-profile-") as tmp:
        data = Path(tmp)
        env = bench_http.environment(data, 1)
        bench_http.must(["migrate", "--verbosity=0"], env)
        bench_http.seed(env, options.couples, [])
        people = bench_http.personas(env)
        with server_process(env, data / "sign-in.log", ready="/livez") as (base, _process):
            every = bench_http.pages_for(people, base)  # signs in once: codes are single-use
        pages = {
            name: (every[name][0].removeprefix(base), every[name][1]) for name in options.pages
        }
        plain_figures(env, data, pages, options.seconds)
        for name, page in pages.items():
            profile(env, data, name, page, options.seconds, options.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
